package tests

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// $compute on the demo against hand-written SQL: the computed values, their
// JSON types, the context URL, paging by a computed value, and the errors.

func TestDemoCompute(t *testing.T) {
	e, ss := newCountingDemoEnv(t)
	// UnitPrice is DECIMAL(10,2) stored as REAL: the exact product in cents.
	want := applyRows(t, e.db, `SELECT OrderID, ProductID, CAST(ROUND(UnitPrice*100) AS INTEGER)*Quantity
		FROM Order_Details WHERE CAST(ROUND(UnitPrice*100) AS INTEGER)*Quantity > 1000000
		ORDER BY CAST(ROUND(UnitPrice*100) AS INTEGER)*Quantity DESC, OrderID, ProductID`)
	if len(want) < 7 {
		t.Fatalf("only %d lines over 10000 in the demo", len(want))
	}
	ss.reset()
	u := "Order_Details?$compute=" + url.QueryEscape("UnitPrice mul Quantity as Total") + "&$filter=" + url.QueryEscape("Total gt 10000") +
		"&$orderby=" + url.QueryEscape("Total desc") + "&$select=OrderID,Total&$count=true"
	c := e.get(t, u, "Prefer", "odata.maxpagesize=3").mustStatus(t, 200).collection(t)
	if n := ss.statements(); n != 2 {
		t.Errorf("%d statements with $count=true, want 2", n)
	}
	if !strings.HasSuffix(c.Context, "$metadata#Order_Details(OrderID,Total)") {
		t.Errorf("context %s", c.Context)
	}
	if c.Count == nil || *c.Count != int64(len(want)) {
		t.Errorf("@odata.count %v, want %d", c.Count, len(want))
	}
	var got []string
	for page := c; ; {
		for _, r := range page.rows(t) {
			if len(r) != 2 {
				t.Errorf("row %v: want OrderID and Total only", r)
			}
			got = append(got, text(r["OrderID"])+" "+text(r["Total"]))
		}
		if page.NextLink == "" {
			break
		}
		page = e.get(t, page.NextLink, "Prefer", "odata.maxpagesize=3").mustStatus(t, 200).collection(t)
	}
	var exp []string
	for _, w := range want {
		n, _ := strconv.ParseInt(w[2], 10, 64)
		exp = append(exp, w[0]+" "+cents(n))
	}
	if fmt.Sprint(got) != fmt.Sprint(exp) {
		t.Errorf("paged by Total:\n got %v\nwant %v", got, exp)
	}
	// Decimals are exact JSON numbers: the raw body holds the digits as computed.
	r := e.get(t, "Order_Details?$compute="+url.QueryEscape("UnitPrice mul Quantity as Total")+"&$orderby="+url.QueryEscape("Total desc")+"&$top=1&$select=Total")
	if !strings.Contains(string(r.body), `"Total":`+cents(mustInt(t, want[0][2]))+`}`) {
		t.Errorf("top Total: %s, want %s", r.body, cents(mustInt(t, want[0][2])))
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDemoComputeShapes(t *testing.T) {
	e, ss := newCountingDemoEnv(t)
	want := applyRows(t, e.db, `SELECT OrderID, CAST(STRFTIME('%Y', OrderDate) AS INTEGER), ShipCountry FROM Orders
		WHERE CAST(STRFTIME('%Y', OrderDate) AS INTEGER) = 2024 ORDER BY OrderID LIMIT 2`)
	// Without $select every property and then the computed ones; the context says so.
	ss.reset()
	u := "Orders?$compute=" + url.QueryEscape("year(OrderDate) as Y,Freight gt 100 as Heavy") + "&$filter=Y%20eq%202024&$top=2"
	c := e.get(t, u).mustStatus(t, 200).collection(t)
	if n := ss.statements(); n != 1 {
		t.Errorf("%d statements, want 1", n)
	}
	if !strings.HasSuffix(c.Context, "$metadata#Orders(*,Y,Heavy)") {
		t.Errorf("context %s", c.Context)
	}
	rows := c.rows(t)
	if len(rows) != 2 || text(rows[0]["OrderID"]) != want[0][0] || text(rows[0]["Y"]) != "2024" || text(rows[0]["ShipCountry"]) != want[0][2] {
		t.Fatalf("rows %v, want %v", rows, want)
	}
	if _, ok := rows[0]["Heavy"].(bool); !ok {
		t.Errorf("Heavy is %T, want a JSON Boolean", rows[0]["Heavy"])
	}
	// Full metadata annotates the computed Decimal; $expand works alongside.
	r := e.get(t, "Orders?$compute="+url.QueryEscape("Freight mul 2 as F2,Customer/Country as C")+"&$select=OrderID,F2,C&$expand=Customer($select=CompanyName)&$top=1",
		"Accept", "application/json;odata.metadata=full").mustStatus(t, 200)
	body := string(r.body)
	for _, s := range []string{`"F2@odata.type":"#Decimal"`, `$metadata#Orders(OrderID,F2,C,Customer(CompanyName))`, `"Customer":{`} {
		if !strings.Contains(body, s) {
			t.Errorf("full metadata: %s lacks %s", trunc(r.body), s)
		}
	}
	// Errors: a name clash, an unknown function, an unknown name in $select.
	for _, tc := range []struct{ u, msg string }{
		{"Orders?$compute=" + url.QueryEscape("Freight mul 2 as Freight"), "already the name"},
		{"Orders?$compute=" + url.QueryEscape("frobnicate(Freight) as F"), "frobnicate"},
		{"Orders?$compute=" + url.QueryEscape("Freight mul 2 as F,Freight as F"), "already the name"},
		{"Orders?$compute=" + url.QueryEscape("Freight mul 2 as F") + "&$select=G", "G"},
		{"Orders?$compute=" + url.QueryEscape("ShipCity add 1 as F"), "$compute"},
	} {
		r := e.get(t, tc.u)
		if r.status != 400 {
			t.Errorf("%s: status %d, want 400: %s", tc.u, r.status, trunc(r.body))
			continue
		}
		if msg := r.odataError(t).Error.Message; !strings.Contains(msg, tc.msg) && !strings.Contains(string(r.body), tc.msg) {
			t.Errorf("%s: error %q does not mention %q", tc.u, msg, tc.msg)
		}
	}
	// $count of the set with a filter on a computed value.
	n := applyRows(t, e.db, `SELECT COUNT(*) FROM Orders WHERE Freight * 2 > 500`)
	r = e.get(t, "Orders/$count?$compute="+url.QueryEscape("Freight mul 2 as F2")+"&$filter="+url.QueryEscape("F2 gt 500")).mustStatus(t, 200)
	if string(r.body) != n[0][0] {
		t.Errorf("$count %s, want %s", r.body, n[0][0])
	}
}
