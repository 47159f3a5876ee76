package tests

import (
	"strings"
	"testing"

	"odatagw/gateway"
)

// Every limit answers beyond its value with a 400 (414 for the query string)
// naming it, and serves a request exactly at it; the configured value, not
// only the default, is what counts.
func TestLimits(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{MaxURLLength: 2000, Limits: gateway.Limits{
		MaxQueryLength: 1500, MaxExprNodes: 40, MaxExprDepth: 12, MaxExpandDepth: 2, MaxExpandItems: 3, MaxSearchTerms: 4,
	}})
	ors := func(n int) string { // n comparisons: 4n-1 nodes (3 per comparison, n-1 "or")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = "OrderID eq 1"
		}
		return qe(strings.Join(parts, " or "))
	}
	nested := func(n int) string { // n nested negations around a comparison: depth n+2
		return qe(strings.Repeat("not (", n) + "OrderID eq 1" + strings.Repeat(")", n))
	}
	for _, c := range []struct {
		name, url string
		status    int
		message   string
	}{
		{"url at limit", "Orders?$top=1&$filter=" + qe("ShipCountry ne '"+strings.Repeat("x", 1400)+"'"), 200, ""},
		{"url too long", "Orders?$top=1&" + strings.Repeat("a", 2000), 414, "request URL is longer than 2000 bytes"},
		{"query too long", "Orders?$top=1&$filter=" + qe("ShipCountry ne '"+strings.Repeat("x", 1500)+"'"), 414, "query options are longer than 1500 bytes"},
		{"nodes at limit", "Orders?$top=1&$filter=" + ors(10), 200, ""}, // 39 nodes
		{"too many nodes", "Orders?$top=1&$filter=" + ors(11), 400, "have 43 nodes; at most 40"},
		{"nodes of aliases count", "Orders?$top=1&$filter=" + ors(9) + "%20or%20OrderID%20in%20@p&@p=[1,2,3,4]", 400, "at most 40"},
		{"nodes in $expand count", "Customers?$top=1&$expand=Orders($filter=" + ors(11) + ")", 400, "at most 40"},
		{"depth at limit", "Orders?$top=1&$filter=" + nested(10), 200, ""},
		{"too deep", "Orders?$top=1&$filter=" + nested(11), 400, "nested 13 levels deep; at most 12"},
		{"a chain is not deep", "Orders?$top=1&$filter=" + ors(10), 200, ""},
		{"alternating operators nest", "Orders?$top=1&$filter=" + qe(strings.Repeat("OrderID eq 1 or (OrderID eq 2 and (", 6)+"true"+strings.Repeat("))", 6)), 400, "nested 14 levels deep; at most 12"},
		{"orderby too deep", "Orders?$top=1&$orderby=" + qe(strings.Repeat("-(", 12)+"Freight"+strings.Repeat(")", 12)), 400, "at most 12"},
		{"search at limit", "Products?$search=" + qe("a OR b OR (c AND NOT d)"), 200, ""},
		{"too many search terms", "Products?$search=" + qe("a b c d e"), 400, "$search has 5 terms; at most 4"},
		{"expand depth at limit", "Customers?$top=1&$expand=Orders($expand=Customer)", 200, ""},
		{"expand too deep", "Customers?$top=1&$expand=Orders($expand=Customer($expand=Orders))", 400, "nested 3 levels deep; at most 2"},
		{"expand items at limit", "Orders?$top=1&$expand=Customer,Order_Details($expand=Product)", 200, ""},
		{"too many expanded", "Orders?$top=1&$expand=Customer($expand=Orders),Order_Details($expand=Product)", 400, "names 4 navigation properties in total; at most 3"},
		{"star counts every property", "Orders?$top=1&$expand=*,Customer($expand=Orders)", 400, "at most 3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.get(t, c.url)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, trunc(r.body))
			}
			if c.status == 200 {
				return
			}
			oe := r.odataError(t)
			if !strings.Contains(oe.Error.Message, c.message) {
				t.Errorf("message %q does not say %q", oe.Error.Message, c.message)
			}
			if want := map[int]string{400: "LimitExceeded", 414: "URITooLong"}[c.status]; oe.Error.Code != want {
				t.Errorf("code %q, want %q", oe.Error.Code, want)
			}
		})
	}
}

// The defaults let ordinary client requests through and stop absurd ones.
func TestLimitsDefaults(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	in := make([]string, 600)
	for i := range in {
		in[i] = "10248"
	}
	e.get(t, "Orders?$select=OrderID&$filter="+qe("OrderID in ("+strings.Join(in, ",")+")")).mustStatus(t, 200)
	e.get(t, "Orders?$top=1&$expand=*").mustStatus(t, 200)
	big := make([]string, 1100) // 4399 nodes > 4096
	for i := range big {
		big[i] = "OrderID eq 1"
	}
	r := e.get(t, "Orders?$top=1&$filter="+qe(strings.Join(big, " or ")))
	if r.status != 400 || !strings.Contains(r.odataError(t).Error.Message, "at most 4096") {
		t.Errorf("4399 nodes: %d %s", r.status, trunc(r.body))
	}
	r = e.get(t, "Products?$search="+qe(strings.Repeat("w ", 33)))
	if r.status != 400 || !strings.Contains(r.odataError(t).Error.Message, "at most 32") {
		t.Errorf("33 search terms: %d %s", r.status, trunc(r.body))
	}
}
