package adaptertest

import (
	"time"

	"odatagw/metadata"
)

// Case is one OData request with what every backend must answer.
type Case struct {
	// Request is relative to the service root, as typed (see Plan).
	Request string
	// IDs are the first key values of the rows, in order (collections and
	// entities); nil means no rows.
	IDs []int64
	// Count is the answer of a /$count request.
	Count int64
	// Values, when set, are property values the single row must have.
	Values map[string]any
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Cases are the suite's requests over the fixture. Strings order by code
// point on every engine, whatever the column's collation.
var Cases = []Case{
	{Request: "Products", IDs: []int64{1, 2, 3, 4, 5, 6, 7, 8}},
	// Exact string equality: case, trailing spaces, collations.
	{Request: "Products?$filter=Name eq 'Chai'", IDs: []int64{1}},
	{Request: "Products?$filter=Name eq 'chai'", IDs: []int64{2}},
	{Request: "Products?$filter=Name eq 'Chang'"},
	{Request: "Products?$filter=Name eq 'Chang '", IDs: []int64{3}},
	{Request: "Products?$filter=Name ne 'Chai'", IDs: []int64{2, 3, 4, 5, 6, 7, 8}},
	{Request: "Products?$filter=Name in ('Chai','Tofu')", IDs: []int64{1, 8}},
	{Request: "Products?$filter=Name lt 'C'", IDs: []int64{4, 6}},
	// Matching functions: case-sensitive, wildcards literal.
	{Request: "Products?$filter=contains(Name,'ha')", IDs: []int64{1, 2, 3}},
	{Request: "Products?$filter=contains(Name,'%')", IDs: []int64{4}},
	{Request: "Products?$filter=contains(Name,'_')", IDs: []int64{4}},
	{Request: "Products?$filter=contains(Name,'*[?]')", IDs: []int64{7}},
	{Request: "Products?$filter=startswith(Name,'C')", IDs: []int64{1, 3}},
	{Request: "Products?$filter=endswith(Name,'me')", IDs: []int64{5}},
	{Request: "Products?$filter=not contains(Name,'a')", IDs: []int64{5, 6, 7, 8}},
	{Request: "Products?$filter=contains(Name,'Chai') eq true or contains(Name,'Tofu') eq true", IDs: []int64{1, 8}},
	// String functions.
	{Request: "Products?$filter=tolower(Name) eq 'chai'", IDs: []int64{1, 2}},
	{Request: "Products?$filter=toupper(Name) eq 'TOFU'", IDs: []int64{8}},
	{Request: "Products?$filter=tolower(Name) eq 'ünïcode crème'", IDs: []int64{5}},
	{Request: "Products?$search=ÜNÏCODE", IDs: []int64{5}},
	{Request: "Products?$filter=length(Name) eq 6", IDs: []int64{3, 7}},
	{Request: "Products?$filter=indexof(Name,'ha') eq 1", IDs: []int64{1, 2, 3}},
	{Request: "Products?$filter=indexof(Name,'Crème') eq 8", IDs: []int64{5}},
	{Request: "Products?$filter=substring(Name,1,3) eq 'hai'", IDs: []int64{1, 2}},
	{Request: "Products?$filter=substring(Name,8) eq 'Crème'", IDs: []int64{5}},
	{Request: "Products?$filter=trim(Name) eq 'Chang'", IDs: []int64{3}},
	{Request: "Products?$filter=concat(concat(Name,'-'),'x') eq 'Tofu-x'", IDs: []int64{8}},
	// Null semantics.
	{Request: "Products?$filter=Price eq null", IDs: []int64{3}},
	{Request: "Products?$filter=Price ne null", IDs: []int64{1, 2, 4, 5, 6, 7, 8}},
	{Request: "Products?$filter=Price lt 1", IDs: []int64{4, 5, 7}},
	{Request: "Products?$filter=not (Price lt 1)", IDs: []int64{1, 2, 3, 6, 8}},
	{Request: "Products?$filter=Stock in (0,5,null)", IDs: []int64{3, 4, 5}},
	{Request: "Products?$filter=not (Stock in (0,5))", IDs: []int64{1, 2, 4, 6, 7, 8}},
	{Request: "Products?$filter=Weight ne 0.5", IDs: []int64{2, 3, 4, 5, 6, 7, 8}},
	// Numbers: exact decimals, integer division, rounding.
	{Request: "Products?$filter=Price eq 0.3", IDs: []int64{7}},
	{Request: "Products?$filter=Price add 0.1 eq 0.3", IDs: []int64{5}},
	{Request: "Products?$filter=Price mul 2 gt 36.5", IDs: []int64{2, 8}},
	{Request: "Products?$filter=Stock div 2 eq -1", IDs: []int64{7}},
	{Request: "Products?$filter=Stock mod 2 eq 1", IDs: []int64{1, 2, 5, 6, 8}},
	{Request: "Products?$filter=Stock divby 2 eq 8.5", IDs: []int64{2}},
	{Request: "Products?$filter=round(Price) eq 18", IDs: []int64{1}},
	{Request: "Products?$filter=floor(Weight) eq -2", IDs: []int64{5}},
	{Request: "Products?$filter=ceiling(Weight) eq 1", IDs: []int64{1, 8}},
	{Request: "Products?$filter=round(Weight) eq 3", IDs: []int64{4}},
	// Booleans.
	{Request: "Products?$filter=Discontinued", IDs: []int64{3, 5, 8}},
	{Request: "Products?$filter=Discontinued eq false", IDs: []int64{1, 2, 4, 6, 7}},
	{Request: "Products?$filter=not Discontinued", IDs: []int64{1, 2, 4, 6, 7}},
	// Dates and times, in UTC.
	{Request: "Products?$filter=Released lt 2024-02-01", IDs: []int64{1, 6}},
	{Request: "Products?$filter=year(Updated) eq 2023", IDs: []int64{4}},
	{Request: "Products?$filter=Updated ge 2024-03-01T11:00:00+01:00", IDs: []int64{1, 2, 5}},
	{Request: "Products?$filter=Updated eq 2024-03-01T23:30:15.25Z", IDs: []int64{2}},
	{Request: "Products?$filter=date(Updated) eq 2024-03-01", IDs: []int64{1, 2, 8}},
	{Request: "Products?$filter=hour(Updated) eq 23 and minute(Updated) eq 30 and second(Updated) eq 15", IDs: []int64{2}},
	{Request: "Products?$filter=fractionalseconds(Updated) gt 0", IDs: []int64{2, 5}},
	{Request: "Products?$filter=month(Released) eq 2 and day(Released) eq 29", IDs: []int64{4}},
	{Request: "Products?$filter=Updated lt now()", IDs: []int64{1, 2, 4, 5, 6, 8}},
	{Request: "Products?$filter=Released add duration'P1D' eq 2024-03-01", IDs: []int64{4}},
	{Request: "Products?$filter=Updated sub duration'PT10H' lt 2024-03-01T00:00:00Z", IDs: []int64{4, 6, 8}},
	// Casts: null when the value cannot be converted.
	{Request: "Products?$filter=cast(Stock,Edm.String) eq '17'", IDs: []int64{2}},
	{Request: "Products?$filter=cast(Price,Edm.String) eq '18.00'", IDs: []int64{1}},
	{Request: "Products?$filter=cast(Discontinued,Edm.String) eq 'true'", IDs: []int64{3, 5, 8}},
	{Request: "Products?$filter=cast(Price,Edm.Int32) eq 23", IDs: []int64{8}},
	// Division by zero is null: no row matches, no error.
	{Request: "Products?$filter=Stock div 0 eq 1"},
	{Request: "Products?$filter=not (Price div 0 gt 1)", IDs: []int64{1, 2, 3, 4, 5, 6, 7, 8}},
	// GUIDs (stored in upper case where the engine keeps text).
	{Request: "Products?$filter=Guid eq 7c9e6679-7425-40de-944b-e07fc1f90ae7", IDs: []int64{5}},
	// Navigation.
	{Request: "Products?$filter=Category/Name eq 'Beverages'", IDs: []int64{1, 2, 3}},
	{Request: "Products?$filter=Category/Description eq null", IDs: []int64{4, 5, 6}},
	{Request: "Products?$orderby=Category/Name,ProductID", IDs: []int64{6, 1, 2, 3, 4, 5, 7, 8}},
	// any/all and $count over collection-valued navigation (both directions,
	// composite keys). all is false when the predicate is null for some
	// related entity (Price/Weight NULL, Shipped NULL) and true for none.
	{Request: "Categories?$filter=Products/any()", IDs: []int64{1, 2, 3}},
	{Request: "Categories?$filter=Products/any(p: p/Price gt 20)", IDs: []int64{3}},
	{Request: "Categories?$filter=Products/all(p: p/Price gt 0.15)", IDs: []int64{3, 4}},
	{Request: "Categories?$filter=not Products/all(p: p/Price gt 0.15)", IDs: []int64{1, 2}},
	{Request: "Categories?$filter=Products/all(p: p/Weight ge 0)", IDs: []int64{4}},
	{Request: "Categories?$filter=Products/all(p: not p/Discontinued or p/Price gt 20)", IDs: []int64{3, 4}},
	{Request: "Categories?$filter=Products/any(p: p/OrderLines/any(l: l/Quantity gt p/Stock))", IDs: []int64{1}},
	{Request: "Categories?$filter=Products/$count gt 2", IDs: []int64{1}},
	{Request: "Categories?$filter=Products/$count eq 0", IDs: []int64{4}},
	{Request: "Categories?$orderby=Products/$count desc,Name", IDs: []int64{1, 2, 3, 4}},
	{Request: "Categories/$count?$filter=Products/any(p: p/Discontinued)", Count: 3},
	{Request: "Products?$filter=Category/Products/any(p: p/Price gt $it/Price)", IDs: []int64{1, 4, 7}},
	{Request: "Products?$filter=OrderLines/$count ge 2", IDs: []int64{1}},
	{Request: "Products?$filter=OrderLines/all(l: l/Quantity gt 1)", IDs: []int64{2, 3, 4, 5, 6, 7, 8}},
	{Request: "Products?$filter=OrderLines/any(l: l/Shipments/any(s: s/Shipped eq false))", IDs: []int64{8}},
	{Request: "OrderLines?$filter=Product/Category/Products/any(p: p/Discontinued and p/ProductID ne $it/ProductID)", IDs: []int64{100, 101}},
	{Request: "OrderLines?$filter=Shipments/any()", IDs: []int64{100, 100, 101}},
	{Request: "OrderLines?$filter=Shipments/all(s: s/Shipped)", IDs: []int64{100, 101}},
	{Request: "OrderLines/$count?$filter=Shipments/$count eq 0", Count: 1},
	{Request: "Shipments?$filter=OrderLines/Product/Discontinued", IDs: []int64{3, 4}},
	// Order with OData's null ordering; paging.
	{Request: "Products?$orderby=Name", IDs: []int64{4, 6, 1, 3, 8, 2, 7, 5}},
	{Request: "Products?$orderby=Name desc", IDs: []int64{5, 7, 2, 8, 3, 1, 6, 4}},
	{Request: "Products?$filter=Name gt 'Chang'&$orderby=Name", IDs: []int64{3, 8, 2, 7, 5}},
	{Request: "Products?$orderby=Price", IDs: []int64{3, 4, 5, 7, 6, 1, 2, 8}},
	{Request: "Products?$orderby=Price desc", IDs: []int64{8, 2, 1, 6, 7, 5, 4, 3}},
	{Request: "Products?$orderby=Stock desc,ProductID desc", IDs: []int64{1, 8, 2, 6, 5, 3, 7, 4}},
	{Request: "Products?$orderby=Discontinued,Released desc", IDs: []int64{4, 2, 1, 6, 7, 5, 8, 3}},
	{Request: "Products?$top=2&$skip=3", IDs: []int64{4, 5}},
	{Request: "Products?$skip=6", IDs: []int64{7, 8}},
	{Request: "Products?$top=0"},
	{Request: "Products?$filter=Price gt 1&$orderby=Price desc&$top=2&$skip=1", IDs: []int64{2, 1}},
	// Search: case-insensitive, over the string properties.
	{Request: "Products?$search=chai", IDs: []int64{1, 2}},
	{Request: "Products?$search=chai OR tofu", IDs: []int64{1, 2, 8}},
	{Request: "Products?$search=NOT chai", IDs: []int64{3, 4, 5, 6, 7, 8}},
	{Request: "Products?$search=\"off_sale\"", IDs: []int64{4}},
	{Request: "Products?$search=ch AND NOT ang", IDs: []int64{1, 2}},
	{Request: "Products?$search=50%", IDs: []int64{4}},
	// Counts ignore $top/$skip/$orderby.
	{Request: "Products/$count", Count: 8},
	{Request: "Products/$count?$filter=Price lt 1", Count: 3},
	{Request: "Products/$count?$search=chai&$filter=Stock gt 20", Count: 1},
	// Keys and values.
	{Request: "Products(5)", IDs: []int64{5}},
	{Request: "Products(99)"},
	{Request: "OrderLines(OrderID=100,ProductID=3)", IDs: []int64{100}, Values: map[string]any{"ProductID": int64(3), "Quantity": int64(2)}},
	{Request: "Products(2)", IDs: []int64{2}, Values: map[string]any{
		"Name": "chai", "CategoryID": int64(1), "Price": metadata.Decimal("19.00"), "Stock": int64(17), "Weight": nil,
		"Discontinued": false, "Released": metadata.Date{Year: 2024, Month: 2, Day: 1},
		"Updated": ts("2024-03-01T23:30:15.25Z"), "Guid": nil}},
	{Request: "Products(5)?$select=Name,Guid,Price,Weight", IDs: []int64{5}, Values: map[string]any{
		"Name": "Ünïcode Crème", "Guid": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "Price": metadata.Decimal("0.20"), "Weight": -1.5}},
	{Request: "Products(4)?$select=Updated,Price", IDs: []int64{4}, Values: map[string]any{
		"Updated": ts("2023-12-31T23:00:00Z"), "Price": metadata.Decimal("0.10")}},
	// $compute: computed once per row by the source; usable in $filter,
	// $orderby and $select. Price mul Stock: 702, 323, null, null, 1, 130,
	// -0.9, 813.75 (decimals without trailing fractional zeros).
	{Request: "Products?$compute=Price mul Stock as Total&$filter=Total gt 100&$orderby=Total desc", IDs: []int64{8, 1, 2, 6}},
	{Request: "Products?$compute=Price mul Stock as Total&$orderby=Total,ProductID", IDs: []int64{3, 4, 7, 5, 6, 2, 1, 8}},
	{Request: "Products/$count?$compute=Price mul Stock as Total&$filter=Total lt 200", Count: 3},
	{Request: "Products(8)?$compute=Price mul Stock as Total&$select=Name,Total", IDs: []int64{8}, Values: map[string]any{
		"Name": "Tofu", "Total": metadata.Decimal("813.75")}},
	{Request: "Products(1)?$compute=Price mul Stock as Total,Price as P", IDs: []int64{1}, Values: map[string]any{
		"Total": metadata.Decimal("702"), "P": metadata.Decimal("18.00"), "Stock": int64(39)}},
	{Request: "Products(7)?$compute=Price mul Stock as Total&$select=Total", IDs: []int64{7}, Values: map[string]any{"Total": metadata.Decimal("-0.9")}},
	{Request: "Products(3)?$compute=Price mul Stock as Total&$select=Total", IDs: []int64{3}, Values: map[string]any{"Total": nil}},
	{Request: "Products?$compute=year(Released) as Y,length(Name) as L&$filter=Y eq 2024 and L gt 4&$orderby=L desc", IDs: []int64{5, 4}},
	{Request: "Products(5)?$compute=year(Released) as Y,length(Name) as L,Weight mul 2 as W&$select=Y,L,W", IDs: []int64{5}, Values: map[string]any{
		"Y": int64(2024), "L": int64(13), "W": -3.0}},
	{Request: "Products?$compute=Price gt 15 as Dear&$filter=Dear", IDs: []int64{1, 2, 8}},
	{Request: "Products?$compute=Price gt 15 as Dear&$filter=not Dear", IDs: []int64{3, 4, 5, 6, 7}},
	{Request: "Products(3)?$compute=Price gt 15 as Dear,Discontinued or Price lt 1 as D2&$select=Dear,D2", IDs: []int64{3}, Values: map[string]any{"Dear": false, "D2": true}},
	{Request: "Products?$compute=Category/Name as C&$filter=C eq 'Produce'&$select=C", IDs: []int64{7, 8}},
	{Request: "Products?$compute=concat(Name,'!') as N&$filter=N eq 'Chai!' or N eq 'Chang !'", IDs: []int64{1, 3}},
	{Request: "Categories?$compute=Products/$count as N&$orderby=N desc,Name&$filter=N ge 1", IDs: []int64{1, 2, 3}},
	// A decimal quotient that does not end is rounded to 10 fractional digits by every source.
	{Request: "Products(1)?$compute=Price div 7 as D,Stock divby 7 as DB,Stock div 7 as I,(Price div 7) mul 7 as M&$select=D,DB,I,M", IDs: []int64{1}, Values: map[string]any{
		"D": metadata.Decimal("2.5714285714"), "DB": metadata.Decimal("5.5714285714"), "I": int64(5), "M": metadata.Decimal("18")}},
	{Request: "Products?$compute=Price div 3 as D&$filter=D eq 6.3333333333 or D eq 0.1", IDs: []int64{2, 7}},
	{Request: "Products?$compute=Stock mul 2 as S2&$filter=S2 ge 60&$orderby=Name&$top=1&$skip=1", IDs: []int64{8}},
}
