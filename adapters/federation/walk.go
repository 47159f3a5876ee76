package federation

import (
	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// crossing returns a cross-source navigation property q's filter, order or
// $apply would follow inside the member's own query, or nil. A navigation
// property crosses when it leads to an entity set of another member than
// the query's (a path that returns to the member crossed on its way out).
// It goes by set names, not by the identity of the navigation property:
// the query may be bound to a copy of the federated model (a caller's view
// under authorization, auth.View), whose navigation properties are copies.
func crossing(owner map[string]int, q *adapters.Query) *metadata.NavigationProperty {
	w := walker{owner: owner, home: owner[q.Set.Name]}
	w.expr(q.Filter)
	for _, c := range q.Compute {
		w.expr(c.Expr)
	}
	for _, it := range q.OrderBy {
		w.expr(it.Expr)
	}
	w.apply(q.Apply)
	for _, e := range q.ApplySelect {
		w.expr(e)
	}
	return w.found
}

type walker struct {
	owner map[string]int
	home  int
	found *metadata.NavigationProperty
}

func (w *walker) navs(ns []*metadata.NavigationProperty) {
	for _, n := range ns {
		if w.found != nil || n.TargetSet == nil {
			continue
		}
		if i, ok := w.owner[n.TargetSet.Name]; ok && i != w.home {
			w.found = n
		}
	}
}

func (w *walker) expr(e bound.Expr) {
	bound.Inspect(e, func(x bound.Expr) bool {
		switch x := x.(type) {
		case *bound.Property:
			w.navs(x.Nav)
		case *bound.Lambda:
			w.navs(x.Nav)
		case *bound.Count:
			w.navs(x.Nav)
		}
		return w.found == nil
	})
}

func (w *walker) apply(a *bound.Apply) {
	if a == nil {
		return
	}
	for _, st := range a.Steps {
		switch st := st.(type) {
		case *bound.Filter:
			w.expr(st.Cond)
		case *bound.OrderBy:
			for _, it := range st.Items {
				w.expr(it.Expr)
			}
		case *bound.Compute:
			for _, c := range st.Items {
				w.expr(c.Expr)
			}
		case *bound.Aggregate:
			w.aggregations(st.Items)
		case *bound.GroupBy:
			for _, k := range st.Keys {
				w.expr(k)
			}
			w.aggregations(st.Items)
		case *bound.Concat:
			for _, b := range st.Branches {
				w.apply(b)
			}
		}
	}
}

func (w *walker) aggregations(items []*bound.Aggregation) {
	for _, it := range items {
		w.expr(it.Expr)
	}
}
