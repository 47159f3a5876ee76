package sqldb

import (
	"context"
	"reflect"
	"testing"

	"odatagw/adapters/adaptertest"
	"odatagw/metadata"
)

// applyCase is a $apply request with the rows (values of the Go types of
// metadata/values.go, in the result's column order) every engine returns,
// or the number of result rows for a /$count request.
type applyCase struct {
	request string
	want    [][]any
	count   int64
}

type md = metadata.Decimal

// applyCases are computed by hand from the fixture (fixture_test.go):
// Category/Country is null for items 3, 5, 6 (no category) and 8 (Food),
// DE for 1, 4, 7 and US for 2, 9.
var applyCases = []applyCase{
	{request: "Items?$apply=groupby((Category/Country),aggregate(Price with sum as S,Qty with sum as Q,Price with min as Mn,Qty with max as Mx,Name with countdistinct as D,$count as C))",
		want: [][]any{
			{nil, md("2.5"), int64(3), md("-2.5000"), int64(8), int64(3), int64(4)},
			{"DE", md("14.0999"), int64(13), md("0.1000"), int64(7), int64(3), int64(3)},
			{"US", md("0.5"), int64(1), md("0.2000"), int64(4), int64(2), int64(2)},
		}},
	// Averages: exact decimals, also of integers.
	{request: "Items?$apply=filter(ID ne 7 and ID ne 8)/groupby((Category/Country),aggregate(Qty with average as A,Price with average as P))",
		want: [][]any{{nil, md("-2.5"), md("0")}, {"DE", md("6"), md("6.99995")}, {"US", md("0.5"), md("0.25")}}},
	{request: "Items?$apply=aggregate(Qty with sum as Q,Price with sum as S,$count as C)",
		want: [][]any{{int64(17), md("17.0999"), int64(9)}}},
	// aggregate alone gives one row on an empty input.
	{request: "Items?$apply=filter(ID gt 100)/aggregate(Price with sum as S,$count as C)",
		want: [][]any{{nil, int64(0)}}},
	// Filter after aggregation, then the request's $orderby and $top.
	{request: "Items?$apply=groupby((Active),aggregate(Qty with sum as Q))/filter(Q gt 0)&$orderby=Q desc&$top=2",
		want: [][]any{{true, int64(13)}, {false, int64(5)}}},
	// Exact string groups ('Acme', 'ACME', 'acme ' differ on every engine),
	// orderby and top transformations, then $filter on the result.
	{request: "Items?$apply=groupby((Name),aggregate(Qty with sum as Q))/orderby(Q desc)/top(3)&$filter=Q lt 8",
		want: [][]any{{"50%_off", int64(7)}, {"x e!", int64(4)}}},
	{request: "Items?$apply=groupby((Name),aggregate($count as C))&$filter=C gt 1",
		want: [][]any{{"Acme", int64(2)}}},
	// groupby alone: the distinct values; $skip and $select on the result.
	{request: "Items?$apply=groupby((Category/Country))&$skip=1", want: [][]any{{"DE"}, {"US"}}},
	{request: "Items?$apply=groupby((Active),aggregate($count as C,Qty with sum as Q))&$select=Q&$filter=Active eq true",
		want: [][]any{{int64(13)}}},
	// Date-times written in several forms (SQLite) group and compare as instants:
	// items 1, 2 and 7 are stamped 10:00 UTC; the latest Updated of them is item 2.
	{request: "Items?$apply=groupby((Stamp),aggregate($count as C,Updated with max as U))&$filter=C gt 1",
		want: [][]any{{ts("2024-01-01T10:00:00Z"), int64(3), ts("2024-03-02T00:00:00Z")}}},
	{request: "Items?$apply=aggregate(Stamp with min as Mn,Stamp with max as Mx,Stamp with countdistinct as D)",
		want: [][]any{{ts("2023-06-30T23:59:59Z"), ts("2025-01-01T00:00:00Z"), int64(7)}}},
	{request: "Items/$count?$apply=groupby((Category/Country))", count: 3},
	{request: "Items/$count?$apply=groupby((Name))/filter(Name ne null)", count: 7},
}

// TestApplyEngines runs every $apply case on every engine: the same values,
// of the same Go types, in the same order; and the pipelines of
// applyShapes.
func TestApplyEngines(t *testing.T) {
	tm := newTestModel()
	ctx := context.Background()
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			src := newTestSource(t, e, tm)
			checkApplyShapes(t, ctx, src, tm)
			for _, c := range applyCases {
				q, kind, err := adaptertest.Plan(tm.m, c.request)
				if err != nil {
					t.Fatalf("%s: %v", c.request, err)
				}
				sqlText, _, _ := Build(e.d, q)
				if kind == adaptertest.KindCount {
					n, err := src.Count(ctx, q)
					if err != nil || n != c.count {
						t.Errorf("%s: count %d, %v; want %d", c.request, n, err, c.count)
					}
					continue
				}
				rows, err := src.Query(ctx, q)
				if err != nil {
					t.Errorf("%s: %v\n%s", c.request, err, sqlText)
					continue
				}
				var got [][]any
				for rows.Next() {
					got = append(got, append([]any(nil), rows.Values()...))
				}
				if err := rows.Err(); err != nil {
					t.Errorf("%s: %v", c.request, err)
				}
				rows.Close()
				if !reflect.DeepEqual(got, c.want) {
					t.Errorf("%s:\n got %#v\nwant %#v\n%s", c.request, got, c.want, sqlText)
				}
			}
		})
	}
}
