package bound

import (
	"fmt"
	"testing"

	"odatagw/gateway/query"
)

func TestFilterLambdaAndCount(t *testing.T) {
	gt := func(l, r query.Expr) query.Expr { return op2(query.OpGt, l, r) }
	runFilterCases(t, []bindCase{
		{"any", "Customers", lambdaAny("Orders", "o", gt(p("o/Freight"), lInt(5))), nil,
			"(any o Orders (gt o/Freight 5:Decimal))"},
		{"any without predicate", "Customers", lambdaAny("Orders", "", nil), nil, "(any  Orders)"},
		{"all", "Customers", lambdaAll("Orders", "o", p("o/Paid")), nil, "(all o Orders o/Paid)"},
		{"nested with outer variable", "Customers",
			lambdaAll("Orders", "o", lambdaAny("o/Order_Details", "d", gt(p("d/Quantity"), p("o/Priority")))), nil,
			"(all o Orders (any d o/Order_Details (gt d/Quantity o/Priority)))"},
		{"$it and unprefixed names refer to the outer entity", "Customers",
			lambdaAny("Orders", "o", and(eq(p("o/ShipCity"), p("$it/City")), eq(p("o/ShipCity"), p("Country")))), nil,
			"(any o Orders (and (eq o/ShipCity City) (eq o/ShipCity Country)))"},
		{"navigation from the variable", "Customers", lambdaAny("Orders", "o", eq(p("o/Customer/City"), lStr("x"))), nil,
			"(any o Orders (eq o/Customer/City 'x':String))"},
		{"through a single-valued hop", "Order_Details", lambdaAny("Order/Order_Details", "d", gt(p("d/Quantity"), lInt(1))), nil,
			"(any d Order/Order_Details (gt d/Quantity 1:Int16))"},
		{"predicate simplified", "Customers", lambdaAny("Orders", "o", eq(fcall("contains", p("o/ShipCity"), lStr("x")), lBool(true))), nil,
			"(any o Orders (contains:Boolean o/ShipCity 'x':String))"},
		{"count", "Customers", gt(countOf("Orders"), lInt(2)), nil, "(gt (count Orders) 2:Int64)"},
		{"count in lambda", "Customers", lambdaAny("Orders", "o", gt(countOf("o/Order_Details"), lInt(2))), nil,
			"(any o Orders (gt (count o/Order_Details) 2:Int64))"},
		{"variable named like a property", "Customers", lambdaAny("Orders", "City", eq(p("City/ShipCity"), p("$it/City"))), nil,
			"(any City Orders (eq City/ShipCity City))"},
	})
	runFilterErrors(t, []errCase{
		{"any on single-valued", "Orders", at(9, lambdaAny("Customer", "c", p("c/City"))), nil, 400,
			"any needs a collection-valued navigation path; 'Customer' is not a collection", "$filter", 9},
		{"any on property", "Orders", at(9, lambdaAny("ShipCity", "c", lBool(true))), nil, 400,
			"any needs a collection-valued navigation path", "$filter", 9},
		{"variable redefined", "Customers", lambdaAny("Orders", "o", at(20, lambdaAny("o/Order_Details", "o", lBool(true)))), nil, 400,
			"lambda variable 'o' is already defined", "$filter", 20},
		{"predicate not Boolean", "Customers", lambdaAny("Orders", "o", mpath(12, "o/Freight")), nil, 400,
			"the predicate of any must be a Boolean expression, not Edm.Decimal", "$filter", 12},
		{"variable out of scope", "Customers", and(lambdaAny("Orders", "o", lBool(true)), eq(mpath(30, "o/Freight"), lInt(1))), nil, 400,
			"property 'o' does not exist on type 'demo.Customers'", "$filter", 30},
		{"unknown property of the variable", "Customers", lambdaAny("Orders", "o", eq(mpath(14, "o/Nope"), lInt(1))), nil, 400,
			"property 'Nope' does not exist on type 'demo.Orders'", "$filter", 16},
		{"count of single-valued", "Orders", gt(at(9, countOf("Customer")), lInt(1)), nil, 400,
			"$count needs a collection-valued navigation path; 'Customer' is not a collection", "$filter", 9},
		{"count with options", "Customers", gt(at(7, &query.CountExpr{Path: p("Orders"), Filter: lBool(true)}), lInt(1)), nil, 501,
			"$count with nested $filter or $search is not supported", "$filter", 7},
		{"variable shadows a property", "Customers", lambdaAny("Orders", "City", eq(mpath(20, "City"), lStr("x"))), nil, 501,
			"'City' denotes an entity", "$filter", 20},
		{"indexed variable", "Customers", lambdaAny("Orders", "o", eq(&query.MemberPath{Segments: []query.Segment{
			{P: 9, Name: "o", Keys: []query.KeyValue{{Value: lInt(1)}}}, {P: 14, Name: "Freight"}}}, lInt(1))), nil, 400,
			"'o' cannot be called or indexed", "$filter", 9},
		{"all without predicate", "Customers", at(3, lambdaAll("Orders", "", nil)), nil, 400, "all needs a lambda variable and a predicate", "$filter", 3},
	})
}

func TestFilterIn(t *testing.T) {
	runFilterCases(t, []bindCase{
		{"strings", "", inList(p("Name"), lStr("a"), lStr("b")), nil, "(in Name 'a':String 'b':String)"},
		{"ints to Int16", "Orders", inList(p("Priority"), lInt(1), lInt(2)), nil, "(in Priority 1:Int16 2:Int16)"},
		{"ints to Decimal", "", inList(p("Price"), lInt(1), lDec("2.5")), nil, "(in Price 1:Decimal 2.5:Decimal)"},
		{"wider item casts X", "Orders", inList(p("Priority"), lInt(1), lDec("2.5")), nil, "(in (cast:Decimal Priority) 1:Decimal 2.5:Decimal)"},
		{"narrower property item is cast", "", inList(p("Views"), p("Rating"), lInt(3)), nil, "(in Views (cast:Int64 Rating) 3:Int64)"},
		{"guid strings", "", inList(p("Code"), lStr("0F8FAD5B-D9CB-469F-A165-70867728950E")), nil,
			"(in Code '0f8fad5b-d9cb-469f-a165-70867728950e':Guid)"},
		{"dates to DateTimeOffset", "", inList(p("LastSold"), lDate(2024, 1, 1)), nil, "(in LastSold 2024-01-01T00:00:00Z:DateTimeOffset)"},
		{"null item", "", inList(p("Price"), lInt(1), lNull()), nil, "(in Price 1:Decimal null:Decimal)"},
		{"null X", "", inList(lNull(), p("Name")), nil, "(in null:String Name)"},
		{"only nulls", "", inList(lNull(), lNull()), nil, "true:Boolean"},
		{"parenthesised list node", "", inList(p("Name"), listX(lStr("a"), lStr("b"))), nil, "(in Name 'a':String 'b':String)"},
		{"alias list", "", inList(p("Name"), aliasRef("l")), map[string]query.Expr{"l": listX(lStr("a"), lStr("b"))},
			"(in Name 'a':String 'b':String)"},
		{"alias single value", "", inList(p("Name"), aliasRef("l")), map[string]query.Expr{"l": lStr("a")}, "(in Name 'a':String)"},
	})
	runFilterErrors(t, []errCase{
		{"incompatible item", "", at(5, inList(p("Name"), lStr("a"), lInt(1))), nil, 400,
			"operator 'in' is not defined for Edm.String and Edm.Int32", "$filter", 5},
		{"bad guid", "", inList(p("Code"), at(9, lStr("nope"))), nil, 400, "'nope' is not a valid Edm.Guid value", "$filter", 9},
		{"empty", "", at(5, inList(p("Name"))), nil, 400, "the list of 'in' must not be empty", "$filter", 5},
		{"error inside alias list", "", inList(p("Name"), aliasRef("l")), map[string]query.Expr{"l": listX(mpath(1, "Nope"))}, 400,
			"property 'Nope' does not exist", "@l", 1},
		{"recursive alias list", "", inList(p("Name"), aliasRef("l")), map[string]query.Expr{"l": listX(at(1, aliasRef("l")))}, 400,
			"parameter alias '@l' refers to itself", "@l", 1},
	})
}

func TestFilterAliases(t *testing.T) {
	type A = map[string]query.Expr
	runFilterCases(t, []bindCase{
		{"string", "", eq(p("Name"), aliasRef("p")), A{"p": lStr("x")}, "(eq Name 'x':String)"},
		{"converted like a literal", "", op2(query.OpGt, p("Price"), aliasRef("p")), A{"p": lInt(5)}, "(gt Price 5:Decimal)"},
		{"missing alias is null", "", eq(p("Name"), aliasRef("q")), nil, "(eq Name null:String)"},
		{"expression value", "", op2(query.OpGt, aliasRef("e"), lInt(2)), A{"e": op2(query.OpAdd, p("Price"), lInt(1))},
			"(gt (add:Decimal Price 1:Decimal) 2:Decimal)"},
		{"alias of alias", "", eq(p("Name"), aliasRef("a")), A{"a": aliasRef("b"), "b": lStr("z")}, "(eq Name 'z':String)"},
		{"function argument", "", fcall("contains", p("Name"), aliasRef("s")), A{"s": lStr("Acme")}, "(contains:Boolean Name 'Acme':String)"},
		{"the same alias twice", "", and(eq(p("Name"), aliasRef("s")), eq(p("Description"), aliasRef("s"))), A{"s": lStr("x")},
			"(and (eq Name 'x':String) (eq Description 'x':String))"},
		{"whole filter", "", aliasRef("f"), A{"f": eq(p("Name"), lStr("x"))}, "(eq Name 'x':String)"},
	})
	runFilterErrors(t, []errCase{
		{"self reference", "", eq(p("Name"), at(8, aliasRef("p"))), A{"p": at(0, aliasRef("p"))}, 400,
			"parameter alias '@p' refers to itself", "@p", 0},
		{"cycle", "", eq(p("Name"), aliasRef("a")), A{"a": aliasRef("b"), "b": at(2, aliasRef("a"))}, 400,
			"parameter alias '@a' refers to itself", "@b", 2},
		{"error positioned in the alias", "", eq(p("Name"), aliasRef("p")), A{"p": mpath(0, "Nope")}, 400,
			"property 'Nope' does not exist on type 'demo.Products'", "@p", 0},
		{"error after the alias is in $filter", "", at(8, op2(query.OpGt, p("Name"), aliasRef("p"))), A{"p": lInt(5)}, 400,
			"operator 'gt' is not defined for Edm.String and Edm.Int32", "$filter", 8},
	})
}

// Aliases referencing each other twice would double the tree at each level.
func TestFilterAliasExpansionLimit(t *testing.T) {
	aliases := map[string]query.Expr{"a30": lInt(1)}
	for i := 29; i >= 0; i-- {
		next := fmt.Sprintf("a%d", i+1)
		aliases[fmt.Sprintf("a%d", i)] = op2(query.OpAdd, aliasRef(next), aliasRef(next))
	}
	b := testBinder(aliases)
	_, err := b.Filter(b.Model.EntitySet("Products").Type, op2(query.OpGt, p("Views"), aliasRef("a0")))
	wantErr(t, err, 400, "the expression is too large", "-", 0)
	// Ten levels (2^10 nodes) are fine.
	_, err = b.Filter(b.Model.EntitySet("Products").Type, op2(query.OpGt, p("Views"), aliasRef("a20")))
	if err != nil {
		t.Fatal(err)
	}
}

func TestFilterBooleanSimplification(t *testing.T) {
	runFilterCases(t, []bindCase{
		{"contains eq true", "", eq(fcall("contains", p("Name"), lStr("Acme")), lBool(true)), nil,
			"(contains:Boolean Name 'Acme':String)"},
		{"Salesforce search form", "Customers",
			or(eq(fcall("contains", p("CompanyName"), lStr("Acme")), lBool(true)), eq(fcall("contains", p("City"), lStr("Acme")), lBool(true))), nil,
			"(or (contains:Boolean CompanyName 'Acme':String) (contains:Boolean City 'Acme':String))"},
		{"true eq X", "", eq(lBool(true), p("Discontinued")), nil, "Discontinued"},
		{"nullable eq true at top", "", eq(p("Featured"), lBool(true)), nil, "Featured"},
		{"nullable eq false at top", "", eq(p("Featured"), lBool(false)), nil, "(not Featured)"},
		{"nullable ne true kept", "", op2(query.OpNe, p("Featured"), lBool(true)), nil, "(ne Featured true:Boolean)"},
		{"nullable ne false kept", "", op2(query.OpNe, p("Featured"), lBool(false)), nil, "(ne Featured false:Boolean)"},
		{"non-nullable ne true", "", op2(query.OpNe, p("Discontinued"), lBool(true)), nil, "(not Discontinued)"},
		{"non-nullable ne false", "", op2(query.OpNe, p("Discontinued"), lBool(false)), nil, "Discontinued"},
		{"non-nullable under not", "", notX(eq(fcall("contains", p("Name"), lStr("x")), lBool(true))), nil,
			"(not (contains:Boolean Name 'x':String))"},
		{"nullable under not kept", "", notX(eq(fcall("contains", p("Description"), lStr("x")), lBool(true))), nil,
			"(not (eq (contains:Boolean Description 'x':String) true:Boolean))"},
		{"nullable eq false under not kept", "", notX(eq(p("Featured"), lBool(false))), nil, "(not (eq Featured false:Boolean))"},
		{"double negation", "", eq(notX(p("Discontinued")), lBool(false)), nil, "Discontinued"},
		{"inside and", "", and(eq(p("Featured"), lBool(true)), p("Discontinued")), nil, "(and Featured Discontinued)"},
		{"nested comparison kept", "", eq(eq(p("Featured"), lBool(true)), lBool(false)), nil, "(not (eq Featured true:Boolean))"},
		{"null constant kept", "", eq(p("Featured"), lNull()), nil, "(eq Featured null:Boolean)"},
		{"not of a negated comparison", "", notX(eq(p("Discontinued"), lBool(false))), nil, "Discontinued"},
		{"constants fold", "", or(eq(lBool(true), lBool(false)), op2(query.OpNe, lBool(false), lBool(true))), nil,
			"(or false:Boolean true:Boolean)"},
		{"comparison eq true", "", eq(op2(query.OpGt, p("Price"), lInt(1)), lBool(true)), nil, "(gt Price 1:Decimal)"},
	})
}
