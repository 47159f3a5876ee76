package tests

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/cache"
	"odatagw/gateway"
)

// navEnv serves the write suites' database (the adapter suite's fixture:
// Categories, Products, OrderLines, Shipments) through a countingSource,
// with the response cache on.
type navEnv struct {
	*writesEnv
	cs *countingSource
}

// writableCounting counts the reads outside transactions and writes through src.
type writableCounting struct {
	*countingSource
	adapters.Writer
	adapters.TxBeginner
}

func eachNavEngine(t *testing.T, f func(t *testing.T, e *navEnv)) {
	eachWriteSource(t, func(t *testing.T, kind string, src *sqldb.Source, path string, db *sql.DB) {
		cs := &countingSource{Source: src}
		cfg := gateway.Config{Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}}
		e := newEnv(t, cfg, path, gateway.Service{Name: "w", Source: writableCounting{cs, src, src}, Writes: writesPolicy})
		if db != nil {
			e.db = db
		}
		f(t, &navEnv{writesEnv: &writesEnv{demoEnv: e, kind: kind}, cs: cs})
	})
}

// counted makes a request (the cache bypassed) and checks its status and
// the statements it ran.
func (e *navEnv) counted(t *testing.T, method, url string, status int, statements int64) *response {
	t.Helper()
	e.cs.reset()
	r := e.do(t, method, url, "Cache-Control", "no-store")
	if r.status != status {
		t.Fatalf("%s %s: status %d, want %d: %s", method, url, r.status, status, trunc(r.body))
	}
	if n := e.cs.statements(); n != statements {
		t.Errorf("%s %s: %d statements, want %d", method, url, n, statements)
	}
	return r
}

// ids are the integer prop of the rows of a collection response.
func ids(t *testing.T, r *response, prop string) []int64 {
	t.Helper()
	out := []int64{}
	for _, row := range r.object(t)["value"].([]any) {
		out = append(out, num(t, row.(map[string]any)[prop]))
	}
	return out
}

// Navigation paths of several hops over HTTP on SQLite, MariaDB and
// PostgreSQL: the same answers everywhere, each read in one statement
// (a second only to tell a missing entity on the way from an empty
// result), query options applied to the last set.
func TestNavigationPathsEngines(t *testing.T) {
	eachNavEngine(t, func(t *testing.T, e *navEnv) {
		get := func(url string, status int, statements int64) *response {
			return e.counted(t, http.MethodGet, url, status, statements)
		}
		same := func(what string, got, want []int64) {
			t.Helper()
			if !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", what, got, want)
			}
		}
		// Principal to dependent, a key after a collection-valued navigation property (both forms).
		same("lines of product 3 of category 1", ids(t, get("Categories(1)/Products(3)/OrderLines", 200, 1), "OrderID"), []int64{100})
		same("key as segment", ids(t, get("Categories(1)/Products/3/OrderLines", 200, 1), "OrderID"), []int64{100})
		same("shipments", ids(t, get("Categories(1)/Products(1)/OrderLines(OrderID=100,ProductID=1)/Shipments?$orderby=ShipmentID%20desc", 200, 1), "ShipmentID"), []int64{2, 1})
		// Dependent to principal and back, with the query options on the last set.
		r := get("Shipments(4)/OrderLines/Product/Category/Products?$filter=Price%20gt%201&$orderby=Price%20desc&$select=ProductID,Name&$count=true", 200, 2)
		same("products of the category of shipment 4", ids(t, r, "ProductID"), []int64{8})
		if c := r.object(t); num(t, c["@odata.count"]) != 1 || c["@odata.context"] != e.root+"$metadata#Products(ProductID,Name)" {
			t.Errorf("count/context: %s", r.body)
		}
		r = get("Categories(1)/Products(2)/Category/Products?$top=2&$expand=OrderLines($select=Quantity)", 200, 2)
		same("expanded", ids(t, r, "ProductID"), []int64{1, 2})
		if rows := r.object(t)["value"].([]any); len(rows[0].(map[string]any)["OrderLines"].([]any)) != 2 {
			t.Errorf("order lines of product 1: %s", r.body)
		}
		all := e.readAllIDs(t, "Shipments(4)/OrderLines/Product/Category/Products?$orderby=ProductID%20desc", "ProductID", "Prefer", "odata.maxpagesize=1")
		same("paged", all, []int64{8, 7})
		// Single-valued targets, their properties and raw values.
		if c := get("OrderLines(OrderID=101,ProductID=8)/Product/Category", 200, 1).object(t); c["Name"] != "Produce" ||
			c["@odata.context"] != e.root+"$metadata#Categories/$entity" {
			t.Errorf("category of line (101,8): %v", c)
		}
		if c := get("OrderLines(OrderID=101,ProductID=8)/Product/Category/Name", 200, 1).object(t); c["value"] != "Produce" ||
			c["@odata.context"] != e.root+"$metadata#Categories(3)/Name" {
			t.Errorf("name of the category of line (101,8): %v", c)
		}
		if b := string(get("OrderLines(OrderID=101,ProductID=8)/Product/Category/Name/$value", 200, 1).body); b != "Produce" {
			t.Errorf("$value %q", b)
		}
		get("Products(6)/Category/Name", 404, 1)
		// $count at the end of any collection path.
		if b := string(get("Categories(1)/Products(1)/OrderLines/$count", 200, 1).body); b != "2" {
			t.Errorf("$count %s", b)
		}
		if b := string(get("Categories(4)/Products/$count", 200, 2).body); b != "0" {
			t.Errorf("empty $count %s", b)
		}
		if b := string(get("Products(1)/Category/Products/$count?$filter=Discontinued", 200, 1).body); b != "1" {
			t.Errorf("filtered $count %s", b)
		}
		// $apply and $compute on a path (an aggregate of nothing is a row: the parent is read first).
		r = get("Categories(1)/Products?$apply=aggregate(Stock%20with%20sum%20as%20S)", 200, 2)
		if v := r.object(t)["value"].([]any); len(v) != 1 || num(t, v[0].(map[string]any)["S"]) != 56 {
			t.Errorf("sum of the stock of category 1: %s", r.body)
		}
		get("Categories(9)/Products?$apply=aggregate(Stock%20with%20sum%20as%20S)", 404, 1)
		r = get("Categories(1)/Products(2)/Category/Products?$compute=Stock%20mul%202%20as%20S2&$select=ProductID,S2&$filter=S2%20gt%2070", 200, 1)
		same("computed", ids(t, r, "ProductID"), []int64{1})
		// Nothing on the way: 404; an existing parent with nothing related: empty, 0 or 204.
		get("Categories(1)/Products(8)/OrderLines", 404, 2)
		get("Categories(2)/Products(1)", 404, 1)
		get("Categories(9)/Products/$count", 404, 2)
		get("Products(6)/Category/Products", 404, 2)
		get("Products(99)/Category", 404, 2)
		get("Products(6)/Category", 204, 2)
		same("no shipments", ids(t, get("Categories(1)/Products(1)/OrderLines(OrderID=101,ProductID=1)/Shipments", 200, 2), "ShipmentID"), []int64{})
		// Different parents, different answers, also from the cache.
		for _, c := range []struct {
			url, prop string
			want      []int64
		}{{"Categories(1)/Products", "ProductID", []int64{1, 2, 3}}, {"Categories(2)/Products", "ProductID", []int64{4, 5}},
			{"Categories(1)/Products(1)/OrderLines", "OrderID", []int64{100, 101}}, {"Categories(1)/Products(3)/OrderLines", "OrderID", []int64{100}}} {
			for range 2 {
				same("cached "+c.url, ids(t, e.get(t, c.url).mustStatus(t, 200), c.prop), c.want)
			}
		}
	})
}

// The paths the demo README shows.
func TestNavigationPathsDemo(t *testing.T) {
	e, cs := newCountingDemoEnv(t)
	var want []int64
	want = queryInts(t, e.db, "SELECT ProductID FROM Order_Details WHERE OrderID = 10248 ORDER BY ProductID")
	cust := queryStrings(t, e.db, "SELECT CustomerID FROM Orders WHERE OrderID = 10248")[0]
	cs.reset()
	r := e.get(t, "Customers('"+cust+"')/Orders(10248)/Order_Details?$select=ProductID").mustStatus(t, 200)
	var c struct {
		Value []struct{ ProductID int64 } `json:"value"`
	}
	if err := json.Unmarshal(r.body, &c); err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, v := range c.Value {
		got = append(got, v.ProductID)
	}
	if !slices.Equal(got, want) || cs.statements() != 1 {
		t.Errorf("lines %v, want %v (%d statements)", got, want, cs.statements())
	}
	e.get(t, "Customers('ALFKI')/Orders(10248)/Order_Details").mustStatus(t, 404)
	n := queryInts(t, e.db, "SELECT COUNT(*) FROM Orders WHERE CustomerID = (SELECT CustomerID FROM Orders WHERE OrderID = 10248)")[0]
	if b := string(e.get(t, "Orders(10248)/Customer/Orders/$count").mustStatus(t, 200).body); b != fmt.Sprint(n) {
		t.Errorf("orders of the customer of 10248: %s, want %d", b, n)
	}
	if c := e.get(t, fmt.Sprintf("Order_Details(OrderID=10248,ProductID=%d)/Order/Customer?$select=CustomerID", want[0])).mustStatus(t, 200).object(t); c["CustomerID"] != cust {
		t.Errorf("customer of the line: %v, want %s", c, cust)
	}
}

// refIDs are the @odata.id of a collection of references, relative to the service root.
func (e *navEnv) refIDs(t *testing.T, r *response) []string {
	t.Helper()
	c := r.object(t)
	if c["@odata.context"] != e.root+"$metadata#Collection($ref)" {
		t.Errorf("context %v", c["@odata.context"])
	}
	out := []string{}
	for _, v := range c["value"].([]any) {
		m := v.(map[string]any)
		if len(m) != 1 {
			t.Errorf("a reference has only @odata.id: %v", m)
		}
		out = append(out, strings.TrimPrefix(m["@odata.id"].(string), e.root))
	}
	return out
}

// $ref at the end of a path: references instead of entities, with the
// options that apply to references, in one statement.
func TestNavigationRefsEngines(t *testing.T) {
	eachNavEngine(t, func(t *testing.T, e *navEnv) {
		get := func(url string, status int, statements int64) *response {
			return e.counted(t, http.MethodGet, url, status, statements)
		}
		same := func(what string, got, want []string) {
			t.Helper()
			if !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", what, got, want)
			}
		}
		r := get("Categories(1)/Products/$ref?$orderby=ProductID%20desc&$top=2&$count=true", 200, 2)
		same("products of category 1", e.refIDs(t, r), []string{"Products(3)", "Products(2)"})
		if n := num(t, r.object(t)["@odata.count"]); n != 3 {
			t.Errorf("@odata.count %d", n)
		}
		same("composite keys", e.refIDs(t, get("Products(1)/OrderLines/$ref", 200, 1)),
			[]string{"OrderLines(OrderID=100,ProductID=1)", "OrderLines(OrderID=101,ProductID=1)"})
		same("filtered", e.refIDs(t, get("Shipments/$ref?$filter=Shipped%20eq%20true", 200, 1)), []string{"Shipments(1)", "Shipments(3)"})
		// Server-driven paging of references.
		var all []string
		for u := "Shipments/$ref"; u != ""; {
			r := e.get(t, u, "Prefer", "odata.maxpagesize=3").mustStatus(t, 200)
			all = append(all, e.refIDs(t, r)...)
			u, _ = r.object(t)["@odata.nextLink"].(string)
		}
		same("paged", all, []string{"Shipments(1)", "Shipments(2)", "Shipments(3)", "Shipments(4)"})
		// One reference.
		for url, want := range map[string]string{
			"OrderLines(OrderID=101,ProductID=8)/Product/Category/$ref": "Categories(3)",
			"Products(1)/$ref":               "Products(1)",
			"Categories(1)/Products(2)/$ref": "Products(2)",
		} {
			c := get(url, 200, 1).object(t)
			if c["@odata.context"] != e.root+"$metadata#$ref" || c["@odata.id"] != e.root+want || len(c) != 2 {
				t.Errorf("%s: %v, want %s", url, c, want)
			}
		}
		get("Products(6)/Category/$ref", 204, 2)
		get("Products(99)/Category/$ref", 404, 2)
		get("Categories(2)/Products(1)/$ref", 404, 1)
		get("Products/$ref?$select=Name", 400, 0)
		get("Products/$ref?$expand=Category", 400, 0)
	})
}

// dbInt reads one integer (or -1 for null, -2 for no row) from the fixture database.
func (e *navEnv) dbInt(t *testing.T, query string) int64 {
	t.Helper()
	var v sql.NullInt64
	if err := e.db.QueryRow(query).Scan(&v); err != nil {
		if err == sql.ErrNoRows {
			return -2
		}
		t.Fatal(err)
	}
	if !v.Valid {
		return -1
	}
	return v.Int64
}

// Writes through navigation paths and of references, on the three engines:
// the foreign key set from the parent or the reference, every check of an
// update (404 off the path, If-Match, writes policy), the cache dropped.
func TestNavigationWritesEngines(t *testing.T) {
	eachNavEngine(t, func(t *testing.T, e *navEnv) {
		q := func(c string) string { // the engine's identifier quote
			return map[string]string{"mysql": "`"}[e.kind] + c + map[string]string{"mysql": "`"}[e.kind]
		}
		if e.kind != "mysql" {
			q = func(c string) string { return `"` + c + `"` }
		}
		categoryOf := func(product int) int64 {
			return e.dbInt(t, "SELECT "+q("CategoryID")+" FROM "+q("Products")+" WHERE "+q("ProductID")+" = "+fmt.Sprint(product))
		}
		// POST to a collection-valued navigation property.
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":50,"Name":"Nav made","Discontinued":false}`).mustStatus(t, 201)
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":51,"Name":"Same key","Discontinued":false,"CategoryID":2}`).mustStatus(t, 201)
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":52,"Name":"Other","Discontinued":false,"CategoryID":3}`).wantError(t, 400, "", "CategoryID")
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":54,"Name":"Bound","Discontinued":false,"Category@odata.bind":"Categories(2)"}`).wantError(t, 400, "", "Category@odata.bind")
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":55,"Name":"Deep","Discontinued":false,"Category":{"CategoryID":7,"Name":"New"}}`).wantError(t, 400, "", "Category")
		e.send(t, "POST", "Categories(9)/Products", `{"ProductID":53,"Name":"Orphan","Discontinued":false}`).wantError(t, 404, "", "")
		e.send(t, "POST", "Categories(1)/Products(2)/OrderLines", `{"OrderID":200,"Quantity":3}`).mustStatus(t, 201)
		e.send(t, "POST", "Categories(2)/Products(2)/OrderLines", `{"OrderID":201,"Quantity":3}`).wantError(t, 404, "", "")
		if categoryOf(50) != 2 || categoryOf(51) != 2 || categoryOf(52) != -2 || categoryOf(53) != -2 || categoryOf(54) != -2 || categoryOf(55) != -2 ||
			e.dbInt(t, "SELECT "+q("ProductID")+" FROM "+q("OrderLines")+" WHERE "+q("OrderID")+" = 200") != 2 ||
			e.dbInt(t, "SELECT COUNT(*) FROM "+q("OrderLines")+" WHERE "+q("OrderID")+" = 201") != 0 {
			t.Fatal("POST to navigation paths: wrong rows")
		}
		// Entities, properties reached along a path: changed where the path leads, 404 elsewhere.
		e.send(t, "PATCH", "Categories(1)/Products(2)", `{"Stock":99}`).mustStatus(t, 204)
		e.send(t, "PATCH", "Categories(2)/Products(1)", `{"Stock":98}`).wantError(t, 404, "", "")
		e.send(t, "PUT", "Products(2)/Category/Description", `{"value":"changed"}`).mustStatus(t, 204)
		e.send(t, "DELETE", "Categories(2)/Products(51)", "").mustStatus(t, 204)
		if e.dbInt(t, "SELECT "+q("Stock")+" FROM "+q("Products")+" WHERE "+q("ProductID")+" = 2") != 99 ||
			e.dbInt(t, "SELECT "+q("Stock")+" FROM "+q("Products")+" WHERE "+q("ProductID")+" = 1") != 39 || categoryOf(51) != -2 ||
			e.dbInt(t, "SELECT COUNT(*) FROM "+q("Categories")+" WHERE "+q("Description")+" = 'changed' AND "+q("CategoryID")+" = 1") != 1 {
			t.Fatal("writes through navigation paths: wrong rows")
		}

		// References of a single-valued navigation property: the product's foreign key.
		ref := func(url string) string {
			r := e.get(t, url)
			if r.status == 204 {
				return "null"
			}
			return strings.TrimPrefix(r.mustStatus(t, 200).object(t)["@odata.id"].(string), e.root)
		}
		if got := ref("Products(6)/Category/$ref"); got != "null" { // cached now
			t.Fatalf("product 6 has category %s", got)
		}
		r := e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"Categories(4)"}`).mustStatus(t, 204)
		if r.header.Get("ETag") == "" || categoryOf(6) != 4 || ref("Products(6)/Category/$ref") != "Categories(4)" {
			t.Fatalf("PUT $ref: category %d, read %s, ETag %q", categoryOf(6), ref("Products(6)/Category/$ref"), r.header.Get("ETag"))
		}
		e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"`+e.root+`Categories(3)"}`, "If-Match", `W/"stale"`).wantError(t, 412, "", "")
		e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"`+e.root+`Categories(3)"}`, "If-Match", r.header.Get("ETag")).mustStatus(t, 204)
		e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"Categories(99)"}`).wantError(t, 400, "", "")
		e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"Products(1)"}`).wantError(t, 400, "", "")
		if categoryOf(6) != 3 {
			t.Fatalf("product 6: category %d, want 3", categoryOf(6))
		}
		e.send(t, "DELETE", "Products(6)/Category/$ref", "").mustStatus(t, 204)
		if categoryOf(6) != -1 || ref("Products(6)/Category/$ref") != "null" {
			t.Fatalf("DELETE $ref: category %d", categoryOf(6))
		}
		// The foreign key is part of the line's key: it cannot change.
		e.send(t, "PUT", "OrderLines(OrderID=100,ProductID=1)/Product/$ref", `{"@odata.id":"Products(2)"}`).wantError(t, 400, "", "ProductID")
		// Shipments are read-only: their references too.
		r = e.send(t, "PUT", "Shipments(1)/OrderLines/$ref", `{"@odata.id":"OrderLines(OrderID=100,ProductID=3)"}`).mustStatus(t, 405)
		if a := r.header.Get("Allow"); a != "GET, HEAD" {
			t.Errorf("Allow %q", a)
		}

		// References of a collection-valued navigation property: the related entities' foreign key.
		before := e.refIDs(t, e.get(t, "Categories(4)/Products/$ref").mustStatus(t, 200)) // cached now
		e.send(t, "POST", "Categories(4)/Products/$ref", `{"@odata.id":"Products(7)"}`).mustStatus(t, 204)
		after := e.refIDs(t, e.get(t, "Categories(4)/Products/$ref").mustStatus(t, 200))
		if len(before) != 0 || !slices.Equal(after, []string{"Products(7)"}) || categoryOf(7) != 4 {
			t.Fatalf("POST $ref: before %v, after %v", before, after)
		}
		e.send(t, "POST", "Categories(4)/Products/$ref", `{"@odata.id":"Products(99)"}`).wantError(t, 400, "", "")
		e.send(t, "DELETE", "Categories(3)/Products/$ref?$id=Products(7)", "").wantError(t, 404, "", "")
		e.send(t, "DELETE", "Categories(4)/Products/$ref?$id="+e.root+"Products(7)", "").mustStatus(t, 204)
		e.send(t, "DELETE", "Categories(4)/Products(7)/$ref", "").wantError(t, 404, "", "")
		e.send(t, "DELETE", "Categories(3)/Products(8)/$ref", "").mustStatus(t, 204)
		e.send(t, "DELETE", "Categories(3)/Products/$ref", "").wantError(t, 400, "", "")
		if categoryOf(7) != -1 || categoryOf(8) != -1 {
			t.Fatalf("DELETE $ref: categories %d, %d", categoryOf(7), categoryOf(8))
		}
		r = e.send(t, "POST", "Products(1)/Category/$ref", `{"@odata.id":"Categories(1)"}`).mustStatus(t, 405)
		if a := r.header.Get("Allow"); a != "GET, HEAD, PUT, DELETE" {
			t.Errorf("Allow %q", a)
		}
		r = e.send(t, "PATCH", "Categories(1)/Products", `{}`).mustStatus(t, 405)
		if a := r.header.Get("Allow"); a != "GET, HEAD, POST" {
			t.Errorf("Allow %q", a)
		}
	})
}

// One-to-one (the dependent's key is the foreign key): paths across the
// single-valued principal side, and its references, which the dependent
// holds, cannot be written from the principal (501).
func TestNavigationOneToOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "o2o.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)",
		"CREATE TABLE passports (person_id INTEGER PRIMARY KEY REFERENCES people(id), number VARCHAR(20) NOT NULL)",
		"INSERT INTO people VALUES (1, 'Ann'), (2, 'Bob')",
		"INSERT INTO passports VALUES (1, 'P-1')",
	} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	src, err := sqlite.Open(context.Background(), path, schema.Options{Namespace: "o"}, sqldb.Config{Name: "o", QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	cs := &countingSource{Source: src}
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := newEnv(t, gateway.Config{}, path, gateway.Service{Name: "o", Source: writableCounting{cs, src, src}, Writes: gateway.WritePolicy{Default: all}})
	get := func(url string, status int, statements int64) *response {
		t.Helper()
		cs.reset()
		r := e.get(t, url)
		if r.status != status || cs.statements() != statements {
			t.Fatalf("%s: %d in %d statements, want %d in %d: %s", url, r.status, cs.statements(), status, statements, trunc(r.body))
		}
		return r
	}
	if c := get("people(1)/passports/person/passports/number/$value", 200, 1); string(c.body) != "P-1" {
		t.Errorf("number %s", c.body)
	}
	if c := get("passports(1)/person/passports/person", 200, 1).object(t); c["name"] != "Ann" {
		t.Errorf("person %v", c)
	}
	get("people(2)/passports", 204, 2)
	get("people(2)/passports/person", 404, 2)
	if c := get("people(1)/passports/$ref", 200, 1).object(t); c["@odata.id"] != e.root+"passports(1)" {
		t.Errorf("ref %v", c)
	}
	w := &writesEnv{demoEnv: e, kind: "sqlite"}
	w.send(t, "PUT", "people(2)/passports/$ref", `{"@odata.id":"passports(1)"}`).wantError(t, 501, "", "")
	w.send(t, "DELETE", "people(1)/passports/$ref", "").wantError(t, 501, "", "")
	// The key of a passport is its foreign key: the reference cannot move.
	w.send(t, "PUT", "passports(1)/person/$ref", `{"@odata.id":"people(2)"}`).wantError(t, 400, "", "person_id")
	if r := w.send(t, "POST", "people(1)/passports/$ref", `{}`); r.status != 405 || r.header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST on a single-valued principal side's reference: %d, Allow %q", r.status, r.header.Get("Allow"))
	}
}
