package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"odatagw/gateway"
	"odatagw/metadata/csdltest"
)

func TestServiceDocumentAndMetadata(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	var doc struct {
		Context string `json:"@odata.context"`
		Value   []struct{ Name, Kind, URL string }
	}
	r := e.get(t, "").mustStatus(t, 200)
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, v := range doc.Value {
		if v.Kind != "EntitySet" || v.URL != v.Name {
			t.Errorf("service document entry %+v", v)
		}
		names[v.Name] = true
	}
	for _, want := range []string{"Categories", "Customers", "Employees", "Order_Details", "Orders", "Products", "Suppliers"} {
		if !names[want] {
			t.Errorf("service document lacks %s: %s", want, r.body)
		}
	}
	if doc.Context != e.root+"$metadata" {
		t.Errorf("context %q", doc.Context)
	}
	// The service root without trailing slash answers the same.
	e.get(t, strings.TrimSuffix(e.root, "/")).mustStatus(t, 200)

	x := e.get(t, "$metadata").mustStatus(t, 200)
	if ct := x.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		t.Fatalf("metadata content type %q", ct)
	}
	csdltest.ValidateXML(t, x.body)
	// Power Query's Accept header prefers JSON but $metadata must still be XML.
	pq := e.get(t, "$metadata", "Accept", powerQueryAccept).mustStatus(t, 200)
	if !strings.HasPrefix(pq.header.Get("Content-Type"), "application/xml") {
		t.Fatalf("Power Query got %q for $metadata", pq.header.Get("Content-Type"))
	}
	j := e.get(t, "$metadata?$format=json").mustStatus(t, 200)
	csdltest.ValidateJSON(t, j.body)
	for _, frag := range []string{`<PropertyRef Name="OrderID"/>`, `<PropertyRef Name="ProductID"/>`, `Type="Edm.Decimal"`, `Type="Edm.DateTimeOffset"`, `<NavigationProperty`, `<ReferentialConstraint`} {
		if !strings.Contains(strings.ReplaceAll(string(x.body), " />", "/>"), frag) {
			t.Errorf("metadata lacks %s", frag)
		}
	}
}

const powerQueryAccept = "application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7"

func TestReadCollection(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	c := e.get(t, "Orders?$top=3").collection(t)
	rows := c.rows(t)
	if len(rows) != 3 || c.NextLink != "" {
		t.Fatalf("got %d rows, nextLink %q", len(rows), c.NextLink)
	}
	for i, r := range rows {
		if r["OrderID"] != json.Number(fmt.Sprint(10248+i)) {
			t.Errorf("row %d OrderID = %v", i, r["OrderID"])
		}
	}
	if c.Context != e.root+"$metadata#Orders" {
		t.Errorf("context %q", c.Context)
	}

	// $select narrows the properties and the context URL says so.
	c = e.get(t, "Orders?$select=OrderID,Freight&$top=2").collection(t)
	if c.Context != e.root+"$metadata#Orders(OrderID,Freight)" {
		t.Errorf("context %q", c.Context)
	}
	for _, r := range c.rows(t) {
		if len(r) != 2 || r["Freight"] == nil {
			t.Errorf("selected row %v", r)
		}
	}
}

func TestFilterMatchesSQL(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	cases := []struct{ filter, where string }{
		{"ShipCountry eq 'Germany'", "ShipCountry = 'Germany'"},
		{"Freight gt 100 and ShipCountry ne 'USA'", "Freight > 100 AND (ShipCountry IS NULL OR ShipCountry <> 'USA')"},
		{"ShippedDate eq null", "ShippedDate IS NULL"},
		{"ShippedDate ne null and Freight lt 5", "ShippedDate IS NOT NULL AND Freight < 5"},
		{"CustomerID in ('ALFKI','BONAP') or EmployeeID eq 3", "CustomerID IN ('ALFKI','BONAP') OR EmployeeID = 3"},
		{"year(OrderDate) eq 2023 and month(OrderDate) le 2", "strftime('%Y', OrderDate) = '2023' AND CAST(strftime('%m', OrderDate) AS INTEGER) <= 2"},
		{"not (Freight lt 50)", "NOT (Freight < 50)"},
		{"Freight add 10 gt 200", "Freight + 10 > 200"},
		{"startswith(ShipName,'A')", "substr(ShipName,1,1) = 'A'"},
	}
	for _, tc := range cases {
		t.Run(tc.filter, func(t *testing.T) {
			want := queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE "+tc.where+" ORDER BY OrderID")
			got := e.readAllIDs(t, "Orders?$select=OrderID&$filter="+url.QueryEscape(tc.filter), "OrderID")
			if len(want) == 0 {
				t.Fatalf("case selects nothing: useless")
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("got %d ids, want %d\n got %v\nwant %v", len(got), len(want), head(got), head(want))
			}
		})
	}
}

func head(v []int64) []int64 {
	if len(v) > 10 {
		return v[:10]
	}
	return v
}

// readAllIDs follows nextLinks and collects the integer property prop.
func (e *demoEnv) readAllIDs(t testing.TB, u, prop string, headers ...string) []int64 {
	t.Helper()
	var out []int64
	seenLinks := map[string]bool{}
	for u != "" {
		if seenLinks[u] {
			t.Fatalf("nextLink loop at %s", u)
		}
		seenLinks[u] = true
		c := e.get(t, u, headers...).collection(t)
		for _, r := range c.rows(t) {
			n, err := r[prop].(json.Number).Int64()
			if err != nil {
				t.Fatalf("%s = %v", prop, r[prop])
			}
			out = append(out, n)
		}
		u = c.NextLink
	}
	return out
}

func TestEntityPropertyValueCount(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	var o map[string]any
	r := e.get(t, "Orders(10250)").mustStatus(t, 200)
	if err := json.Unmarshal(r.body, &o); err != nil {
		t.Fatal(err)
	}
	if o["@odata.context"] != e.root+"$metadata#Orders/$entity" || o["OrderID"] != float64(10250) {
		t.Fatalf("entity %s", r.body)
	}
	e.get(t, "Orders(1)").mustStatus(t, 404).odataError(t)

	// Composite key, named, in either order.
	ids := queryInts(t, e.db, "SELECT ProductID FROM Order_Details WHERE OrderID = 10250 ORDER BY ProductID LIMIT 1")
	for _, u := range []string{
		fmt.Sprintf("Order_Details(OrderID=10250,ProductID=%d)", ids[0]),
		fmt.Sprintf("Order_Details(ProductID=%d,OrderID=10250)", ids[0]),
	} {
		e.get(t, u).mustStatus(t, 200)
	}
	e.get(t, "Order_Details(10250)").mustStatus(t, 400).odataError(t)

	// String key, property, raw value.
	var cust string
	if err := e.db.QueryRow("SELECT CustomerID FROM Customers ORDER BY CustomerID LIMIT 1").Scan(&cust); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := e.db.QueryRow("SELECT CompanyName FROM Customers WHERE CustomerID = ?", cust).Scan(&name); err != nil {
		t.Fatal(err)
	}
	p := e.get(t, "Customers('"+cust+"')/CompanyName").mustStatus(t, 200)
	var pv struct {
		Context string `json:"@odata.context"`
		Value   string `json:"value"`
	}
	if err := json.Unmarshal(p.body, &pv); err != nil || pv.Value != name {
		t.Fatalf("property %s (%v)", p.body, err)
	}
	v := e.get(t, "Customers('"+cust+"')/CompanyName/$value").mustStatus(t, 200)
	if string(v.body) != name || !strings.HasPrefix(v.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("$value %q %q", v.body, v.header.Get("Content-Type"))
	}

	// $count honours $filter and ignores $top.
	want := queryInts(t, e.db, "SELECT COUNT(*) FROM Orders WHERE ShipCountry = 'France'")[0]
	c := e.get(t, "Orders/$count?$filter=ShipCountry%20eq%20'France'&$top=1").mustStatus(t, 200)
	if string(c.body) != fmt.Sprint(want) {
		t.Fatalf("$count = %s, want %d", c.body, want)
	}
	// @odata.count agrees.
	col := e.get(t, "Orders?$filter=ShipCountry%20eq%20'France'&$count=true&$top=1").collection(t)
	if col.Count == nil || *col.Count != want {
		t.Fatalf("@odata.count = %v, want %d", col.Count, want)
	}
}

func TestNullPropertyIs204(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	ids := queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE ShippedDate IS NULL LIMIT 1")
	r := e.get(t, fmt.Sprintf("Orders(%d)/ShippedDate", ids[0]))
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("status %d body %q", r.status, r.body)
	}
}
