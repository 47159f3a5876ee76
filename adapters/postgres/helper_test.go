package postgres

import (
	"odatagw/internal/testenv"

	"context"
	"database/sql"
	"net"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

var testDatabase = testenv.DBName("odatagw_test_postgres")

// serverDSN is the test server (127.0.0.1:5432, user postgres, trust auth)
// unless ODATAGW_TEST_POSTGRES_DSN names another; database postgres.
func serverDSN() string {
	if dsn := os.Getenv("ODATAGW_TEST_POSTGRES_DSN"); dsn != "" {
		return dsn
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// needServer returns a connection to the test server's maintenance database,
// or skips the test when it is unreachable (fails it when CI=true).
func needServer(t *testing.T) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(serverDSN())
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		testenv.Missing(t, "PostgreSQL test server", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// createDatabase drops and recreates database name, runs ddl in it and
// returns a DSN for it.
func createDatabase(t *testing.T, name, ddl string) string {
	t.Helper()
	admin := needServer(t)
	for _, stmt := range []string{`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`, `CREATE DATABASE "` + name + `"`} {
		if _, err := admin.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _ := pgx.ParseConfig(serverDSN())
	cfg.Database = name
	setup := stdlib.OpenDB(*cfg)
	defer setup.Close()
	if _, err := setup.Exec(ddl); err != nil {
		t.Fatalf("schema: %v", err)
	}
	u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))), Path: "/" + name,
		RawQuery: "sslmode=disable", User: url.User(cfg.User)}
	if cfg.Password != "" {
		u.User = url.UserPassword(cfg.User, cfg.Password)
	}
	return u.String()
}

// created remembers databases already made in this test process: the
// introspection tests only read their schema, so they share one copy.
var created sync.Map // name → DSN

// sharedDatabase is createDatabase once per test process for name.
func sharedDatabase(t *testing.T, name, ddl string) string {
	t.Helper()
	if dsn, ok := created.Load(name); ok {
		return dsn.(string)
	}
	dsn := createDatabase(t, name, ddl)
	created.Store(name, dsn)
	return dsn
}
