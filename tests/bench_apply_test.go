package tests

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/gateway"
)

// A grouped aggregate over a 100,000-row SQLite table, through the gateway
// (one statement) and by hand with database/sql and encoding/json running
// the equivalent GROUP BY:
//
//	go test ./tests -run '^$' -bench Apply -benchmem
func BenchmarkApplyGroupBy(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "sales.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	loadSales(b, db, 100_000)
	src, err := sqlite.Open(ctx, path, schema.Options{Namespace: "Sales"}, sqldb.Config{Name: "sales", QueryTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { src.Close() })
	e := newEnv(b, gateway.Config{}, "", gateway.Service{Name: "sales", Source: src})
	u := "/odata/sales/Sales?$apply=" + url.QueryEscape("groupby((Region),aggregate(Amount with sum as Total,Qty with average as A,$count as N))")
	b.Run("Gateway", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			n = serveOnce(b, e.h, u)
		}
		b.SetBytes(int64(n))
	})
	b.Run("DirectSQL", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			rows := scanMaps(b, db, `SELECT Region, ROUND(SUM(Amount), 10) AS Total, AVG(Qty) AS A, COUNT(*) AS N
				FROM Sales GROUP BY Region ORDER BY Region`)
			out, err := json.Marshal(map[string]any{"value": rows})
			if err != nil {
				b.Fatal(err)
			}
			n = len(out)
		}
		b.SetBytes(int64(n))
	})
}

// loadSales creates Sales(ID, Region, Amount, Qty) with n rows in 20 regions.
func loadSales(b *testing.B, db *sql.DB, n int) {
	b.Helper()
	if _, err := db.Exec(`CREATE TABLE Sales (ID INTEGER PRIMARY KEY, Region VARCHAR(20) NOT NULL,
		Amount DECIMAL(10,2) NOT NULL, Qty INTEGER NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare(`INSERT INTO Sales VALUES (?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		if _, err := stmt.Exec(i, fmt.Sprintf("Region %02d", i%20), float64(i%1000)/100, i%7); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}
