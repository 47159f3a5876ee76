package sqldb

import (
	"context"
	"database/sql"
	"testing"

	"odatagw/internal/testenv"
	"odatagw/metadata"
)

// BenchmarkQueryMySQL runs a small filtered query with one bound argument
// (two rows) through Source.Query against MariaDB/MySQL, as the gateway does
// for every page: "cached" with the default prepared-statement cache,
// "uncached" with PreparedStatements < 0 (the driver prepares, executes and
// closes the statement every time), both serially and from 8×GOMAXPROCS
// goroutines over a pool of 16 connections.
//
//	go test ./adapters/sqldb -run '^$' -bench QueryMySQL -benchmem
func BenchmarkQueryMySQL(b *testing.B) {
	name := testenv.DBName("odatagw_test_sqldb_bench")
	admin, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/?timeout=3s")
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		unreachable(b, "MariaDB/MySQL at 127.0.0.1:3306", err)
		return
	}
	defer admin.Close()
	for _, s := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name} {
		if _, err := admin.Exec(s); err != nil {
			b.Fatal(err)
		}
	}
	dsn := "root@tcp(127.0.0.1:3306)/" + name + "?parseTime=true&time_zone=%27%2B00%3A00%27"
	ctx := context.Background()
	fixture, err := sql.Open("mysql", dsn)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range mysqlFixture {
		if _, err := fixture.ExecContext(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	fixture.Close()
	tm := newTestModel()
	q := tm.query(eq(tm.p("Name"), str("Acme")))
	for _, c := range []struct {
		name     string
		stmts    int
		parallel bool
	}{{"cached", 0, false}, {"uncached", -1, false}, {"cached-parallel", 0, true}, {"uncached-parallel", -1, true}} {
		b.Run(c.name, func(b *testing.B) {
			db, err := sql.Open("mysql", dsn)
			if err != nil {
				b.Fatal(err)
			}
			db.SetMaxOpenConns(16)
			db.SetMaxIdleConns(4)
			src, err := NewSource(ctx, db, MySQL, func(context.Context) (*metadata.Model, error) { return tm.m, nil },
				Config{Name: "bench", PreparedStatements: c.stmts})
			if err != nil {
				b.Fatal(err)
			}
			defer src.Close()
			run := func() {
				if ids, err := queryIDs(ctx, src, q); err != nil || len(ids) != 2 {
					b.Fatalf("%v, %v", ids, err)
				}
			}
			b.ReportAllocs()
			if !c.parallel {
				for b.Loop() {
					run()
				}
				return
			}
			b.SetParallelism(8)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					run()
				}
			})
		})
	}
}
