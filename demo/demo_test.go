package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

var tables = []struct{ name, order string }{
	{"Categories", "CategoryID"}, {"Suppliers", "SupplierID"}, {"Products", "ProductID"},
	{"Customers", "CustomerID"}, {"Employees", "EmployeeID"}, {"Orders", "OrderID"},
	{"Order_Details", "OrderID, ProductID"},
}

func create(t *testing.T) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	start := time.Now()
	if err := Create(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	t.Logf("created in %v", time.Since(start))
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// contentHash hashes every row of every table in key order, with each
// value's storage class, so that two databases hash alike only when they
// hold the same data.
func contentHash(t *testing.T, db *sql.DB) string {
	t.Helper()
	h := sha256.New()
	for _, tb := range tables {
		rows, err := db.Query(`SELECT * FROM ` + tb.name + ` ORDER BY ` + tb.order)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s|%#v\n", tb.name, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func count(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestCreateIsDeterministic(t *testing.T) {
	a, b := contentHash(t, create(t)), contentHash(t, create(t))
	if a != b {
		t.Fatalf("two creations differ: %s vs %s", a, b)
	}
}

func TestCreateContent(t *testing.T) {
	db := create(t)
	for q, want := range map[string]int{
		`SELECT count(*) FROM Categories`:                                  len(categories),
		`SELECT count(*) FROM Suppliers`:                                   numSuppliers,
		`SELECT count(*) FROM Products`:                                    numProducts,
		`SELECT count(*) FROM Customers`:                                   numCustomers,
		`SELECT count(*) FROM Employees`:                                   numEmployees,
		`SELECT count(*) FROM Orders`:                                      numOrders,
		`SELECT count(*) FROM Employees WHERE ReportsTo IS NULL`:           1,
		`SELECT count(*) FROM (SELECT DISTINCT CustomerID FROM Customers)`: numCustomers,
	} {
		if got := count(t, db, q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM Order_Details`); n < 2*numOrders || n > 5*numOrders {
		t.Errorf("order lines %d", n)
	}
	// Every foreign key holds.
	rows, err := db.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("PRAGMA foreign_key_check reports violations")
	}
	rows.Close()
	// Customer codes look like 'ALFKI'.
	code := regexp.MustCompile(`^[A-Z]{5}$`)
	crows, err := db.Query(`SELECT CustomerID FROM Customers`)
	if err != nil {
		t.Fatal(err)
	}
	for crows.Next() {
		var id string
		crows.Scan(&id)
		if !code.MatchString(id) {
			t.Errorf("customer code %q", id)
		}
	}
	crows.Close()
	// Data that exercises escaping and null handling is present.
	for _, q := range []string{
		`SELECT count(*) FROM Customers WHERE CompanyName LIKE '%''%'`,
		`SELECT count(*) FROM Employees WHERE LastName = 'O''Brien'`,
		`SELECT count(*) FROM Customers WHERE instr(CompanyName, '%') > 0`,
		`SELECT count(*) FROM Customers WHERE instr(CompanyName, '_') > 0`,
		`SELECT count(*) FROM Products WHERE instr(ProductName, '%') > 0 OR instr(ProductName, '_') > 0`,
		`SELECT count(*) FROM Customers WHERE City = 'München' OR City = 'Montréal' OR City = 'São Paulo'`,
		`SELECT count(*) FROM Customers WHERE Region IS NULL`,
		`SELECT count(*) FROM Orders WHERE CustomerID IS NULL`,
		`SELECT count(*) FROM Orders WHERE ShippedDate IS NULL`,
		`SELECT count(*) FROM Products WHERE Discontinued`,
		`SELECT count(*) FROM Employees WHERE BirthDate IS NULL`,
	} {
		if count(t, db, q) == 0 {
			t.Errorf("no rows: %s", q)
		}
	}
	// Orders span three years in order of their ids, as ISO text.
	var first, last string
	db.QueryRow(`SELECT min(OrderDate), max(OrderDate) FROM Orders`).Scan(&first, &last)
	if first[:4] != "2022" || last[:4] != "2024" || len(first) != len("2006-01-02 15:04:05") {
		t.Errorf("order dates %s .. %s", first, last)
	}
	if n := count(t, db, `SELECT count(*) FROM Orders WHERE Freight <= 0 OR typeof(Freight) NOT IN ('integer', 'real')`); n != 0 {
		t.Errorf("%d orders with a bad freight", n)
	}
}

func BenchmarkCreate(b *testing.B) {
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		if err := Create(context.Background(), filepath.Join(dir, fmt.Sprintf("d%d.db", i))); err != nil {
			b.Fatal(err)
		}
	}
}
