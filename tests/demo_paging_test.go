package tests

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"odatagw/gateway"
)

// Following nextLinks yields every row exactly once, in order, whatever the
// page size, order and $top.
func TestPagingFollowsNextLinks(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{MaxPageSize: 700})
	all := queryInts(t, e.db, "SELECT OrderID FROM Orders ORDER BY OrderID")
	if len(all) < 2000 {
		t.Fatalf("demo too small for paging tests: %d orders", len(all))
	}

	got := e.readAllIDs(t, "Orders?$select=OrderID", "OrderID")
	assertSame(t, "server-driven pages", got, all)

	// A smaller page on request, and Preference-Applied says so.
	r := e.get(t, "Orders?$select=OrderID", "Prefer", "odata.maxpagesize=100")
	if r.header.Get("Preference-Applied") != "odata.maxpagesize=100" {
		t.Errorf("Preference-Applied = %q", r.header.Get("Preference-Applied"))
	}
	if n := len(r.collection(t).Value); n != 100 {
		t.Errorf("page of %d rows, want 100", n)
	}
	got = e.readAllIDs(t, "Orders?$select=OrderID", "OrderID", "Prefer", "odata.maxpagesize=100")
	assertSame(t, "client page size", got, all)

	// $top larger than a page: nextLinks until exactly $top rows.
	got = e.readAllIDs(t, "Orders?$select=OrderID&$top=1500", "OrderID")
	assertSame(t, "$top over pages", got, all[:1500])

	// $skip and $top together, across pages.
	got = e.readAllIDs(t, "Orders?$select=OrderID&$skip=10&$top=1000", "OrderID", "Prefer", "odata.maxpagesize=300")
	assertSame(t, "$skip+$top over pages", got, all[10:1010])

	// Descending order on a non-key, non-nullable column: keyset with a tie-breaker.
	want := queryInts(t, e.db, "SELECT OrderID FROM Orders ORDER BY Freight DESC, OrderID")
	got = e.readAllIDs(t, "Orders?$select=OrderID&$orderby=Freight%20desc", "OrderID", "Prefer", "odata.maxpagesize=333")
	assertSame(t, "ordered by Freight desc", got, want)

	// Order on a nullable column (offset continuation); nulls first ascending, as OData says.
	want = queryInts(t, e.db, "SELECT OrderID FROM Orders ORDER BY ShippedDate IS NOT NULL, ShippedDate, OrderID")
	got = e.readAllIDs(t, "Orders?$select=OrderID&$orderby=ShippedDate", "OrderID", "Prefer", "odata.maxpagesize=400")
	assertSame(t, "ordered by nullable ShippedDate", got, want)

	// An expression order.
	want = queryInts(t, e.db, "SELECT OrderID FROM Orders ORDER BY Freight * 2 + OrderID % 7, OrderID")
	got = e.readAllIDs(t, "Orders?$select=OrderID&$orderby="+url.QueryEscape("Freight mul 2 add OrderID mod 7"), "OrderID", "Prefer", "odata.maxpagesize=900")
	assertSame(t, "ordered by expression", got, want)
}

// Salesforce Connect with server-driven paging sends $top with every request
// and follows nextLink; $count=true and $count=false must both work.
func TestSalesforceServerDrivenPaging(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{MaxPageSize: 2000})
	all := queryInts(t, e.db, "SELECT OrderID FROM Orders ORDER BY OrderID")
	c := e.get(t, "Orders?$count=true&$select=OrderID,CustomerID&$top=301").collection(t)
	if c.Count == nil || *c.Count != int64(len(all)) || len(c.Value) != 301 || c.NextLink != "" {
		t.Fatalf("count %v rows %d next %q", c.Count, len(c.Value), c.NextLink)
	}
	got := e.readAllIDs(t, "Orders?$count=false&$select=OrderID&$top=3000", "OrderID", "Prefer", "odata.maxpagesize=2000")
	assertSame(t, "salesforce pages", got, all[:3000])
}

// Rows inserted while a client pages through a key-ordered set neither
// duplicate nor hide the rows that were there when it started.
func TestPagingStableUnderInserts(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{MaxPageSize: 500})
	before := queryInts(t, e.db, "SELECT OrderID FROM Orders ORDER BY OrderID")
	var got []int64
	u := "Orders?$select=OrderID"
	for page := 0; u != ""; page++ {
		c := e.get(t, u).collection(t)
		for _, r := range c.rows(t) {
			var id int64
			if _, err := fmt.Sscan(fmt.Sprint(r["OrderID"]), &id); err != nil {
				t.Fatal(err)
			}
			got = append(got, id)
		}
		u = c.NextLink
		// Between pages another client inserts rows before and after the cursor.
		if _, err := e.db.Exec(`INSERT INTO Orders (OrderID, CustomerID, EmployeeID, OrderDate, Freight) VALUES (?, NULL, 1, '2024-01-01T00:00:00Z', 1), (?, NULL, 1, '2024-01-01T00:00:00Z', 1)`,
			1000+page, 900000+page); err != nil {
			t.Fatal(err)
		}
	}
	var old []int64
	for _, id := range got {
		if id >= 10248 && id < 900000 {
			old = append(old, id)
		}
	}
	assertSame(t, "pre-existing rows while inserting", old, before)
}

func TestSkipTokenTampering(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{MaxPageSize: 100})
	c := e.get(t, "Orders?$select=OrderID").collection(t)
	if c.NextLink == "" {
		t.Fatal("no nextLink")
	}
	for _, bad := range []string{"!!!", "eyJuIjotMX0", "eyJuIjowLCJrIjpbInN0cmluZyJdfQ"} {
		r := e.get(t, "Orders?$select=OrderID&$skiptoken="+bad)
		r.mustStatus(t, 400)
		if e := r.odataError(t); !strings.Contains(e.Error.Message, "skiptoken") {
			t.Errorf("%s: %s", bad, e.Error.Message)
		}
	}
	// A token from one order used with another order is rejected, not misread.
	r := e.get(t, strings.Replace(c.NextLink, "$select=OrderID", "$select=OrderID&$orderby=Freight", 1))
	r.mustStatus(t, 400)
	// A bare key value is read as a key only where rows are in key order.
	for _, u := range []string{"Orders?$select=OrderID&$orderby=Freight&$skiptoken=10447", "Orders?$select=OrderID&$skiptoken=abc",
		"Order_Details?$skiptoken=10248"} {
		e.get(t, u).mustStatus(t, 400)
	}
}

// Traffic recorded against other OData servers carries their $skiptoken: the
// key of the last row read (Salesforce Connect documents
// `Orders?$count=true&$select=…&$top=301&$skiptoken=10447`). Where rows are in
// the order of a single key, that is read as "the rows after this key".
func TestSkipTokenAsKeyLiteral(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{MaxPageSize: 2000})
	want := queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE OrderID > 10447 ORDER BY OrderID LIMIT 301")
	c := e.get(t, "Orders?$count=true&$select=OrderID,CustomerID&$top=301&$skiptoken=10447").collection(t)
	var got []int64
	for _, r := range c.rows(t) {
		var id int64
		fmt.Sscan(fmt.Sprint(r["OrderID"]), &id)
		got = append(got, id)
	}
	assertSame(t, "rows after key 10447", got, want)
	if c.Count == nil || *c.Count != int64(len(queryInts(t, e.db, "SELECT OrderID FROM Orders"))) {
		t.Errorf("@odata.count %v is not the count of the whole set", c.Count)
	}
	// The same with an explicit key order, descending.
	want = queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE OrderID < 10300 ORDER BY OrderID DESC LIMIT 5")
	got = e.readAllIDs(t, "Orders?$select=OrderID&$orderby=OrderID%20desc&$top=5&$skiptoken=10300", "OrderID")
	assertSame(t, "rows before key 10300, descending", got, want)
	// String keys: quoted OData literal or bare.
	for _, tok := range []string{"%27BLAUS%27", "BLAUS"} {
		rows := e.get(t, "Customers?$select=CustomerID&$top=1&$skiptoken="+tok).collection(t).rows(t)
		var want string
		if err := e.db.QueryRow("SELECT MIN(CustomerID) FROM Customers WHERE CustomerID > 'BLAUS'").Scan(&want); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0]["CustomerID"] != want {
			t.Errorf("$skiptoken=%s: %v, want %s", tok, rows, want)
		}
	}
}

func assertSame(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d rows, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: row %d is %d, want %d", what, i, got[i], want[i])
		}
	}
}
