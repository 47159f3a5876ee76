package sqldb

import (
	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// goldenCases are the translation cases, keyed by folder name. request is the
// OData request each plan stands for.
func goldenCases(tm *testModel) map[string]goldenCase {
	f := func(request string, filter bound.Expr) goldenCase {
		return goldenCase{request: request, q: tm.query(filter)}
	}
	S, I, D := metadata.EdmString, metadata.EdmInt32, metadata.EdmDecimal
	withSelect := tm.query(bin(bound.Gt, tm.p("Qty"), i32(5)))
	withSelect.Select = []*metadata.Property{tm.p("ID").Prop, tm.p("Name").Prop}

	orderNulls := tm.query(nil)
	orderNulls.OrderBy = []bound.OrderItem{asc(tm.p("Name")), desc(tm.p("Price")), asc(tm.p("ID"))}

	keyset := tm.query(bin(bound.Gt, tm.p("Qty"), i32(0)))
	keyset.OrderBy = []bound.OrderItem{asc(tm.p("Code")), desc(tm.p("ID"))}
	keyset.After = []any{"B2", int64(7)}
	keyset.Top = 50

	keysetDate := tm.query(nil)
	keysetDate.OrderBy = []bound.OrderItem{desc(tm.p("Stamp")), asc(tm.p("ID"))}
	keysetDate.After = []any{dto("2024-03-01T10:00:00Z").Value, int64(3)}
	keysetDate.Select = []*metadata.Property{tm.p("ID").Prop}
	keysetDate.Top = 10

	paging := func(top, skip int64) *adapters.Query {
		q := tm.query(nil)
		q.Top, q.Skip = top, skip
		q.Select = []*metadata.Property{tm.p("ID").Prop}
		return q
	}
	search := tm.query(nil)
	search.Search = &bound.SearchOr{
		Left:  &bound.SearchAnd{Left: &bound.SearchTerm{Text: "acme"}, Right: &bound.SearchNot{X: &bound.SearchTerm{Text: "50%"}}},
		Right: &bound.SearchTerm{Text: "Ünï"},
	}
	search.Select = []*metadata.Property{tm.p("ID").Prop}
	count := tm.query(eq(tm.p("Active"), boolC(true)))
	count.Search = &bound.SearchTerm{Text: "acme"}
	byKey := &adapters.Query{Set: tm.items, Top: -1, Key: []adapters.KeyValue{{Prop: tm.p("ID").Prop, Value: int64(3)}}}
	lines := &adapters.Query{Set: tm.lines, Top: -1, Key: []adapters.KeyValue{
		{Prop: tm.lines.Type.Key[0], Value: int64(10)}, {Prop: tm.lines.Type.Key[1], Value: int64(2)}}}
	navSel := tm.query(eq(tm.nav("Country"), str("DE")))
	navSel.OrderBy = []bound.OrderItem{asc(tm.nav("Title")), asc(tm.p("ID"))}

	return map[string]goldenCase{
		"filter_simple":       {request: "Items?$filter=Qty gt 5&$select=ID,Name", q: withSelect},
		"string_eq_exact":     f("Items?$filter=Name eq 'Acme'", eq(tm.p("Name"), str("Acme"))),
		"string_eq_nonnull":   f("Items?$filter=Code eq 'A1'", eq(tm.p("Code"), str("A1"))),
		"string_ne":           f("Items?$filter=Name ne 'Acme'", ne(tm.p("Name"), str("Acme"))),
		"string_lt":           f("Items?$filter=Name lt 'B'", bin(bound.Lt, tm.p("Name"), str("B"))),
		"contains_wildcards":  f("Items?$filter=contains(Name,'50%_off')", call(bound.FnContains, metadata.EdmBoolean, tm.p("Name"), str("50%_off"))),
		"contains_eq_true":    f("Items?$filter=contains(Name,'Acme') eq true or contains(Code,'Acme') eq true", or(eq(call(bound.FnContains, metadata.EdmBoolean, tm.p("Name"), str("Acme")), boolC(true)), eq(call(bound.FnContains, metadata.EdmBoolean, tm.p("Code"), str("Acme")), boolC(true)))),
		"startswith":          f("Items?$filter=startswith(Name,'a*[?]')", call(bound.FnStartsWith, metadata.EdmBoolean, tm.p("Name"), str("a*[?]"))),
		"endswith":            f("Items?$filter=endswith(Name,'e!')", call(bound.FnEndsWith, metadata.EdmBoolean, tm.p("Name"), str("e!"))),
		"contains_column":     f("Items?$filter=contains(Name,Code)", call(bound.FnContains, metadata.EdmBoolean, tm.p("Name"), tm.p("Code"))),
		"func_length":         f("Items?$filter=length(Name) eq 4", eq(call(bound.FnLength, I, tm.p("Name")), i32(4))),
		"func_indexof":        f("Items?$filter=indexof(Name,'cm') eq 1", eq(call(bound.FnIndexOf, I, tm.p("Name"), str("cm")), i32(1))),
		"func_substring":      f("Items?$filter=substring(Name,1) eq 'cme' and substring(Name,1,2) eq 'cm'", and(eq(call(bound.FnSubstring, S, tm.p("Name"), i32(1)), str("cme")), eq(call(bound.FnSubstring, S, tm.p("Name"), i32(1), i32(2)), str("cm")))),
		"func_substring_expr": f("Items?$filter=substring(Name,Qty) eq 'e'", eq(call(bound.FnSubstring, S, tm.p("Name"), tm.p("Qty")), str("e"))),
		"func_case_trim":      f("Items?$filter=tolower(Name) eq 'acme' or toupper(Name) eq 'ACME' or trim(Name) eq 'acme'", or(or(eq(call(bound.FnToLower, S, tm.p("Name")), str("acme")), eq(call(bound.FnToUpper, S, tm.p("Name")), str("ACME"))), eq(call(bound.FnTrim, S, tm.p("Name")), str("acme")))),
		"func_concat":         f("Items?$filter=concat(Name,Code) eq 'AcmeA1'", eq(call(bound.FnConcat, S, tm.p("Name"), tm.p("Code")), str("AcmeA1"))),
		"null_eq":             f("Items?$filter=Name eq null", eq(tm.p("Name"), null(S))),
		"null_ne":             f("Items?$filter=Name ne null", ne(tm.p("Name"), null(S))),
		"null_lt":             f("Items?$filter=Qty lt null", bin(bound.Lt, tm.p("Qty"), null(I))),
		"null_safe_columns":   f("Items?$filter=Qty eq CategoryID or Qty ne CategoryID", or(eq(tm.p("Qty"), tm.p("CategoryID")), ne(tm.p("Qty"), tm.p("CategoryID")))),
		"not_lt_nullable":     f("Items?$filter=not (Price lt 5)", not(bin(bound.Lt, tm.p("Price"), dec("5")))),
		"not_eq_and":          f("Items?$filter=not (Name eq 'Acme' and Qty gt 1)", not(and(eq(tm.p("Name"), str("Acme")), bin(bound.Gt, tm.p("Qty"), i32(1))))),
		"not_contains":        f("Items?$filter=not contains(Name,'cm')", not(call(bound.FnContains, metadata.EdmBoolean, tm.p("Name"), str("cm")))),
		"in_numbers_null":     f("Items?$filter=Qty in (1,2,null)", in(tm.p("Qty"), i32(1), i32(2), null(I))),
		"in_strings":          f("Items?$filter=Name in ('Acme','acme ')", in(tm.p("Name"), str("Acme"), str("acme "))),
		"not_in":              f("Items?$filter=not (Qty in (1,2))", not(in(tm.p("Qty"), i32(1), i32(2)))),
		"arithmetic":          f("Items?$filter=Price add 1.5 gt 10 and Qty mul 2 sub 1 eq 3", and(bin(bound.Gt, bin(bound.Add, tm.p("Price"), dec("1.5")), dec("10")), eq(bin(bound.Sub, bin(bound.Mul, tm.p("Qty"), i32(2)), i32(1)), i32(3)))),
		"integer_division":    f("Items?$filter=Qty div 2 eq -1 and Qty mod 2 eq -1", and(eq(bin(bound.Div, tm.p("Qty"), i32(2)), i32(-1)), eq(bin(bound.Mod, tm.p("Qty"), i32(2)), i32(-1)))),
		"decimal_division":    f("Items?$filter=Price div 2 gt 1.25 and Qty divby 2 eq 1.5", and(bin(bound.Gt, bin(bound.Div, tm.p("Price"), dec("2")), dec("1.25")), eq(bin(bound.DivBy, tm.p("Qty"), i32(2)), dec("1.5")))),
		"date_parts":          f("Items?$filter=year(Updated) eq 2024 and month(Updated) eq 3 and day(Updated) eq 1 and hour(Updated) eq 23 and minute(Updated) eq 30 and second(Updated) eq 15", and(and(and(eq(call(bound.FnYear, I, tm.p("Updated")), i32(2024)), eq(call(bound.FnMonth, I, tm.p("Updated")), i32(3))), and(eq(call(bound.FnDay, I, tm.p("Updated")), i32(1)), eq(call(bound.FnHour, I, tm.p("Updated")), i32(23)))), and(eq(call(bound.FnMinute, I, tm.p("Updated")), i32(30)), eq(call(bound.FnSecond, I, tm.p("Updated")), i32(15))))),
		"date_time_funcs":     f("Items?$filter=date(Updated) eq 2024-03-01 and time(Updated) lt 23:59:00 and fractionalseconds(Updated) gt 0 and totaloffsetminutes(Updated) eq 0", and(and(eq(call(bound.FnDate, metadata.EdmDate, tm.p("Updated")), date(2024, 3, 1)), bin(bound.Lt, call(bound.FnTime, metadata.EdmTimeOfDay, tm.p("Updated")), tod(23, 59, 0))), and(bin(bound.Gt, call(bound.FnFractionalSeconds, D, tm.p("Updated")), dec("0")), eq(call(bound.FnTotalOffsetMinutes, I, tm.p("Updated")), i32(0))))),
		"datetime_compare":    f("Items?$filter=Updated ge 2024-03-01T00:00:00+01:00 and Released lt 2024-06-01", and(bin(bound.Ge, tm.p("Updated"), dto("2024-03-01T00:00:00+01:00")), bin(bound.Lt, tm.p("Released"), date(2024, 6, 1)))),
		"round_floor_ceiling": f("Items?$filter=round(Price) eq 3 and floor(Ratio) eq 0 and ceiling(Price) eq 3", and(and(eq(call(bound.FnRound, D, tm.p("Price")), dec("3")), eq(call(bound.FnFloor, metadata.EdmDouble, tm.p("Ratio")), dbl(0))), eq(call(bound.FnCeiling, D, tm.p("Price")), dec("3")))),
		"boolean_property":    f("Items?$filter=Active and not Active eq false", and(tm.p("Active"), not(eq(tm.p("Active"), boolC(false))))),
		"guid_eq":             f("Items?$filter=Uid eq 0f8fad5b-d9cb-469f-a165-70867728950e", eq(tm.p("Uid"), guid("0f8fad5b-d9cb-469f-a165-70867728950e"))),
		"cast_to_string":      f("Items?$filter=cast(Qty,Edm.String) eq '5'", eq(&bound.Cast{X: tm.p("Qty"), T: S}, str("5"))),
		"orderby_nulls":       {request: "Items?$orderby=Name,Price desc", q: orderNulls},
		"keyset_after":        {request: "Items?$filter=Qty gt 0&$orderby=Code,ID desc&$top=50 (continuing after Code='B2', ID=7)", q: keyset},
		"keyset_datetime":     {request: "Items?$orderby=Stamp desc&$select=ID&$top=10 (continuing after Stamp=2024-03-01T10:00:00Z, ID=3)", q: keysetDate},
		"paging_top_skip":     {request: "Items?$select=ID&$top=10&$skip=20", q: paging(10, 20)},
		"paging_top":          {request: "Items?$select=ID&$top=10", q: paging(10, 0)},
		"paging_skip":         {request: "Items?$select=ID&$skip=20", q: paging(-1, 20)},
		"search":              {request: "Items?$search=(acme AND NOT \"50%\") OR Ünï&$select=ID", q: search},
		"count_filter_search": {request: "Items/$count?$filter=Active eq true&$search=acme", q: count, count: true},
		"navigation_path":     {request: "Items?$filter=Category/Country eq 'DE'&$orderby=Category/Title", q: navSel},
		"key_single":          {request: "Items(3)", q: byKey},
		"key_composite":       {request: "Lines(OrderID=10,ItemID=2)", q: lines},
	}
}
