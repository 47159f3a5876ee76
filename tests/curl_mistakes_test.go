package tests

import (
	"net/http"
	"strings"
	"testing"

	"odatagw/gateway"
)

// TestCurlMistakes replays what people typing URLs by hand send
// (../shared/clients.md, "People with curl"): each is either served as
// meant or answered with an OData error that says what is wrong.
func TestCurlMistakes(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	for _, c := range []struct {
		method, url string
		status      int
		want        string // in the body
	}{
		// Served as meant: option names in any case, without $, '+' for space.
		{"GET", "Customers?$FILTER=Country%20eq%20'Germany'&$Top=1&$select=CustomerID", 200, `"CustomerID":"ANTON"`},
		{"GET", "Customers?filter=Country%20eq%20'Germany'&top=1&select=CustomerID", 200, `"CustomerID":"ANTON"`},
		{"GET", "Customers?$filter=Country+eq+'Germany'&$top=1&$select=CustomerID", 200, `"CustomerID":"ANTON"`},
		{"GET", "Customers/?$top=1&$select=CustomerID", 200, `"value":[`},
		{"GET", "Orders?$top=0&$count=true", 200, `"@odata.count":5000,"value":[]`},
		{"GET", "Orders?$skip=99999999&$top=3", 200, `"value":[]`},
		{"GET", "Orders?$count=false&$top=1&$select=OrderID", 200, `"OrderID":10248`},
		{"GET", "Orders%28%31%30%32%34%38%29?$select=OrderID", 200, `"OrderID":10248`},
		// Errors that say what is wrong.
		{"GET", "Customers?$filter=Country%20eq%20%2524", 400, "unexpected character '%' at position 11"},
		{"GET", "Customers?$filter=Country%20eq%20%22Germany%22", 400, "write string literals in single quotes"},
		{"GET", "Orders?$filter=OrderDate%20gt%202024-01-01T00:00:00", 400, "expected 'Z' or a time zone offset"},
		{"GET", "Orders?$top=-1", 400, "$top must be a non-negative integer"},
		{"GET", "Orders(1)(2)", 400, "expected '/': a segment takes one key or parameter list but found '('"},
		{"GET", "Customers('%FF')", 400, "invalid UTF-8"},
		{"GET", "Customers?$filter=CompanyName%20eq%20'%C0%80'", 400, "invalid UTF-8"},
		{"GET", "Customers?$filter=CompanyName%20eq%20'a%00b'", 400, "NUL character"},
		{"FOO", "Customers", 405, "method FOO is not supported"},
		// Names in the wrong case say which one is meant.
		{"GET", "customers", 404, "entity set 'customers' does not exist (did you mean 'Customers'? names are case-sensitive)"},
		{"GET", "Customers?$select=customerid", 400, "(did you mean 'CustomerID'?"},
		{"GET", "Customers?$filter=country%20eq%20'Germany'", 400, "(did you mean 'Country'?"},
		{"GET", "Customers?$expand=orders", 400, "(did you mean 'Orders'?"},
		{"GET", "Customers?$filter=Nope%20eq%201", 400, "property 'Nope' does not exist on type 'demo.Customers'\""},
		// An expression the source cannot run is named in its own option.
		{"GET", "Orders?$compute=OrderDate%20sub%20OrderDate%20as%20X&$select=X", 501, `"target":"$compute","@odatagw.position":10`},
		{"GET", "Orders?$orderby=OrderDate%20sub%20ShippedDate", 501, `"target":"$orderby","@odatagw.position":10`},
		{"GET", "Orders?$filter=" + strings.Repeat("(", 200) + "true" + strings.Repeat(")", 200), 400, "nested more than 100 levels"},
	} {
		r := e.do(t, c.method, c.url)
		if r.status != c.status || !strings.Contains(string(r.body), c.want) {
			t.Errorf("%s %s: %d %s, want %d with %q", c.method, c.url, r.status, trunc(r.body), c.status, c.want)
		}
		if r.status >= 400 {
			r.odataError(t)
		}
	}
	// An unknown method elsewhere is still a 404 (no such resource).
	if r := e.do(t, "FOO", e.srv.URL+"/nothing"); r.status != http.StatusNotFound {
		t.Errorf("FOO /nothing: %d", r.status)
	}
}
