package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// lambdaCases are any/all/$count requests over the test model with the keys
// (key values joined by "/") or the count every engine must answer. The
// fixture (fixture_test.go) is built to catch the classic mistakes:
//
//   - all over a nullable predicate: category 2 has items with Ratio 0.5 and
//     NULL, category 3 only NULL; `NOT EXISTS (… AND NOT p)` would call both
//     "all greater than 0";
//   - empty collections: category 4 has no items, line 12/3 no shipments
//     (all is true, any false, $count 0);
//   - composite keys: shipment 5 is on order 11 and item 1, which is no line;
//     a join on either column alone relates it to a line.
var lambdaCases = []struct {
	request string
	want    []string // keys in order; for /$count requests the count
}{
	{"Categories?$filter=Items/any()", []string{"1", "2", "3"}},
	{"Categories?$filter=Items/any(i: i/Price gt 5)", []string{"1"}},
	{"Categories?$filter=Items/any(i: i/Ratio gt 0)", []string{"1", "2"}},
	{"Categories?$filter=Items/any(i: not (i/Ratio gt 0))", []string{"1", "2", "3"}},
	{"Categories?$filter=Items/all(i: i/Ratio gt 0)", []string{"4"}},
	{"Categories?$filter=not Items/all(i: i/Ratio gt 0)", []string{"1", "2", "3"}},
	{"Categories?$filter=Items/all(i: i/Active)", []string{"1", "4"}},
	{"Categories?$filter=Items/all(i: i/Active eq true)", []string{"1", "4"}},
	{"Categories?$filter=Items/all(i: i/Active ne false)", []string{"1", "4"}},
	{"Categories?$filter=Items/all(i: i/Active ne true)", []string{"2", "3", "4"}},
	{"Categories?$filter=Items/all(i: i/Name ne null and i/Price lt 10)", []string{"2", "3", "4"}},
	{"Categories?$filter=Items/all(i: i/Ratio gt 0 or i/Ratio eq null)", []string{"2", "3", "4"}},
	{"Categories?$filter=Items/any(i: i/Lines/any(l: l/Amount gt i/Qty))", []string{"2"}},
	{"Categories?$filter=Items/all(i: i/Lines/all(l: l/Amount le i/Qty))", []string{"1", "3", "4"}},
	{"Categories?$filter=Items/any(i: i/Lines/any(l: l/Item/Category/Country eq $it/Country))", []string{"1", "2"}},
	{"Categories?$filter=Items/any(i: i/Lines/$count ge 2)", []string{"2"}},
	{"Categories?$filter=Items/$count gt 2", []string{"1"}},
	{"Categories?$filter=Items/$count eq 0", []string{"4"}},
	{"Categories?$filter=Items/$count eq 0 or Items/any(i: i/Price lt 0.15)", []string{"1", "4"}},
	{"Categories?$orderby=Items/$count,ID", []string{"4", "3", "2", "1"}},
	{"Categories/$count?$filter=Items/any()", []string{"3"}},
	{"Items?$filter=Category/Items/any(i: i/Price gt $it/Price)", []string{"4", "7", "9"}},
	{"Items?$filter=Lines/any(l: l/Item/Category/Country eq 'DE')", []string{"1"}},
	{"Items?$filter=Lines/$count eq 2 and Category/Items/$count eq 2", []string{"2"}},
	{"Items?$filter=Lines/$count eq 1 and Category/Items/$count eq 0", []string{"3"}},
	{"Lines?$filter=Shipments/any()", []string{"10/1", "10/2", "11/2"}},
	{"Lines?$filter=Shipments/any(s: s/Shipped)", []string{"10/1", "10/2"}},
	{"Lines?$filter=Shipments/all(s: s/Shipped)", []string{"10/2", "12/3"}},
	{"Lines?$filter=Shipments/all(s: s/Shipped eq false or s/Shipped eq null)", []string{"11/2", "12/3"}},
	{"Lines?$filter=Shipments/$count ge 2", []string{"10/1"}},
	{"Lines/$count?$filter=Shipments/$count eq 0", []string{"1"}},
	{"Shipments?$filter=Line/Item/Lines/any(l: l/Amount ge 3)", []string{"1", "2", "3", "4"}},
	{"Shipments?$filter=Line/Shipments/$count eq 1", []string{"3", "4"}},
}

// TestEngineLambdas runs lambdaCases on every engine.
func TestEngineLambdas(t *testing.T) {
	tm := newTestModel()
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			src := newTestSource(t, e, tm)
			for _, c := range lambdaCases {
				q, kind, err := adaptertest.Plan(tm.m, c.request)
				if err != nil {
					t.Fatalf("%s: %v", c.request, err)
				}
				got, err := keysOf(context.Background(), src, q, kind == adaptertest.KindCount)
				if err != nil {
					sqlText, _, _ := Build(e.d, q)
					t.Errorf("%s: %v\n%s", c.request, err, sqlText)
					continue
				}
				if !slices.Equal(got, c.want) {
					sqlText, args, _ := Build(e.d, q)
					t.Errorf("%s: got %v, want %v\n%s %v", c.request, got, c.want, sqlText, args)
				}
			}
		})
	}
}

// keysOf runs q and returns the key values of its rows ("a/b" for
// composite keys), or the count for a count request.
func keysOf(ctx context.Context, src *Source, q *adapters.Query, count bool) ([]string, error) {
	if count {
		n, err := src.Count(ctx, q)
		return []string{fmt.Sprint(n)}, err
	}
	c := *q
	c.Select = q.Set.Type.Key
	rows, err := src.Query(ctx, &c)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		parts := make([]string, len(c.Select))
		for i, v := range rows.Values() {
			parts[i] = fmt.Sprint(v)
		}
		out = append(out, strings.Join(parts, "/"))
	}
	return out, rows.Err()
}

// TestEngineLambdaCollectionPath: a path through several collection-valued
// navigation properties (which the binder does not produce from URLs, where
// such paths need nested lambdas) ranges over the flattened collection.
func TestEngineLambdaCollectionPath(t *testing.T) {
	tm := newTestModel()
	path := []*metadata.NavigationProperty{tm.cats.Type.NavigationProperty("Items"), tm.items.Type.NavigationProperty("Lines")}
	amount := &bound.Property{Variable: "l", Prop: tm.lines.Type.Property("Amount")}
	ge := func(v int64) bound.Expr { return bin(bound.Ge, amount, i32(v)) }
	cases := []struct {
		name   string
		filter bound.Expr
		want   []int64
	}{
		{"any", &bound.Lambda{Nav: path, Variable: "l", Pred: ge(4)}, []int64{1}},
		{"all", &bound.Lambda{Nav: path, Variable: "l", Pred: ge(3), All: true}, []int64{1, 3, 4}},
		{"count", eq(&bound.Count{Nav: path}, &bound.Const{T: metadata.EdmInt64, Value: int64(2)}), []int64{2}},
	}
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			src := newTestSource(t, e, tm)
			for _, c := range cases {
				q := &adapters.Query{Set: tm.cats, Filter: c.filter, Top: -1,
					OrderBy: []bound.OrderItem{asc(&bound.Property{Prop: tm.cats.Type.Key[0]})}}
				got, err := queryIDs(context.Background(), src, q)
				if err != nil || !slices.Equal(got, c.want) {
					sqlText, args, _ := Build(e.d, q)
					t.Errorf("%s: got %v, %v; want %v\n%s %v", c.name, got, err, c.want, sqlText, args)
				}
			}
		})
	}
}
