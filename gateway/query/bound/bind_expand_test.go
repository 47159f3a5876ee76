package bound

import (
	"net/http"
	"strings"
	"testing"

	"odatagw/gateway/query"
	"odatagw/odataerr"
)

func bindExpand(t *testing.T, b *Binder, set, rawQuery string) ([]*Expand, error) {
	t.Helper()
	o, err := query.ParseQuery(rawQuery)
	if err != nil {
		t.Fatalf("%s: %v", rawQuery, err)
	}
	return b.Expand(b.Model.EntitySet(set).Type, o.Expand)
}

func TestExpandBindsNestedOptions(t *testing.T) {
	b := testBinder(nil)
	xs, err := bindExpand(t, b, "Customers", "$expand=Orders($filter=Freight%20gt%2020;$orderby=OrderDate%20desc;$select=OrderID,Freight;$top=2;$skip=1;$count=true;$expand=Order_Details($expand=Product))")
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 1 {
		t.Fatalf("%d items", len(xs))
	}
	x := xs[0]
	if x.Nav.Name != "Orders" || x.Filter == nil || len(x.OrderBy) != 1 || !x.OrderBy[0].Desc ||
		len(x.Select) != 2 || x.Select[0].Name != "OrderID" || x.Top != 2 || x.Skip != 1 || !x.Count {
		t.Fatalf("bound %+v", x)
	}
	if bp, ok := x.Filter.(*Binary); !ok || bp.Op != Gt || bp.Left.(*Property).Prop.Name != "Freight" {
		t.Fatalf("nested $filter bound on the target type: %#v", x.Filter)
	}
	if len(x.Expand) != 1 || x.Expand[0].Nav.Name != "Order_Details" || len(x.Expand[0].Expand) != 1 ||
		x.Expand[0].Expand[0].Nav.Name != "Product" || x.Expand[0].Top != -1 {
		t.Fatalf("nested $expand %+v", x.Expand)
	}
}

func TestExpandStar(t *testing.T) {
	b := testBinder(nil)
	xs, err := bindExpand(t, b, "Order_Details", "$expand=Product($select=Name),*")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range xs {
		names = append(names, x.Nav.Name)
	}
	// The named item keeps its options; * adds the others once.
	if strings.Join(names, ",") != "Product,Order" || len(xs[0].Select) != 1 {
		t.Fatalf("expanded %v", names)
	}
}

func TestExpandErrors(t *testing.T) {
	b := testBinder(nil)
	for _, tc := range []struct {
		set, q string
		status int
		text   string
	}{
		{"Customers", "$expand=Nope", http.StatusBadRequest, "navigation property 'Nope' does not exist on type 'demo.Customers'"},
		{"Customers", "$expand=City", http.StatusBadRequest, "not a navigation property"},
		{"Customers", "$expand=Orders,Orders", http.StatusBadRequest, "more than once"},
		{"Customers", "$expand=Orders($select=Nope)", http.StatusBadRequest, "Nope"},
		{"Customers", "$expand=Orders($orderby=Nope)", http.StatusBadRequest, "Nope"},
		{"Customers", "$expand=Orders($expand=Customer($expand=Orders($expand=Customer($expand=Orders))))", http.StatusBadRequest, "at most 4"},
		{"Customers", "$expand=*/$ref", http.StatusNotImplemented, "$ref"},
		{"Customers", "$expand=Orders/$count", http.StatusNotImplemented, "$count"},
		{"Customers", "$expand=Orders($levels=2)", http.StatusBadRequest, "$levels needs a recursive navigation property: 'Orders' leads to 'demo.Orders'"},
		{"Staff", "$expand=Reports($levels=5)", http.StatusBadRequest, "$levels=5 nests $expand 5 levels deep; at most 4"},
		{"Staff", "$expand=Reports($levels=4;$expand=Manager)", http.StatusBadRequest, "at most 4"},
		{"Customers", "$expand=*($levels=max)", http.StatusNotImplemented, "$levels"},
		{"Customers", "$expand=Orders($search=x)", http.StatusNotImplemented, "$search"},
	} {
		_, err := bindExpand(t, b, tc.set, tc.q)
		oe := odataerr.As(err)
		if oe == nil || oe.Status != tc.status || !strings.Contains(oe.Message, tc.text) {
			t.Errorf("%s: %v, want %d containing %q", tc.q, err, tc.status, tc.text)
		}
	}
	// $levels=1 is the plain expansion.
	if xs, err := bindExpand(t, b, "Customers", "$expand=*($levels=1),Orders($levels=1)"); err != nil || len(xs) != 1 {
		t.Fatalf("%v %v", xs, err)
	}
	// Depth MaxExpandDepth is fine.
	if _, err := bindExpand(t, b, "Customers", "$expand=Orders($expand=Customer($expand=Orders($expand=Customer)))"); err != nil {
		t.Fatal(err)
	}
}

// $levels repeats the expansion with its options, one level inside the
// other; max goes as deep as the binder allows.
func TestExpandLevels(t *testing.T) {
	b := testBinder(nil)
	depth := func(xs []*Expand) int { return expandDepth(xs) }
	for _, tc := range []struct {
		q       string
		maxDeep int
		want    int
	}{
		{"$expand=Reports($levels=3;$select=Name;$top=2)", 0, 3},
		{"$expand=Reports($levels=max)", 0, MaxExpandDepth},
		{"$expand=Reports($levels=max)", 2, 2},
		{"$expand=Reports($levels=max;$expand=Manager)", 0, MaxExpandDepth},
		{"$expand=Manager($expand=Reports($levels=max))", 0, MaxExpandDepth},
	} {
		b.MaxExpandDepth = tc.maxDeep
		xs, err := bindExpand(t, b, "Staff", tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		if d := depth(xs); d != tc.want {
			t.Errorf("%s (max depth %d): depth %d, want %d", tc.q, tc.maxDeep, d, tc.want)
		}
	}
	b.MaxExpandDepth = 0
	xs, _ := bindExpand(t, b, "Staff", "$expand=Reports($levels=3;$select=Name;$top=2;$expand=Manager)")
	seen := map[*Expand]bool{}
	for lvl, x := 1, xs[0]; x != nil; lvl++ {
		if seen[x] || seen[x.Expand[0]] {
			t.Fatalf("level %d shares an item with another level", lvl)
		}
		seen[x], seen[x.Expand[0]] = true, true
		if x.Nav.Name != "Reports" || x.Top != 2 || len(x.Select) != 1 || x.Expand[0].Nav.Name != "Manager" {
			t.Fatalf("level %d: %+v", lvl, x)
		}
		var next *Expand
		if lvl < 3 {
			if len(x.Expand) != 2 {
				t.Fatalf("level %d expands %d properties, want Manager and Reports", lvl, len(x.Expand))
			}
			next = x.Expand[1]
		} else if len(x.Expand) != 1 {
			t.Fatalf("the last level expands %d properties, want Manager only", len(x.Expand))
		}
		x = next
	}
}

// Nav/$ref binds the nested options a reference list takes.
func TestExpandRef(t *testing.T) {
	b := testBinder(nil)
	xs, err := bindExpand(t, b, "Customers", "$expand=Orders/$ref($filter=Freight%20gt%201;$orderby=OrderID%20desc;$top=2;$count=true)")
	if err != nil {
		t.Fatal(err)
	}
	x := xs[0]
	if !x.Ref || x.Filter == nil || len(x.OrderBy) != 1 || x.Top != 2 || !x.Count || x.Select != nil || x.Expand != nil {
		t.Fatalf("bound %+v", x)
	}
}

func TestSelectExpandedNavigation(t *testing.T) {
	b := testBinder(nil)
	customers := b.Model.EntitySet("Customers").Type
	o, err := query.ParseQuery("$select=CompanyName,Orders&$expand=Orders($select=OrderID,Customer;$expand=Customer)")
	if err != nil {
		t.Fatal(err)
	}
	xs, err := b.Expand(customers, o.Expand)
	if err != nil {
		t.Fatal(err)
	}
	sel, err := b.SelectExpanded(customers, o.Select, xs)
	if err != nil || len(sel) != 1 || sel[0].Name != "CompanyName" {
		t.Fatalf("%v %v", sel, err)
	}
	// Only the navigation property: the key.
	if len(xs[0].Select) != 1 || xs[0].Select[0].Name != "OrderID" {
		t.Fatalf("nested select %v", xs[0].Select)
	}
	o, _ = query.ParseQuery("$select=Orders&$expand=Orders")
	if sel, err = b.SelectExpanded(customers, o.Select, xs); err != nil || len(sel) != 1 || sel[0].Name != "CustomerID" {
		t.Fatalf("%v %v", sel, err)
	}
	// A navigation property that is not expanded still cannot be selected.
	o, _ = query.ParseQuery("$select=Orders")
	if _, err := b.SelectExpanded(customers, o.Select, nil); err == nil || !strings.Contains(err.Error(), "$expand=Orders") {
		t.Fatalf("%v", err)
	}
}
