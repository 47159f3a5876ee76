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
	// compute before aggregation (Price mul Stock: 702, 323, null, null, 1, 130, -0.9, 813.75), grouping by a computed value.
	{Request: "Products?$apply=compute(Price mul Stock as Total)/groupby((Category/Name),aggregate(Total with sum as S))",
		Rows: [][]any{{nil, dec("130")}, {"Beverages", dec("1025")}, {"Condiments", dec("1")}, {"Produce", dec("812.85")}}},
	{Request: "Products?$apply=filter(Released ne null)/compute(year(Released) as Y)/compute(Y sub 2000 as Y2)/groupby((Y,Y2),aggregate($count as N))",
		Rows: [][]any{{int64(2023), int64(23), int64(1)}, {int64(2024), int64(24), int64(5)}}},
	// compute after aggregation, and $compute after $apply.
	{Request: "Products?$apply=groupby((Discontinued),aggregate(Stock with sum as Q,$count as N))/compute(Q mul 2 as Q2,N gt 3 as Many)",
		Rows: [][]any{{false, int64(66), int64(5), int64(132), true}, {true, int64(40), int64(3), int64(80), false}}},
	{Request: "Products?$apply=groupby((Category/Name),aggregate(Price with sum as S))&$compute=S mul 2 as S2&$filter=S2 gt 40&$select=S2",
		Rows: [][]any{{dec("74")}, {dec("47.1")}}},
	// concat: UNION ALL of the branches, in order, each in its own order; missing values are null.
	{Request: "Products?$apply=concat(aggregate(Stock with sum as Total),groupby((Discontinued),aggregate(Stock with sum as Total)))",
		Rows: [][]any{{nil, int64(106)}, {false, int64(66)}, {true, int64(40)}}},
	{Request: "Products?$apply=filter(Stock ne null)/concat(groupby((Category/Name),aggregate(Stock with sum as S))/orderby(S)/top(2),aggregate($count as C))",
		Rows: [][]any{{"Condiments", int64(5), nil}, {nil, int64(13), nil}, {nil, nil, int64(7)}}},
	{Request: "Products?$apply=concat(groupby((Discontinued),aggregate($count as N)),aggregate($count as N))&$orderby=N desc&$top=2",
		Rows: [][]any{{nil, int64(8)}, {false, int64(5)}}},
	{Request: "Products/$count?$apply=concat(groupby((Discontinued)),groupby((Category/Name)))", Count: 6},
	{Request: "Products?$apply=concat(concat(aggregate($count as N),groupby((Discontinued),aggregate($count as N))),aggregate(Stock with sum as N))",
		Rows: [][]any{{nil, int64(8)}, {false, int64(5)}, {true, int64(3)}, {nil, int64(106)}}},
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
