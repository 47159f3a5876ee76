package sqldb

import (
	"odatagw/internal/testenv"

	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// testDB is the database the engine tests create (and drop first).
var testDB = testenv.DBName("odatagw_test_sqldb")

// engine is one database under test with the fixture loaded.
type engine struct {
	name string
	d    Dialect
	db   *sql.DB
}

// unreachable skips the test, or fails it under CI=true, when a database
// server the test needs cannot be reached.
func unreachable(t testing.TB, what string, err error) {
	t.Helper()
	testenv.Missing(t, what, err)
}

// openEngines creates the test database on every engine and loads the
// fixture; engines whose server is unreachable are skipped (failed under CI).
func openEngines(t *testing.T) []engine {
	t.Helper()
	var out []engine
	for _, open := range []func(*testing.T) []engine{openSQLite, openMySQL, openPostgres} {
		out = append(out, open(t)...)
	}
	return out
}

func openSQLite(t *testing.T) []engine {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	load(t, db, sqliteFixture)
	return []engine{{"sqlite", SQLite, db}}
}

func openMySQL(t *testing.T) []engine {
	admin, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/?timeout=3s")
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		unreachable(t, "MariaDB/MySQL at 127.0.0.1:3306", err)
		return nil
	}
	defer admin.Close()
	for _, s := range []string{"DROP DATABASE IF EXISTS " + testDB,
		"CREATE DATABASE " + testDB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	// Two connections: with parseTime (time.Time values) and without ([]byte).
	base := "root@tcp(127.0.0.1:3306)/" + testDB + "?time_zone=%27%2B00%3A00%27"
	db := mustOpen(t, "mysql", base+"&parseTime=true")
	load(t, db, mysqlFixture)
	raw := mustOpen(t, "mysql", base)
	return []engine{{"mysql", MySQL, db}, {"mysql-bytes", MySQL, raw}}
}

func openPostgres(t *testing.T) []engine {
	admin, err := sql.Open("pgx", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=3")
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		unreachable(t, "PostgreSQL at 127.0.0.1:5432", err)
		return nil
	}
	defer admin.Close()
	for _, s := range []string{"DROP DATABASE IF EXISTS " + testDB + " WITH (FORCE)", "CREATE DATABASE " + testDB} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	db := mustOpen(t, "pgx", "postgres://postgres@127.0.0.1:5432/"+testDB+"?sslmode=disable&timezone=UTC")
	load(t, db, postgresFixture)
	return []engine{{"postgres", Postgres, db}}
}

func mustOpen(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func load(t *testing.T, db *sql.DB, stmts []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", strings.SplitN(s, "(", 2)[0], err)
		}
	}
}
