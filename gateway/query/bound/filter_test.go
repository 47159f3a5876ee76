package bound

import (
	"testing"
	"time"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

var pinnedNow = time.Date(2026, 11, 27, 5, 30, 0, 123456789, time.FixedZone("CET", 3600))

func testBinder(aliases map[string]query.Expr) *Binder {
	return &Binder{Model: testModel(), Aliases: aliases, Now: func() time.Time { return pinnedNow }}
}

type bindCase struct {
	name    string
	set     string // entity set; "" = Products
	e       query.Expr
	aliases map[string]query.Expr
	want    string
}

func runFilterCases(t *testing.T, cases []bindCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := testBinder(c.aliases)
			set := c.set
			if set == "" {
				set = "Products"
			}
			got, err := b.Filter(b.Model.EntitySet(set).Type, c.e)
			if err != nil {
				t.Fatalf("Filter: %v", err)
			}
			if s := dump(got); s != c.want {
				t.Errorf("got  %s\nwant %s", s, c.want)
			}
			if got.Type() != metadata.EdmBoolean {
				t.Errorf("filter type %s", got.Type())
			}
		})
	}
}

type errCase struct {
	name    string
	set     string
	e       query.Expr
	aliases map[string]query.Expr
	status  int
	msg     string
	target  string // "-" = do not check target and position
	pos     int
}

func runFilterErrors(t *testing.T, cases []errCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := testBinder(c.aliases)
			set := c.set
			if set == "" {
				set = "Products"
			}
			got, err := b.Filter(b.Model.EntitySet(set).Type, c.e)
			if err == nil {
				t.Fatalf("no error, bound %s", dump(got))
			}
			wantErr(t, err, c.status, c.msg, c.target, c.pos)
		})
	}
}

func TestFilterNames(t *testing.T) {
	runFilterCases(t, []bindCase{
		{"property", "", eq(p("Name"), lStr("Acme")), nil, "(eq Name 'Acme':String)"},
		{"single navigation", "Orders", eq(p("Customer/Country"), lStr("DE")), nil, "(eq Customer/Country 'DE':String)"},
		{"two hops", "Order_Details", eq(p("Order/Customer/City"), lStr("Berlin")), nil, "(eq Order/Customer/City 'Berlin':String)"},
		{"$it prefix", "Orders", eq(p("$it/ShipCity"), lNull()), nil, "(eq ShipCity null:String)"},
		{"cast to own type", "", eq(p("demo.Products/Name"), lStr("x")), nil, "(eq Name 'x':String)"},
		{"key property of navigation", "Orders", eq(p("Customer/CustomerID"), p("CustomerID")), nil, "(eq Customer/CustomerID CustomerID)"},
	})
}

func TestFilterNameErrors(t *testing.T) {
	runFilterErrors(t, []errCase{
		{"unknown property", "Orders", at(4, eq(mpath(0, "Foo"), lInt(1))), nil, 400,
			"property 'Foo' does not exist on type 'demo.Orders'", "$filter", 0},
		{"unknown after navigation", "Orders", eq(mpath(7, "Customer/Foo"), lInt(1)), nil, 400,
			"property 'Foo' does not exist on type 'demo.Customers'", "$filter", 16},
		{"collection navigation in a path", "Orders", eq(mpath(3, "Order_Details/Quantity"), lInt(1)), nil, 400,
			"navigation property 'Order_Details' is a collection; use any, all or $count", "$filter", 3},
		{"member of a primitive", "", eq(mpath(0, "Name/Length"), lInt(1)), nil, 400,
			"property 'Name' has the primitive type Edm.String and no member 'Length'", "$filter", 5},
		{"entity compared", "Orders", eq(mpath(0, "Customer"), lNull()), nil, 501,
			"'Customer' denotes an entity", "$filter", 0},
		{"foreign type cast", "", eq(mpath(0, "demo.Orders/Name"), lStr("x")), nil, 400,
			"type cast 'demo.Orders' is not valid on a value of type 'demo.Products'", "$filter", 0},
		{"$root", "", eq(mpath(0, "$root/Products"), lStr("x")), nil, 501, "$root is not supported", "$filter", 0},
		{"enum literal", "", eq(p("Name"), at(8, lit(query.LitEnum, "demo.Color'Red'", query.EnumValue{Type: "demo.Color", Member: "Red"}))), nil, 501,
			"enumeration literal demo.Color'Red' is not supported", "$filter", 8},
		{"not Boolean", "", at(0, mpath(0, "Price")), nil, 400, "$filter must be a Boolean expression, not Edm.Decimal", "$filter", 0},
		{"type name alone", "", eq(p("Name"), at(8, tname("Edm.String"))), nil, 400,
			"type name 'Edm.String' may only be used as an argument of cast or isof", "$filter", 8},
		{"list outside in", "", eq(p("Name"), at(8, listX(lStr("a")))), nil, 501,
			"collection literals are only supported on the right of 'in'", "$filter", 8},
	})
}

func TestFilterComparisonTypes(t *testing.T) {
	runFilterCases(t, []bindCase{
		{"int literal vs Decimal", "", op2(query.OpGt, p("Price"), lInt(5)), nil, "(gt Price 5:Decimal)"},
		{"int literal vs Double", "", op2(query.OpGt, p("Weight"), lInt(5)), nil, "(gt Weight 5:Double)"},
		{"decimal literal vs Decimal", "", op2(query.OpGt, p("Price"), lDec("1.50")), nil, "(gt Price 1.50:Decimal)"},
		{"decimal literal vs Double", "", op2(query.OpLt, p("Weight"), lDec("1.5")), nil, "(lt Weight 1.5:Double)"},
		{"double literal vs Decimal", "", op2(query.OpGt, p("Price"), lDbl(100)), nil, "(gt Price 100:Decimal)"},
		{"decimal literal vs Int32 stays Decimal", "Orders", op2(query.OpGt, p("OrderID"), lDec("2.5")), nil, "(gt OrderID 2.5:Decimal)"},
		{"integral decimal literal vs Int32", "Orders", eq(p("OrderID"), lDec("7.00")), nil, "(eq OrderID 7:Int32)"},
		{"literal on the left", "", op2(query.OpLt, lInt(5), p("Price")), nil, "(lt 5:Decimal Price)"},
		{"int literal vs Byte", "", eq(p("Rating"), lInt(5)), nil, "(eq Rating 5:Byte)"},
		{"int literal out of Byte range", "", eq(p("Rating"), lInt(300)), nil, "(eq Rating 300:Int32)"},
		{"int literal vs Int16", "Orders", eq(p("Priority"), lInt(5)), nil, "(eq Priority 5:Int16)"},
		{"int literal vs Int64", "", eq(p("Views"), lInt(5)), nil, "(eq Views 5:Int64)"},
		{"Int64 literal vs Int32 property", "Orders", eq(p("OrderID"), lInt(3000000000)), nil, "(eq OrderID 3000000000:Int64)"},
		{"numeric properties", "Order_Details", op2(query.OpGt, p("UnitPrice"), p("Discount")), nil, "(gt UnitPrice Discount)"},
		{"guid literal", "", eq(p("Code"), lGuid("0f8fad5b-d9cb-469f-a165-70867728950e")), nil,
			"(eq Code '0f8fad5b-d9cb-469f-a165-70867728950e':Guid)"},
		{"string literal vs Guid", "", eq(lStr("0F8FAD5B-D9CB-469F-A165-70867728950E"), p("Code")), nil,
			"(eq '0f8fad5b-d9cb-469f-a165-70867728950e':Guid Code)"},
		{"date literal vs DateTimeOffset", "", op2(query.OpGe, p("LastSold"), lDate(2024, 1, 2)), nil,
			"(ge LastSold 2024-01-02T00:00:00Z:DateTimeOffset)"},
		{"midnight DateTimeOffset vs Date", "", eq(p("Released"), lDTO("2024-01-02T01:00:00+01:00")), nil,
			"(eq Released 2024-01-02:Date)"},
		{"Date lt instant", "", op2(query.OpLt, p("Released"), lDTO("2024-01-02T10:00:00+02:00")), nil, "(le Released 2024-01-02:Date)"},
		{"Date ge instant", "", op2(query.OpGe, p("Released"), lDTO("2024-01-02T10:00:00Z")), nil, "(gt Released 2024-01-02:Date)"},
		{"instant le Date", "", op2(query.OpLe, lDTO("2024-01-02T10:00:00Z"), p("Released")), nil, "(gt Released 2024-01-02:Date)"},
		{"instant gt Date", "", op2(query.OpGt, lDTO("2024-01-02T00:00:01Z"), p("Released")), nil, "(le Released 2024-01-02:Date)"},
		{"Date eq instant is false", "", and(p("Discontinued"), eq(p("Released"), lDTO("2024-01-02T10:00:00Z"))), nil, "(and Discontinued false:Boolean)"},
		{"Date ne instant is true", "", op2(query.OpNe, p("Released"), lDTO("2024-01-02T10:00:00Z")), nil, "true:Boolean"},
		{"DateTimeOffset literal is UTC", "", op2(query.OpLt, p("LastSold"), lDTO("2024-01-02T10:00:00+02:00")), nil,
			"(lt LastSold 2024-01-02T08:00:00Z:DateTimeOffset)"},
		{"time of day", "", op2(query.OpLt, p("OpensAt"), lTime(9, 30, 0)), nil, "(lt OpensAt 09:30:00:TimeOfDay)"},
		{"duration", "", op2(query.OpGt, p("Warranty"), lDur(48*time.Hour)), nil, "(gt Warranty P2D:Duration)"},
		{"boolean", "", op2(query.OpNe, p("Discontinued"), p("Featured")), nil, "(ne Discontinued Featured)"},
		{"binary", "", eq(p("Photo"), lBin([]byte{1, 2, 255})), nil, "(eq Photo AQL_:Binary)"},
		{"eq null", "", eq(p("Name"), lNull()), nil, "(eq Name null:String)"},
		{"null ne property", "", op2(query.OpNe, lNull(), p("Price")), nil, "(ne null:Decimal Price)"},
		{"gt null", "", op2(query.OpGt, p("Price"), lNull()), nil, "(gt Price null:Decimal)"},
		{"null eq null", "", eq(lNull(), lNull()), nil, "true:Boolean"},
		{"null ne null", "", op2(query.OpNe, lNull(), lNull()), nil, "false:Boolean"},
		{"null gt null", "", op2(query.OpGt, lNull(), lNull()), nil, "false:Boolean"},
		{"count", "Customers", op2(query.OpGt, countOf("Orders"), lInt(2)), nil, "(gt (count Orders) 2:Int64)"},
	})
}

func TestFilterComparisonErrors(t *testing.T) {
	runFilterErrors(t, []errCase{
		{"string vs int", "", at(5, eq(p("Name"), lInt(1))), nil, 400,
			"operator 'eq' is not defined for Edm.String and Edm.Int32", "$filter", 5},
		{"date vs string", "", at(9, op2(query.OpGt, p("Released"), lStr("2024-01-01"))), nil, 400,
			"operator 'gt' is not defined for Edm.Date and Edm.String", "$filter", 9},
		{"guid vs string property", "", at(5, eq(p("Code"), p("Name"))), nil, 400,
			"operator 'eq' is not defined for Edm.Guid and Edm.String", "$filter", 5},
		{"invalid guid string", "", eq(p("Code"), at(8, lStr("nope"))), nil, 400,
			"'nope' is not a valid Edm.Guid value", "$filter", 8},
		{"DateTimeOffset with time vs Date in a list", "", inList(p("Released"), at(12, lDTO("2024-01-02T10:00:00Z"))), nil, 400,
			"2024-01-02T10:00:00Z is not a valid Edm.Date value", "$filter", 12},
		{"boolean vs int", "", at(13, eq(p("Discontinued"), lInt(1))), nil, 400,
			"operator 'eq' is not defined for Edm.Boolean and Edm.Int32", "$filter", 13},
		{"has", "", at(5, op2(query.OpHas, p("Name"), lStr("x"))), nil, 501,
			"operator 'has' is not supported", "$filter", 5},
		{"DateTimeOffset vs Date property", "", at(9, eq(p("LastSold"), p("Released"))), nil, 400,
			"operator 'eq' is not defined for Edm.DateTimeOffset and Edm.Date", "$filter", 9},
	})
}

func TestFilterArithmetic(t *testing.T) {
	runFilterCases(t, []bindCase{
		{"decimal add int", "", op2(query.OpGt, op2(query.OpAdd, p("Price"), lInt(1)), lInt(2)), nil,
			"(gt (add:Decimal Price 1:Decimal) 2:Decimal)"},
		{"integer div is integral", "Orders", eq(op2(query.OpDiv, p("OrderID"), lInt(2)), lInt(1)), nil,
			"(eq (div:Int32 OrderID 2:Int32) 1:Int32)"},
		{"Int16 div Int32", "Orders", eq(op2(query.OpDiv, p("Priority"), p("OrderID")), lInt(1)), nil,
			"(eq (div:Int32 Priority OrderID) 1:Int32)"},
		{"decimal div", "", eq(op2(query.OpDiv, p("Price"), lInt(3)), lInt(1)), nil,
			"(eq (div:Decimal Price 3:Decimal) 1:Decimal)"},
		{"divby of integers is Decimal", "Orders", op2(query.OpGt, op2(query.OpDivBy, p("OrderID"), lInt(2)), lDec("0.5")), nil,
			"(gt (divby:Decimal OrderID 2:Decimal) 0.5:Decimal)"},
		{"divby of Double is Double", "", op2(query.OpGt, op2(query.OpDivBy, p("Weight"), lInt(2)), lInt(1)), nil,
			"(gt (divby:Double Weight 2:Double) 1:Double)"},
		{"mod", "Orders", eq(op2(query.OpMod, p("OrderID"), lInt(2)), lInt(0)), nil,
			"(eq (mod:Int32 OrderID 2:Int32) 0:Int32)"},
		{"byte add byte stays byte", "", op2(query.OpGt, op2(query.OpAdd, p("Rating"), p("Rating")), lInt(3)), nil,
			"(gt (add:Byte Rating Rating) 3:Byte)"},
		{"byte add sbyte is Int16", "", op2(query.OpGt, op2(query.OpAdd, p("Rating"), p("Delta")), lInt(3)), nil,
			"(gt (add:Int16 Rating Delta) 3:Int16)"},
		{"decimal mul double is Double", "", op2(query.OpGt, op2(query.OpMul, p("Price"), p("Weight")), lInt(3)), nil,
			"(gt (mul:Double Price Weight) 3:Double)"},
		{"int64 sub int literal", "", op2(query.OpGt, op2(query.OpSub, p("Views"), lInt(3)), lInt(0)), nil,
			"(gt (sub:Int64 Views 3:Int64) 0:Int64)"},
		{"add null", "", eq(op2(query.OpAdd, p("Price"), lNull()), lInt(1)), nil,
			"(eq (add:Decimal Price null:Decimal) 1:Decimal)"},
		{"null add null", "", eq(op2(query.OpAdd, lNull(), lNull()), p("Price")), nil,
			"(eq null:Decimal Price)"},
		{"DateTimeOffset add Duration", "", op2(query.OpLt, op2(query.OpAdd, p("LastSold"), lDur(time.Hour)), lDTO("2024-01-01T00:00:00Z")), nil,
			"(lt (add:DateTimeOffset LastSold PT1H:Duration) 2024-01-01T00:00:00Z:DateTimeOffset)"},
		{"Date sub Duration", "", op2(query.OpLt, op2(query.OpSub, p("Released"), lDur(24*time.Hour)), lDate(2024, 1, 1)), nil,
			"(lt (sub:Date Released P1D:Duration) 2024-01-01:Date)"},
		{"DateTimeOffset difference", "", op2(query.OpGt, op2(query.OpSub, p("LastSold"), lDTO("2024-01-01T00:00:00Z")), lDur(time.Minute)), nil,
			"(gt (sub:Duration LastSold 2024-01-01T00:00:00Z:DateTimeOffset) PT1M:Duration)"},
		{"DateTimeOffset minus Date constant", "", op2(query.OpGt, op2(query.OpSub, p("LastSold"), lDate(2024, 1, 1)), lDur(time.Minute)), nil,
			"(gt (sub:Duration LastSold 2024-01-01T00:00:00Z:DateTimeOffset) PT1M:Duration)"},
		{"Date difference", "Orders", op2(query.OpGt, op2(query.OpSub, p("ShippedDate"), p("ShippedDate")), lDur(0)), nil,
			"(gt (sub:Duration ShippedDate ShippedDate) PT0S:Duration)"},
		{"duration sum", "", op2(query.OpGt, op2(query.OpAdd, p("Warranty"), lDur(90*time.Second+500*time.Millisecond)), lDur(0)), nil,
			"(gt (add:Duration Warranty PT1M30.5S:Duration) PT0S:Duration)"},
		{"negation of a property", "", op2(query.OpLt, at(3, negX(p("Price"))), lInt(0)), nil, "(lt (- Price) 0:Decimal)"},
		{"negation of a Byte is Int32", "", op2(query.OpLt, negX(p("Rating")), lInt(-3)), nil, "(lt (- (cast:Int32 Rating)) -3:Int32)"},
		{"negation of a Byte constant", "", op2(query.OpLt, p("Views"), negX(fcall("cast", lInt(200), tname("Edm.Byte")))), nil, "(lt Views -200:Int64)"},
		{"negation of a literal folds", "", op2(query.OpGt, p("Price"), negX(lInt(5))), nil, "(gt Price -5:Decimal)"},
		{"negation of a decimal literal", "", op2(query.OpGt, p("Price"), negX(lDec("-1.5"))), nil, "(gt Price 1.5:Decimal)"},
		{"negation of a duration", "", op2(query.OpGt, p("Warranty"), negX(lDur(time.Hour))), nil, "(gt Warranty -PT1H:Duration)"},
	})
}

func TestFilterArithmeticErrors(t *testing.T) {
	runFilterErrors(t, []errCase{
		{"string add int", "", op2(query.OpGt, at(5, op2(query.OpAdd, p("Name"), lInt(1))), lInt(0)), nil, 400,
			"operator 'add' is not defined for Edm.String and Edm.Int32", "$filter", 5},
		{"boolean mul", "", op2(query.OpGt, at(13, op2(query.OpMul, p("Discontinued"), lInt(2))), lInt(0)), nil, 400,
			"operator 'mul' is not defined for Edm.Boolean and Edm.Int32", "$filter", 13},
		{"date add int", "", op2(query.OpGt, at(9, op2(query.OpAdd, p("Released"), lInt(1))), lInt(0)), nil, 400,
			"operator 'add' is not defined for Edm.Date and Edm.Int32", "$filter", 9},
		{"duration add date", "", op2(query.OpGt, at(9, op2(query.OpAdd, p("Warranty"), p("Released"))), lInt(0)), nil, 400,
			"operator 'add' is not defined for Edm.Duration and Edm.Date", "$filter", 9},
		{"DateTimeOffset mul duration", "", op2(query.OpGt, at(9, op2(query.OpMul, p("LastSold"), lDur(time.Hour))), lInt(0)), nil, 400,
			"operator 'mul' is not defined for Edm.DateTimeOffset and Edm.Duration", "$filter", 9},
		{"negate string", "", eq(at(0, negX(p("Name"))), lStr("x")), nil, 400,
			"operator '-' is not defined for Edm.String", "$filter", 0},
	})
}

func TestFilterLogic(t *testing.T) {
	runFilterCases(t, []bindCase{
		{"and", "", and(p("Discontinued"), op2(query.OpGt, p("Price"), lInt(1))), nil, "(and Discontinued (gt Price 1:Decimal))"},
		{"or with null", "", or(lNull(), p("Featured")), nil, "(or null:Boolean Featured)"},
		{"not", "", notX(p("Featured")), nil, "(not Featured)"},
		{"not true folds", "", notX(lBool(true)), nil, "false:Boolean"},
		{"not null", "", notX(lNull()), nil, "(not null:Boolean)"},
		{"null filter", "", lNull(), nil, "null:Boolean"},
		{"true filter", "", lBool(true), nil, "true:Boolean"},
	})
	runFilterErrors(t, []errCase{
		{"and int", "", at(13, and(p("Discontinued"), lInt(1))), nil, 400,
			"operator 'and' is not defined for Edm.Boolean and Edm.Int32", "$filter", 13},
		{"or string", "", at(5, or(p("Name"), p("Featured"))), nil, 400,
			"operator 'or' is not defined for Edm.String and Edm.Boolean", "$filter", 5},
		{"not string", "", at(0, notX(p("Name"))), nil, 400, "operator 'not' is not defined for Edm.String", "$filter", 0},
	})
}
