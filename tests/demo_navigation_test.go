package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"odatagw/gateway"
)

// Navigation properties in the resource path read the related entities with
// the query options applied to them, paged like any collection.
func TestNavigationPaths(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	var cust string
	if err := e.db.QueryRow("SELECT CustomerID FROM Orders GROUP BY CustomerID ORDER BY COUNT(*) DESC LIMIT 1").Scan(&cust); err != nil {
		t.Fatal(err)
	}

	// Principal to dependent, with $filter, $orderby and server-driven paging.
	want := queryInts(t, e.db, "SELECT OrderID FROM Orders WHERE CustomerID = ? AND Freight > 20 ORDER BY Freight DESC, OrderID", cust)
	got := e.readAllIDs(t, "Customers('"+cust+"')/Orders?$select=OrderID&$filter=Freight%20gt%2020&$orderby=Freight%20desc",
		"OrderID", "Prefer", "odata.maxpagesize=7")
	assertSame(t, "Customers(key)/Orders", got, want)

	// $count of the related entities, and @odata.count.
	n := queryInts(t, e.db, "SELECT COUNT(*) FROM Orders WHERE CustomerID = ?", cust)[0]
	if r := e.get(t, "Customers('"+cust+"')/Orders/$count").mustStatus(t, 200); string(r.body) != fmt.Sprint(n) {
		t.Fatalf("$count = %s, want %d", r.body, n)
	}
	if c := e.get(t, "Customers('"+cust+"')/Orders?$count=true&$top=1").collection(t); c.Count == nil || *c.Count != n {
		t.Fatalf("@odata.count = %v, want %d", c.Count, n)
	}

	// Dependent to principal: the single related entity.
	var entity map[string]any
	r := e.get(t, "Orders(10248)/Customer?$select=CustomerID").mustStatus(t, 200)
	if err := json.Unmarshal(r.body, &entity); err != nil {
		t.Fatal(err)
	}
	var wantCust string
	if err := e.db.QueryRow("SELECT CustomerID FROM Orders WHERE OrderID = 10248").Scan(&wantCust); err != nil {
		t.Fatal(err)
	}
	if entity["CustomerID"] != wantCust || entity["@odata.context"] != e.root+"$metadata#Customers(CustomerID)/$entity" {
		t.Fatalf("related entity %s", r.body)
	}

	// Composite keys both ways.
	lines := queryInts(t, e.db, "SELECT ProductID FROM Order_Details WHERE OrderID = 10250 ORDER BY ProductID")
	assertSame(t, "Orders(key)/Order_Details", e.readAllIDs(t, "Orders(10250)/Order_Details?$select=ProductID", "ProductID"), lines)
	r = e.get(t, fmt.Sprintf("Order_Details(OrderID=10250,ProductID=%d)/Order?$select=OrderID", lines[0])).mustStatus(t, 200)
	if err := json.Unmarshal(r.body, &entity); err != nil || entity["OrderID"] != float64(10250) {
		t.Fatalf("line's order %s", r.body)
	}

	// Self-reference: an employee without manager has no related entity (204).
	top := queryInts(t, e.db, "SELECT EmployeeID FROM Employees WHERE ReportsTo IS NULL LIMIT 1")[0]
	if r := e.get(t, fmt.Sprintf("Employees(%d)/Manager", top)); r.status != http.StatusNoContent {
		t.Fatalf("manager of the top employee: %d %s", r.status, r.body)
	}
	reports := queryInts(t, e.db, "SELECT EmployeeID FROM Employees WHERE ReportsTo = ? ORDER BY EmployeeID", top)
	assertSame(t, "DirectReports", e.readAllIDs(t, fmt.Sprintf("Employees(%d)/DirectReports?$select=EmployeeID", top), "EmployeeID"), reports)
}
