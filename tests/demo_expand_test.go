package tests

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"odatagw/gateway"
)

// $expand against hand-written SQL on the demo, and the statement count that
// proves there is no N+1.

// readAllRows follows nextLinks and returns every entity of every page.
func (e *demoEnv) readAllRows(t *testing.T, u string, headers ...string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for pages := 0; u != ""; pages++ {
		if pages > 1000 {
			t.Fatalf("too many pages at %s", u)
		}
		c := e.get(t, u, headers...).collection(t)
		out = append(out, c.rows(t)...)
		u = c.NextLink
	}
	return out
}

func num(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v (%T) is not a number", v, v)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// related returns the integer prop of each entity of the expanded collection nav.
func related(t *testing.T, row map[string]any, nav, prop string) []int64 {
	t.Helper()
	list, ok := row[nav].([]any)
	if !ok {
		t.Fatalf("%s is %T, want an array: %v", nav, row[nav], row)
	}
	out := []int64{}
	for _, x := range list {
		out = append(out, num(t, x.(map[string]any)[prop]))
	}
	return out
}

// groupInts runs SQL returning (string key, int value) and groups the values.
func groupInts(t *testing.T, db *sql.DB, q string, args ...any) map[string][]int64 {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = append(out[k], v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Customers with their orders, paged: every customer exactly once, each with
// its full order list, and the context URL naming the expansion.
func TestExpandCustomersOrdersPaged(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	want := groupInts(t, e.db, "SELECT CustomerID, OrderID FROM Orders WHERE CustomerID IS NOT NULL ORDER BY CustomerID, OrderID")
	custs := queryStrings(t, e.db, "SELECT CustomerID FROM Customers ORDER BY CustomerID")

	u := "Customers?$select=CustomerID&$expand=Orders($select=OrderID)"
	first := e.get(t, u, "Prefer", "odata.maxpagesize=10").collection(t)
	if first.Context != e.root+"$metadata#Customers(CustomerID,Orders(OrderID))" || first.NextLink == "" {
		t.Fatalf("context %q, nextLink %q", first.Context, first.NextLink)
	}
	rows := e.readAllRows(t, u, "Prefer", "odata.maxpagesize=10")
	var got []string
	for _, r := range rows {
		id := r["CustomerID"].(string)
		got = append(got, id)
		if len(r) != 2 {
			t.Errorf("%s: members %v, want CustomerID and Orders only", id, r)
		}
		ords := related(t, r, "Orders", "OrderID")
		if !slices.Equal(ords, append([]int64{}, want[id]...)) && !(len(ords) == 0 && want[id] == nil) {
			t.Errorf("%s: orders %v, want %v", id, head(ords), head(want[id]))
		}
	}
	if !slices.Equal(got, custs) {
		t.Fatalf("customers %d, want %d (each once, in order)", len(got), len(custs))
	}
	// A customer without orders has an empty array, not a missing member.
	e.exec(t, "INSERT INTO Customers (CustomerID, CompanyName) VALUES ('ZZZZZ', 'No orders yet')")
	r := e.get(t, "Customers('ZZZZZ')?$select=CustomerID&$expand=Orders").mustStatus(t, 200).entity(t)
	if list, ok := r["Orders"].([]any); !ok || len(list) != 0 {
		t.Fatalf("customer without orders: %v", r)
	}
}

// Orders with their customer (dependent to principal, null foreign keys give
// null) and their lines (principal to dependent into a composite-key set),
// with the foreign key hidden when $select leaves it out.
func TestExpandOrdersCustomerAndLines(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	names := map[int64]string{}
	rows, err := e.db.Query("SELECT o.OrderID, COALESCE(c.CompanyName, '<null>') FROM Orders o LEFT JOIN Customers c ON c.CustomerID = o.CustomerID")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		names[id] = name
	}
	rows.Close()
	lines := groupInts(t, e.db, "SELECT CAST(OrderID AS TEXT), ProductID FROM Order_Details ORDER BY OrderID, ProductID")
	var nullCust int64
	if err := e.db.QueryRow("SELECT MIN(OrderID) FROM Orders WHERE CustomerID IS NULL").Scan(&nullCust); err != nil {
		t.Fatal(err)
	}

	u := fmt.Sprintf("Orders?$select=OrderID&$filter=OrderID%%20le%%20%d&$expand=Customer($select=CompanyName),Order_Details($select=ProductID,Quantity)", nullCust+5)
	got := e.readAllRows(t, u, "Prefer", "odata.maxpagesize=50")
	if int64(len(got)) != int64(len(queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE OrderID <= ?", nullCust+5))) {
		t.Fatalf("%d orders", len(got))
	}
	sawNull := false
	for _, r := range got {
		id := num(t, r["OrderID"])
		if _, leaked := r["CustomerID"]; leaked {
			t.Fatalf("order %d: hidden foreign key in the output: %v", id, r)
		}
		name := "<null>"
		if c, ok := r["Customer"].(map[string]any); ok {
			name = c["CompanyName"].(string)
			if len(c) != 1 {
				t.Errorf("order %d: customer members %v", id, c)
			}
		} else if r["Customer"] != nil {
			t.Fatalf("order %d: Customer %v", id, r["Customer"])
		} else {
			sawNull = true
		}
		if name != names[id] {
			t.Errorf("order %d: customer %q, want %q", id, name, names[id])
		}
		if l := related(t, r, "Order_Details", "ProductID"); !slices.Equal(l, lines[fmt.Sprint(id)]) {
			t.Errorf("order %d: lines %v, want %v", id, l, lines[fmt.Sprint(id)])
		}
		for _, x := range r["Order_Details"].([]any) {
			if q, ok := x.(map[string]any)["Quantity"]; !ok || q == nil {
				t.Fatalf("order %d: line without Quantity: %v", id, x)
			}
		}
	}
	if !sawNull {
		t.Fatal("no order without customer was read: the null case is untested")
	}

	// A single entity and a navigation path expand too.
	r := e.get(t, "Orders(10248)?$select=OrderID&$expand=Customer($select=CustomerID),Order_Details($select=ProductID)").mustStatus(t, 200).entity(t)
	var cust string
	if err := e.db.QueryRow("SELECT CustomerID FROM Orders WHERE OrderID = 10248").Scan(&cust); err != nil {
		t.Fatal(err)
	}
	if r["Customer"].(map[string]any)["CustomerID"] != cust || !slices.Equal(related(t, r, "Order_Details", "ProductID"), lines["10248"]) ||
		r["@odata.context"] != e.root+"$metadata#Orders(OrderID,Customer(CustomerID),Order_Details(ProductID))/$entity" {
		t.Fatalf("Orders(10248) expanded: %v", r)
	}
	nav := e.readAllRows(t, "Customers('"+cust+"')/Orders?$select=OrderID&$expand=Order_Details($select=ProductID)", "Prefer", "odata.maxpagesize=3")
	wantOrders := queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE CustomerID = ? ORDER BY OrderID", cust)
	if len(nav) != len(wantOrders) {
		t.Fatalf("navigation path: %d orders, want %d", len(nav), len(wantOrders))
	}
	for i, o := range nav {
		if id := num(t, o["OrderID"]); id != wantOrders[i] || !slices.Equal(related(t, o, "Order_Details", "ProductID"), lines[fmt.Sprint(id)]) {
			t.Errorf("navigation path: order %v", o)
		}
	}
}

// Nested $filter, $orderby, $top (per parent), $expand and $count.
func TestExpandNestedOptions(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	u := "Customers?$select=CustomerID&$orderby=CustomerID&$expand=" + qe("Orders($filter=Freight gt 20;$orderby=Freight desc;$top=2;$skip=1;$count=true;$select=OrderID,Freight;$expand=Order_Details($select=ProductID))")
	got := e.readAllRows(t, u, "Prefer", "odata.maxpagesize=25")
	custs := queryStrings(t, e.db, "SELECT CustomerID FROM Customers ORDER BY CustomerID")
	if len(got) != len(custs) {
		t.Fatalf("%d customers, want %d", len(got), len(custs))
	}
	lines := groupInts(t, e.db, "SELECT CAST(OrderID AS TEXT), ProductID FROM Order_Details ORDER BY OrderID, ProductID")
	checked := 0
	for i, r := range got {
		id := r["CustomerID"].(string)
		if id != custs[i] {
			t.Fatalf("customer %d is %s, want %s", i, id, custs[i])
		}
		want := queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE CustomerID = ? AND Freight > 20 ORDER BY Freight DESC, OrderID LIMIT 2 OFFSET 1", id)
		n := queryInts(t, e.db, "SELECT COUNT(*) FROM Orders WHERE CustomerID = ? AND Freight > 20", id)[0]
		ords := related(t, r, "Orders", "OrderID")
		if !slices.Equal(ords, append([]int64{}, want...)) && !(len(ords) == 0 && len(want) == 0) {
			t.Errorf("%s: orders %v, want %v", id, ords, want)
		}
		if c := num(t, r["Orders@odata.count"]); c != n {
			t.Errorf("%s: Orders@odata.count %d, want %d", id, c, n)
		}
		for _, o := range r["Orders"].([]any) {
			om := o.(map[string]any)
			oid := num(t, om["OrderID"])
			if l := related(t, om, "Order_Details", "ProductID"); !slices.Equal(l, lines[fmt.Sprint(oid)]) {
				t.Errorf("order %d: lines %v, want %v", oid, l, lines[fmt.Sprint(oid)])
			}
			checked++
		}
	}
	if checked < 50 {
		t.Fatalf("only %d nested orders checked", checked)
	}
}

// One statement for the page plus one per expanded navigation property,
// whatever the page size: no N+1.
func TestExpandStatementCount(t *testing.T) {
	e, src := newCountingDemoEnv(t)
	for _, tc := range []struct {
		url  string
		want int64
	}{
		{"Orders?$expand=Customer", 2},
		{"Orders?$expand=Customer,Order_Details", 3},
		{"Orders?$expand=Customer,Employee,Order_Details($expand=Product)", 5},
		{"Customers?$expand=Orders($expand=Order_Details($expand=Product))", 4},
		{"Customers?$expand=Orders($top=1;$expand=Customer)", 3},
		{"Orders(10248)?$expand=Customer,Order_Details", 3},
	} {
		src.queries.Store(0)
		r := e.get(t, tc.url, "Prefer", "odata.maxpagesize=100").mustStatus(t, 200)
		if n := src.queries.Load(); n != tc.want {
			t.Errorf("%s: %d statements, want %d", tc.url, n, tc.want)
		}
		if strings.HasPrefix(tc.url, "Orders?") {
			if c := r.collection(t); len(c.Value) != 100 || c.NextLink == "" {
				t.Errorf("%s: %d rows, next link %q", tc.url, len(c.Value), c.NextLink)
			}
		}
	}
	// The second page costs the same.
	c := e.get(t, "Orders?$expand=Customer,Order_Details", "Prefer", "odata.maxpagesize=100").collection(t)
	src.queries.Store(0)
	e.get(t, c.NextLink, "Prefer", "odata.maxpagesize=100").collection(t)
	if n := src.queries.Load(); n != 3 {
		t.Errorf("second page: %d statements, want 3", n)
	}
}

// Full metadata: navigation links on expanded members; entity ids inside.
func TestExpandFullMetadata(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	r := e.get(t, "Orders(10248)?$select=OrderID&$expand=Customer($select=CustomerID)", "Accept", "application/json;odata.metadata=full").mustStatus(t, 200).entity(t)
	c, ok := r["Customer"].(map[string]any)
	if !ok || r["Customer@odata.navigationLink"] != "Orders(10248)/Customer" ||
		c["@odata.id"] != e.root+"Customers('"+c["CustomerID"].(string)+"')" {
		t.Fatalf("full metadata: %v", r)
	}
}

// Selecting an expanded navigation property, as BI tools write it.
func TestExpandSelectNavigation(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	c := e.get(t, "Customers?$top=3&$select=CompanyName,Orders&$expand=Orders($select=OrderID)").collection(t)
	for _, r := range c.rows(t) {
		if _, ok := r["Orders"].([]any); !ok || len(r) != 2 || r["CompanyName"] == nil {
			t.Fatalf("row %v", r)
		}
	}
	if c.Context != e.root+"$metadata#Customers(CompanyName,Orders(OrderID))" {
		t.Fatalf("context %s", c.Context)
	}
}

func TestExpandErrors(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	for _, tc := range []struct {
		url    string
		status int
		text   string
	}{
		{"Customers?$expand=Nope", 400, "'Nope'"},
		{"Customers?$expand=Orders($expand=Nope)", 400, "'Nope'"},
		{"Customers?$expand=CompanyName", 400, "not a navigation property"},
		{"Customers?$expand=Orders,Orders", 400, "more than once"},
		{"Customers?$expand=Orders($filter=Nope eq 1)", 400, "Nope"},
		{"Customers?$expand=Orders($expand=Customer($expand=Orders($expand=Customer($expand=Orders))))", 400, "at most 4"},
		{"Customers?$expand=*/$ref", 501, "$ref"},
		{"Customers?$expand=*($levels=2)", 501, "$levels"},
		{"Customers?$expand=Orders($levels=2)", 400, "recursive"},
		{"Employees?$expand=DirectReports($levels=5)", 400, "at most 4"},
		{"Customers?$expand=Orders($search=x)", 501, "$search"},
	} {
		r := e.get(t, strings.ReplaceAll(tc.url, " ", "%20"))
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.url, r.status, tc.status, trunc(r.body))
			continue
		}
		if m := r.odataError(t).Error.Message; !strings.Contains(m, tc.text) {
			t.Errorf("%s: message %q does not contain %q", tc.url, m, tc.text)
		}
	}
	// Depth 4 is allowed.
	e.get(t, "Customers?$top=1&$expand=Orders($top=1;$expand=Customer($expand=Orders($top=1;$expand=Customer)))").mustStatus(t, 200)
}

// An expansion beyond the gateway's budget of buffered related entities is
// a 400 naming the limit, not an exhausted process; within it, it is served.
func TestExpandBudget(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{Limits: gateway.Limits{MaxExpandedEntities: 20}})
	lines := queryInts(t, e.db, "SELECT COUNT(*) FROM Order_Details WHERE OrderID IN (SELECT OrderID FROM Orders ORDER BY OrderID LIMIT 10)")[0]
	if lines <= 20 {
		t.Fatalf("the first ten orders have %d lines; the test needs more than 20", lines)
	}
	r := e.get(t, "Orders?$top=10&$expand=Order_Details").mustStatus(t, 400)
	if er := r.odataError(t).Error; er.Code != "ExpandTooLarge" || !strings.Contains(er.Message, "more than 20 related entities") {
		t.Errorf("error %+v", er)
	}
	e.get(t, "Orders?$top=10&$expand=Order_Details($top=2)").mustStatus(t, 200)
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func (e *demoEnv) exec(t *testing.T, stmt string, args ...any) {
	t.Helper()
	if _, err := e.db.Exec(stmt, args...); err != nil {
		t.Fatal(err)
	}
}

// $levels follows the demo's self-reference (Employees/DirectReports) level
// by level, one statement per level, compared with the tree read by hand.
func TestExpandLevels(t *testing.T) {
	e, src := newCountingDemoEnv(t)
	reports := groupInts(t, e.db, "SELECT CAST(ReportsTo AS TEXT), EmployeeID FROM Employees WHERE ReportsTo IS NOT NULL ORDER BY ReportsTo, EmployeeID")
	var render func(row map[string]any, level int) string
	render = func(row map[string]any, level int) string {
		id := num(t, row["EmployeeID"])
		s := fmt.Sprint(id)
		list, ok := row["DirectReports"].([]any)
		if !ok {
			return s
		}
		var kids []string
		for _, k := range list {
			kids = append(kids, render(k.(map[string]any), level+1))
		}
		return s + "(" + strings.Join(kids, " ") + ")"
	}
	var want func(id int64, levels int) string
	want = func(id int64, levels int) string {
		s := fmt.Sprint(id)
		if levels == 0 {
			return s
		}
		var kids []string
		for _, k := range reports[fmt.Sprint(id)] {
			kids = append(kids, want(k, levels-1))
		}
		return s + "(" + strings.Join(kids, " ") + ")"
	}
	top := queryInts(t, e.db, "SELECT EmployeeID FROM Employees WHERE ReportsTo IS NULL")
	// The demo's hierarchy is three deep: a fourth level has no parents and
	// costs no statement.
	for _, tc := range []struct {
		levels     string
		n          int
		statements int64
	}{{"2", 2, 3}, {"3", 3, 4}, {"max", 4, 4}} {
		src.reset()
		r := e.get(t, "Employees?$filter=ReportsTo%20eq%20null&$select=EmployeeID&$expand=DirectReports($select=EmployeeID;$levels="+tc.levels+")").collection(t)
		if n := src.statements(); n != tc.statements {
			t.Errorf("$levels=%s: %d statements, want %d", tc.levels, n, tc.statements)
		}
		rows := r.rows(t)
		if len(rows) != len(top) {
			t.Fatalf("%d top-level employees, want %d", len(rows), len(top))
		}
		if got, w := render(rows[0], 0), want(top[0], tc.n); got != w {
			t.Errorf("$levels=%s:\n got  %s\n want %s", tc.levels, got, w)
		}
	}
}

// $expand=Nav/$ref writes references (@odata.id) with the nested options
// of a reference list; single-valued navigation gives one reference or null.
func TestExpandRef(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	want := queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE CustomerID = 'ALFRA' ORDER BY Freight DESC, OrderID LIMIT 3")
	n := queryInts(t, e.db, "SELECT COUNT(*) FROM Orders WHERE CustomerID = 'ALFRA'")[0]
	r := e.get(t, "Customers('ALFRA')?$select=CustomerID&$expand=Orders/$ref($orderby=Freight%20desc;$top=3;$count=true)").mustStatus(t, 200).entity(t)
	list, _ := r["Orders"].([]any)
	var got []string
	for _, x := range list {
		ref := x.(map[string]any)
		if len(ref) != 1 {
			t.Errorf("reference %v has members besides @odata.id", ref)
		}
		got = append(got, ref["@odata.id"].(string))
	}
	var ids []string
	for _, id := range want {
		ids = append(ids, fmt.Sprintf("%sOrders(%d)", e.root, id))
	}
	if !slices.Equal(got, ids) || num(t, r["Orders@odata.count"]) != n {
		t.Errorf("references %v (count %v), want %v (count %d)", got, r["Orders@odata.count"], ids, n)
	}
	c := e.get(t, "Orders?$filter=OrderID%20eq%2010248&$select=OrderID&$expand=Customer/$ref").collection(t)
	cust := queryStrings(t, e.db, "SELECT CustomerID FROM Orders WHERE OrderID = 10248")[0]
	if ref, _ := c.rows(t)[0]["Customer"].(map[string]any); ref["@odata.id"] != e.root+"Customers('"+cust+"')" {
		t.Errorf("Customer reference %v, want %s", c.rows(t)[0]["Customer"], cust)
	}
	if c.Context != e.root+"$metadata#Orders(OrderID)" {
		t.Errorf("context %s", c.Context)
	}
}
