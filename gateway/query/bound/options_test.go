package bound

import (
	"reflect"
	"strings"
	"testing"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

func TestMayBeNull(t *testing.T) {
	b := testBinder(nil)
	cases := []struct {
		set  string
		e    query.Expr
		want bool
	}{
		{"Products", eq(p("Name"), lStr("x")), false},
		{"Products", p("Discontinued"), false},
		{"Products", p("Featured"), true},
		{"Orders", eq(fcall("contains", p("Customer/CompanyName"), lStr("x")), lBool(true)), false}, // a comparison
		{"Orders", fcall("contains", p("Customer/CompanyName"), lStr("x")), true},                   // nullable hop
		{"Order_Details", fcall("contains", p("Order/Customer/CompanyName"), lStr("x")), true},
		{"Order_Details", op2(query.OpGt, op2(query.OpAdd, p("Quantity"), lInt(1)), lInt(0)), false},
		{"Products", fcall("contains", p("Name"), lStr("x")), false},
		{"Products", and(p("Discontinued"), p("Featured")), true},
		{"Products", notX(p("Discontinued")), false},
		{"Products", inList(p("Price"), lInt(1)), false},
		{"Customers", lambdaAny("Orders", "o", p("o/Paid")), false},
		{"Products", fcall("isof", p("Name"), tname("Edm.String")), false},
	}
	for _, c := range cases {
		s := b.newBinding("$filter", b.Model.EntitySet(c.set).Type)
		x, err := s.expr(c.e)
		if err != nil {
			t.Fatalf("%v", err)
		}
		if got := MayBeNull(x); got != c.want {
			t.Errorf("MayBeNull(%s) = %v, want %v", dump(x), got, c.want)
		}
	}
	arith := &Binary{Op: Add, Left: &Const{T: metadata.EdmInt32, Value: int64(1)}, Right: &Const{T: metadata.EdmInt32}, T: metadata.EdmInt32}
	if !MayBeNull(arith) {
		t.Errorf("1 add null must be nullable")
	}
	if MayBeNull(&Cast{X: &Const{T: metadata.EdmInt32, Value: int64(1)}, T: metadata.EdmString}) {
		t.Errorf("cast of a non-null value to Edm.String cannot be null")
	}
	if !MayBeNull(&Cast{X: &Const{T: metadata.EdmDouble, Value: 1e300}, T: metadata.EdmInt32}) {
		t.Errorf("a narrowing cast may fail and be null")
	}
}

func TestOrderBy(t *testing.T) {
	b := testBinder(map[string]query.Expr{"o": p("OrderID")})
	orders := b.Model.EntitySet("Orders").Type
	got, err := b.OrderBy(orders, []query.OrderItem{
		{Expr: p("ShipCity")},
		{Expr: p("Customer/Country"), Desc: true},
		{Expr: fcall("length", p("ShipCity"))},
		{Expr: op2(query.OpMul, p("Freight"), lInt(2)), Desc: true},
		{Expr: aliasRef("o")},
		{Expr: eq(p("Paid"), lBool(true))},
	})
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, it := range got {
		s := dump(it.Expr)
		if it.Desc {
			s += " desc"
		}
		parts = append(parts, s)
	}
	want := "ShipCity, Customer/Country desc, (length:Int32 ShipCity), (mul:Decimal Freight 2:Decimal) desc, OrderID, Paid"
	if s := strings.Join(parts, ", "); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
	if got, err := b.OrderBy(orders, nil); got != nil || err != nil {
		t.Errorf("no $orderby: %v %v", got, err)
	}
}

func TestOrderByErrors(t *testing.T) {
	b := testBinder(nil)
	orders := b.Model.EntitySet("Orders").Type
	_, err := b.OrderBy(orders, []query.OrderItem{{Expr: p("ShipCity")}, {Expr: mpath(9, "Nope")}})
	wantErr(t, err, 400, "property 'Nope' does not exist on type 'demo.Orders'", "$orderby", 9)
	_, err = b.OrderBy(orders, []query.OrderItem{{Expr: at(0, lNull())}})
	wantErr(t, err, 400, "cannot order by null", "$orderby", 0)
	_, err = b.OrderBy(orders, []query.OrderItem{{Expr: at(0, aliasRef("missing"))}})
	wantErr(t, err, 400, "cannot order by null", "$orderby", 0)
	_, err = b.OrderBy(orders, []query.OrderItem{{Expr: mpath(0, "Order_Details/Quantity")}})
	wantErr(t, err, 400, "is a collection", "$orderby", 0)
}

func TestSelect(t *testing.T) {
	b := testBinder(nil)
	orders := b.Model.EntitySet("Orders").Type
	names := func(ps []*metadata.Property) []string {
		out := []string{}
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	sel := func(items ...query.SelectItem) []string {
		t.Helper()
		got, err := b.Select(orders, items)
		if err != nil {
			t.Fatal(err)
		}
		return names(got)
	}
	item := func(path ...string) query.SelectItem { return query.SelectItem{Path: path} }
	all := names(orders.Properties)
	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"declaration order, deduplicated", sel(item("ShipCity"), item("OrderID"), item("ShipCity")), []string{"OrderID", "ShipCity"}},
		{"star", sel(query.SelectItem{Star: true}), all},
		{"star and a property", sel(item("Freight"), query.SelectItem{Star: true}), all},
		{"namespace star adds nothing", sel(item("demo.*"), item("Freight")), []string{"Freight"}},
		{"cast prefix", sel(item("demo.Orders", "Freight")), []string{"Freight"}},
		{"empty list", sel(), []string{}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if got, err := b.Select(orders, nil); got != nil || err != nil {
		t.Errorf("absent $select: %v %v", got, err)
	}
	errs := []struct {
		item query.SelectItem
		msg  string
	}{
		{query.SelectItem{P: 4, Path: []string{"Nope"}}, "property 'Nope' does not exist on type 'demo.Orders'"},
		{query.SelectItem{P: 4, Path: []string{"Customer"}}, "navigation property 'Customer' cannot be selected"},
		{query.SelectItem{P: 4, Path: []string{"Order_Details"}}, "only returned with $expand"},
		{query.SelectItem{P: 4, Path: []string{"ShipCity", "Length"}}, "property 'ShipCity' has the primitive type Edm.String and no member 'Length'"},
		{query.SelectItem{P: 4, Path: []string{"other.*"}}, "unknown namespace 'other' in $select"},
		{query.SelectItem{P: 4, Path: []string{}}, "empty $select item"},
	}
	for _, c := range errs {
		_, err := b.Select(orders, []query.SelectItem{item("OrderID"), c.item})
		wantErr(t, err, 400, c.msg, "$select", 4)
	}
}

func TestSearch(t *testing.T) {
	b := testBinder(nil)
	term := func(s string) *query.SearchTerm { return &query.SearchTerm{Text: s} }
	e := &query.SearchBinary{Or: true,
		Left:  &query.SearchBinary{Left: term("mountain"), Right: &query.SearchTerm{Text: "blue bike", Phrase: true}},
		Right: &query.SearchNot{X: term("red")}}
	got, err := b.Search(e)
	if err != nil {
		t.Fatal(err)
	}
	want := &SearchOr{
		Left:  &SearchAnd{Left: &SearchTerm{Text: "mountain"}, Right: &SearchTerm{Text: "blue bike"}},
		Right: &SearchNot{X: &SearchTerm{Text: "red"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v", got)
	}
	if got, err := b.Search(nil); got != nil || err != nil {
		t.Errorf("no $search: %v %v", got, err)
	}
	_, err = b.Search(&query.SearchNot{X: &query.SearchTerm{P: 4}})
	wantErr(t, err, 400, "empty search term", "$search", 4)
}

// One Binder serves concurrent calls (run with -race).
func TestBinderConcurrentUse(t *testing.T) {
	b := testBinder(map[string]query.Expr{"p": lInt(5)})
	customers := b.Model.EntitySet("Customers").Type
	e := lambdaAny("Orders", "o", op2(query.OpGt, p("o/Freight"), aliasRef("p")))
	want := "(any o Orders (gt o/Freight 5:Decimal))"
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			got, err := b.Filter(customers, e)
			if err != nil {
				errs <- err.Error()
				return
			}
			errs <- dump(got)
		}()
	}
	for range 8 {
		if got := <-errs; got != want {
			t.Errorf("got %s", got)
		}
	}
}
