package sqldb

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// engineCase is one plan with the IDs it must return, in order, on every engine.
type engineCase struct {
	name string
	q    *adapters.Query
	want []int64
}

func engineCases(tm *testModel) []engineCase {
	B, S, I, D := metadata.EdmBoolean, metadata.EdmString, metadata.EdmInt32, metadata.EdmDecimal
	f := func(name string, filter bound.Expr, want ...int64) engineCase {
		return engineCase{name, tm.query(filter), want}
	}
	name, code, qty, price := tm.p("Name"), tm.p("Code"), tm.p("Qty"), tm.p("Price")
	upd := tm.p("Updated")
	lt := func(l, r bound.Expr) bound.Expr { return bin(bound.Lt, l, r) }
	ordered := func(n string, want []int64, items ...bound.OrderItem) engineCase {
		q := tm.query(nil)
		q.OrderBy = items
		return engineCase{n, q, want}
	}
	paged := func(n string, top, skip int64, want ...int64) engineCase {
		q := tm.query(nil)
		q.Top, q.Skip = top, skip
		return engineCase{n, q, want}
	}
	searched := func(n string, s bound.Search, want ...int64) engineCase {
		q := tm.query(nil)
		q.Search = s
		return engineCase{n, q, want}
	}
	term := func(s string) *bound.SearchTerm { return &bound.SearchTerm{Text: s} }
	return []engineCase{
		// Exact string equality: case, trailing space, PAD SPACE collations.
		f("eq exact", eq(name, str("Acme")), 1, 8),
		f("eq no trailing space match", eq(name, str("acme")), nil...),
		f("eq trailing space", eq(name, str("acme ")), 3),
		f("eq non-null column", eq(code, str("acme")), 7),
		f("ne includes null", ne(name, str("Acme")), 2, 3, 4, 5, 6, 7, 9),
		f("eq null", eq(name, null(S)), 6),
		f("ne null", ne(name, null(S)), 1, 2, 3, 4, 5, 7, 8, 9),
		f("lt code point order", lt(name, str("B")), 1, 2, 4, 8),
		f("not lt keeps null", not(lt(name, str("B"))), 3, 5, 6, 7, 9),
		f("lt null is false", lt(qty, null(I)), nil...),
		f("not lt null is true", not(lt(qty, null(I))), 1, 2, 3, 4, 5, 6, 7, 8, 9),
		f("in strings exact", in(name, str("Acme"), str("acme ")), 1, 3, 8),
		f("in with null", in(qty, i32(1), i32(2), null(I)), 3, 5, 7),
		f("not in keeps null", not(in(qty, i32(1), i32(2))), 1, 2, 4, 5, 6, 8, 9),
		f("eq columns null-safe", eq(qty, tm.p("CategoryID")), 5, 7),
		f("ne columns null-safe", ne(qty, tm.p("CategoryID")), 1, 2, 3, 4, 6, 8, 9),
		f("not and", not(and(eq(name, str("Acme")), bin(bound.Gt, qty, i32(6)))), 1, 2, 3, 4, 5, 6, 7, 9),
		// Matching functions: case-sensitive, wildcards in the argument are literal.
		f("contains case-sensitive", call(bound.FnContains, B, name, str("cm")), 1, 3, 8),
		f("contains upper", call(bound.FnContains, B, name, str("CM")), 2),
		f("contains percent underscore", call(bound.FnContains, B, name, str("%_")), 4),
		f("contains underscore", call(bound.FnContains, B, name, str("_")), 4),
		f("contains glob chars", call(bound.FnContains, B, name, str("*[?]")), 7),
		f("startswith", call(bound.FnStartsWith, B, name, str("a")), 3, 7),
		f("startswith glob chars", call(bound.FnStartsWith, B, name, str("a*[?]")), 7),
		f("endswith bang", call(bound.FnEndsWith, B, name, str("e!")), 9),
		f("endswith space", call(bound.FnEndsWith, B, name, str(" ")), 3),
		f("not contains drops null", not(call(bound.FnContains, B, name, str("cm"))), 2, 4, 5, 7, 9),
		f("contains eq true or", or(eq(call(bound.FnContains, B, name, str("Acme")), boolC(true)), eq(call(bound.FnContains, B, code, str("acme")), boolC(true))), 1, 7, 8),
		f("contains expression", call(bound.FnContains, B, name, call(bound.FnSubstring, S, code, i32(0), i32(1))), 1, 2, 7),
		f("startswith expression", call(bound.FnStartsWith, B, name, call(bound.FnSubstring, S, code, i32(0), i32(1))), 1, 2, 7),
		f("endswith expression", call(bound.FnEndsWith, B, code, call(bound.FnSubstring, S, code, i32(1))), 1, 2, 3, 4, 5, 6, 7, 8, 9),
		// String functions.
		f("length in characters", eq(call(bound.FnLength, I, name), i32(7)), 4, 5),
		f("length counts trailing space", eq(call(bound.FnLength, I, name), i32(5)), 3),
		f("indexof", eq(call(bound.FnIndexOf, I, name, str("cm")), i32(1)), 1, 3, 8),
		f("indexof unicode", eq(call(bound.FnIndexOf, I, name, str("ö")), i32(4)), 5),
		f("indexof not found", eq(call(bound.FnIndexOf, I, code, str("x")), i32(-1)), 1, 2, 3, 4, 5, 6, 7, 8, 9),
		f("substring", eq(call(bound.FnSubstring, S, name, i32(1)), str("cme")), 1, 8),
		f("substring length", eq(call(bound.FnSubstring, S, name, i32(1), i32(2)), str("CM")), 2),
		f("substring unicode", eq(call(bound.FnSubstring, S, name, i32(4)), str("ödé")), 5),
		f("substring expression start", eq(call(bound.FnSubstring, S, code, bin(bound.Sub, tm.p("Rank"), i32(1))), str("1")), 1, 3),
		f("tolower", eq(call(bound.FnToLower, S, name), str("acme")), 1, 2, 8),
		f("toupper", eq(call(bound.FnToUpper, S, name), str("ACME")), 1, 2, 8),
		f("tolower unicode", eq(call(bound.FnToLower, S, name), str("ünïcödé")), 5),
		f("toupper unicode", eq(call(bound.FnToUpper, S, name), str("ÜNÏCÖDÉ")), 5),
		f("trim", eq(call(bound.FnTrim, S, name), str("acme")), 3),
		f("concat", eq(call(bound.FnConcat, S, name, code), str("AcmeA1")), 1),
		f("concat null is null", eq(call(bound.FnConcat, S, name, code), null(S)), 6),
		f("cast to string", eq(&bound.Cast{X: qty, T: S}, str("5")), 1),
		f("cast text to integer, null when not a number", eq(&bound.Cast{X: call(bound.FnSubstring, S, code, i32(1)), T: I}, i32(1)), 1, 3, 5, 8),
		f("cast text to decimal, null when not a number", eq(&bound.Cast{X: call(bound.FnSubstring, S, code, i32(1)), T: D}, dec("2")), 2, 4, 6, 9),
		f("cast decimal to string keeps the scale", eq(&bound.Cast{X: price, T: S}, str("0.3000")), 2),
		f("cast boolean to string", eq(&bound.Cast{X: tm.p("Active"), T: S}, str("false")), 2, 5, 8),
		f("cast date to string", eq(&bound.Cast{X: tm.p("Released"), T: S}, str("2024-02-29")), 4),
		f("cast decimal to number", eq(&bound.Cast{X: price, T: metadata.EdmInt32}, i32(-3)), 6),
		// Numbers.
		f("decimal eq", eq(price, dec("0.3")), 2),
		f("decimal lt", lt(price, dec("1")), 2, 6, 7, 9),
		f("not decimal lt keeps null", not(lt(price, dec("1"))), 1, 3, 4, 5, 8),
		f("decimal add exact", eq(bin(bound.Add, price, dec("0.2")), dec("0.3")), 7),
		f("int64 beyond float", eq(tm.p("Big"), &bound.Const{T: metadata.EdmInt64, Value: int64(9007199254740993)}), 1),
		f("int64 constant against int32 column", bin(bound.Lt, qty, &bound.Const{T: metadata.EdmInt64, Value: int64(9999999999)}), 1, 2, 3, 4, 6, 7, 8, 9),
		f("integer div truncates", eq(bin(bound.Div, qty, i32(2)), i32(-1)), 2),
		f("integer div negative", eq(bin(bound.Div, qty, i32(2)), i32(-3)), 6),
		f("mod", eq(bin(bound.Mod, qty, i32(2)), i32(-1)), 2, 6),
		f("divby of integers", eq(bin(bound.DivBy, qty, i32(2)), dec("2.5")), 1),
		f("decimal div", eq(bin(bound.Div, price, dec("2")), dec("1.25")), 3, 8),
		f("arithmetic", eq(bin(bound.Sub, bin(bound.Mul, qty, i32(2)), i32(1)), i32(3)), 3),
		f("negation", eq(&bound.Neg{X: qty}, i32(3)), 2),
		f("round decimal half away", eq(call(bound.FnRound, D, price), dec("3")), 3, 4, 8),
		f("round negative", eq(call(bound.FnRound, D, price), dec("-3")), 6),
		f("round double half away", eq(call(bound.FnRound, metadata.EdmDouble, tm.p("Ratio")), dbl(3)), 5),
		f("round double negative", eq(call(bound.FnRound, metadata.EdmDouble, tm.p("Ratio")), dbl(-3)), 4),
		f("floor", eq(call(bound.FnFloor, D, price), dec("-3")), 6),
		f("ceiling", eq(call(bound.FnCeiling, D, price), dec("1")), 2, 7, 9),
		// Booleans.
		f("boolean property", tm.p("Active"), 1, 4, 7),
		f("not boolean drops null", not(tm.p("Active")), 2, 5, 8),
		f("boolean eq false", eq(tm.p("Active"), boolC(false)), 2, 5, 8),
		f("boolean ne true keeps null", ne(tm.p("Active"), boolC(true)), 2, 3, 5, 6, 8, 9),
		f("boolean ne false keeps null", ne(tm.p("Active"), boolC(false)), 1, 3, 4, 6, 7, 9),
		f("not boolean eq true keeps null", not(eq(tm.p("Active"), boolC(true))), 2, 3, 5, 6, 8, 9),
		// GUIDs.
		f("guid eq", eq(tm.p("Uid"), guid("0f8fad5b-d9cb-469f-a165-70867728950e")), 1),
		f("guid eq stored upper case", eq(tm.p("Uid"), guid("7c9e6679-7425-40de-944b-e07fc1f90ae7")), 3),
		// Dates and times (all in UTC).
		f("year", eq(call(bound.FnYear, I, upd), i32(2023)), 3),
		f("month day", and(eq(call(bound.FnMonth, I, upd), i32(3)), eq(call(bound.FnDay, I, upd), i32(1))), 1, 5),
		f("hour minute second", and(eq(call(bound.FnHour, I, upd), i32(23)), and(eq(call(bound.FnMinute, I, upd), i32(30)), eq(call(bound.FnSecond, I, upd), i32(15)))), 1),
		f("fractionalseconds", eq(call(bound.FnFractionalSeconds, D, upd), dec("0.25")), 1),
		f("date()", eq(call(bound.FnDate, metadata.EdmDate, upd), date(2024, 3, 1)), 1, 5),
		f("time()", lt(call(bound.FnTime, metadata.EdmTimeOfDay, upd), tod(11, 0, 0)), 2, 5),
		f("totaloffsetminutes", eq(call(bound.FnTotalOffsetMinutes, I, upd), i32(0)), 1, 2, 3, 5, 6),
		f("datetime ge with offset", bin(bound.Ge, upd, dto("2024-03-01T00:00:00+01:00")), 1, 2, 5, 6),
		f("datetime eq fraction", eq(upd, dto("2024-03-01T23:30:15.25Z")), 1),
		f("not datetime lt keeps null", not(lt(upd, dto("2024-03-01T12:00:00Z"))), 1, 2, 4, 6, 7, 8, 9),
		f("datetime add duration", eq(&bound.Binary{Op: bound.Add, Left: upd, Right: &bound.Const{T: metadata.EdmDuration, Value: time.Hour + 30*time.Minute}, T: metadata.EdmDateTimeOffset}, dto("2024-03-02T01:00:15.25Z")), 1),
		f("datetime sub duration", eq(&bound.Binary{Op: bound.Sub, Left: upd, Right: &bound.Const{T: metadata.EdmDuration, Value: 24 * time.Hour}, T: metadata.EdmDateTimeOffset}, dto("2024-03-01T00:00:00Z")), 2),
		f("date add duration", eq(&bound.Binary{Op: bound.Add, Left: tm.p("Released"), Right: &bound.Const{T: metadata.EdmDuration, Value: 48 * time.Hour}, T: metadata.EdmDate}, date(2024, 3, 2)), 4),
		f("date lt", lt(tm.p("Released"), date(2024, 3, 1)), 1, 4),
		f("timestamp without zone eq", eq(tm.p("Stamp"), dto("2024-01-01T10:00:00Z")), 1, 2, 7),
		f("timestamp year", eq(call(bound.FnYear, I, tm.p("Stamp")), i32(2025)), 8),
		// Navigation.
		f("navigation eq", eq(tm.nav("Country"), str("DE")), 1, 4, 7),
		f("navigation eq null", eq(tm.nav("Country"), null(S)), 3, 5, 6, 8),
		f("navigation ne keeps absent", ne(tm.nav("Title"), str("Tools")), 2, 3, 5, 6, 8, 9),
		// Order, with OData's null ordering.
		ordered("order nulls first asc", []int64{5, 6, 7, 9, 2, 3, 8, 4, 1}, asc(price), asc(tm.p("ID"))),
		ordered("order nulls last desc", []int64{1, 4, 3, 8, 2, 9, 7, 6, 5}, desc(price), asc(tm.p("ID"))),
		ordered("order datetime mixed forms", []int64{8, 4, 6, 1, 2, 7, 3, 9, 5}, desc(tm.p("Stamp")), asc(tm.p("ID"))),
		ordered("order by navigation", []int64{3, 5, 6, 8, 1, 4, 7, 2, 9}, asc(tm.nav("Title")), asc(tm.p("ID"))),
		ordered("order strings by code point", []int64{6, 4, 2, 1, 8, 7, 3, 9, 5}, asc(name), asc(tm.p("ID"))),
		ordered("order strings desc", []int64{5, 9, 3, 7, 1, 8, 2, 4, 6}, desc(name), asc(tm.p("ID"))),
		ordered("order by expression", []int64{5, 6, 2, 7, 3, 9, 1, 4, 8}, asc(bin(bound.Mul, qty, i32(2))), asc(tm.p("ID"))),
		// Paging.
		paged("top skip", 3, 2, 3, 4, 5),
		paged("skip only", -1, 7, 8, 9),
		paged("top zero", 0, 0, nil...),
		// Search: case-insensitive, wildcards literal, NOT includes nulls.
		searched("search term", term("acme"), 1, 2, 3, 7, 8),
		searched("search and not", &bound.SearchAnd{Left: term("acme"), Right: &bound.SearchNot{X: term("A1")}}, 2, 3, 7, 8),
		searched("search or", &bound.SearchOr{Left: term("50%"), Right: term("x e")}, 4, 9),
		searched("search not", &bound.SearchNot{X: term("acme")}, 4, 5, 6, 9),
		searched("search unicode", term("Ünï"), 5),
		searched("search unicode other case", term("üNÏ"), 5),
		searched("search is accent-sensitive", term("unicode"), nil...),
		searched("search keeps trailing space", term("acme "), 3),
	}
}

// queryIDs runs q (selecting only ID) and returns the IDs in order.
func queryIDs(ctx context.Context, src adapters.Source, q *adapters.Query) ([]int64, error) {
	c := *q
	c.Select = []*metadata.Property{q.Set.Type.Key[0]}
	rows, err := src.Query(ctx, &c)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		v := rows.Values()[0]
		id, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("ID is %T", v)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// TestEngineSemantics runs every case on every engine: the same rows, in the
// same order, everywhere.
func TestEngineSemantics(t *testing.T) {
	tm := newTestModel()
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			src := newTestSource(t, e, tm)
			for _, c := range engineCases(tm) {
				got, err := queryIDs(context.Background(), src, c.q)
				if err != nil {
					sqlText, _, _ := Build(e.d, c.q)
					t.Errorf("%s: %v\n%s", c.name, err, sqlText)
					continue
				}
				if len(got) == 0 && len(c.want) == 0 {
					continue
				}
				if !reflect.DeepEqual(got, c.want) {
					sqlText, args, _ := Build(e.d, c.q)
					t.Errorf("%s: got %v, want %v\n%s %v", c.name, got, c.want, sqlText, args)
				}
			}
		})
	}
}

func newTestSource(t testing.TB, e engine, tm *testModel) *Source {
	t.Helper()
	src, err := NewSource(context.Background(), e.db, e.d,
		func(context.Context) (*metadata.Model, error) { return tm.m, nil }, Config{Name: "test-" + e.name})
	if err != nil {
		t.Fatal(err)
	}
	return src
}
