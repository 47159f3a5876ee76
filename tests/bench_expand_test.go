package tests

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"odatagw/gateway"
)

// A page of 100 orders expanded with their customer and their lines, through
// the gateway (three statements) and by hand with database/sql and
// encoding/json doing the same three statements:
//
//	go test ./tests -run '^$' -bench Expand -benchmem
func BenchmarkExpand(b *testing.B) {
	e := newDemoEnv(b, gateway.Config{})
	b.Run("Gateway", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			n = serveOnce(b, e.h, "/odata/demo/Orders?$top=100&$expand=Customer,Order_Details")
		}
		b.SetBytes(int64(n))
	})
	b.Run("DirectSQL", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			n = directExpand(b, e.db)
		}
		b.SetBytes(int64(n))
	})
}

func directExpand(b *testing.B, db *sql.DB) int {
	orders := scanMaps(b, db, "SELECT * FROM Orders ORDER BY OrderID LIMIT 100")
	var custIDs, orderIDs []any
	seen := map[any]bool{}
	for _, o := range orders {
		orderIDs = append(orderIDs, o["OrderID"])
		if c := o["CustomerID"]; c != nil && !seen[c] {
			seen[c] = true
			custIDs = append(custIDs, c)
		}
	}
	custs := map[any]map[string]any{}
	for _, c := range scanMaps(b, db, "SELECT * FROM Customers WHERE CustomerID IN ("+marks(len(custIDs))+")", custIDs...) {
		custs[c["CustomerID"]] = c
	}
	lines := map[any][]map[string]any{}
	for _, l := range scanMaps(b, db, "SELECT * FROM Order_Details WHERE OrderID IN ("+marks(len(orderIDs))+") ORDER BY OrderID, ProductID", orderIDs...) {
		lines[l["OrderID"]] = append(lines[l["OrderID"]], l)
	}
	for _, o := range orders {
		o["Customer"] = custs[o["CustomerID"]]
		o["Order_Details"] = lines[o["OrderID"]]
	}
	out, err := json.Marshal(map[string]any{"value": orders})
	if err != nil {
		b.Fatal(err)
	}
	return len(out)
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func scanMaps(b *testing.B, db *sql.DB, q string, args ...any) []map[string]any {
	rows, err := db.Query(q, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}
