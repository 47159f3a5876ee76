package bound

import (
	"net/url"
	"strings"
	"testing"

	"odatagw/gateway/query"
)

// End-to-end tests: OData text through the parser of package query to the
// bound tree.

// parseOptions parses "$filter=…&@p=…" written unencoded: each value is
// percent-encoded here the way a client would.
func parseOptions(t *testing.T, raw string) *query.Options {
	t.Helper()
	var parts []string
	for piece := range strings.SplitSeq(raw, "&") {
		name, value, _ := strings.Cut(piece, "=")
		parts = append(parts, url.QueryEscape(name)+"="+url.PathEscape(value))
	}
	o, err := query.ParseQuery(strings.Join(parts, "&"))
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", raw, err)
	}
	return o
}

func bindText(t *testing.T, set, raw string) (Expr, error) {
	t.Helper()
	o := parseOptions(t, raw)
	b := testBinder(o.Aliases)
	return b.Filter(b.Model.EntitySet(set).Type, o.Filter)
}

func TestParsedFilters(t *testing.T) {
	guid := "0f8fad5b-d9cb-469f-a165-70867728950e"
	cases := []struct{ set, filter, want string }{
		{"Customers", "$filter=Country eq 'USA'", "(eq Country 'USA':String)"},
		{"Customers", "$filter=contains(CompanyName,'Acme') eq true or contains(City,'Acme') eq true",
			"(or (contains:Boolean CompanyName 'Acme':String) (contains:Boolean City 'Acme':String))"},
		{"Customers", "$filter=CompanyName eq 'O''Neil'", "(eq CompanyName 'O''Neil':String)"},
		{"Orders", "$filter=Freight add 1 gt 2", "(gt (add:Decimal Freight 1:Decimal) 2:Decimal)"},
		{"Orders", "$filter=OrderID div 2 eq 1", "(eq (div:Int32 OrderID 2:Int32) 1:Int32)"},
		{"Orders", "$filter=OrderID divby 2 gt 0.5", "(gt (divby:Decimal OrderID 2:Decimal) 0.5:Decimal)"},
		{"Orders", "$filter=OrderDate ge 2024-01-01 and ShippedDate eq null",
			"(and (ge OrderDate 2024-01-01T00:00:00Z:DateTimeOffset) (eq ShippedDate null:Date))"},
		{"Orders", "$filter=Customer/Country eq 'DE' and not (Paid eq false)", "(and (eq Customer/Country 'DE':String) Paid)"},
		{"Orders", "$filter=Priority in (1, 2.5)", "(in (cast:Decimal Priority) 1:Decimal 2.5:Decimal)"},
		{"Orders", "$filter=year(OrderDate) eq 2024 and month(OrderDate) le 6",
			"(and (eq (year:Int32 OrderDate) 2024:Int32) (le (month:Int32 OrderDate) 6:Int32))"},
		{"Products", "$filter=Price gt 5", "(gt Price 5:Decimal)"},
		{"Products", "$filter=Weight gt 5", "(gt Weight 5:Double)"},
		{"Products", "$filter=Code eq " + guid, "(eq Code '" + guid + "':Guid)"},
		{"Products", "$filter=Code eq '" + strings.ToUpper(guid) + "'", "(eq Code '" + guid + "':Guid)"},
		{"Products", "$filter=LastSold lt 2024-01-02T10:00:00+02:00", "(lt LastSold 2024-01-02T08:00:00Z:DateTimeOffset)"},
		{"Products", "$filter=Warranty gt duration'P1DT2H'", "(gt Warranty P1DT2H:Duration)"},
		{"Products", "$filter=OpensAt lt 09:30:00", "(lt OpensAt 09:30:00:TimeOfDay)"},
		{"Products", "$filter=-Price lt -5", "(lt (- Price) -5:Decimal)"},
		{"Products", "$filter=Views lt 12345678901234567890", "(lt Views 12345678901234567890:Decimal)"},
		{"Products", "$filter=Rating add Rating gt 3", "(gt (add:Byte Rating Rating) 3:Byte)"},
		{"Products", "$filter=substring(Name,1,2) eq 'cm'", "(eq (substring:String Name 1:Int32 2:Int32) 'cm':String)"},
		{"Products", "$filter=tolower(Name) eq 'acme' and length(Name) gt 3",
			"(and (eq (tolower:String Name) 'acme':String) (gt (length:Int32 Name) 3:Int32))"},
		{"Products", "$filter=cast(Price,Edm.String) eq '5'", "(eq (cast:String Price) '5':String)"},
		{"Products", "$filter=isof(Name,Edm.String) and isof(Price,Edm.String) eq false", "(and true:Boolean true:Boolean)"},
		{"Products", "$filter=now() gt LastSold", "(gt 2026-11-27T04:30:00.123456Z:DateTimeOffset LastSold)"},
		{"Products", "$filter=Featured ne true", "(ne Featured true:Boolean)"},
		{"Products", "$filter=Price gt @p&@p=5", "(gt Price 5:Decimal)"},
		{"Products", "$filter=Name in @l&@l=('a','b')", "(in Name 'a':String 'b':String)"},
		{"Products", "$filter=Name eq @missing", "(eq Name null:String)"},
		{"Products", "$filter=null eq null", "true:Boolean"},
		{"Customers", "$filter=Orders/any(o: o/Freight gt 5 and o/Customer/City eq City)",
			"(any o Orders (and (gt o/Freight 5:Decimal) (eq o/Customer/City City)))"},
		{"Customers", "$filter=Orders/all(o: o/Order_Details/any(d: d/Quantity gt 10))",
			"(all o Orders (any d o/Order_Details (gt d/Quantity 10:Int16)))"},
		{"Customers", "$filter=Orders/$count gt 2", "(gt (count Orders) 2:Int64)"},
	}
	for _, c := range cases {
		t.Run(c.filter, func(t *testing.T) {
			got, err := bindText(t, c.set, c.filter)
			if err != nil {
				t.Fatalf("bind: %v", err)
			}
			if s := dump(got); s != c.want {
				t.Errorf("got  %s\nwant %s", s, c.want)
			}
		})
	}
}

func TestParsedFilterErrors(t *testing.T) {
	cases := []struct {
		set, filter string
		status      int
		msg, target string
		pos         int
	}{
		{"Orders", "$filter=Foo eq 1", 400, "property 'Foo' does not exist on type 'demo.Orders'", "$filter", 0},
		{"Orders", "$filter=Customer/Foo eq 1", 400, "property 'Foo' does not exist on type 'demo.Customers'", "$filter", 9},
		{"Products", "$filter=Name add 1 eq 2", 400, "operator 'add' is not defined for Edm.String and Edm.Int32", "$filter", 5},
		{"Products", "$filter=Name eq 1", 400, "operator 'eq' is not defined for Edm.String and Edm.Int32", "$filter", 5},
		{"Products", "$filter=contains(Price,'x')", 400, "argument 1 of 'contains' must be Edm.String, not Edm.Decimal", "$filter", 9},
		{"Products", "$filter=Code eq 'nope'", 400, "'nope' is not a valid Edm.Guid value", "$filter", 8},
		{"Products", "$filter=frob(Name) eq 1", 400, "'frob' is neither a property of type 'demo.Products' nor a known function", "$filter", 0},
		{"Products", "$filter=Price", 400, "$filter must be a Boolean expression, not Edm.Decimal", "$filter", 0},
		{"Orders", "$filter=Order_Details/Quantity eq 1", 400, "navigation property 'Order_Details' is a collection", "$filter", 0},
		{"Customers", "$filter=Orders(1)/Freight eq 1", 501, "key predicates in expressions", "$filter", 0},
		{"Products", "$filter=demo.Fn(a=1) eq 1", 400, "function 'demo.Fn' does not exist on type 'demo.Products'", "$filter", 0},
		{"Products", "$filter=@a/Street eq 1", 501, "paths starting at a parameter alias", "$filter", 0},
		{"Products", "$filter=Name eq @p&@p=@p", 400, "parameter alias '@p' refers to itself", "@p", 0},
		{"Products", "$filter=Name eq @p&@p=Nope", 400, "property 'Nope' does not exist on type 'demo.Products'", "@p", 0},
		{"Products", "$filter=Name has 'x'", 501, "operator 'has' is not supported", "$filter", 5},
	}
	for _, c := range cases {
		t.Run(c.filter, func(t *testing.T) {
			got, err := bindText(t, c.set, c.filter)
			if err == nil {
				t.Fatalf("no error, bound %s", dump(got))
			}
			wantErr(t, err, c.status, c.msg, c.target, c.pos)
		})
	}
}

func TestParsedOptions(t *testing.T) {
	o := parseOptions(t, "$select=OrderID,demo.*,ShipCity&$orderby=Customer/Country desc,Freight&$search=blue OR \"red bike\"")
	b := testBinder(o.Aliases)
	orders := b.Model.EntitySet("Orders").Type
	sel, err := b.Select(orders, o.Select)
	if err != nil || len(sel) != 2 || sel[0].Name != "OrderID" || sel[1].Name != "ShipCity" {
		t.Errorf("select: %v %v", sel, err)
	}
	ob, err := b.OrderBy(orders, o.OrderBy)
	if err != nil || len(ob) != 2 || dump(ob[0].Expr) != "Customer/Country" || !ob[0].Desc || dump(ob[1].Expr) != "Freight" || ob[1].Desc {
		t.Errorf("orderby: %v %v", ob, err)
	}
	se, err := b.Search(o.Search)
	want := &SearchOr{Left: &SearchTerm{Text: "blue"}, Right: &SearchTerm{Text: "red bike"}}
	if err != nil || dump(nil) == "" || !searchEqual(se, want) {
		t.Errorf("search: %#v %v", se, err)
	}
	o = parseOptions(t, "$select=OrderID,Customer")
	_, err = b.Select(orders, o.Select)
	wantErr(t, err, 400, "navigation property 'Customer' cannot be selected", "$select", 8)
}

func searchEqual(a, b Search) bool {
	switch x := a.(type) {
	case *SearchTerm:
		y, ok := b.(*SearchTerm)
		return ok && x.Text == y.Text
	case *SearchOr:
		y, ok := b.(*SearchOr)
		return ok && searchEqual(x.Left, y.Left) && searchEqual(x.Right, y.Right)
	case *SearchAnd:
		y, ok := b.(*SearchAnd)
		return ok && searchEqual(x.Left, y.Left) && searchEqual(x.Right, y.Right)
	case *SearchNot:
		y, ok := b.(*SearchNot)
		return ok && searchEqual(x.X, y.X)
	}
	return false
}

func TestParsedPaths(t *testing.T) {
	guid := "0f8fad5b-d9cb-469f-a165-70867728950e"
	cases := []struct{ path, aliases, want string }{
		{"", "", "service document"},
		{"$metadata", "", "metadata"},
		{"$batch", "", "batch"},
		{"Orders", "", "collection Orders"},
		{"Orders(10248)", "", "entity Orders(OrderID=10248)"},
		{"Orders(OrderID=10248)", "", "entity Orders(OrderID=10248)"},
		{"Order_Details(ProductID=2,OrderID=1)", "", "entity Order_Details(OrderID=1,ProductID=2)"},
		{"Customers('ALFKI')", "", "entity Customers(CustomerID='ALFKI')"},
		{"Devices(" + guid + ")", "", "entity Devices(DeviceID='" + guid + "')"},
		{"Holidays(2024-12-25)", "", "entity Holidays(Day=2024-12-25)"},
		{"Orders/10248", "", "entity Orders(OrderID=10248)"},
		{"Customers/ALFKI/City", "", "property Customers(CustomerID='ALFKI') /City"},
		{"Orders(10248)/ShipCity/$value", "", "property value Orders(OrderID=10248) /ShipCity"},
		{"Orders/$count", "", "count Orders"},
		{"Orders(10248)/Customer", "", "navigation Orders(OrderID=10248) /Customer"},
		{"Orders(@k)", "@k=7", "entity Orders(OrderID=7)"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			p, err := query.ParsePath(c.path)
			if err != nil {
				t.Fatalf("ParsePath: %v", err)
			}
			var aliases map[string]query.Expr
			if c.aliases != "" {
				aliases = parseOptions(t, c.aliases).Aliases
			}
			got, err := testBinder(aliases).Path(p)
			if err != nil {
				t.Fatal(err)
			}
			if s := targetText(got); s != c.want {
				t.Errorf("got  %s\nwant %s", s, c.want)
			}
		})
	}
	errs := []struct {
		path   string
		status int
		msg    string
		pos    int
	}{
		{"Nope", 404, "entity set 'Nope' does not exist", 0},
		{"Orders(10248)/Nope", 404, "'Nope' is not a property or navigation property of type 'demo.Orders'", 14},
		{"Orders('x')", 400, "key value 'x' (Edm.String) does not match the type Edm.Int32 of key property 'OrderID'", 7},
		{"Order_Details(1)", 400, "has a composite key (OrderID,ProductID)", 14},
		{"Orders(10248)/$value", 400, "$value may only follow a property", 14},
		{"Orders/ShipCity", 400, "'ShipCity' cannot follow the collection 'Orders'", 7},
	}
	for _, c := range errs {
		t.Run(c.path, func(t *testing.T) {
			p, err := query.ParsePath(c.path)
			if err != nil {
				t.Fatalf("ParsePath: %v", err)
			}
			got, err := testBinder(nil).Path(p)
			if err == nil {
				t.Fatalf("no error: %s", targetText(got))
			}
			wantErr(t, err, c.status, c.msg, "resource path", c.pos)
		})
	}
}
