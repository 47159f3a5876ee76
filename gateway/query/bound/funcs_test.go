package bound

import (
	"testing"
	"time"

	"odatagw/gateway/query"
)

func TestFilterFunctions(t *testing.T) {
	gt := func(l, r query.Expr) query.Expr { return op2(query.OpGt, l, r) }
	runFilterCases(t, []bindCase{
		{"contains", "", fcall("contains", p("Name"), lStr("Acme")), nil, "(contains:Boolean Name 'Acme':String)"},
		{"startswith", "", fcall("startswith", p("Name"), lStr("A")), nil, "(startswith:Boolean Name 'A':String)"},
		{"endswith with null", "", fcall("endswith", p("Name"), lNull()), nil, "(endswith:Boolean Name null:String)"},
		{"case-insensitive name", "", fcall("Contains", p("Name"), lStr("A")), nil, "(contains:Boolean Name 'A':String)"},
		{"length", "", gt(fcall("length", p("Name")), lInt(3)), nil, "(gt (length:Int32 Name) 3:Int32)"},
		{"indexof", "", eq(fcall("indexof", p("Name"), lStr("c")), lInt(1)), nil, "(eq (indexof:Int32 Name 'c':String) 1:Int32)"},
		{"substring 2", "", eq(fcall("substring", p("Name"), lInt(1)), lStr("cme")), nil, "(eq (substring:String Name 1:Int32) 'cme':String)"},
		{"substring 3", "", eq(fcall("substring", p("Name"), lInt(1), lInt(2)), lStr("cm")), nil,
			"(eq (substring:String Name 1:Int32 2:Int32) 'cm':String)"},
		{"substring Int64 argument", "", eq(fcall("substring", p("Name"), p("Views")), lStr("x")), nil,
			"(eq (substring:String Name Views) 'x':String)"},
		{"tolower", "", eq(fcall("tolower", p("Name")), lStr("acme")), nil, "(eq (tolower:String Name) 'acme':String)"},
		{"toupper trim", "", eq(fcall("toupper", fcall("trim", p("Name"))), lStr("A")), nil, "(eq (toupper:String (trim:String Name)) 'A':String)"},
		{"concat", "", eq(fcall("concat", p("Name"), lStr("!")), lStr("A!")), nil, "(eq (concat:String Name '!':String) 'A!':String)"},
		{"year of DateTimeOffset", "", eq(fcall("year", p("LastSold")), lInt(2024)), nil, "(eq (year:Int32 LastSold) 2024:Int32)"},
		{"month of Date", "", eq(fcall("month", p("Released")), lInt(2)), nil, "(eq (month:Int32 Released) 2:Int32)"},
		{"day", "", eq(fcall("day", p("Released")), lInt(2)), nil, "(eq (day:Int32 Released) 2:Int32)"},
		{"hour of TimeOfDay", "", eq(fcall("hour", p("OpensAt")), lInt(9)), nil, "(eq (hour:Int32 OpensAt) 9:Int32)"},
		{"minute second", "", eq(fcall("minute", p("LastSold")), fcall("second", p("LastSold"))), nil,
			"(eq (minute:Int32 LastSold) (second:Int32 LastSold))"},
		{"fractionalseconds", "", gt(fcall("fractionalseconds", p("LastSold")), lInt(0)), nil,
			"(gt (fractionalseconds:Decimal LastSold) 0:Decimal)"},
		{"date", "", eq(fcall("date", p("LastSold")), lDate(2024, 1, 2)), nil, "(eq (date:Date LastSold) 2024-01-02:Date)"},
		{"date of a Date is the Date", "", eq(fcall("date", p("Released")), lDate(2024, 1, 2)), nil, "(eq Released 2024-01-02:Date)"},
		{"time", "", gt(fcall("time", p("LastSold")), lTime(12, 0, 0)), nil, "(gt (time:TimeOfDay LastSold) 12:00:00:TimeOfDay)"},
		{"totaloffsetminutes", "", eq(fcall("totaloffsetminutes", p("LastSold")), lInt(60)), nil,
			"(eq (totaloffsetminutes:Int32 LastSold) 60:Int32)"},
		{"now is folded", "", op2(query.OpLt, p("LastSold"), fcall("now")), nil,
			"(lt LastSold 2026-11-27T04:30:00.123456Z:DateTimeOffset)"},
		{"maxdatetime", "", op2(query.OpLt, p("LastSold"), fcall("maxdatetime")), nil,
			"(lt LastSold 9999-12-31T23:59:59.999999Z:DateTimeOffset)"},
		{"mindatetime", "", gt(p("LastSold"), fcall("mindatetime")), nil,
			"(gt LastSold 0001-01-01T00:00:00Z:DateTimeOffset)"},
		{"round decimal", "", eq(fcall("round", p("Price")), lInt(5)), nil, "(eq (round:Decimal Price) 5:Decimal)"},
		{"floor double", "", eq(fcall("floor", p("Weight")), lInt(5)), nil, "(eq (floor:Double Weight) 5:Double)"},
		{"ceiling single", "Order_Details", eq(fcall("ceiling", p("Discount")), lInt(1)), nil, "(eq (ceiling:Single Discount) 1:Single)"},
		{"round integer is the integer", "", eq(fcall("round", p("Views")), lInt(5)), nil, "(eq Views 5:Int64)"},
		{"round decimal literal", "", eq(fcall("round", lDec("2.5")), p("Price")), nil, "(eq (round:Decimal 2.5:Decimal) Price)"},
	})
}

func TestFilterFunctionErrors(t *testing.T) {
	runFilterErrors(t, []errCase{
		{"too few", "", at(0, fcall("contains", p("Name"))), nil, 400, "function 'contains' takes 2 arguments, got 1", "$filter", 0},
		{"too many", "", eq(at(0, fcall("length", p("Name"), p("Name"))), lInt(1)), nil, 400, "function 'length' takes 1 argument, got 2", "$filter", 0},
		{"substring arity", "", eq(at(0, fcall("substring", p("Name"))), lStr("x")), nil, 400, "function 'substring' takes 2 or 3 arguments, got 1", "$filter", 0},
		{"argument type", "", eq(fcall("length", mpath(7, "Price")), lInt(1)), nil, 400,
			"argument 1 of 'length' must be Edm.String, not Edm.Decimal", "$filter", 7},
		{"contains on int", "", fcall("contains", mpath(9, "Views"), lStr("1")), nil, 400,
			"argument 1 of 'contains' must be Edm.String, not Edm.Int64", "$filter", 9},
		{"year of string", "", eq(fcall("year", mpath(5, "Name")), lInt(1)), nil, 400,
			"argument 1 of 'year' must be Edm.DateTimeOffset or Edm.Date, not Edm.String", "$filter", 5},
		{"hour of Date", "", eq(fcall("hour", mpath(5, "Released")), lInt(1)), nil, 400,
			"argument 1 of 'hour' must be Edm.DateTimeOffset or Edm.TimeOfDay, not Edm.Date", "$filter", 5},
		{"substring decimal index", "", eq(fcall("substring", p("Name"), at(15, lDec("1.5"))), lStr("x")), nil, 400,
			"argument 2 of 'substring' must be an integer, not Edm.Decimal", "$filter", 15},
		{"round string", "", eq(fcall("round", mpath(6, "Name")), lInt(1)), nil, 400,
			"argument 1 of 'round' must be a number, not Edm.String", "$filter", 6},
		{"now with argument", "", eq(p("LastSold"), at(12, fcall("now", lInt(1)))), nil, 400,
			"function 'now' takes no arguments, got 1", "$filter", 12},
		{"unknown", "", at(0, fcall("frobnicate", p("Name"))), nil, 400, "unknown function 'frobnicate'", "$filter", 0},
		{"geo", "", op2(query.OpLt, at(0, fcall("geo.distance", p("Name"), p("Name"))), lInt(1)), nil, 501,
			"function 'geo.distance' is not supported", "$filter", 0},
		{"totalseconds", "", op2(query.OpLt, at(0, fcall("totalseconds", p("Warranty"))), lInt(1)), nil, 501,
			"function 'totalseconds' is not supported", "$filter", 0},
		{"matchesPattern", "", at(0, fcall("matchesPattern", p("Name"), lStr("^A"))), nil, 501,
			"function 'matchesPattern' is not supported", "$filter", 0},
		{"contains is not numeric", "", op2(query.OpGt, fcall("contains", p("Name"), lStr("A")), at(25, lInt(1))), nil, 400,
			"operator 'gt' is not defined for Edm.Boolean and Edm.Int32", "$filter", 0},
	})
}

func TestFilterCastIsOf(t *testing.T) {
	runFilterCases(t, []bindCase{
		{"cast to string", "", eq(fcall("cast", p("Price"), tname("Edm.String")), lStr("5")), nil, "(eq (cast:String Price) '5':String)"},
		{"cast numeric", "", eq(fcall("cast", p("Rating"), tname("Edm.Int32")), lInt(5)), nil, "(eq (cast:Int32 Rating) 5:Int32)"},
		{"cast to own type is a no-op", "", eq(fcall("cast", p("Price"), tname("Edm.Decimal")), lInt(5)), nil, "(eq Price 5:Decimal)"},
		{"cast Date to string", "", eq(fcall("cast", p("Released"), tname("Edm.String")), lStr("x")), nil, "(eq (cast:String Released) 'x':String)"},
		{"fold int to string", "", eq(p("Name"), fcall("cast", lInt(5), tname("Edm.String"))), nil, "(eq Name '5':String)"},
		{"fold decimal to string", "", eq(p("Name"), fcall("cast", lDec("1.50"), tname("Edm.String"))), nil, "(eq Name '1.50':String)"},
		{"fold DateTimeOffset to string", "", eq(p("Name"), fcall("cast", lDTO("2024-01-02T03:04:05+01:00"), tname("Edm.String"))), nil,
			"(eq Name '2024-01-02T02:04:05Z':String)"},
		{"fold guid to string", "", eq(p("Name"), fcall("cast", lGuid("0f8fad5b-d9cb-469f-a165-70867728950e"), tname("Edm.String"))), nil,
			"(eq Name '0f8fad5b-d9cb-469f-a165-70867728950e':String)"},
		{"fold string to int", "", eq(p("Views"), fcall("cast", lStr("42"), tname("Edm.Int32"))), nil, "(eq Views 42:Int64)"},
		{"fold bad string to null", "", eq(p("Views"), fcall("cast", lStr("x"), tname("Edm.Int64"))), nil, "(eq Views null:Int64)"},
		{"fold string to date", "", eq(p("Released"), fcall("cast", lStr("2024-02-29"), tname("Edm.Date"))), nil, "(eq Released 2024-02-29:Date)"},
		{"fold string to guid", "", eq(p("Code"), fcall("cast", lStr("0F8FAD5B-D9CB-469F-A165-70867728950E"), tname("Edm.Guid"))), nil,
			"(eq Code '0f8fad5b-d9cb-469f-a165-70867728950e':Guid)"},
		{"fold string to boolean", "", notX(eq(p("Featured"), fcall("cast", lStr("TRUE"), tname("Edm.Boolean")))), nil, "(not (eq Featured true:Boolean))"},
		{"fold string to duration", "", eq(p("Warranty"), fcall("cast", lStr("P1DT2H"), tname("Edm.Duration"))), nil, "(eq Warranty P1DT2H:Duration)"},
		{"fold decimal to int rounds half away", "", eq(p("Views"), fcall("cast", lDec("2.5"), tname("Edm.Int32"))), nil, "(eq Views 3:Int64)"},
		{"fold negative decimal to int", "", eq(p("Views"), fcall("cast", lDec("-2.5"), tname("Edm.Int32"))), nil, "(eq Views -3:Int64)"},
		{"fold double to int", "", eq(p("Views"), fcall("cast", lDbl(2.4), tname("Edm.Int64"))), nil, "(eq Views 2:Int64)"},
		{"fold out of range to null", "", eq(p("Rating"), fcall("cast", lInt(300), tname("Edm.Byte"))), nil, "(eq Rating null:Byte)"},
		{"fold int to decimal", "", eq(p("Price"), fcall("cast", lInt(7), tname("Edm.Decimal"))), nil, "(eq Price 7:Decimal)"},
		{"fold null", "", eq(p("Released"), fcall("cast", lNull(), tname("Edm.Date"))), nil, "(eq Released null:Date)"},
		{"isof same type", "", fcall("isof", p("Name"), tname("Edm.String")), nil, "true:Boolean"},
		{"isof other type", "", fcall("isof", p("Price"), tname("Edm.String")), nil, "false:Boolean"},
		{"isof integer literal that fits", "", fcall("isof", lInt(5), tname("Edm.Byte")), nil, "true:Boolean"},
		{"isof integer literal too big", "", fcall("isof", lInt(300), tname("Edm.Byte")), nil, "false:Boolean"},
		{"isof null", "", fcall("isof", lNull(), tname("Edm.String")), nil, "false:Boolean"},
		{"isof entity type", "", fcall("isof", tname("demo.Products")), nil, "true:Boolean"},
		{"isof other entity type", "", fcall("isof", tname("demo.Orders")), nil, "false:Boolean"},
		{"isof primitive on entity", "", fcall("isof", tname("Edm.String")), nil, "false:Boolean"},
	})
	runFilterErrors(t, []errCase{
		{"impossible cast", "", eq(at(0, fcall("cast", p("Discontinued"), tname("Edm.Date"))), lNull()), nil, 400,
			"cannot cast Edm.Boolean to Edm.Date", "$filter", 0},
		{"impossible constant cast", "", eq(at(0, fcall("cast", lDate(2024, 1, 1), tname("Edm.Int32"))), lNull()), nil, 400,
			"cannot cast Edm.Date to Edm.Int32", "$filter", 0},
		{"string column cast", "", eq(at(0, fcall("cast", p("Name"), tname("Edm.Int32"))), lInt(1)), nil, 501,
			"cast of a non-constant Edm.String to Edm.Int32 is not supported", "$filter", 0},
		{"unknown type", "", eq(fcall("cast", p("Name"), at(10, tname("Edm.Foo"))), lNull()), nil, 400, "unknown type 'Edm.Foo'", "$filter", 10},
		{"geography type", "", eq(fcall("cast", p("Name"), at(10, tname("Edm.GeographyPoint"))), lNull()), nil, 501,
			"type 'Edm.GeographyPoint' is not supported", "$filter", 10},
		{"cast to entity type", "", eq(at(0, fcall("cast", p("Name"), tname("demo.Orders"))), lNull()), nil, 400,
			"cannot cast Edm.String to an entity type", "$filter", 0},
		{"cast of the entity", "", eq(at(0, fcall("cast", tname("demo.Products"))), lNull()), nil, 501,
			"cast of the current entity is not supported", "$filter", 0},
		{"cast without type", "", eq(fcall("cast", p("Name"), mpath(10, "Name")), lNull()), nil, 400,
			"the last argument of cast must be a type name", "$filter", 10},
		{"isof arity", "", at(0, fcall("isof")), nil, 400, "function 'isof' takes 1 or 2 arguments, got 0", "$filter", 0},
	})
}

// now() is read once per call: two now() in one filter are the same instant.
func TestNowOncePerCall(t *testing.T) {
	calls := 0
	b := testBinder(nil)
	b.Now = func() time.Time {
		calls++
		return pinnedNow.Add(time.Duration(calls) * time.Second)
	}
	products := b.Model.EntitySet("Products").Type
	got, err := b.Filter(products, and(op2(query.OpLt, p("LastSold"), fcall("now")), op2(query.OpGt, p("LastSold"), fcall("now"))))
	if err != nil {
		t.Fatal(err)
	}
	want := "(and (lt LastSold 2026-11-27T04:30:01.123456Z:DateTimeOffset) (gt LastSold 2026-11-27T04:30:01.123456Z:DateTimeOffset))"
	if s := dump(got); s != want || calls != 1 {
		t.Errorf("got %s after %d calls of Now", s, calls)
	}
}
