package memquery_test

import (
	"context"
	"slices"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/metadata"
)

// TestPartitionEquivalence: per-group paging ($expand's nested $top and
// $skip, adapters.Partition) gives the rows and partition columns SQL gives.
func TestPartitionEquivalence(t *testing.T) {
	src, store := fixture(t)
	ctx := context.Background()
	m, _ := src.Model(ctx)
	cat := m.EntitySet("Products").Type.Property("CategoryID")
	for _, c := range []struct {
		req       string
		top, skip int64
		count     bool
	}{
		{"Products?$orderby=Price desc", 1, 0, true},
		{"Products?$orderby=Name&$select=Name,CategoryID", 2, 1, false},
		{"Products?$filter=Stock gt 0&$orderby=Stock", 0, 0, true},
		{"Products?$orderby=Updated desc", -1, 2, true},
		{"Products?$orderby=Weight", 1, 5, true},
	} {
		q, _, err := adaptertest.Plan(m, c.req)
		if err != nil {
			t.Fatal(err)
		}
		q.Partition = &adapters.Partition{By: []*metadata.Property{cat}, Top: c.top, Skip: c.skip, Count: c.count}
		want, err := adaptertest.ReadRows(ctx, src, q)
		if err != nil {
			t.Fatalf("%s: SQL: %v", c.req, err)
		}
		got, err := adaptertest.ReadRows(ctx, store, q)
		if err != nil {
			t.Fatalf("%s: evaluator: %v", c.req, err)
		}
		if len(want) == 0 || !sameRows(sortedByKey(got), sortedByKey(want)) {
			t.Errorf("%s top %d skip %d count %v:\nevaluator %v\nSQL       %v", c.req, c.top, c.skip, c.count, got, want)
		}
	}
}

// sortedByKey orders rows by their first column (the key): the groups
// come in no particular order.
func sortedByKey(rows [][]any) [][]any {
	out := slices.Clone(rows)
	slices.SortFunc(out, func(a, b []any) int { return int(a[0].(int64) - b[0].(int64)) })
	return out
}
