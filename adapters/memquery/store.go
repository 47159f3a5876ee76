package memquery

import (
	"context"
	"fmt"

	"odatagw/adapters"
	"odatagw/metadata"
)

// Store is an adapters.Source over rows held in memory: every entity set's
// rows (entities in its type's Properties order), navigation through the
// referential constraints of the model. It serves tests and small static
// data; it is read-only and safe for concurrent use once built.
type Store struct {
	model *metadata.Model
	rows  map[string][][]any // by entity set name
}

var (
	_ adapters.Source = (*Store)(nil)
	_ Navigator       = (*Store)(nil)
)

// NewStore returns a Store serving model with rows per entity set name.
// Every row must have one value per property of its set's type.
func NewStore(model *metadata.Model, rows map[string][][]any) (*Store, error) {
	for name, rs := range rows {
		set := model.EntitySet(name)
		if set == nil {
			return nil, fmt.Errorf("memquery: no entity set %q in the model", name)
		}
		for i, r := range rs {
			if len(r) != len(set.Type.Properties) {
				return nil, fmt.Errorf("memquery: %s row %d has %d values, want %d", name, i, len(r), len(set.Type.Properties))
			}
		}
	}
	return &Store{model: model, rows: rows}, nil
}

// Model returns the model the store was built with.
func (s *Store) Model(context.Context) (*metadata.Model, error) { return s.model, nil }

// Query evaluates q over the set's rows.
func (s *Store) Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	ev := &Evaluator{Nav: s}
	out, err := ev.Run(ctx, q, s.rows[q.Set.Name])
	if err != nil {
		return nil, err
	}
	return NewRows(out), nil
}

// Count counts the rows matching q's Key, Filter and Search (with Apply,
// the rows of its result).
func (s *Store) Count(ctx context.Context, q *adapters.Query) (int64, error) {
	ev := &Evaluator{Nav: s}
	if q.Apply != nil {
		return ev.ApplyCount(ctx, q, s.rows[q.Set.Name])
	}
	out, err := ev.Match(ctx, q, s.rows[q.Set.Name])
	return int64(len(out)), err
}

// Close does nothing.
func (s *Store) Close() error { return nil }

// Related returns the rows of nav's target set whose referenced properties
// equal row's constrained properties (a null never relates).
func (s *Store) Related(_ context.Context, from *metadata.EntityType, row []any, nav *metadata.NavigationProperty) ([][]any, error) {
	if nav.TargetSet == nil || len(nav.Constraints) == 0 {
		return nil, fmt.Errorf("memquery: navigation property %s has no target set or constraints", nav.Name)
	}
	var ev Evaluator
	want := make([]any, len(nav.Constraints))
	refIdx := make([]int, len(nav.Constraints))
	for i, c := range nav.Constraints {
		j, err := ev.column(from, c.Property)
		if err != nil {
			return nil, err
		}
		if row[j] == nil {
			return nil, nil
		}
		want[i] = row[j]
		if refIdx[i], err = ev.column(nav.Target, c.Referenced); err != nil {
			return nil, err
		}
	}
	var out [][]any
	for _, r := range s.rows[nav.TargetSet.Name] {
		ok := true
		for i, c := range nav.Constraints {
			if !equalValues(c.Referenced.Type, r[refIdx[i]], want[i]) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, nil
}
