package mysql

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

const testSchema = `
CREATE TABLE categories (category_id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(15) NOT NULL, description TEXT,
  picture MEDIUMBLOB, flags SET('a','b'));
CREATE TABLE customers (customer_id CHAR(5) NOT NULL PRIMARY KEY, company_name VARCHAR(40) NOT NULL,
  country VARCHAR(15) NULL, external_ref CHAR(36), is_active TINYINT(1) NOT NULL DEFAULT 1, rating TINYINT,
  level TINYINT UNSIGNED, kind ENUM('retail','wholesale'));
CREATE TABLE employees (employee_id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, last_name VARCHAR(20) NOT NULL,
  reports_to INT UNSIGNED NULL, birth_date DATE, hired_at DATETIME(3), updated TIMESTAMP(6) NULL,
  salary DECIMAL(10,2), rate FLOAT, score DOUBLE, big BIGINT UNSIGNED, small SMALLINT UNSIGNED, med MEDIUMINT,
  born YEAR, flag BIT(1), mask BIT(8), notes JSON, starts TIME, uid UUID, addr INET6,
  full_name VARCHAR(60) AS (CONCAT('Mr ', last_name)) VIRTUAL,
  CONSTRAINT fk_boss FOREIGN KEY (reports_to) REFERENCES employees(employee_id));
CREATE TABLE orders (order_id INT AUTO_INCREMENT PRIMARY KEY, customer_id CHAR(5) NULL,
  employee_id INT UNSIGNED NOT NULL, order_date DATETIME NOT NULL, freight DECIMAL(10,2) NULL,
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers(customer_id),
  CONSTRAINT fk_orders_employee FOREIGN KEY (employee_id) REFERENCES employees(employee_id));
CREATE TABLE order_details (order_id INT NOT NULL, product_no INT NOT NULL, quantity SMALLINT NOT NULL,
  token BINARY(16), PRIMARY KEY (order_id, product_no),
  CONSTRAINT fk_od_order FOREIGN KEY (order_id) REFERENCES orders(order_id));
CREATE TABLE shipments (id BIGINT PRIMARY KEY, order_id INT NOT NULL, product_no INT NOT NULL,
  CONSTRAINT fk_ship_line FOREIGN KEY (order_id, product_no) REFERENCES order_details(order_id, product_no));
CREATE TABLE event_log (at DATETIME, message VARCHAR(200));
CREATE VIEW big_orders AS SELECT order_id, freight FROM orders WHERE freight > 100;
`

type propWant struct {
	name                string
	typ                 metadata.EdmType
	nullable            bool
	maxLen, prec, scale int
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
			t.Errorf("%s.%s (%s) = %s nullable=%v maxlen=%d prec=%d scale=%d; want %+v",
				et.Name, w.name, p.DBType, p.Type, p.Nullable, p.MaxLength, p.Precision, p.Scale, w)
		}
	}
}

func loadTest(t *testing.T, opts schema.Options) *metadata.Model {
	t.Helper()
	dsn := sharedDatabase(t, testDatabase, testSchema)
	db, dbName, err := OpenDB(context.Background(), "t", dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if dbName != testDatabase {
		t.Fatalf("db name %q", dbName)
	}
	var tz string
	if err := db.QueryRow(`SELECT @@session.time_zone`).Scan(&tz); err != nil || tz != "+00:00" {
		t.Fatalf("session time zone %q, %v", tz, err)
	}
	m, err := Loader("t", db, dbName, opts, slog.New(slog.DiscardHandler))(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	validateCSDL(t, m)
	return m
}

func TestIntrospect(t *testing.T) {
	m := loadTest(t, schema.Options{Namespace: "t"})
	var names []string
	for _, s := range m.Sets {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "categories,customers,employees,order_details,orders,shipments" {
		t.Fatalf("sets: %s", got)
	}
	checkProps(t, m.EntitySet("customers").Type, []propWant{
		{"customer_id", metadata.EdmString, false, 5, 0, 0},
		{"external_ref", metadata.EdmString, true, 36, 0, 0},
		{"is_active", metadata.EdmBoolean, false, 0, 0, 0},
		{"rating", metadata.EdmInt16, true, 0, 0, 0},
		{"level", metadata.EdmByte, true, 0, 0, 0},
		{"kind", metadata.EdmString, true, 9, 0, 0},
	})
	checkProps(t, m.EntitySet("categories").Type, []propWant{
		{"category_id", metadata.EdmInt32, false, 0, 0, 0},
		{"description", metadata.EdmString, true, 65535, 0, 0},
		{"picture", metadata.EdmBinary, true, 16777215, 0, 0},
		{"flags", metadata.EdmString, true, 3, 0, 0},
	})
	emp := m.EntitySet("employees").Type
	checkProps(t, emp, []propWant{
		{"employee_id", metadata.EdmInt64, false, 0, 0, 0},
		{"birth_date", metadata.EdmDate, true, 0, 0, 0},
		{"hired_at", metadata.EdmDateTimeOffset, true, 0, 3, 0},
		{"updated", metadata.EdmDateTimeOffset, true, 0, 6, 0},
		{"salary", metadata.EdmDecimal, true, 0, 10, 2},
		{"rate", metadata.EdmSingle, true, 0, 0, 0},
		{"score", metadata.EdmDouble, true, 0, 0, 0},
		{"big", metadata.EdmDecimal, true, 0, 20, 0},
		{"small", metadata.EdmInt32, true, 0, 0, 0},
		{"med", metadata.EdmInt32, true, 0, 0, 0},
		{"born", metadata.EdmInt16, true, 0, 0, 0},
		{"flag", metadata.EdmBoolean, true, 0, 0, 0},
		{"mask", metadata.EdmBinary, true, 1, 0, 0},
		{"starts", metadata.EdmString, true, 0, 0, 0},
		{"uid", metadata.EdmGuid, true, 0, 0, 0},
		{"addr", metadata.EdmString, true, 0, 0, 0},
		{"full_name", metadata.EdmString, true, 60, 0, 0},
	})
	for name, readAsText := range map[string]bool{"starts": true, "addr": true, "last_name": false, "notes": false} {
		if p := emp.Property(name); p.ReadAsText != readAsText {
			t.Errorf("%s.ReadAsText = %v", name, p.ReadAsText)
		}
	}
	if !emp.Property("employee_id").Computed || !emp.Property("full_name").Computed || emp.Property("salary").Computed {
		t.Error("auto_increment / generated columns must be Computed, others not")
	}
	od := m.EntitySet("order_details").Type
	checkProps(t, od, []propWant{{"token", metadata.EdmBinary, true, 16, 0, 0}})
	if len(od.Key) != 2 || od.Key[0].Name != "order_id" || od.Key[1].Name != "product_no" {
		t.Fatalf("composite key %+v", od.Key)
	}
	orders := m.EntitySet("orders").Type
	if c := orders.NavigationProperty("customer"); c == nil || !c.Nullable || c.Partner != "orders" || c.TargetSet.Name != "customers" {
		t.Fatalf("orders.customer %+v", c)
	}
	if e := orders.NavigationProperty("employee"); e == nil || e.Nullable || e.Partner != "orders" {
		t.Fatalf("orders.employee %+v", e)
	}
	if back := emp.NavigationProperty("orders"); back == nil || !back.Collection || back.Constraints[0].Referenced != orders.Property("employee_id") {
		t.Fatalf("employees.orders %+v", back)
	}
	if boss := emp.NavigationProperty("reports_to_employees"); boss == nil || boss.Target != emp || boss.Partner != "employees" {
		t.Fatalf("self reference %+v", emp.Navigation)
	}
	ship := m.EntitySet("shipments").Type
	if n := ship.NavigationProperty("order_details"); n == nil || len(n.Constraints) != 2 || n.Constraints[1].Referenced != od.Property("product_no") {
		t.Fatalf("composite FK %+v", ship.Navigation)
	}
	if ty := m.EntitySet("customers").Type; ty.DBSchema != testDatabase || ty.Table != "customers" {
		t.Fatalf("source identity %q.%q", ty.DBSchema, ty.Table)
	}
}

func TestIntrospectOptions(t *testing.T) {
	m := loadTest(t, schema.Options{Namespace: "t", Naming: schema.NamingPascal,
		Tables: []string{"customers", "orders", "big_orders"},
		TableOptions: map[string]schema.TableOptions{
			"big_orders": {Key: []string{"order_id"}},
			"customers": {EntitySet: "Clients", Hide: []string{"country"}, Search: []string{"company_name"},
				Columns: map[string]schema.ColumnOptions{
					"external_ref": {Type: "Edm.Guid"}, "is_active": {Type: "Edm.Byte", Name: "Active"}}},
		}})
	c := m.EntitySet("Clients").Type
	if c.Property("Country") != nil || c.Property("ExternalRef").Type != metadata.EdmGuid ||
		c.Property("Active").Type != metadata.EdmByte || len(c.Searchable()) != 1 {
		t.Fatalf("clients %+v", c.Properties)
	}
	v := m.EntitySet("BigOrders").Type
	if !v.IsView || len(v.Key) != 1 || v.Key[0].Nullable || v.Property("Freight").Precision != 10 {
		t.Fatalf("view %+v", v)
	}
	if n := m.EntitySet("Orders").Type.NavigationProperty("Customer"); n == nil || n.TargetSet.Name != "Clients" || n.Partner != "Orders" {
		t.Fatalf("renamed target %+v", n)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, _, err := OpenDB(ctx, "erp", "root:s3cret@tcp(127.0.0.1:1)/x", nil); err == nil ||
		!strings.Contains(err.Error(), `source "erp": database unreachable`) || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("unreachable: %v", err)
	}
	if _, _, err := OpenDB(ctx, "erp", "root:s3cret@tcp(127.0.0.1:3306)/", nil); err == nil ||
		!strings.Contains(err.Error(), "names no database") || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("no database: %v", err)
	}
	if _, _, err := OpenDB(ctx, "erp", "garbage s3cret", nil); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("bad dsn: %v", err)
	}
	cfg, err := Config("erp", "u:p@tcp(h:1)/d?parseTime=false&loc=Local&interpolateParams=true")
	if err != nil || !cfg.ParseTime || cfg.Loc.String() != "UTC" || cfg.InterpolateParams || cfg.Params["time_zone"] != "'+00:00'" {
		t.Fatalf("forced settings: %+v %v", cfg, err)
	}
}

func TestIntrospectWarnings(t *testing.T) {
	dsn := sharedDatabase(t, testDatabase, testSchema)
	db, dbName, err := OpenDB(context.Background(), "t", dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := introspect(context.Background(), db, dbName)
	if err != nil {
		t.Fatal(err)
	}
	_, warns, err := schema.Build(raw, schema.Options{Namespace: "t"}, mapType)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	want := []string{
		"big_orders: skipped: views have no primary key; configure entities.big_orders.key to expose it",
		"event_log: skipped: table has no primary key; configure entities.event_log.key to expose it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
