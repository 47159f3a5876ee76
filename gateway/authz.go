package gateway

import (
	"errors"
	"net/http"

	"odatagw/auth"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Authorization. The guard gives each caller a view of the service
// (auth.View): a model without the entity sets and properties its roles
// cannot see, which the request binds against, and row filters that are
// ANDed into every statement reading a set: collections, entities by key,
// $count, properties, $expand targets, $apply input and navigation paths
// (at every hop: bound.Follow, so an entity the caller cannot see is no
// way station to the entities related to it). Client expressions may not
// cross a navigation property into a row-filtered set ($filter, $orderby,
// lambdas, $apply groupings): their values would leak through the result
// even though the related rows are never returned.

// authorize replaces the service model by the caller's view of it.
func (q *request) authorize(m *metadata.Model) (*metadata.Model, error) {
	if q.g.cfg.Guard == nil {
		return m, nil
	}
	v, err := q.g.cfg.Guard.View(q.svc.Name, auth.FromContext(q.r.Context()), m)
	var forbidden *auth.Forbidden
	if errors.As(err, &forbidden) {
		return nil, odataerr.New(http.StatusForbidden, "Forbidden", "%s", forbidden.Reason)
	}
	if err != nil {
		return nil, err
	}
	q.view, q.full = v, m
	if v == nil {
		return m, nil
	}
	return v.Model, nil
}

// rowFilter is the caller's row filter on set (nil: every row).
func (q *request) rowFilter(set *metadata.EntitySet) bound.Expr {
	return q.view.RowFilter(set.Name)
}

// checkCrossings rejects client expressions that reach a row-filtered set
// through a navigation property.
func (q *request) checkCrossings(exprs ...bound.Expr) error {
	if q.view == nil {
		return nil
	}
	for _, e := range exprs {
		if err := q.crossing(e); err != nil {
			return err
		}
	}
	return nil
}

func (q *request) crossing(e bound.Expr) error {
	var err error
	hops := func(navs []*metadata.NavigationProperty) {
		for _, n := range navs {
			if err == nil && n.TargetSet != nil && q.rowFilter(n.TargetSet) != nil {
				err = odataerr.New(http.StatusForbidden, "Forbidden",
					"expressions across navigation property '%s' are not allowed: your access to '%s' is limited to some of its rows", n.Name, n.TargetSet.Name)
			}
		}
	}
	bound.Inspect(e, func(x bound.Expr) bool {
		switch x := x.(type) {
		case *bound.Property:
			hops(x.Nav)
		case *bound.Lambda:
			hops(x.Nav)
		case *bound.Count:
			hops(x.Nav)
		}
		return err == nil
	})
	return err
}

// orderExprs returns the expressions of order items.
func orderExprs(items []bound.OrderItem) []bound.Expr {
	out := make([]bound.Expr, len(items))
	for i, it := range items {
		out[i] = it.Expr
	}
	return out
}

// checkApplyCrossings applies checkCrossings to every expression of an
// $apply pipeline.
func (q *request) checkApplyCrossings(a *bound.Apply) error {
	if q.view == nil {
		return nil
	}
	for _, s := range a.Steps {
		var exprs []bound.Expr
		switch st := s.(type) {
		case *bound.Filter:
			exprs = append(exprs, st.Cond)
		case *bound.OrderBy:
			exprs = orderExprs(st.Items)
		case *bound.GroupBy:
			exprs = append(exprs, st.Keys...)
			for _, it := range st.Items {
				exprs = append(exprs, it.Expr)
			}
		case *bound.Aggregate:
			for _, it := range st.Items {
				exprs = append(exprs, it.Expr)
			}
		case *bound.Compute:
			for _, it := range st.Items {
				exprs = append(exprs, it.Expr)
			}
		case *bound.Concat:
			for _, b := range st.Branches {
				if err := q.checkApplyCrossings(b); err != nil {
					return err
				}
			}
		}
		if err := q.checkCrossings(exprs...); err != nil {
			return err
		}
	}
	return nil
}

// checkExpandCrossings applies checkCrossings to the nested $filter and
// $orderby of expanded navigation properties, at every level.
func (q *request) checkExpandCrossings(xs []*bound.Expand) error {
	if q.view == nil {
		return nil
	}
	for _, x := range xs {
		if err := q.checkCrossings(append([]bound.Expr{x.Filter}, orderExprs(x.OrderBy)...)...); err != nil {
			return err
		}
		if x.Compute != nil {
			for _, it := range x.Compute.Items {
				if err := q.checkCrossings(it.Expr); err != nil {
					return err
				}
			}
		}
		if err := q.checkExpandCrossings(x.Expand); err != nil {
			return err
		}
	}
	return nil
}

// restrictExpands ANDs the caller's row filter of each expanded set into the
// expansion's filter, at every level (after checkExpandCrossings has seen
// the client's own filters).
func (q *request) restrictExpands(xs []*bound.Expand) {
	if q.view == nil {
		return
	}
	for _, x := range xs {
		if x.Nav.TargetSet != nil {
			x.Filter = bound.AndAll(x.Filter, q.rowFilter(x.Nav.TargetSet))
		}
		q.restrictExpands(x.Expand)
	}
}
