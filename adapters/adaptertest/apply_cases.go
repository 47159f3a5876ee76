package adaptertest

import (
	"context"
	"testing"

	"odatagw/adapters"
	"odatagw/metadata"
)

// ApplyCase is a $apply request with the rows every backend returns: values
// of the Go types of metadata/values.go, in the order of the result's
// columns (grouping properties, then aliases, or $select's order). Count
// is the answer of a /$count request.
type ApplyCase struct {
	Request string
	Rows    [][]any
	Count   int64
}

type dec = metadata.Decimal

// ApplyCases are computed by hand from the fixture: Category/Name is null
// for product 6, Beverages for 1–3, Condiments for 4–5, Produce for 7–8.
// Decimal aggregates have no trailing fractional zeros; min and max keep
// the property's scale.
var ApplyCases = []ApplyCase{
	{Request: "Products?$apply=groupby((Category/Name),aggregate(Price with sum as S,Stock with sum as Q,Price with max as Mx,Name with countdistinct as D,$count as C))",
		Rows: [][]any{
			{nil, dec("10"), int64(13), dec("10.00"), int64(1), int64(1)},
			{"Beverages", dec("37"), int64(56), dec("19.00"), int64(3), int64(3)},
			{"Condiments", dec("0.3"), int64(5), dec("0.20"), int64(2), int64(2)},
			{"Produce", dec("23.55"), int64(32), dec("23.25"), int64(2), int64(2)},
		}},
	// Averages are exact decimals, of integers too.
	{Request: "Products?$apply=filter(Price ne null)/groupby((Discontinued),aggregate(Price with average as A,Stock with average as S))",
		Rows: [][]any{{false, dec("9.48"), dec("16.5")}, {true, dec("11.725"), dec("20")}}},
	// aggregate alone: one row even for an empty input.
	{Request: "Products?$apply=filter(ProductID gt 100)/aggregate(Stock with sum as S,Stock with min as M,$count as C)",
		Rows: [][]any{{nil, nil, int64(0)}}},
	{Request: "Products?$apply=groupby((Category/Name),aggregate(Stock with sum as Q))/filter(Q gt 10)&$orderby=Q desc&$top=2",
		Rows: [][]any{{"Beverages", int64(56)}, {"Produce", int64(32)}}},
	// Exact distinct strings (Chai, chai), code point order, top transformation.
	{Request: "Products?$apply=groupby((Name))/orderby(Name desc)/top(3)",
		Rows: [][]any{{"Ünïcode Crème"}, {"x*[?]y"}, {"chai"}}},
	{Request: "Products?$apply=groupby((Category/Name),aggregate($count as C))&$filter=Category/Name eq 'Condiments'&$select=C",
		Rows: [][]any{{int64(2)}}},
	{Request: "Products/$count?$apply=groupby((Category/Name))", Count: 4},
	{Request: "Products/$count?$apply=groupby((Discontinued),aggregate($count as C))/filter(C gt 3)", Count: 1},
}

func runApplyCase(t *testing.T, ctx context.Context, src adapters.Source, m *metadata.Model, c ApplyCase) {
	_, kind, rows := planAndRead(t, ctx, src, m, c.Request, c.Count)
	if kind == KindCount {
		return
	}
	if len(rows) != len(c.Rows) {
		t.Fatalf("rows %#v, want %#v", rows, c.Rows)
	}
	for i := range rows {
		for j := range c.Rows[i] {
			if j >= len(rows[i]) || !sameValue(rows[i][j], c.Rows[i][j]) {
				t.Errorf("row %d: %#v, want %#v", i, rows[i], c.Rows[i])
				break
			}
		}
		if len(rows[i]) != len(c.Rows[i]) {
			t.Errorf("row %d has %d values, want %d", i, len(rows[i]), len(c.Rows[i]))
		}
	}
}
