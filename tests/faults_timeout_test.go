package tests

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// Slow queries, made slow honestly: another session holds an exclusive lock
// on the table, so the gateway's SELECT waits in the database (on PostgreSQL
// also a view whose rows call pg_sleep). A per-source QueryTimeout answers
// 504 and ends the query in the database; a client that goes away ends it too.

var slowFixture = engineFixture{
	mysql: []string{
		"CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)",
		"CREATE TABLE others (id INT PRIMARY KEY)",
		"INSERT INTO items VALUES (1, 'one'), (2, 'two')",
		"INSERT INTO others VALUES (7)",
		// CPU-bound, not a SLEEP (which MariaDB interrupts when it notices the
		// client is gone): ~10^10 joined rows, minutes of work unless killed.
		"CREATE TABLE dg (x INT NOT NULL)",
		"INSERT INTO dg VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
		"CREATE VIEW slow_items AS SELECT i.id, i.name, (SELECT COUNT(*) FROM dg a, dg b, dg c, dg d, dg e, dg f, dg g, dg h, dg k, dg m) AS n FROM items i",
	},
	postgres: []string{
		"CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)",
		"CREATE TABLE others (id INT PRIMARY KEY)",
		"INSERT INTO items VALUES (1, 'one'), (2, 'two')",
		"INSERT INTO others VALUES (7)",
		"CREATE VIEW slow_items AS SELECT i.id, i.name FROM items i CROSS JOIN LATERAL (SELECT pg_sleep(30)) s",
	},
}

// serveSlow serves the slow fixture with the given query timeout.
func serveSlow(t *testing.T, d *engineDB, timeout time.Duration) *demoEnv {
	t.Cleanup(func() { d.killQueries(t) })
	opts := schema.Options{TableOptions: map[string]schema.TableOptions{"slow_items": {Key: []string{"id"}}}}
	src := d.open(t, opts, sqldb.Config{Name: d.kind, QueryTimeout: timeout})
	e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: d.kind, Source: src})
	e.db = d.db
	return e
}

// lockTable takes an exclusive lock on table from a separate session of the
// test database, so that every read of it waits; the returned function
// releases it (also run at cleanup).
func (d *engineDB) lockTable(t *testing.T, table string) func() {
	t.Helper()
	ctx := context.Background()
	conn, err := d.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lock, unlock := "LOCK TABLES "+table+" WRITE", "UNLOCK TABLES"
	if d.kind == "postgres" {
		lock, unlock = "BEGIN; LOCK TABLE "+table+" IN ACCESS EXCLUSIVE MODE", "ROLLBACK"
	}
	if _, err := conn.ExecContext(ctx, lock); err != nil {
		conn.Close()
		t.Fatalf("%s: %v", lock, err)
	}
	done := false
	release := func() {
		if done {
			return
		}
		done = true
		if _, err := conn.ExecContext(ctx, unlock); err != nil {
			t.Errorf("%s: %v", unlock, err)
		}
		conn.Close()
	}
	t.Cleanup(release)
	return release
}

// running counts the statements of other sessions in the test database that
// are running and mention relation rel (as the gateway quotes it).
func (d *engineDB) running(t *testing.T, rel string) int {
	t.Helper()
	var (
		n   int
		err error
	)
	if d.kind == "postgres" {
		err = d.admin.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active'
			AND query LIKE $2 AND pid <> pg_backend_pid()`, d.name, `%"`+rel+`"%`).Scan(&n)
	} else {
		err = d.admin.QueryRow("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND IN ('Query', 'Execute')"+
			" AND INFO LIKE ? AND ID <> CONNECTION_ID()", d.name, "%`"+rel+"`%").Scan(&n)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// killQueries ends every statement still running in the test database (the
// test's own hygiene: a statement the gateway failed to end would otherwise
// run on and block dropping the database).
func (d *engineDB) killQueries(t *testing.T) {
	if d.kind == "postgres" {
		_, _ = d.admin.Exec("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()", d.name)
		return
	}
	rows, err := d.admin.Query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND IN ('Query', 'Execute') AND ID <> CONNECTION_ID()", d.name)
	if err != nil {
		t.Log(err)
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
		_, _ = d.admin.Exec(fmt.Sprintf("KILL QUERY %d", id))
	}
}

// waitUntil polls cond every 20 ms until it holds, failing the test after within.
func waitUntil(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %s", what, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestFaultQueryTimeout(t *testing.T) {
	eachEngine(t, slowFixture, func(t *testing.T, d *engineDB) {
		// The deadline must be short enough to keep the test quick, and long
		// enough for a read of another table (maybe on a new connection) to
		// finish within it on a loaded machine: 400 ms proved too tight.
		e := serveSlow(t, d, 1500*time.Millisecond)
		release := d.lockTable(t, "items")
		// The statement is seen waiting in the database, then it times out.
		status := make(chan int, 1)
		go func() {
			resp, err := http.Get(e.root + "items?$select=name")
			if err != nil {
				status <- -1
				return
			}
			resp.Body.Close()
			status <- resp.StatusCode
		}()
		waitUntil(t, "the gateway's query waits on the lock", 10*time.Second, func() bool { return d.running(t, "items") == 1 })
		if st := <-status; st != http.StatusGatewayTimeout {
			t.Errorf("items?$select=name while locked: status %d, want 504", st)
		}
		for _, u := range []string{"items", "items(1)", "items/$count", "items?$count=true", "items(2)/name/$value"} {
			r := e.get(t, u)
			if r.status != http.StatusGatewayTimeout {
				t.Errorf("%s while locked: status %d, want 504: %s", u, r.status, trunc(r.body))
				continue
			}
			oe := r.odataError(t)
			if !strings.Contains(oe.Error.Message, `"`+d.kind+`"`) {
				t.Errorf("%s: the timeout error does not name the source: %s", u, oe.Error.Message)
			}
			for _, s := range []string{"SELECT", "FROM", "items", d.dsn, "context deadline"} {
				if strings.Contains(oe.Error.Message, s) {
					t.Errorf("%s: the timeout error reveals %q: %s", u, s, oe.Error.Message)
				}
			}
			// Other tables of the same source are served meanwhile.
			if c := e.get(t, "others").collection(t); len(c.Value) != 1 {
				t.Errorf("others while items is locked: %d rows", len(c.Value))
			}
		}
		// The timed-out statements do not keep running in the database.
		waitUntil(t, "timed-out queries ended in the database", 10*time.Second, func() bool { return d.running(t, "items") == 0 })

		release()
		if c := e.get(t, "items").collection(t); len(c.Value) != 2 {
			t.Errorf("items after the lock: %d rows", len(c.Value))
		}

		// A statement that is slow by itself (pg_sleep; minutes of joins on
		// MariaDB) is ended in the database too, long before it would finish.
		r := e.get(t, "slow_items")
		if r.status != http.StatusGatewayTimeout {
			t.Errorf("slow_items: status %d, want 504: %s", r.status, trunc(r.body))
		}
		r.odataError(t)
		waitUntil(t, "the sleeping query ended in the database", 10*time.Second, func() bool { return d.running(t, "slow_items") == 0 })
	})
}

func TestFaultClientDisconnectCancelsQuery(t *testing.T) {
	eachEngine(t, slowFixture, func(t *testing.T, d *engineDB) {
		e := serveSlow(t, d, time.Minute) // the source's own deadline is far away
		t.Run("waiting on a lock", func(t *testing.T) {
			release := d.lockTable(t, "items")
			abandonRequest(t, e, d, "items?$filter="+qe("name ne 'x'"), "items")
			release()
			if c := e.get(t, "items").collection(t); len(c.Value) != 2 {
				t.Errorf("items after the lock: %d rows", len(c.Value))
			}
		})
		t.Run("working", func(t *testing.T) {
			abandonRequest(t, e, d, "slow_items", "slow_items")
		})
	})
}

// abandonRequest starts a request for path, waits until its statement runs
// in the database (mentioning rel), lets the client go away, and checks that
// the statement ends in the database.
func abandonRequest(t *testing.T, e *demoEnv, d *engineDB, path, rel string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.root+path, nil)
		if err != nil {
			errc <- err
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	waitUntil(t, "the gateway's statement runs in the database", 10*time.Second, func() bool { return d.running(t, rel) == 1 })
	cancel() // the client goes away
	if err := <-errc; err == nil {
		t.Fatal("the request completed although its statement cannot")
	}
	waitUntil(t, "the abandoned statement ended in the database", 10*time.Second, func() bool { return d.running(t, rel) == 0 })
}
