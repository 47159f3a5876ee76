package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// BenchmarkBuild translates typical requests: Salesforce Connect's search
// form with $count and $top, a Power BI filter with $select, and a keyset
// continuation page.
//
//	go test ./adapters/sqldb -run '^$' -bench Build -benchmem
func BenchmarkBuild(b *testing.B) {
	tm := newTestModel()
	B := metadata.EdmBoolean
	sf := tm.query(or(eq(call(bound.FnContains, B, tm.p("Name"), str("Acme")), boolC(true)),
		eq(call(bound.FnContains, B, tm.p("Code"), str("Acme")), boolC(true))))
	sf.Top = 25
	pbi := tm.query(and(eq(tm.p("Name"), str("Sales Representative")), bin(bound.Gt, tm.p("Price"), dec("10.5"))))
	pbi.Select = []*metadata.Property{tm.p("ID").Prop, tm.p("Name").Prop, tm.p("Price").Prop}
	ks := tm.query(bin(bound.Ge, tm.p("Updated"), dto("2024-01-01T00:00:00Z")))
	ks.OrderBy = []bound.OrderItem{asc(tm.p("Code")), asc(tm.p("ID"))}
	ks.After, ks.Top = []any{"B2", int64(7)}, 1000
	plans := map[string]*adapters.Query{"salesforce-search": sf, "powerbi-filter": pbi, "keyset-page": ks}
	for _, gd := range goldenDialects {
		for name, q := range plans {
			b.Run(gd.d.Name()+"/"+name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := Build(gd.d, q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkQueryPageSQLite streams a 1,000-row page from SQLite through
// Query/Next/Values; allocations per op divided by 1,000 are the per-row cost.
//
//	go test ./adapters/sqldb -run '^$' -bench QueryPage -benchmem
func BenchmarkQueryPageSQLite(b *testing.B) {
	tm := newTestModel()
	db, err := sql.Open("sqlite", filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, s := range sqliteFixture[:4] {
		if _, err := db.Exec(s); err != nil {
			b.Fatal(err)
		}
	}
	tx, _ := db.Begin()
	for i := 1; i <= 5000; i++ {
		_, err := tx.Exec(`INSERT INTO "Items" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
			i, fmt.Sprintf("Name %d", i), fmt.Sprintf("C%05d", i), float64(i)/4, i%100, int64(i)*1000003, float64(i)/3,
			i%2, "2024-01-15", "2024-03-01T23:30:15.250Z", "0f8fad5b-d9cb-469f-a165-70867728950e", i%7, "2024-01-01 10:00:00")
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	src := newTestSource(b, engine{"sqlite", SQLite, db}, tm)
	q := tm.query(bin(bound.Gt, tm.p("Qty"), i32(-1)))
	q.Top = 1000
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rows, err := src.Query(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			_ = rows.Values()
			n++
		}
		if err := rows.Close(); err != nil || n != 1000 {
			b.Fatalf("%d rows, %v", n, err)
		}
	}
}
