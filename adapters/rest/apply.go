package rest

import (
	"context"

	"odatagw/adapters"
	"odatagw/adapters/memquery"
	"odatagw/gateway/query/bound"
)

// $apply on an API set: the API cannot aggregate, so the gateway fetches
// the entities the pipeline starts from and aggregates them itself
// (memquery, with the SQL sources' results). The filters leading the
// pipeline (the navigation restriction and `filter(…)` before anything
// else) are conditions on those entities and are pushed down like
// $filter's; the rows fetched count against max_rows before any
// aggregation, so a pipeline over more rows than the ceiling is 400
// UpstreamRowLimit, never a sum over a truncated input.

// applyInput fetches the entities q.Apply starts from and restates q over
// e's own rows (a caller's view has fewer properties; see view.go).
func (s *Source) applyInput(ctx context.Context, e *entity, q *adapters.Query) (*adapters.Query, [][]any, error) {
	p := e.planQuery(&adapters.Query{Set: q.Set, Filter: leadingFilter(q.Apply), Top: -1})
	rows, err := s.fetch(ctx, e, p, nil, 0)
	if err != nil {
		return nil, nil, err
	}
	a := *q.Apply
	a.Input = e.set.Type // the view's properties are e's (shared), so its expressions read e's rows
	lq := *q
	lq.Apply = &a
	return &lq, rows, nil
}

// queryApply answers a query with Apply set.
func (s *Source) queryApply(ctx context.Context, e *entity, q *adapters.Query) (adapters.Rows, error) {
	lq, rows, err := s.applyInput(ctx, e, q)
	if err != nil {
		return nil, err
	}
	out, err := (&memquery.Evaluator{}).Apply(ctx, lq, rows)
	if err != nil {
		return nil, err
	}
	return memquery.NewRows(out), nil
}

// countApply counts the result of a query with Apply set.
func (s *Source) countApply(ctx context.Context, e *entity, q *adapters.Query) (int64, error) {
	lq, rows, err := s.applyInput(ctx, e, q)
	if err != nil {
		return 0, err
	}
	return (&memquery.Evaluator{}).ApplyCount(ctx, lq, rows)
}

// leadingFilter is the conjunction of the filter steps before any other
// step of a: conditions on the entities every later step (every branch of
// a concat too) starts from. nil when there are none.
func leadingFilter(a *bound.Apply) bound.Expr {
	var conds []bound.Expr
	for _, st := range a.Steps {
		f, ok := st.(*bound.Filter)
		if !ok {
			break
		}
		conds = append(conds, f.Cond)
	}
	return bound.AndAll(conds...)
}
