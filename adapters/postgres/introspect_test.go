package postgres

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

const testSchema = `
CREATE DOMAIN short_code AS varchar(8) NOT NULL;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE categories (category_id serial PRIMARY KEY, name varchar(15) NOT NULL, description text, picture bytea,
  code short_code);
CREATE TABLE customers (customer_id char(5) PRIMARY KEY, company_name varchar(40) NOT NULL, country varchar(15),
  external_ref char(36), is_active smallint, feeling mood, tags text[], ip inet);
CREATE TABLE employees (employee_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, last_name text NOT NULL,
  reports_to integer REFERENCES employees(employee_id), birth_date date, hired_at timestamptz(3),
  updated timestamp, salary numeric(10,2), ratio numeric, rate real, score double precision, big bigint,
  uid uuid, profile jsonb, doc json, starts time, took interval, price money, active boolean NOT NULL DEFAULT true,
  full_name text GENERATED ALWAYS AS ('Mr ' || last_name) STORED, x xml, bits bit(3));
CREATE TABLE orders (order_id bigserial PRIMARY KEY, customer_id char(5) REFERENCES customers,
  employee_id integer NOT NULL, order_date timestamptz NOT NULL, freight numeric(10,2),
  CONSTRAINT fk_emp FOREIGN KEY (employee_id) REFERENCES employees(employee_id));
CREATE TABLE order_details (order_id bigint NOT NULL REFERENCES orders, product_no int NOT NULL,
  quantity int2 NOT NULL, PRIMARY KEY (order_id, product_no));
CREATE TABLE shipments (id int PRIMARY KEY, order_id bigint NOT NULL, product_no int NOT NULL,
  CONSTRAINT fk_line FOREIGN KEY (order_id, product_no) REFERENCES order_details(order_id, product_no));
CREATE TABLE event_log (at timestamptz, message text);
CREATE VIEW big_orders AS SELECT order_id, freight FROM orders WHERE freight > 100;
CREATE SCHEMA archive;
CREATE TABLE archive.orders (order_id bigint PRIMARY KEY, original bigint REFERENCES public.orders(order_id));
`

type propWant struct {
	name                string
	typ                 metadata.EdmType
	nullable            bool
	maxLen, prec, scale int
	text                bool
}

func checkProps(t *testing.T, et *metadata.EntityType, want []propWant) {
	t.Helper()
	for _, w := range want {
		p := et.Property(w.name)
		if p == nil {
			t.Errorf("%s.%s missing", et.Name, w.name)
			continue
		}
		if p.Type != w.typ || p.Nullable != w.nullable || p.MaxLength != w.maxLen || p.Precision != w.prec ||
			p.Scale != w.scale || p.ReadAsText != w.text {
			t.Errorf("%s.%s (%s) = %s nullable=%v maxlen=%d prec=%d scale=%d text=%v; want %+v",
				et.Name, w.name, p.DBType, p.Type, p.Nullable, p.MaxLength, p.Precision, p.Scale, p.ReadAsText, w)
		}
	}
}

func loadTest(t *testing.T, opts schema.Options) *metadata.Model {
	t.Helper()
	dsn := sharedDatabase(t, testDatabase, testSchema)
	db, err := OpenDB(context.Background(), "t", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m, err := Loader("t", db, opts, slog.New(slog.DiscardHandler))(context.Background())
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
	checkProps(t, m.EntitySet("categories").Type, []propWant{
		{"category_id", metadata.EdmInt32, false, 0, 0, 0, false},
		{"description", metadata.EdmString, true, 0, 0, 0, false},
		{"picture", metadata.EdmBinary, true, 0, 0, 0, false},
		{"code", metadata.EdmString, false, 8, 0, 0, false},
	})
	checkProps(t, m.EntitySet("customers").Type, []propWant{
		{"customer_id", metadata.EdmString, false, 5, 0, 0, false},
		{"company_name", metadata.EdmString, false, 40, 0, 0, false},
		{"is_active", metadata.EdmInt16, true, 0, 0, 0, false},
		{"feeling", metadata.EdmString, true, 0, 0, 0, true},
		{"tags", metadata.EdmString, true, 0, 0, 0, true},
		{"ip", metadata.EdmString, true, 0, 0, 0, true},
	})
	emp := m.EntitySet("employees").Type
	checkProps(t, emp, []propWant{
		{"employee_id", metadata.EdmInt32, false, 0, 0, 0, false},
		{"birth_date", metadata.EdmDate, true, 0, 0, 0, false},
		{"hired_at", metadata.EdmDateTimeOffset, true, 0, 3, 0, false},
		{"updated", metadata.EdmDateTimeOffset, true, 0, 6, 0, false},
		{"salary", metadata.EdmDecimal, true, 0, 10, 2, false},
		{"ratio", metadata.EdmDecimal, true, 0, 0, metadata.ScaleVariable, false},
		{"rate", metadata.EdmSingle, true, 0, 0, 0, false},
		{"score", metadata.EdmDouble, true, 0, 0, 0, false},
		{"big", metadata.EdmInt64, true, 0, 0, 0, false},
		{"uid", metadata.EdmGuid, true, 0, 0, 0, false},
		{"profile", metadata.EdmString, true, 0, 0, 0, true},
		{"doc", metadata.EdmString, true, 0, 0, 0, true},
		{"starts", metadata.EdmString, true, 0, 0, 0, true},
		{"took", metadata.EdmString, true, 0, 0, 0, true},
		{"price", metadata.EdmString, true, 0, 0, 0, true},
		{"active", metadata.EdmBoolean, false, 0, 0, 0, false},
		{"full_name", metadata.EdmString, true, 0, 0, 0, false},
		{"x", metadata.EdmString, true, 0, 0, 0, true},
		{"bits", metadata.EdmString, true, 0, 0, 0, true},
	})
	if !emp.Property("employee_id").Computed || !emp.Property("full_name").Computed || emp.Property("big").Computed {
		t.Error("identity / generated columns must be Computed, others not")
	}
	orders := m.EntitySet("orders").Type
	if !orders.Property("order_id").Computed || orders.DBSchema != "public" {
		t.Errorf("bigserial must be Computed; schema %q", orders.DBSchema)
	}
	od := m.EntitySet("order_details").Type
	if len(od.Key) != 2 || od.Key[0].Name != "order_id" || od.Key[1].Name != "product_no" {
		t.Fatalf("composite key %+v", od.Key)
	}
	if c := orders.NavigationProperty("customer"); c == nil || !c.Nullable || c.Partner != "orders" || c.Constraints[0].Referenced.Name != "customer_id" {
		t.Fatalf("orders.customer %+v", c)
	}
	if n := od.NavigationProperty("order"); n == nil || n.Nullable || n.Target != orders {
		t.Fatalf("order_details.order %+v", od.Navigation)
	}
	if boss := emp.NavigationProperty("reports_to_employees"); boss == nil || boss.Partner != "employees" {
		t.Fatalf("self reference %+v", emp.Navigation)
	}
	ship := m.EntitySet("shipments").Type
	if n := ship.NavigationProperty("order_details"); n == nil || len(n.Constraints) != 2 || n.Constraints[1].Referenced != od.Property("product_no") {
		t.Fatalf("composite FK %+v", ship.Navigation)
	}
	if n := od.NavigationProperty("shipments"); n == nil || !n.Collection {
		t.Fatalf("composite FK principal side %+v", od.Navigation)
	}
}

func TestIntrospectSchemasAndOptions(t *testing.T) {
	m := loadTest(t, schema.Options{Namespace: "t", Naming: schema.NamingPascal, Schemas: []string{"public", "archive"},
		Tables: []string{"archive.orders", "public.orders", "big_orders", "event_log"},
		TableOptions: map[string]schema.TableOptions{
			"big_orders": {Key: []string{"order_id"}, EntitySet: "BigOrders"},
			"event_log":  {Key: []string{"at"}, Hide: []string{"message"}},
		}})
	var names []string
	for _, s := range m.Sets {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "ArchiveOrders,BigOrders,PublicEventLog,PublicOrders" {
		t.Fatalf("sets: %s", got)
	}
	arch, pub := m.EntitySet("ArchiveOrders").Type, m.EntitySet("PublicOrders").Type
	if arch.DBSchema != "archive" || arch.Table != "orders" {
		t.Fatalf("archive identity %q.%q", arch.DBSchema, arch.Table)
	}
	if n := arch.NavigationProperty("PublicOrders"); n == nil || n.Target != pub || n.Partner != "ArchiveOrders" {
		t.Fatalf("cross-schema FK %+v", arch.Navigation)
	}
	v := m.EntitySet("BigOrders").Type
	if !v.IsView || v.Key[0].Nullable || v.Property("Freight").Precision != 10 {
		t.Fatalf("view %+v", v.Properties)
	}
	if ev := m.EntitySet("PublicEventLog").Type; len(ev.Properties) != 1 || ev.Key[0].Type != metadata.EdmDateTimeOffset {
		t.Fatalf("event_log %+v", ev.Properties)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := OpenDB(ctx, "erp", "postgres://u:s3cret@127.0.0.1:1/x?connect_timeout=2"); err == nil ||
		!strings.Contains(err.Error(), `source "erp": database unreachable`) || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("unreachable: %v", err)
	}
	if _, err := OpenDB(ctx, "erp", "postgres://u:s3cret@host:notaport/x"); err == nil ||
		!strings.Contains(err.Error(), "cannot be parsed") || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("bad dsn: %v", err)
	}
	db, err := OpenDB(ctx, "erp", sharedDatabase(t, testDatabase, testSchema))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = Loader("erp", db, schema.Options{Namespace: "t", Schemas: []string{"public", "nope"}}, nil)(ctx)
	if err == nil || !strings.Contains(err.Error(), `no schema "nope"`) {
		t.Fatalf("missing schema: %v", err)
	}
	var tz string
	if err := db.QueryRow(`SHOW timezone`).Scan(&tz); err != nil || tz != "UTC" {
		t.Fatalf("session time zone %q, %v", tz, err)
	}
}

func TestIntrospectWarnings(t *testing.T) {
	dsn := sharedDatabase(t, testDatabase, testSchema)
	db, err := OpenDB(context.Background(), "t", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := introspect(context.Background(), db, DefaultSchemas)
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
