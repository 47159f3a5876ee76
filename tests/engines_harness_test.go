package tests

// Helpers for the end-to-end suites over real MariaDB and PostgreSQL: each
// test drops and recreates its own database (odatagw_test_e2e_*), loads
// fixture tables with hand-written SQL, opens the source with the engine's
// Open and serves it with gateway.New behind httptest.

import (
	"odatagw/internal/testenv"

	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"odatagw/adapters/mysql"
	"odatagw/adapters/postgres"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// Test servers and the databases the engine suites own.
const (
	mysqlServer    = "root@tcp(127.0.0.1:3306)/"
	postgresServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
)

var (
	e2eMySQLDB    = testenv.DBName("odatagw_test_e2e_mysql")
	e2ePostgresDB = testenv.DBName("odatagw_test_e2e_pg")
)

// unreachable skips the test, or fails it when CI=true (CI must run every suite).
func unreachable(t testing.TB, what string, err error) {
	t.Helper()
	testenv.Missing(t, what, err)
}

// engineDB is a fresh test database on a real server.
type engineDB struct {
	kind  string  // "mysql" or "postgres"
	name  string  // database name
	dsn   string  // DSN of the test database, as a configuration would hold it
	db    *sql.DB // direct connection to the test database (fixtures, expected results)
	admin *sql.DB // connection to the server outside the test database
}

// newMySQLDB drops and recreates database name on the MariaDB test server and
// runs the DDL/DML statements in it, one by one.
func newMySQLDB(t testing.TB, name string, stmts ...string) *engineDB {
	t.Helper()
	return mysqlDBOn(t, mysqlServer, name, stmts...)
}

// mysqlDBOn is newMySQLDB on the server of DSN server (which ends in "/").
func mysqlDBOn(t testing.TB, server, name string, stmts ...string) *engineDB {
	t.Helper()
	cfg, err := mysqldrv.ParseDSN(server)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Timeout = 5 * time.Second
	admin := openMySQL(t, cfg)
	if err := admin.Ping(); err != nil {
		admin.Close()
		unreachable(t, "MariaDB test server", err)
	}
	t.Cleanup(func() { admin.Close() })
	holdLock(t, admin, "SELECT GET_LOCK(?, 600)", name)
	for _, s := range []string{"DROP DATABASE IF EXISTS `" + name + "`", "CREATE DATABASE `" + name + "`"} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	cfg.DBName = name
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	d := &engineDB{kind: "mysql", name: name, dsn: server + name, db: openMySQL(t, cfg), admin: admin}
	t.Cleanup(func() { d.db.Close() })
	d.exec(t, stmts...)
	return d
}

// holdLock takes a server-wide named lock on a connection of its own until
// the test ends, so that concurrent runs of this package (two developers'
// go test, or go test -count=2 -p) never drop each other's test database.
func holdLock(t testing.TB, admin *sql.DB, query, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	conn, err := admin.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got int
	if err := conn.QueryRowContext(ctx, query, name).Scan(&got); err != nil || got != 1 {
		conn.Close()
		t.Fatalf("lock %s: %v (result %d)", name, err, got)
	}
	// Closing the session releases the lock.
	t.Cleanup(func() { conn.Raw(func(any) error { return driver.ErrBadConn }); conn.Close() })
}

func openMySQL(t testing.TB, cfg *mysqldrv.Config) *sql.DB {
	t.Helper()
	c, err := mysqldrv.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sql.OpenDB(c)
}

// newPostgresDB drops and recreates database name on the PostgreSQL test
// server and runs the statements in it, one by one.
func newPostgresDB(t testing.TB, name string, stmts ...string) *engineDB {
	t.Helper()
	return postgresDBOn(t, "127.0.0.1:5432", name, stmts...)
}

// postgresDBOn is newPostgresDB on the server at addr (host:port).
func postgresDBOn(t testing.TB, addr, name string, stmts ...string) *engineDB {
	t.Helper()
	admin := openPostgres(t, "postgres://postgres@"+addr+"/postgres?sslmode=disable")
	if err := admin.Ping(); err != nil {
		admin.Close()
		unreachable(t, "PostgreSQL test server", err)
	}
	t.Cleanup(func() { admin.Close() })
	holdLock(t, admin, "SELECT 1 FROM pg_advisory_lock(hashtext($1))", name)
	for _, s := range []string{`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`, `CREATE DATABASE "` + name + `"`} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	dsn := "postgres://postgres@" + addr + "/" + name + "?sslmode=disable"
	d := &engineDB{kind: "postgres", name: name, dsn: dsn, db: openPostgres(t, dsn), admin: admin}
	t.Cleanup(func() { d.db.Close() })
	d.exec(t, stmts...)
	return d
}

func openPostgres(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnectTimeout = 5 * time.Second
	return stdlib.OpenDB(*cfg)
}

// exec runs statements in the test database, failing the test on the first error.
func (d *engineDB) exec(t testing.TB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := d.db.Exec(s); err != nil {
			t.Fatalf("%s: %s: %v", d.kind, s, err)
		}
	}
}

// open opens the test database as a source with the engine's Open. The
// namespace defaults to the engine kind.
func (d *engineDB) open(t testing.TB, opts schema.Options, cfg sqldb.Config) *sqldb.Source {
	t.Helper()
	if opts.Namespace == "" {
		opts.Namespace = d.kind
	}
	if cfg.Name == "" {
		cfg.Name = d.kind
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var (
		src *sqldb.Source
		err error
	)
	switch d.kind {
	case "mysql":
		src, err = mysql.Open(ctx, d.dsn, opts, cfg)
	case "postgres":
		src, err = postgres.Open(ctx, d.dsn, opts, cfg)
	default:
		t.Fatalf("unknown engine %q", d.kind)
	}
	if err != nil {
		t.Fatalf("%s: Open: %v", d.kind, err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}

// serve opens the test database and serves it as the service named after the
// engine kind; the returned env's db is the direct connection to the test
// database.
func (d *engineDB) serve(t testing.TB, opts schema.Options, cfg gateway.Config) *demoEnv {
	t.Helper()
	src := d.open(t, opts, sqldb.Config{Name: d.kind, QueryTimeout: 30 * time.Second})
	e := newEnv(t, cfg, "", gateway.Service{Name: d.kind, Source: src})
	e.db = d.db
	return e
}

// engineFixture is the per-engine DDL of one fixture.
type engineFixture struct {
	mysql, postgres []string
}

// eachEngine runs f as a subtest per engine with a fresh database holding
// the engine's fixture statements.
func eachEngine(t *testing.T, fx engineFixture, f func(t *testing.T, d *engineDB)) {
	t.Run("mysql", func(t *testing.T) { f(t, newMySQLDB(t, e2eMySQLDB, fx.mysql...)) })
	t.Run("postgres", func(t *testing.T) { f(t, newPostgresDB(t, e2ePostgresDB, fx.postgres...)) })
}

// stringProp collects the string property prop of every row of one page; a
// null or non-string value fails the test.
func (c *collection) stringProp(t testing.TB, prop string) []string {
	t.Helper()
	var out []string
	for _, r := range c.rows(t) {
		s, ok := r[prop].(string)
		if !ok {
			t.Fatalf("%s = %#v, want a string", prop, r[prop])
		}
		out = append(out, s)
	}
	return out
}

// entity decodes a single-entity response with numbers kept as json.Number.
func (r *response) entity(t testing.TB) map[string]any {
	t.Helper()
	r.mustStatus(t, 200)
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(r.body)))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatalf("not an entity: %v: %s", err, trunc(r.body))
	}
	return m
}

// sameStrings fails unless got equals want element by element.
func sameStrings(t testing.TB, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %q, want %q", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: got %q, want %q", what, got, want)
		}
	}
}

// qe escapes an expression for a query string the way Salesforce and Power
// Query do: spaces as %20 (url.QueryEscape's '+' is not an OData space).
func qe(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
