package adaptertest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"odatagw/adapters"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// NavCase is a resource path along navigation properties, read as the
// gateway reads it: one statement for the set the path ends at, restricted
// through every hop (bound.Follow), whatever the path's length. When that
// read finds nothing and the path ends with a navigation property (no key),
// the gateway reads the entity the last hop starts from, to answer 404
// when it is missing (Missing) rather than an empty collection, 0 or 204.
type NavCase struct {
	Request string
	// IDs are the first key values of the rows read, in order; nil for none.
	IDs []int64
	// Count is the answer of a path ending with /$count.
	Count int64
	// Missing is true when an entity on the way does not exist (404).
	Missing bool
}

// NavCases are computed by hand from the fixture (see Fixture): products
// 1-3 are in category 1, 4-5 in 2, 7-8 in 3, 6 in none; category 4 has
// none; shipments 1 and 2 are of line (100,1), 3 of (100,3), 4 of (101,8).
var NavCases = []NavCase{
	{Request: "Categories(1)/Products", IDs: []int64{1, 2, 3}},
	{Request: "Categories(1)/Products(3)/OrderLines", IDs: []int64{100}},
	{Request: "Categories(1)/Products/3/OrderLines", IDs: []int64{100}},
	// A key that is not among the parent's related entities: nothing on the way.
	{Request: "Categories(1)/Products(8)/OrderLines", Missing: true},
	{Request: "Categories(2)/Products(1)", Missing: true},
	{Request: "Categories(1)/Products(1)/OrderLines(OrderID=100,ProductID=1)/Shipments", IDs: []int64{1, 2}},
	// An existing line without shipments: an empty collection, not 404.
	{Request: "Categories(1)/Products(1)/OrderLines(OrderID=101,ProductID=1)/Shipments"},
	{Request: "OrderLines(OrderID=101,ProductID=8)/Product/Category", IDs: []int64{3}},
	{Request: "Shipments(4)/OrderLines/Product/Category/Products", IDs: []int64{7, 8}},
	{Request: "Shipments(4)/OrderLines/Product/Category/Products?$filter=Price gt 1&$orderby=Price desc&$top=1&$select=Name", IDs: []int64{8}},
	{Request: "Shipments(1)/OrderLines/Shipments?$orderby=ShipmentID desc&$skip=1", IDs: []int64{1}},
	{Request: "Categories(1)/Products(2)/Category/Products(1)", IDs: []int64{1}},
	{Request: "Categories(1)/Products(2)/Category/Products(4)", Missing: true},
	// Product 6 has no category: null (204), and nothing beyond it (404).
	{Request: "Products(6)/Category"},
	{Request: "Products(6)/Category/Products", Missing: true},
	{Request: "Products(99)/Category", Missing: true},
	{Request: "Products(99)/Category/Products/$count", Missing: true},
	{Request: "Categories(4)/Products/$count", Count: 0},
	{Request: "Categories(1)/Products(1)/OrderLines/$count", Count: 2},
	{Request: "Products(1)/Category/Products/$count?$filter=Discontinued", Count: 1},
	{Request: "OrderLines(OrderID=100,ProductID=1)/Shipments/$count", Count: 2},
}

// runNavCase reads c as the gateway does and checks the rows, the count,
// and the statements: one, and a second only when the read found nothing.
func runNavCase(t *testing.T, ctx context.Context, src adapters.Source, m *metadata.Model, c NavCase) {
	cs := &Counting{Source: src}
	q, kind, err := Plan(m, c.Request)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	var ids []int64
	found := false
	if kind == KindCount {
		n, err := cs.Count(ctx, q)
		if err != nil {
			t.Fatalf("Count: %v", err)
		}
		if !c.Missing && n != c.Count {
			t.Errorf("count %d, want %d", n, c.Count)
		}
		found = n > 0
	} else {
		rows, err := ReadRows(ctx, cs, q)
		if err != nil {
			t.Fatalf("Query: %v", err)
		}
		keyIdx := slices.Index(q.Columns(), q.Set.Type.Key[0])
		for _, r := range rows {
			id, _ := r[keyIdx].(int64)
			ids = append(ids, id)
		}
		found = len(rows) > 0
	}
	if !slices.Equal(ids, c.IDs) {
		t.Errorf("rows %v, want %v", ids, c.IDs)
	}
	want := int64(1)
	missing := !found
	if !found {
		parent, err := planParent(m, c.Request)
		if err != nil {
			t.Fatalf("plan parent: %v", err)
		}
		if parent != nil {
			want++
			n, err := cs.Count(ctx, parent)
			if err != nil {
				t.Fatalf("parent Count: %v", err)
			}
			missing = n == 0
		}
	}
	if missing != c.Missing {
		t.Errorf("missing %v, want %v", missing, c.Missing)
	}
	if n := cs.Statements(); n != want {
		t.Errorf("%d statements, want %d", n, want)
	}
}

// planParent is the count of the entity the last navigation property of
// request starts from, which the gateway reads when the path found
// nothing; nil when the path does not end with a navigation property
// (a key ends it: not found is 404 without asking).
func planParent(m *metadata.Model, request string) (*adapters.Query, error) {
	path, _, _ := strings.Cut(request, "?")
	rp, err := query.ParsePath(path)
	if err != nil {
		return nil, err
	}
	target, err := (&bound.Binder{Model: m}).Path(rp)
	if err != nil {
		return nil, err
	}
	r, err := bound.Follow(target, nil)
	if err != nil || r.Parent == nil || r.Key != nil {
		return nil, err
	}
	q := &adapters.Query{Set: r.Parent.Set, Filter: r.Parent.Filter, Top: -1}
	for _, k := range r.Parent.Key {
		q.Key = append(q.Key, adapters.KeyValue{Prop: k.Prop, Value: k.Value})
	}
	return q, nil
}
