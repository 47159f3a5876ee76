package adaptertest_test

import (
	"odatagw/internal/testenv"

	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"odatagw/adapters/adaptertest"
	"odatagw/adapters/mysql"
	"odatagw/adapters/postgres"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
)

// The suite's own run against the three engines, through each engine's Open
// (introspection included), on a database named odatagw_test_adaptertest.

var testDB = testenv.DBName("odatagw_test_adaptertest")

func unreachable(t *testing.T, what string, err error) {
	t.Helper()
	testenv.Missing(t, what, err)
}

func exec(t *testing.T, db *sql.DB, stmts []string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%.60s: %v", s, err)
		}
	}
}

func TestSuiteSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "suite.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, db, append(adaptertest.Fixture("sqlite"), adaptertest.WriteFixture("sqlite")...))
	db.Close()
	src, err := sqlite.Open(context.Background(), path, schema.Options{Namespace: "suite"}, sqldb.Config{Name: "suite"})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	adaptertest.Run(t, src)
	adaptertest.RunWrites(t, src)
}

func TestSuiteMySQL(t *testing.T) {
	admin, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/?timeout=3s")
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		unreachable(t, "MariaDB at 127.0.0.1:3306", err)
	}
	defer admin.Close()
	exec(t, admin, []string{"DROP DATABASE IF EXISTS " + testDB,
		"CREATE DATABASE " + testDB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"})
	db, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/"+testDB)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, db, append(adaptertest.Fixture("mysql"), adaptertest.WriteFixture("mysql")...))
	db.Close()
	src, err := mysql.Open(context.Background(), "root@tcp(127.0.0.1:3306)/"+testDB, schema.Options{Namespace: "suite"}, sqldb.Config{Name: "suite"})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	adaptertest.Run(t, src)
	adaptertest.RunWrites(t, src)
}

func TestSuitePostgres(t *testing.T) {
	admin, err := sql.Open("pgx", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=3")
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		unreachable(t, "PostgreSQL at 127.0.0.1:5432", err)
	}
	defer admin.Close()
	exec(t, admin, []string{"DROP DATABASE IF EXISTS " + testDB + " WITH (FORCE)", "CREATE DATABASE " + testDB})
	dsn := "postgres://postgres@127.0.0.1:5432/" + testDB + "?sslmode=disable"
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, db, append(adaptertest.Fixture("postgres"), adaptertest.WriteFixture("postgres")...))
	db.Close()
	src, err := postgres.Open(context.Background(), dsn, schema.Options{Namespace: "suite"}, sqldb.Config{Name: "suite"})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	adaptertest.Run(t, src)
	adaptertest.RunWrites(t, src)
}
