package adaptertest

// ExpandCase is a request with $expand, read as the gateway reads it
// (package expand): the parents, then one statement per expanded navigation
// property. Want renders the result: each parent's key, and per expanded
// navigation property its related entities' keys (composite keys joined
// with commas) in order, `#n` for `Nav@odata.count`, nested expansions in
// parentheses. Statements is the number of statements the source runs for
// the request, whatever the number of parents: the suite runs each case
// also on the first two parents only and expects the same count.
type ExpandCase struct {
	Request    string
	Want       string
	Statements int64
}

// ExpandCases are computed by hand from the fixture (see Fixture): product
// prices per category, order lines of products 1, 3 and 8, shipments of
// lines (100,1) (two), (100,3) and (101,8).
var ExpandCases = []ExpandCase{
	{Request: "Categories?$expand=Products($select=Name)",
		Want:       "1(Products[1 2 3]) 2(Products[4 5]) 3(Products[7 8]) 4(Products[])",
		Statements: 2},
	// Per-parent $top after the nested order (nulls last descending), with the count of all.
	{Request: "Categories?$expand=Products($orderby=Price desc;$top=2;$count=true)",
		Want:       "1(Products[2 1]#3) 2(Products[5 4]#2) 3(Products[8 7]#2) 4(Products[]#0)",
		Statements: 2},
	// $skip beyond a parent's related entities: the count still arrives.
	{Request: "Categories?$expand=Products($skip=2;$count=true)",
		Want:       "1(Products[3]#3) 2(Products[]#2) 3(Products[]#2) 4(Products[]#0)",
		Statements: 2},
	{Request: "Categories?$expand=Products($top=0;$count=true)",
		Want:       "1(Products[]#3) 2(Products[]#2) 3(Products[]#2) 4(Products[]#0)",
		Statements: 2},
	// A nested $compute, filtered, ordered by and paged per parent (Price mul Stock).
	{Request: "Categories?$expand=Products($compute=Price mul Stock as T;$filter=T gt 100;$orderby=T desc;$top=1;$select=T)",
		Want:       "1(Products[1]) 2(Products[]) 3(Products[8]) 4(Products[])",
		Statements: 2},
	{Request: "Categories?$filter=CategoryID eq 3&$expand=Products($compute=Stock mul 2 as S2;$filter=S2 lt 0)",
		Want:       "3(Products[7])",
		Statements: 2},
	// $top=0 without a count reads nothing.
	{Request: "Categories?$expand=Products($top=0)",
		Want:       "1(Products[]) 2(Products[]) 3(Products[]) 4(Products[])",
		Statements: 1},
	// Nested $filter, $orderby, $skip and $top per parent.
	{Request: "Categories?$filter=CategoryID le 2&$expand=Products($filter=Stock gt 4;$orderby=Stock;$skip=1;$top=1)",
		Want:       "1(Products[1]) 2(Products[])",
		Statements: 2},
	// Two levels, one paged per parent over a composite foreign key, and a
	// single-valued navigation property beside them.
	{Request: "Products?$filter=ProductID le 3&$expand=OrderLines($expand=Shipments($orderby=ShipmentID desc;$top=1;$count=true)),Category($select=Name)",
		Want:       "1(OrderLines[100,1(Shipments[2]#2) 101,1(Shipments[]#0)] Category[1]) 2(OrderLines[] Category[1]) 3(OrderLines[100,3(Shipments[3]#1)] Category[1])",
		Statements: 4},
	// Dependent to principal: a null foreign key relates to nothing.
	{Request: "Products?$filter=ProductID ge 6&$expand=Category",
		Want:       "6(Category[]) 7(Category[3]) 8(Category[3])",
		Statements: 2},
	// Dependent to principal over a composite foreign key.
	{Request: "Shipments?$expand=OrderLines($select=Quantity;$expand=Product($select=Name))",
		Want:       "1(OrderLines[100,1(Product[1])]) 2(OrderLines[100,1(Product[1])]) 3(OrderLines[100,3(Product[3])]) 4(OrderLines[101,8(Product[8])])",
		Statements: 3},
	// Per-parent paging under a parent read as a page of its own.
	{Request: "Categories?$orderby=Name desc&$top=2&$expand=Products($orderby=Name;$top=1;$count=true)",
		Want:       "4(Products[]#0) 3(Products[8]#2)",
		Statements: 2},
	// References: the key only, with the options of a reference list.
	{Request: "Categories?$filter=CategoryID le 3&$expand=Products/$ref($orderby=ProductID desc;$top=2;$count=true)",
		Want:       "1(Products[3 2]#3) 2(Products[5 4]#2) 3(Products[8 7]#2)",
		Statements: 2},
}
