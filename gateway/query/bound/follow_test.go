package bound

import (
	"strings"
	"testing"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// Follow: the predicate each hop adds, the parent of the last hop, and
// row filters inside every hop (copied, never changed: they are shared).
func TestFollow(t *testing.T) {
	b := testBinder(nil)
	m := b.Model
	customers, orders := m.EntitySet("Customers"), m.EntitySet("Orders")
	// Customers limited to City eq 'X', and to those with an order (a lambda of their own).
	ordersNav := customers.Type.NavigationProperty("Orders")
	custFilter := AndAll(EqConst(&Property{Prop: customers.Type.Property("City")}, "X"),
		&Lambda{Variable: "o", Nav: []*metadata.NavigationProperty{ordersNav},
			Pred: &Binary{Op: Eq, Left: &Property{Variable: "o", Prop: orders.Type.Property("CustomerID")},
				Right: &Property{Prop: customers.Type.Property("CustomerID")}, T: metadata.EdmBoolean}})
	before := dump(custFilter)
	rowFilter := func(s *metadata.EntitySet) Expr {
		if s == customers {
			return custFilter
		}
		return nil
	}
	cases := []struct {
		name       string
		path       *query.ResourcePath
		rowFilter  RowFilter
		set, want  string
		parentWant string
	}{
		{"principal to dependent from a key", resource(seg(0, "Customers", "", lStr("A")), seg(15, "Orders")), nil,
			"Orders", "(eq CustomerID 'A':String)", "Customers CustomerID='A' <nil>"},
		{"dependent to principal", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer")), nil,
			"Customers", "(any $nav1 Orders (eq $nav1/OrderID 1:Int32))", "Orders OrderID=1 <nil>"},
		{"two hops with a key", resource(seg(0, "Customers", "", lStr("A")), seg(15, "Orders", "", lInt(7)), seg(25, "Order_Details")), nil,
			"Order_Details", "(any $nav2 Order (and (eq $nav2/OrderID 7:Int32) (eq $nav2/CustomerID 'A':String)))", "Orders OrderID=7 (eq CustomerID 'A':String)"},
		{"row filter on the way", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "Orders")), rowFilter,
			"Orders", "(any $nav2 Customer (and (any $nav1 $nav2/Orders (eq $nav1/OrderID 1:Int32)) (and (eq $nav2/City 'X':String) (any o $nav2/Orders (eq o/CustomerID $nav2/CustomerID)))))",
			"Customers  (any $nav1 Orders (eq $nav1/OrderID 1:Int32))"},
		{"row filter at the start", resource(seg(0, "Customers", "", lStr("A")), seg(15, "Orders")), rowFilter,
			"Orders", "(any $nav1 Customer (and (eq $nav1/CustomerID 'A':String) (and (eq $nav1/City 'X':String) (any o $nav1/Orders (eq o/CustomerID $nav1/CustomerID)))))",
			"Customers CustomerID='A' <nil>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			target, err := b.Path(c.path)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Follow(target, c.rowFilter)
			if err != nil {
				t.Fatal(err)
			}
			if r.Set.Name != c.set || dump(r.Filter) != c.want {
				t.Errorf("got  %s %s\nwant %s %s", r.Set.Name, dump(r.Filter), c.set, c.want)
			}
			p := r.Parent
			if got := p.Set.Name + " " + keyText(p.Key) + " " + dump(p.Filter); got != c.parentWant {
				t.Errorf("parent %s\nwant   %s", got, c.parentWant)
			}
		})
	}
	if dump(custFilter) != before {
		t.Errorf("the row filter changed: %s", dump(custFilter))
	}
	// A navigation property without partner: followed from a key alone, not
	// back from a restricted entity.
	target, err := b.Path(resource(seg(0, "Order_Details", "OrderID", lInt(1), "ProductID", lInt(2)), seg(30, "Product")))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := Follow(target, nil); err != nil || dump(r.Filter) != "(eq ProductID 2:Int32)" {
		t.Errorf("Order_Details(…)/Product: %v %v", err, r)
	}
	target, err = b.Path(resource(seg(0, "Orders", "", lInt(1)), seg(10, "Order_Details", "OrderID", lInt(1), "ProductID", lInt(2)), seg(40, "Product")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Follow(target, nil); err == nil || !strings.Contains(err.Error(), "no partner") {
		t.Errorf("Orders(1)/Order_Details(…)/Product: %v", err)
	}
}

func keyText(key []KeyValue) string {
	s := ""
	for i, kv := range key {
		if i > 0 {
			s += ","
		}
		s += kv.Prop.Name + "=" + constText(&Const{T: kv.Prop.Type, Value: kv.Value})
	}
	return s
}
