package tests

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
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
