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

// A page of 50 customers, each with its three most expensive orders and the
// count of all: through the gateway (two statements, the second numbering
// each customer's orders with ROW_NUMBER()), by hand with the same window
// statement, and by hand reading every order of the page's customers and
// keeping three per customer in Go (how the gateway did it before):
//
//	go test ./tests -run '^$' -bench ExpandTop -benchmem
func BenchmarkExpandTop(b *testing.B) {
	e := newDemoEnv(b, gateway.Config{})
	b.Run("Gateway", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			n = serveOnce(b, e.h, "/odata/demo/Customers?$top=50&$expand=Orders($orderby=Freight%20desc;$top=3;$count=true)")
		}
		b.SetBytes(int64(n))
	})
	for _, window := range []bool{true, false} {
		name := "DirectSQLWindow"
		if !window {
			name = "DirectSQLAllRows"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = directExpandTop(b, e.db, window)
			}
			b.SetBytes(int64(n))
		})
	}
}

func directExpandTop(b *testing.B, db *sql.DB, window bool) int {
	custs := scanMaps(b, db, "SELECT * FROM Customers ORDER BY CustomerID LIMIT 50")
	ids := make([]any, len(custs))
	for i, c := range custs {
		ids[i] = c["CustomerID"]
		c["Orders"] = []map[string]any{}
	}
	byID := map[any]map[string]any{}
	for _, c := range custs {
		byID[c["CustomerID"]] = c
	}
	q := "SELECT * FROM Orders WHERE CustomerID IN (" + marks(len(ids)) + ") ORDER BY CustomerID, Freight DESC, OrderID"
	if window {
		q = "SELECT * FROM (SELECT o.*, ROW_NUMBER() OVER (PARTITION BY CustomerID ORDER BY Freight DESC, OrderID) AS rn, " +
			"COUNT(*) OVER (PARTITION BY CustomerID) AS cnt FROM Orders o WHERE CustomerID IN (" + marks(len(ids)) + ")) w " +
			"WHERE rn <= 3 OR rn = 1 ORDER BY CustomerID, rn"
	}
	counts := map[any]int64{}
	for _, o := range scanMaps(b, db, q, ids...) {
		c := byID[o["CustomerID"]]
		counts[o["CustomerID"]]++
		if window {
			counts[o["CustomerID"]] = o["cnt"].(int64)
			delete(o, "rn")
			delete(o, "cnt")
		}
		if list := c["Orders"].([]map[string]any); len(list) < 3 {
			c["Orders"] = append(list, o)
		}
	}
	for _, c := range custs {
		c["Orders@odata.count"] = counts[c["CustomerID"]]
	}
	out, err := json.Marshal(map[string]any{"value": custs})
	if err != nil {
		b.Fatal(err)
	}
	return len(out)
}
