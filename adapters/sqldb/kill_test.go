package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"testing"
	"time"

	"odatagw/internal/testenv"
	"odatagw/metadata"
)

var killDB = testenv.DBName("odatagw_test_sqldb_kill")

// slowJoin counts 10^10 joined rows: minutes of CPU in the server, and no
// row to write (the moment the server would notice a closed socket) before.
const slowJoin = "SELECT COUNT(*) FROM dg a, dg b, dg c, dg d, dg e, dg f, dg g, dg h, dg k, dg m WHERE a.x >= "

// openKillDB creates the kill test database with a ten-row table and
// returns a source over a fresh pool of it, and a separate pool for
// observing the server.
func openKillDB(t *testing.T, cfg Config) (*Source, *sql.DB) {
	t.Helper()
	admin, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/?timeout=3s")
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		unreachable(t, "MariaDB/MySQL at 127.0.0.1:3306", err)
		return nil, nil
	}
	t.Cleanup(func() { admin.Close() })
	for _, s := range []string{"DROP DATABASE IF EXISTS " + killDB, "CREATE DATABASE " + killDB,
		"CREATE TABLE " + killDB + ".dg (x INT NOT NULL)",
		"INSERT INTO " + killDB + ".dg VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)"} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	db := mustOpen(t, "mysql", "root@tcp(127.0.0.1:3306)/"+killDB)
	db.SetMaxOpenConns(4)
	tm := newTestModel()
	src, err := NewSource(context.Background(), db, MySQL, func(context.Context) (*metadata.Model, error) { return tm.m, nil }, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		killRunning(admin) // hygiene when the test failed: nothing may run on (no-op once admin is closed)
		src.Close()
	})
	return src, admin
}

// runningJoins counts the statements of other sessions running slowJoin.
func runningJoins(t *testing.T, admin *sql.DB) int {
	t.Helper()
	var n int
	err := admin.QueryRow("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND IN ('Query', 'Execute')"+
		" AND INFO LIKE '%dg k, dg m%' AND ID <> CONNECTION_ID()", killDB).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func killRunning(admin *sql.DB) {
	rows, err := admin.Query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()", killDB)
	if err != nil {
		return
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	rows.Close()
	for _, id := range ids {
		_, _ = admin.Exec("KILL QUERY ?", id)
	}
}

// poll checks cond every 20 ms until it holds, failing the test after within.
func poll(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %s", what, within)
		}
	}
}

// TestCancelKillsMySQLStatement: a CPU-bound statement whose context ends
// is ended in the database (its driver only closes the socket), through the
// prepared-statement path and the text path; the pool serves statements
// afterwards and no goroutine is left behind.
func TestCancelKillsMySQLStatement(t *testing.T) {
	before := runtime.NumGoroutine()
	src, admin := openKillDB(t, Config{Name: "kill"})
	if src == nil {
		return
	}
	ctx := context.Background()
	for _, c := range []struct {
		name string
		stmt string
		args []any
	}{{"prepared", slowJoin + "?", []any{int64(0)}}, {"text", slowJoin + "0", nil}} {
		t.Run(c.name, func(t *testing.T) {
			qctx, cancel := context.WithCancel(ctx)
			defer cancel()
			errc := make(chan error, 1)
			go func() {
				rs, done, err := src.run(qctx, c.stmt, c.args)
				if err == nil { // the error may come with the first row instead
					for rs.Next() {
					}
					err = rs.Err()
					rs.Close()
					done()
				}
				errc <- err
			}()
			poll(t, "the statement runs in the database", 10*time.Second, func() bool { return runningJoins(t, admin) == 1 })
			var id int64
			if err := admin.QueryRow("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE '%dg k, dg m%' AND ID <> CONNECTION_ID()", killDB).Scan(&id); err != nil {
				t.Fatal(err)
			}
			cancel()
			if err := <-errc; err == nil {
				t.Fatal("a cancelled statement reported no error")
			} else if oe := src.classify(qctx, err); !errors.Is(oe, context.Canceled) {
				t.Errorf("a cancelled statement is classified as %v", oe)
			}
			poll(t, "the cancelled statement ended in the database", 10*time.Second, func() bool { return runningJoins(t, admin) == 0 })

			// The cancelled session is not kept; the pool serves statements
			// afterwards, on healthy connections.
			for _, idle := range src.sessions.idle {
				if idle.id == id {
					t.Fatalf("the session of the cancelled statement (%d) is kept for reuse", id)
				}
			}
			for i := int64(1); i <= 6; i++ {
				rs, done, err := src.run(ctx, "SELECT x + ? FROM dg WHERE x = 1", []any{i})
				if err != nil {
					t.Fatal(err)
				}
				var n int64
				if !rs.Next() || rs.Scan(&n) != nil || n != 1+i {
					t.Fatalf("after the cancel: %d, %v", n, rs.Err())
				}
				rs.Close()
				done()
			}
		})
	}
	// Closing the source waits for KILL statements under way; a session
	// never released would keep its connection's goroutine.
	src.Close()
	admin.Close()
	poll(t, "goroutines back to their number before the test", 10*time.Second,
		func() bool { return runtime.NumGoroutine() <= before })
}

// TestMySQLServerTimeLimit: with a QueryTimeout, statements carry a server
// side time limit, which ends a statement even when nothing cancels it.
func TestMySQLServerTimeLimit(t *testing.T) {
	src, admin := openKillDB(t, Config{Name: "limit", QueryTimeout: 200 * time.Millisecond})
	if src == nil {
		return
	}
	for _, c := range []struct {
		name string
		stmt string
		args []any
	}{{"prepared", slowJoin + "?", []any{int64(0)}}, {"text", slowJoin + "0", nil}} {
		t.Run(c.name, func(t *testing.T) {
			// Straight on the pool, with no deadline: only the server ends it.
			var n int64
			err := src.db.QueryRowContext(context.Background(), src.limit(c.stmt), c.args...).Scan(&n)
			if !isServerTimeout(err) {
				t.Fatalf("want the server's time limit error, got %d, %v", n, err)
			}
			poll(t, "the statement ended in the database", 10*time.Second, func() bool { return runningJoins(t, admin) == 0 })
		})
	}
}
