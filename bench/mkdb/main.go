// Command mkdb writes the benchmark database: the demo database (demo.Create)
// with its Orders repeated until the table holds -orders rows (order IDs
// continue; every other column is copied), then ANALYZE. The demo's other
// tables, and the lines of the original orders, are unchanged.
//
//	go run ./bench/mkdb -orders 1000000 -out bench/.data/bench.db
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"time"

	_ "modernc.org/sqlite"

	"odatagw/demo"
)

func main() {
	orders := flag.Int("orders", 1_000_000, "rows in Orders")
	out := flag.String("out", "", "database file to write (must not exist)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: mkdb -orders N -out FILE")
		os.Exit(2)
	}
	if err := run(context.Background(), *out, *orders); err != nil {
		fmt.Fprintln(os.Stderr, "mkdb:", err)
		os.Remove(*out)
		os.Exit(1)
	}
}

func run(ctx context.Context, path string, orders int) error {
	start := time.Now()
	if err := demo.Create(ctx, path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	var n, first, last int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), MIN(OrderID), MAX(OrderID) FROM Orders`).Scan(&n, &first, &last); err != nil {
		return err
	}
	span := last - first + 1
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for copyNo := 1; n < orders; copyNo++ {
		take := min(span, orders-n)
		_, err := tx.ExecContext(ctx, `INSERT INTO Orders
			SELECT OrderID + ?, CustomerID, EmployeeID, OrderDate, RequiredDate, ShippedDate, Freight, ShipName, ShipCity, ShipCountry
			FROM Orders WHERE OrderID BETWEEN ? AND ?`, copyNo*span, first, first+take-1)
		if err != nil {
			return err
		}
		n += take
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "mkdb: %s: %d orders in %s\n", path, n, time.Since(start).Round(time.Millisecond))
	return db.Close()
}
