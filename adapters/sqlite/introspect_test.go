package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

const testSchema = `
CREATE TABLE categories (category_id INTEGER PRIMARY KEY, name VARCHAR(15) NOT NULL, description TEXT, picture BLOB);
CREATE TABLE customers (customer_id CHAR(5) NOT NULL PRIMARY KEY, company_name NVARCHAR(40) NOT NULL,
  country VARCHAR(15), external_ref CHAR(36), is_active TINYINT(1));
CREATE TABLE employees (employee_id INTEGER PRIMARY KEY AUTOINCREMENT, last_name TEXT NOT NULL,
  reports_to INTEGER REFERENCES employees(employee_id), birth_date DATE, hired_at DATETIME,
  salary DECIMAL(10, 2), rating REAL, active BOOLEAN NOT NULL DEFAULT 1,
  "display name" TEXT GENERATED ALWAYS AS ('Mr ' || last_name) VIRTUAL, notes JSON, big UNSIGNED BIG INT);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id CHAR(5) REFERENCES customers,
  employee_id INTEGER NOT NULL REFERENCES employees(employee_id), order_date TIMESTAMP NOT NULL,
  freight NUMERIC(10,2), token UUID, weight FLOAT, misc);
CREATE TABLE order_details (order_id INTEGER NOT NULL REFERENCES orders(order_id), product_no INTEGER NOT NULL,
  quantity SMALLINT NOT NULL, PRIMARY KEY (order_id, product_no));
CREATE TABLE shipments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, product_no INTEGER NOT NULL, shipped_on DATE,
  FOREIGN KEY (order_id, product_no) REFERENCES order_details(order_id, product_no));
CREATE TABLE event_log (at TEXT, message TEXT);
CREATE VIRTUAL TABLE docs USING fts5(title, body);
CREATE VIEW big_orders AS SELECT order_id, freight, freight * 2 AS double_freight FROM orders WHERE freight > 100;
`

func testDB(t *testing.T) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	setup, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := setup.Exec(testSchema); err != nil {
		t.Fatal(err)
	}
	setup.Close()
	db, err := OpenDB(context.Background(), "t", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func load(t *testing.T, db *sql.DB, opts schema.Options) *metadata.Model {
	t.Helper()
	m, err := Loader("t", db, opts, slog.New(slog.DiscardHandler))(context.Background())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	validateCSDL(t, m)
	return m
}

type propWant struct {
	name     string
	typ      metadata.EdmType
	nullable bool
	maxLen   int
	prec     int
	scale    int
}

func checkProps(t *testing.T, et *metadata.EntityType, want []propWant) {
	t.Helper()
	for _, w := range want {
		p := et.Property(w.name)
		if p == nil {
			t.Errorf("%s.%s missing", et.Name, w.name)
			continue
		}
		if p.Type != w.typ || p.Nullable != w.nullable || p.MaxLength != w.maxLen || p.Precision != w.prec || p.Scale != w.scale {
			t.Errorf("%s.%s = %s nullable=%v maxlen=%d prec=%d scale=%d; want %+v",
				et.Name, w.name, p.Type, p.Nullable, p.MaxLength, p.Precision, p.Scale, w)
		}
	}
}

func TestIntrospectTypesKeysAndNavigation(t *testing.T) {
	db, _ := testDB(t)
	m := load(t, db, schema.Options{Namespace: "t"})
	var names []string
	for _, s := range m.Sets {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "categories,customers,employees,order_details,orders,shipments" {
		t.Fatalf("sets: %s", got)
	}
	emp := m.EntitySet("employees").Type
	checkProps(t, emp, []propWant{
		{"employee_id", metadata.EdmInt64, false, 0, 0, 0},
		{"last_name", metadata.EdmString, false, 0, 0, 0},
		{"birth_date", metadata.EdmDate, true, 0, 0, 0},
		{"hired_at", metadata.EdmDateTimeOffset, true, 0, -1, 0},
		{"salary", metadata.EdmDecimal, true, 0, 10, 2},
		{"rating", metadata.EdmDouble, true, 0, 0, 0},
		{"active", metadata.EdmBoolean, false, 0, 0, 0},
		{"display_name", metadata.EdmString, true, 0, 0, 0},
		{"notes", metadata.EdmString, true, 0, 0, 0},
		{"big", metadata.EdmInt64, true, 0, 0, 0},
	})
	if p := emp.Property("employee_id"); !p.Computed || emp.Key[0] != p {
		t.Errorf("employee_id: computed=%v key=%v", p.Computed, emp.Key)
	}
	if p := emp.Property("display_name"); !p.Computed || p.Column != "display name" || p.ReadAsText {
		t.Errorf("generated column: %+v", p)
	}
	if p := emp.Property("notes"); !p.ReadAsText {
		t.Errorf("JSON column (NUMERIC affinity) must be read as text: %+v", p)
	}
	checkProps(t, m.EntitySet("customers").Type, []propWant{
		{"customer_id", metadata.EdmString, false, 5, 0, 0},
		{"company_name", metadata.EdmString, false, 40, 0, 0},
		{"external_ref", metadata.EdmString, true, 36, 0, 0},
		{"is_active", metadata.EdmInt32, true, 0, 0, 0},
	})
	orders := m.EntitySet("orders").Type
	checkProps(t, orders, []propWant{
		{"order_date", metadata.EdmDateTimeOffset, false, 0, -1, 0},
		{"freight", metadata.EdmDecimal, true, 0, 10, 2},
		{"token", metadata.EdmGuid, true, 0, 0, 0},
		{"weight", metadata.EdmDouble, true, 0, 0, 0},
		{"misc", metadata.EdmString, true, 0, 0, 0},
	})
	if !orders.Property("misc").ReadAsText {
		t.Error("untyped column must be read as text")
	}
	checkProps(t, m.EntitySet("categories").Type, []propWant{{"picture", metadata.EdmBinary, true, 0, 0, 0}})

	od := m.EntitySet("order_details").Type
	if len(od.Key) != 2 || od.Key[0].Name != "order_id" || od.Key[1].Name != "product_no" || od.Key[0].Computed {
		t.Fatalf("composite key: %+v", od.Key)
	}
	// Implicit REFERENCES customers resolves to its primary key.
	c := orders.NavigationProperty("customer")
	if c == nil || c.Collection || !c.Nullable || c.TargetSet.Name != "customers" || c.Partner != "orders" ||
		c.Constraints[0].Referenced.Name != "customer_id" {
		t.Fatalf("orders.customer: %+v", c)
	}
	if back := m.EntitySet("customers").Type.NavigationProperty("orders"); back == nil || !back.Collection || back.Partner != "customer" {
		t.Fatalf("customers.orders: %+v", back)
	}
	if e := orders.NavigationProperty("employee"); e == nil || e.Nullable {
		t.Fatalf("orders.employee: %+v", e)
	}
	if boss := emp.NavigationProperty("reports_to_employees"); boss == nil || boss.Target != emp || boss.Partner != "employees" {
		t.Fatalf("self reference: %+v", emp.Navigation)
	}
	ship := m.EntitySet("shipments").Type
	if n := ship.NavigationProperty("order_details"); n == nil || len(n.Constraints) != 2 || n.Nullable ||
		n.Constraints[1].Property.Name != "product_no" || n.Constraints[1].Referenced != od.Property("product_no") {
		t.Fatalf("composite FK: %+v", ship.Navigation)
	}
	if n := od.NavigationProperty("shipments"); n == nil || !n.Collection || len(n.Constraints) != 2 {
		t.Fatalf("composite FK principal side: %+v", od.Navigation)
	}
}

func TestIntrospectOptions(t *testing.T) {
	db, _ := testDB(t)
	opts := schema.Options{Namespace: "t", Naming: schema.NamingPascal,
		Tables: []string{"customers", "orders", "big_orders", "event_log"},
		TableOptions: map[string]schema.TableOptions{
			"big_orders": {Key: []string{"order_id"}, EntitySet: "BigOrders"},
			"event_log":  {Key: []string{"at"}, Columns: map[string]schema.ColumnOptions{"at": {Type: "Edm.DateTimeOffset", Name: "LoggedAt"}}},
			"customers": {Hide: []string{"country"}, Columns: map[string]schema.ColumnOptions{
				"external_ref": {Type: "Edm.Guid"}, "is_active": {Type: "Edm.Boolean"}}},
		}}
	m := load(t, db, opts)
	if len(m.Sets) != 4 {
		t.Fatalf("sets: %v", m.Sets)
	}
	cust := m.EntitySet("Customers").Type
	if cust.Property("Country") != nil || cust.Property("ExternalRef").Type != metadata.EdmGuid ||
		cust.Property("IsActive").Type != metadata.EdmBoolean || cust.Property("CustomerId") == nil {
		t.Fatalf("customers: %+v", cust.Properties)
	}
	for name, native := range map[string]metadata.EdmType{"ExternalRef": metadata.EdmString, "IsActive": metadata.EdmInt32, "CustomerId": metadata.EdmString} {
		if p := cust.Property(name); p.NativeType != native {
			t.Errorf("%s.NativeType = %q, want %q", name, p.NativeType, native)
		}
	}
	v := m.EntitySet("BigOrders").Type
	if !v.IsView || v.Key[0].Name != "OrderId" || v.Property("DoubleFreight") == nil || !v.Property("DoubleFreight").ReadAsText {
		t.Fatalf("view: %+v", v.Properties)
	}
	ev := m.EntitySet("EventLog").Type
	if k := ev.Key[0]; k.Name != "LoggedAt" || k.Type != metadata.EdmDateTimeOffset || k.Nullable {
		t.Fatalf("event_log key: %+v", k)
	}
	// orders → employees is not exposed: only the customers relationship exists.
	if n := m.EntitySet("Orders").Type.Navigation; len(n) != 1 || n[0].Name != "Customer" {
		t.Fatalf("orders navigation: %+v", n)
	}
}

func TestOpenErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.db")
	_, err := OpenDB(context.Background(), "erp", missing)
	if err == nil || !strings.Contains(err.Error(), `source "erp"`) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing file: %v", err)
	}
	if _, statErr := os.Stat(missing); !os.IsNotExist(statErr) {
		t.Fatal("OpenDB created the missing file")
	}
	_, err = OpenDB(context.Background(), "erp", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("directory: %v", err)
	}
	_, path := testDB(t)
	db, err := OpenDB(context.Background(), "erp", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = Loader("erp", db, schema.Options{Namespace: "t", Tables: []string{"nope"}}, nil)(context.Background())
	if err == nil || !strings.Contains(err.Error(), `source "erp"`) || !strings.Contains(err.Error(), `"nope"`) {
		t.Fatalf("unknown table: %v", err)
	}
}

func TestOpenSettingsAndNonDatabase(t *testing.T) {
	db, _ := testDB(t)
	var busy, fk int
	if err := db.QueryRow(`PRAGMA busy_timeout`).Scan(&busy); err != nil || busy != 5000 {
		t.Fatalf("busy_timeout = %d, %v", busy, err)
	}
	if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v", fk, err)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenDB(context.Background(), "erp", junk); err == nil || !strings.Contains(err.Error(), "not a readable SQLite database") {
		t.Fatalf("junk file: %v", err)
	}
}

func TestOpenPathWithURIReservedCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my data #1 %20 ?x=y")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "shop's.db")
	setup, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := setup.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	setup.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("setup did not create %s: %v", path, err)
	}
	db, err := OpenDB(context.Background(), "t", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if m := load(t, db, schema.Options{Namespace: "t"}); m.EntitySet("t") == nil {
		t.Fatal("table not found: the URI named another file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files in %s: %v", dir, entries)
	}
}
