package gateway

import (
	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// plan is a collection read: the adapters.Query to run plus what the encoder
// and the pager need to know.
type plan struct {
	query adapters.Query
	// out are the properties written to the client, in order.
	out []*metadata.Property
	// selected is true when $select narrowed the properties (for the context URL).
	selected bool
	// orderIdx[i] is the column index in query.Columns() of OrderBy item i when
	// keyset paging is possible; nil means offset paging.
	orderIdx []int
	// keyIdx[i] is the column index of key property i.
	keyIdx []int
	// top is the client's $top, or -1.
	top int64
	// skip is the client's $skip.
	skip int64
	// count is $count=true.
	count bool
	// etagProps are the properties the entities' ETags are computed from and
	// etagIdx their column indexes (etag.go); nil when the set has no ETags.
	etagProps []*metadata.Property
	etagIdx   []int
	// expands are the expanded navigation properties (expand.go).
	expands []*expandPlan
	// apply, with $apply, describes the result rows (apply.go); out then
	// names its columns and paging is by offset.
	apply *applyOut
	// dynamic are the computed properties of $compute returned besides all
	// declared ones (no $select), for the context URL (compute.go).
	dynamic []*metadata.Property
	// ref is true for a read of entity references ($ref): out is the key.
	ref bool
}

// planCollection binds the query options for a read of set, restricted to
// key and to restrict when they are set.
func (q *request) planCollection(set *metadata.EntitySet, key []adapters.KeyValue, restrict bound.Expr) (*plan, error) {
	o := q.opts
	t := set.Type
	p := &plan{top: -1}
	p.query.Set = set
	p.query.Key = key
	restrict = bound.AndAll(restrict, q.rowFilter(set)) // the caller's rows only (authz.go)
	if q.refs {
		if err := checkRefOptions(o); err != nil {
			return nil, err
		}
		p.ref = true
	}
	if o.ApplyTree != nil {
		if err := q.planApply(p, set, restrict); err != nil {
			return nil, err
		}
		p.top, p.skip = optInt(o.Top, -1), optInt(o.Skip, 0)
		p.count = o.Count != nil && *o.Count
		return p, nil
	}
	comp, err := q.planCompute(p, t)
	if err != nil {
		return nil, err
	}
	if o.Filter != nil {
		f, err := q.binder.Filter(t, o.Filter)
		if comp != nil {
			f, err = q.binder.FilterOn(comp, o.Filter)
		}
		if err != nil {
			return nil, err
		}
		if err := q.checkCrossings(f); err != nil {
			return nil, err
		}
		p.query.Filter = f
	}
	if restrict != nil {
		p.query.Filter = bound.AndAll(restrict, p.query.Filter)
	}
	if o.Search != nil {
		s, err := q.binder.Search(o.Search)
		if err != nil {
			return nil, err
		}
		p.query.Search = s
	}
	expands, err := q.binder.Expand(t, o.Expand)
	if err != nil {
		return nil, err
	}
	if err := q.checkExpandCrossings(expands); err != nil {
		return nil, err
	}
	if err := q.g.cfg.Limits.checkExpand(expands); err != nil {
		return nil, err
	}
	p.out = t.Properties
	if p.ref {
		p.out = t.Key
	}
	if comp != nil {
		if err := q.planComputedSelect(p, comp, expands); err != nil {
			return nil, err
		}
	} else if o.Select != nil {
		sel, err := q.binder.SelectExpanded(t, o.Select, expands)
		if err != nil {
			return nil, err
		}
		if len(sel) > 0 && len(sel) < len(t.Properties) {
			p.out, p.selected = sel, true
		}
	}
	if o.OrderBy != nil {
		ob, err := q.binder.OrderBy(t, o.OrderBy)
		if comp != nil {
			ob, err = q.binder.OrderByOn(comp, o.OrderBy)
		}
		if err != nil {
			return nil, err
		}
		if err := q.checkCrossings(orderExprs(ob)...); err != nil {
			return nil, err
		}
		p.query.OrderBy = ob
	}
	p.query.OrderBy = bound.WithKeyOrder(p.query.OrderBy, t)
	if o.Top != nil {
		p.top = *o.Top
	}
	if o.Skip != nil {
		p.skip = *o.Skip
	}
	p.count = o.Count != nil && *o.Count

	// Columns fetched: the output first (so out[i] is column i), then the key, then plain order-by properties
	// (needed for keyset continuation), each once.
	cols := append([]*metadata.Property(nil), p.out...)
	index := func(prop *metadata.Property) int {
		for i, c := range cols {
			if c == prop {
				return i
			}
		}
		cols = append(cols, prop)
		return len(cols) - 1
	}
	for _, k := range t.Key {
		p.keyIdx = append(p.keyIdx, index(k))
	}
	if !p.ref {
		q.planETag(p, index)
	}
	if keysetable(p.query.OrderBy) {
		for _, it := range p.query.OrderBy {
			p.orderIdx = append(p.orderIdx, index(orderProp(&p.query, it.Expr)))
		}
	}
	q.planExpands(p, expands, index)
	p.query.Select = cols
	return p, nil
}

// keysetable reports whether paging can continue by key values rather than by
// offset: every order item is a non-nullable property of the entity itself,
// or a non-nullable computed property ($compute) of an integer, decimal or
// string type.
func keysetable(ob []bound.OrderItem) bool {
	for _, it := range ob {
		if a, ok := it.Expr.(*bound.AliasRef); ok {
			if a.Prop.Nullable || !(a.Prop.T.IsIntegral() || a.Prop.T == metadata.EdmDecimal || a.Prop.T == metadata.EdmString) {
				return false
			}
			continue
		}
		bp, ok := it.Expr.(*bound.Property)
		if !ok || len(bp.Nav) > 0 || bp.Variable != "" || bp.Prop.Nullable {
			return false
		}
		switch bp.Prop.Type {
		case metadata.EdmSingle, metadata.EdmDouble, metadata.EdmBinary:
			return false // NaN and byte ordering differ between engines: page by offset
		}
	}
	return true
}

// orderProp is the column an order item of a keyset-paged read continues
// by: the property, or the computed property the alias names.
func orderProp(q *adapters.Query, e bound.Expr) *metadata.Property {
	if a, ok := e.(*bound.AliasRef); ok {
		return q.Compute[q.ComputedIndex(a.Prop.Name)].Prop
	}
	return e.(*bound.Property).Prop
}

// optInt is *v, or def when v is nil.
func optInt(v *int64, def int64) int64 {
	if v == nil {
		return def
	}
	return *v
}
