package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// metadataFixture: a table with overrides, a table without a key (absent), one
// with a configured key, a view with a configured key and one without (absent).
var metadataFixture = engineFixture{
	mysql: []string{
		"CREATE TABLE items (id INT PRIMARY KEY, uuid CHAR(36) NOT NULL, active TINYINT(1) NOT NULL, flag INT NOT NULL," +
			" shipped_on VARCHAR(10) NULL, internal_note VARCHAR(100) NULL, title VARCHAR(50) NOT NULL)",
		"CREATE TABLE log_lines (msg VARCHAR(20), logged DATETIME)",
		"CREATE TABLE keyed_lines (line_no INT NOT NULL, msg VARCHAR(20))",
		"CREATE VIEW active_items AS SELECT id, title FROM items WHERE active = 1",
		"CREATE VIEW all_titles AS SELECT title FROM items",
	},
	postgres: []string{
		"CREATE TABLE items (id INT PRIMARY KEY, uuid CHAR(36) NOT NULL, active SMALLINT NOT NULL, flag INT NOT NULL," +
			" shipped_on VARCHAR(10) NULL, internal_note VARCHAR(100) NULL, title VARCHAR(50) NOT NULL)",
		"CREATE TABLE log_lines (msg VARCHAR(20), logged TIMESTAMPTZ)",
		"CREATE TABLE keyed_lines (line_no INT NOT NULL, msg VARCHAR(20))",
		"CREATE VIEW active_items AS SELECT id, title FROM items WHERE active = 1",
		"CREATE VIEW all_titles AS SELECT title FROM items",
	},
}

const metadataRows = "INSERT INTO items VALUES" +
	" (1, 'a3f1c2d4-0000-4000-8000-000000000001', 1, 1, '2024-03-15', 'secret one', 'Alpha')," +
	" (2, 'a3f1c2d4-0000-4000-8000-000000000002', 0, 0, '2023-12-31', 'secret two', 'Beta')," +
	" (3, 'A3F1C2D4-0000-4000-8000-00000000000C', 1, 0, NULL, NULL, 'Gamma')"

func metadataOptions() schema.Options {
	return schema.Options{TableOptions: map[string]schema.TableOptions{
		"items": {
			EntitySet: "Items",
			Hide:      []string{"internal_note"},
			Columns: map[string]schema.ColumnOptions{
				"uuid":       {Name: "ExternalId", Type: "Edm.Guid"},
				"active":     {Name: "Active", Type: "Edm.Boolean"},
				"flag":       {Name: "Flag", Type: "Edm.Boolean"},
				"shipped_on": {Name: "ShippedOn", Type: "Edm.Date"},
				"title":      {Name: "Title"},
				"id":         {Name: "ID"},
			},
		},
		"keyed_lines":  {Key: []string{"line_no"}},
		"active_items": {EntitySet: "ActiveItems", Key: []string{"id"}},
	}}
}

func TestEngineMetadataAndOverrides(t *testing.T) {
	eachEngine(t, metadataFixture, func(t *testing.T, d *engineDB) {
		d.exec(t, metadataRows, "INSERT INTO keyed_lines VALUES (1, 'one'), (2, 'two')")
		e := d.serve(t, metadataOptions(), gateway.Config{})
		doc, jdoc := fetchMetadata(t, e)

		want := []string{"ActiveItems", "Items", "keyed_lines"}
		sameStrings(t, "$metadata entity sets", doc.sets(), want)
		sameStrings(t, "service document", serviceSets(t, e), want)

		props, key := doc.props(t, "Items")
		sameStrings(t, "Items key", key, []string{"ID"})
		for name, typ := range map[string]string{"ID": "Edm.Int32", "ExternalId": "Edm.Guid", "Active": "Edm.Boolean",
			"Flag": "Edm.Boolean", "ShippedOn": "Edm.Date", "Title": "Edm.String"} {
			if props[name] != typ {
				t.Errorf("XML: Items.%s has type %q, want %s", name, props[name], typ)
			}
			if got := jsonPropType(t, jdoc, "Items", name); got != typ {
				t.Errorf("JSON: Items.%s has type %q, want %s", name, got, typ)
			}
		}
		if len(props) != 6 {
			t.Errorf("Items properties %v: the hidden or renamed columns leak", props)
		}
		if _, key := doc.props(t, "keyed_lines"); len(key) != 1 || key[0] != "line_no" {
			t.Errorf("keyed_lines key %v", key)
		}
		if _, key := doc.props(t, "ActiveItems"); len(key) != 1 || key[0] != "id" {
			t.Errorf("ActiveItems key %v", key)
		}

		// Values in JSON: Guid lower-case (also where stored upper-case), Boolean, Date, hidden column absent.
		got := e.get(t, "Items?$orderby=ID").collection(t).rows(t)
		if len(got) != 3 {
			t.Fatalf("Items: %d rows", len(got))
		}
		wantRows := []map[string]any{
			{"ID": json.Number("1"), "ExternalId": "a3f1c2d4-0000-4000-8000-000000000001", "Active": true, "Flag": true, "ShippedOn": "2024-03-15", "Title": "Alpha"},
			{"ID": json.Number("2"), "ExternalId": "a3f1c2d4-0000-4000-8000-000000000002", "Active": false, "Flag": false, "ShippedOn": "2023-12-31", "Title": "Beta"},
			{"ID": json.Number("3"), "ExternalId": "a3f1c2d4-0000-4000-8000-00000000000c", "Active": true, "Flag": false, "ShippedOn": nil, "Title": "Gamma"},
		}
		for i, w := range wantRows {
			if len(got[i]) != len(w) {
				t.Errorf("row %d has properties %v, want %v", i, got[i], w)
			}
			for k, v := range w {
				if got[i][k] != v {
					t.Errorf("row %d: %s = %#v, want %#v", i, k, got[i][k], v)
				}
			}
		}
		ent := e.get(t, "Items(1)").entity(t)
		if ent["ExternalId"] != "a3f1c2d4-0000-4000-8000-000000000001" || ent["ShippedOn"] != "2024-03-15" || ent["Flag"] != true {
			t.Errorf("Items(1) = %v", ent)
		}
		if _, leaked := ent["internal_note"]; leaked {
			t.Errorf("hidden column served: %v", ent)
		}

		// The overridden types work in $filter, pushed down to the database.
		for _, c := range []struct {
			filter string
			want   []int64
		}{
			{"ExternalId eq a3f1c2d4-0000-4000-8000-000000000002", []int64{2}},
			// A client filters by the value the gateway served, whatever the stored case.
			{"ExternalId eq a3f1c2d4-0000-4000-8000-00000000000c", []int64{3}},
			{"ExternalId in (a3f1c2d4-0000-4000-8000-000000000001, a3f1c2d4-0000-4000-8000-00000000000c)", []int64{1, 3}},
			{"Active eq true", []int64{1, 3}},
			{"Active", []int64{1, 3}},
			{"not Flag", []int64{2, 3}},
			{"Flag eq true and Active", []int64{1}},
			{"ShippedOn ge 2024-01-01", []int64{1}},
			{"ShippedOn lt 2024-01-01", []int64{2}},
			{"ShippedOn eq 2023-12-31", []int64{2}},
			{"ShippedOn eq null", []int64{3}},
			{"year(ShippedOn) eq 2023", []int64{2}},
			{"month(ShippedOn) eq 3 and day(ShippedOn) eq 15", []int64{1}},
		} {
			u := "Items?$select=ID&$orderby=ID&$filter=" + qe(c.filter)
			r := e.get(t, u)
			if r.status != 200 {
				t.Errorf("$filter=%s: status %d: %s", c.filter, r.status, trunc(r.body))
				continue
			}
			var ids []int64
			for _, row := range r.collection(t).rows(t) {
				n, _ := row["ID"].(json.Number).Int64()
				ids = append(ids, n)
			}
			if !equalInts(ids, c.want) {
				t.Errorf("$filter=%s: got %v, want %v", c.filter, ids, c.want)
			}
		}
		// Ordering by an overridden Date.
		if ids := e.readAllIDs(t, "Items?$select=ID&$orderby=ShippedOn%20desc", "ID"); !equalInts(ids, []int64{1, 2, 3}) {
			t.Errorf("$orderby=ShippedOn desc: %v", ids)
		}

		// Hidden columns and unexposed tables are unknown to clients.
		for _, u := range []string{"Items?$select=internal_note", "Items?$filter=" + qe("internal_note eq 'x'"), "Items?$orderby=uuid"} {
			r := e.get(t, u)
			r.mustStatus(t, 400)
			r.odataError(t)
		}
		for _, u := range []string{"log_lines", "all_titles", "items", "Items(1)/internal_note"} {
			r := e.get(t, u)
			if r.status != 404 && r.status != 400 {
				t.Errorf("%s: status %d, want 404", u, r.status)
			}
			r.odataError(t)
		}

		// The keyed table and the keyed view serve rows and entities by key.
		if ids := e.readAllIDs(t, "keyed_lines?$orderby=line_no", "line_no"); !equalInts(ids, []int64{1, 2}) {
			t.Errorf("keyed_lines: %v", ids)
		}
		if ent := e.get(t, "keyed_lines(2)").entity(t); ent["msg"] != "two" {
			t.Errorf("keyed_lines(2) = %v", ent)
		}
		if ids := e.readAllIDs(t, "ActiveItems?$orderby=id", "id"); !equalInts(ids, []int64{1, 3}) {
			t.Errorf("ActiveItems: %v", ids)
		}
		if ent := e.get(t, "ActiveItems(3)").entity(t); ent["title"] != "Gamma" {
			t.Errorf("ActiveItems(3) = %v", ent)
		}
		e.get(t, "ActiveItems(2)").mustStatus(t, 404)
	})
}

// With a naming convention, snake_case names become PascalCase; explicit
// renames still win.
func TestEngineNamingConvention(t *testing.T) {
	eachEngine(t, engineFixture{
		mysql:    []string{"CREATE TABLE order_lines (order_id INT NOT NULL, line_no INT NOT NULL, unit_price DECIMAL(10,2), PRIMARY KEY (order_id, line_no))", "INSERT INTO order_lines VALUES (7, 1, 9.50), (7, 2, 0.10)"},
		postgres: []string{"CREATE TABLE order_lines (order_id INT NOT NULL, line_no INT NOT NULL, unit_price NUMERIC(10,2), PRIMARY KEY (order_id, line_no))", "INSERT INTO order_lines VALUES (7, 1, 9.50), (7, 2, 0.10)"},
	}, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{Naming: schema.NamingPascal, TableOptions: map[string]schema.TableOptions{
			"order_lines": {Columns: map[string]schema.ColumnOptions{"unit_price": {Name: "Price"}}},
		}}, gateway.Config{})
		doc, _ := fetchMetadata(t, e)
		sameStrings(t, "sets", doc.sets(), []string{"OrderLines"})
		props, key := doc.props(t, "OrderLines")
		sameStrings(t, "key", key, []string{"OrderId", "LineNo"})
		if props["Price"] != "Edm.Decimal" || len(props) != 3 {
			t.Errorf("OrderLines properties %v", props)
		}
		ent := e.get(t, "OrderLines(OrderId=7,LineNo=2)").entity(t)
		if ent["Price"] != json.Number("0.10") {
			t.Errorf("OrderLines(7,2) = %v", ent)
		}
		c := e.get(t, "OrderLines?$filter="+qe("Price lt 1")).collection(t)
		if len(c.Value) != 1 {
			t.Errorf("Price lt 1: %d rows", len(c.Value))
		}
	})
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// PostgreSQL schemas: with several, entity sets are named schema_table;
// foreign keys across them become navigation properties; each set reads its
// own schema's table.
func TestPostgresSchemas(t *testing.T) {
	d := newPostgresDB(t, e2ePostgresDB,
		"CREATE SCHEMA sales",
		"CREATE TABLE public.customers (id INT PRIMARY KEY, name TEXT NOT NULL)",
		"CREATE TABLE sales.customers (id INT PRIMARY KEY, region TEXT NOT NULL)",
		"CREATE TABLE sales.orders (id INT PRIMARY KEY, customer_id INT NOT NULL REFERENCES public.customers(id))",
		"INSERT INTO public.customers VALUES (1, 'Ann'), (2, 'Bob')",
		"INSERT INTO sales.customers VALUES (7, 'north')",
		"INSERT INTO sales.orders VALUES (10, 1), (11, 2), (12, 1)")
	e := d.serve(t, schema.Options{Schemas: []string{"public", "sales"}}, gateway.Config{})
	doc, _ := fetchMetadata(t, e)
	want := []string{"public_customers", "sales_customers", "sales_orders"}
	sameStrings(t, "sets", doc.sets(), want)
	sameStrings(t, "service document", serviceSets(t, e), want)
	if ent := e.get(t, "public_customers(2)").entity(t); ent["name"] != "Bob" {
		t.Errorf("public_customers(2) = %v", ent)
	}
	if ent := e.get(t, "sales_customers(7)").entity(t); ent["region"] != "north" {
		t.Errorf("sales_customers(7) = %v", ent)
	}
	if ids := e.readAllIDs(t, "sales_orders?$filter="+qe("customer_id eq 1"), "id"); !equalInts(ids, []int64{10, 12}) {
		t.Errorf("sales_orders of customer 1: %v", ids)
	}
	x := string(e.get(t, "$metadata").body)
	if !strings.Contains(x, "<NavigationProperty") || !strings.Contains(x, `<ReferentialConstraint Property="customer_id" ReferencedProperty="id"`) {
		t.Errorf("no navigation across schemas in $metadata")
	}

	// Only public by default.
	e2 := d.serve(t, schema.Options{}, gateway.Config{})
	sameStrings(t, "default schema", serviceSets(t, e2), []string{"customers"})
}

// A configured key that the data does not make unique (a view) is a
// configuration fault: reading "the" entity must not silently pick one of
// several rows.
func TestEngineConfiguredKeyNotUnique(t *testing.T) {
	ddl := []string{
		"CREATE TABLE items (id INT PRIMARY KEY, grp INT NOT NULL, name VARCHAR(10) NOT NULL)",
		"INSERT INTO items VALUES (1, 7, 'a'), (2, 7, 'b'), (3, 8, 'c')",
		"CREATE VIEW by_group AS SELECT grp, name FROM items",
	}
	eachEngine(t, engineFixture{mysql: ddl, postgres: ddl}, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{TableOptions: map[string]schema.TableOptions{"by_group": {Key: []string{"grp"}}}}, gateway.Config{})
		if ent := e.get(t, "by_group(8)").entity(t); ent["name"] != "c" {
			t.Errorf("by_group(8) = %v", ent)
		}
		for _, u := range []string{"by_group(7)", "by_group(7)/name", "by_group(7)/name/$value"} {
			r := e.get(t, u)
			if r.status == 200 {
				t.Errorf("%s: 200 with one of two rows: %s", u, trunc(r.body))
				continue
			}
			oe := r.odataError(t)
			if !strings.Contains(oe.Error.Message, "more than one") {
				t.Errorf("%s: %d %s", u, r.status, oe.Error.Message)
			}
		}
	})
}
