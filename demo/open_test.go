package demo

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/metadata/csdltest"
)

func TestOpenServesTheDemo(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	src, err := Open(ctx, sqldb.Config{Name: "demo", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m, err := src.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range m.Sets {
		names = append(names, s.Name)
	}
	want := []string{"Categories", "Customers", "Employees", "Order_Details", "Orders", "Products", "Suppliers"}
	if len(names) != len(want) {
		t.Fatalf("sets %v", names)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("sets %v, want %v", names, want)
		}
	}
	orders := m.EntitySet("Orders").Type
	if p := orders.Property("OrderDate"); p.Type != metadata.EdmDateTimeOffset || p.Nullable {
		t.Errorf("OrderDate %+v", p)
	}
	if p := orders.Property("Freight"); p.Type != metadata.EdmDecimal || p.Precision != 10 || p.Scale != 2 {
		t.Errorf("Freight %+v", p)
	}
	if p := m.EntitySet("Products").Type.Property("Discontinued"); p.Type != metadata.EdmBoolean {
		t.Errorf("Discontinued %+v", p)
	}
	if p := m.EntitySet("Employees").Type.Property("BirthDate"); p.Type != metadata.EdmDate {
		t.Errorf("BirthDate %+v", p)
	}
	if k := m.EntitySet("Order_Details").Type.Key; len(k) != 2 || k[0].Name != "OrderID" || k[1].Name != "ProductID" {
		t.Errorf("Order_Details key %v", k)
	}
	navs := map[string][]string{
		"Orders":        {"Customer", "Employee", "Order_Details"},
		"Customers":     {"Orders"},
		"Employees":     {"Manager", "DirectReports", "Orders"},
		"Order_Details": {"Order", "Product"},
		"Products":      {"Supplier", "Category", "Order_Details"},
		"Categories":    {"Products"},
		"Suppliers":     {"Products"},
	}
	for set, ns := range navs {
		ty := m.EntitySet(set).Type
		for _, n := range ns {
			if ty.NavigationProperty(n) == nil {
				t.Errorf("%s has no navigation property %s (has %d)", set, n, len(ty.Navigation))
			}
		}
		if len(ty.Navigation) != len(ns) {
			t.Errorf("%s: %d navigation properties, want %d", set, len(ty.Navigation), len(ns))
		}
	}
	if len(m.EntitySet("Customers").Type.Searchable()) != 4 {
		t.Error("Customers search columns not configured")
	}

	// Three most recent orders, read through the executor.
	q := &adapters.Query{Set: m.EntitySet("Orders"), Top: 3,
		OrderBy: []bound.OrderItem{{Expr: &bound.Property{Prop: orders.Property("OrderDate")}, Desc: true}}}
	rows, err := src.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
		v := rows.Values()
		if _, ok := v[0].(int64); !ok {
			t.Errorf("OrderID %#v", v[0])
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if n != 3 {
		t.Fatalf("%d rows", n)
	}
	total, err := src.Count(ctx, &adapters.Query{Set: m.EntitySet("Orders"), Top: -1})
	if err != nil || total != numOrders {
		t.Fatalf("count %d, %v", total, err)
	}

	var xml, js bytes.Buffer
	if err := metadata.WriteXML(&xml, m); err != nil {
		t.Fatal(err)
	}
	if err := metadata.WriteJSON(&js, m); err != nil {
		t.Fatal(err)
	}
	csdltest.ValidateXML(t, xml.Bytes())
	csdltest.ValidateJSON(t, js.Bytes())
}
