package mysql

import (
	"odatagw/internal/testenv"

	"context"
	"database/sql"
	"os"
	"sync"
	"testing"

	"github.com/go-sql-driver/mysql"
)

var testDatabase = testenv.DBName("odatagw_test_mysql")

// serverDSN is the test server (MariaDB at 127.0.0.1:3306, user root, no
// password) unless ODATAGW_TEST_MYSQL_DSN names another; without a database.
func serverDSN() string {
	if dsn := os.Getenv("ODATAGW_TEST_MYSQL_DSN"); dsn != "" {
		return dsn
	}
	return "root@tcp(127.0.0.1:3306)/"
}

// needServer returns a connection to the test server, or skips the test when
// it is unreachable (fails it when CI=true).
func needServer(t *testing.T) *sql.DB {
	t.Helper()
	cfg, err := mysql.ParseDSN(serverDSN())
	if err != nil {
		t.Fatal(err)
	}
	cfg.MultiStatements = true
	cfg.DBName = ""
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		testenv.Missing(t, "MySQL/MariaDB test server", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// createDatabase drops and recreates database name with the given DDL and
// returns a DSN for it.
func createDatabase(t *testing.T, name, ddl string) string {
	t.Helper()
	db := needServer(t)
	for _, stmt := range []string{"DROP DATABASE IF EXISTS `" + name + "`", "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _ := mysql.ParseDSN(serverDSN())
	cfg.DBName = name
	cfg.MultiStatements = true
	// Literal TIMESTAMP values in test DDL are UTC, as the gateway's sessions are.
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	setup := sql.OpenDB(connector)
	defer setup.Close()
	if _, err := setup.Exec(ddl); err != nil {
		t.Fatalf("schema: %v", err)
	}
	cfg.MultiStatements = false
	return cfg.FormatDSN()
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
