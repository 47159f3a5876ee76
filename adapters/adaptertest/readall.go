package adaptertest

import (
	"context"
	"testing"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
)

// ReadAll returns every row of the entity set named set in key order, keyed
// by property name, for engine tests that check values as the source returns
// them.
func ReadAll(t *testing.T, src adapters.Source, set string) []map[string]any {
	t.Helper()
	ctx := context.Background()
	m, err := src.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	es := m.EntitySet(set)
	if es == nil {
		t.Fatalf("no entity set %s", set)
	}
	q := &adapters.Query{Set: es, Top: -1}
	for _, k := range es.Type.Key {
		q.OrderBy = append(q.OrderBy, bound.OrderItem{Expr: &bound.Property{Prop: k}})
	}
	rows, err := src.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []map[string]any
	for rows.Next() {
		row := map[string]any{}
		for i, p := range q.Columns() {
			row[p.Name] = rows.Values()[i]
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
