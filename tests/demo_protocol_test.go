package tests

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"odatagw/gateway"
)

// Power Query's headers get JSON, exactly one OData-Version, and gzip.
func TestPowerQueryHeaders(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	r := e.get(t, "Customers?$filter=ContactTitle%20eq%20'Sales%20Representative'&$select=CustomerID,Country",
		"User-Agent", "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)",
		"OData-MaxVersion", "4.0", "MaxDataServiceVersion", "3.0",
		"Accept-Encoding", "gzip, deflate", "Accept", powerQueryAccept)
	c := r.collection(t)
	if got := r.header.Values("OData-Version"); len(got) != 1 || got[0] != "4.0" {
		t.Fatalf("OData-Version headers %q", got)
	}
	if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json;odata.metadata=minimal") {
		t.Fatalf("content type %q", r.header.Get("Content-Type"))
	}
	if r.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("not compressed")
	}
	want := queryInts(t, e.db, "SELECT COUNT(*) FROM Customers WHERE ContactTitle = 'Sales Representative'")[0]
	if int64(len(c.Value)) != want || want == 0 {
		t.Fatalf("%d rows, want %d", len(c.Value), want)
	}
}

// Salesforce Connect's default search form and its $search form.
func TestSalesforceSearchForms(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	var term string
	if err := e.db.QueryRow("SELECT substr(CompanyName, 1, 4) FROM Suppliers ORDER BY SupplierID LIMIT 1").Scan(&term); err != nil {
		t.Fatal(err)
	}
	want := queryInts(t, e.db, "SELECT COUNT(*) FROM Suppliers WHERE instr(CompanyName, ?) > 0 OR instr(Phone, ?) > 0", term, term)[0]
	c := e.get(t, "Suppliers?$filter=contains(CompanyName,'"+term+"')%20eq%20true%20or%20contains(Phone,'"+term+"')%20eq%20true&$count=true&$top=25").collection(t)
	if c.Count == nil || *c.Count != want || want == 0 {
		t.Fatalf("contains eq true: count %v, want %d", c.Count, want)
	}
	// $search is case-insensitive over the string columns.
	s := e.get(t, "Suppliers?$search="+strings.ToLower(term)+"&$top=25&$count=true").collection(t)
	if s.Count == nil || *s.Count < want {
		t.Fatalf("$search: count %v, want at least %d", s.Count, want)
	}
	e.get(t, "Suppliers?$select=SupplierID&$count=true&$top=26").collection(t)
	e.get(t, "Suppliers?$select=SupplierID&$count=false&$top=26").collection(t)
}

func TestMetadataLevelsAndIEEE754(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	full := e.get(t, "Orders?$top=1", "Accept", "application/json;odata.metadata=full").collection(t).rows(t)[0]
	if full["@odata.id"] != json.Number("") && !strings.HasSuffix(full["@odata.id"].(string), "/odata/demo/Orders(10248)") {
		t.Errorf("@odata.id = %v", full["@odata.id"])
	}
	if full["@odata.type"] != "#demo.Orders" || full["Freight@odata.type"] != "#Decimal" || full["OrderDate@odata.type"] != "#DateTimeOffset" {
		t.Errorf("full metadata row %v", full)
	}
	none := e.get(t, "Orders?$top=1&$format=application/json;odata.metadata=none")
	var m map[string]any
	if err := json.Unmarshal(none.body, &m); err != nil || m["@odata.context"] != nil {
		t.Errorf("metadata=none still has context: %s", none.body)
	}
	ieee := e.get(t, "Order_Details?$top=1&$select=UnitPrice,OrderID", "Accept", "application/json;IEEE754Compatible=true").collection(t).rows(t)[0]
	if _, ok := ieee["UnitPrice"].(string); !ok {
		t.Errorf("IEEE754Compatible decimal not a string: %v", ieee)
	}
}

// Bad requests get clear OData errors with the right status, never a 500,
// and never SQL text.
func TestClientErrors(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	cases := []struct {
		name, url string
		headers   []string
		status    int
		contains  string
	}{
		{"syntax", "Orders?$filter=Freight%20gt", nil, 400, "$filter"},
		{"unknown property", "Orders?$filter=Nope%20eq%201", nil, 400, "Nope"},
		{"unknown set", "Nopes", nil, 404, "Nopes"},
		{"unknown service", "http://HOST/odata/nope/Orders", nil, 404, "nope"},
		{"type mismatch", "Orders?$filter=ShipCountry%20add%201%20eq%202", nil, 400, "add"},
		{"bad key type", "Orders('x')", nil, 400, ""},
		{"unknown select", "Orders?$select=Nope", nil, 400, "Nope"},
		{"bad top", "Orders?$top=-1", nil, 400, "$top"},
		{"bad count", "Orders?$count=yes", nil, 400, "$count"},
		{"duplicate option", "Orders?$top=1&$top=2", nil, 400, "$top"},
		{"atom format", "Orders?$format=atom", nil, 406, ""},
		{"xml accept", "Orders", []string{"Accept", "application/atom+xml"}, 406, ""},
		{"old client", "Orders", []string{"OData-MaxVersion", "3.0"}, 400, "OData-MaxVersion"},
		{"expand star ref (not yet)", "Orders?$expand=*/$ref", nil, 501, "$ref"},
		{"expand of a property", "Orders?$expand=Freight", nil, 400, "Freight"},
		{"apply concat of entities and aggregates (not served)", "Orders?$apply=concat(top(2),aggregate($count%20as%20M))", nil, 501, "concat"},
		{"property of a collection-valued navigation property", "Orders(10248)/Customer/Orders/Freight", nil, 400, "Freight"},
		{"key on a single-valued navigation property", "Orders(10248)/Customer('X')", nil, 400, "single-valued"},
		{"count after single-valued navigation", "Orders(10248)/Customer/$count", nil, 400, "$count"},
		{"value of entity", "Orders(10248)/$value", nil, 400, ""},
		{"GET $batch", "$batch", nil, 405, "POST"},
		{"options on $metadata", "$metadata?$filter=x", nil, 400, ""},
		{"url too long", "Orders?$filter=ShipCity%20eq%20'" + strings.Repeat("x", 41000) + "'", nil, 414, ""},
		{"option too long", "Orders?$filter=ShipCity%20in%20(" + strings.Repeat("'x',", 9000) + "'y')", []string{}, 400, ""},
		{"bad percent", "Orders?$filter=ShipCity%20eq%20'%ZZ'", nil, 400, ""},
		{"unterminated string", "Orders?$filter=ShipCity%20eq%20'abc", nil, 400, ""},
		{"deep nesting", "Orders?$filter=" + strings.Repeat("(", 5000) + "true" + strings.Repeat(")", 5000), nil, 400, ""},
		{"huge int", "Orders?$filter=OrderID%20eq%20999999999999999999999999999999", nil, 200, ""},
		{"not boolean filter", "Orders?$filter=Freight", nil, 400, ""},
		{"function arity", "Orders?$filter=contains(ShipCity)", nil, 400, "contains"},
		{"unknown function", "Orders?$filter=frobnicate(ShipCity)", nil, 400, "frobnicate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := strings.Replace(tc.url, "http://HOST", e.srv.URL, 1)
			r := e.get(t, u, tc.headers...)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, trunc(r.body))
			}
			if tc.status == 200 {
				return
			}
			oe := r.odataError(t)
			msg := oe.Error.Message + " " + oe.Error.Target
			if tc.contains != "" && !strings.Contains(msg, tc.contains) {
				t.Errorf("error %q does not mention %q", msg, tc.contains)
			}
			for _, leak := range []string{"SELECT", "sqlite", "FROM \"", "goroutine", ".go:"} {
				if strings.Contains(string(r.body), leak) {
					t.Errorf("error leaks %q: %s", leak, r.body)
				}
			}
			if r.header.Get("X-Request-ID") == "" {
				t.Errorf("no X-Request-ID")
			}
		})
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	r := e.get(t, "Orders?$filter=Freight%20gt%2010%20and%20(ShipCity%20eq%20'x'")
	oe := r.mustStatus(t, 400).odataError(t)
	if oe.Error.Target != "$filter" || oe.Error.Position == nil {
		t.Fatalf("error %+v", oe.Error)
	}
	if p := *oe.Error.Position; p < 20 || p > 40 {
		t.Fatalf("position %d does not point at the unclosed group", p)
	}
}

func TestMethodsAndHead(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		r := e.do(t, m, "Orders")
		if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") == "" {
			t.Errorf("%s: status %d, Allow %q", m, r.status, r.header.Get("Allow"))
		}
	}
	// OPTIONS says what may be done, without doing it.
	for u, want := range map[string]int{"Orders": 204, "Orders(10248)/Customer": 204, "$metadata": 204, "Nope": 404} {
		r := e.do(t, http.MethodOptions, u)
		if r.status != want || want == 204 && r.header.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("OPTIONS %s: status %d, Allow %q", u, r.status, r.header.Get("Allow"))
		}
	}
	h := e.do(t, http.MethodHead, "Orders?$top=1")
	if h.status != 200 || len(h.body) != 0 {
		t.Errorf("HEAD: %d %q", h.status, h.body)
	}
}
