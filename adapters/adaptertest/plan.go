// Package adaptertest is the one test suite every backend must pass: OData
// requests against a shared fixture, with the rows, values and counts they
// must return. Engine packages create the fixture in their own test database
// (Fixture), open their adapters.Source on it and call Run. See README.md.
package adaptertest

import (
	"fmt"
	"slices"
	"strings"

	"odatagw/adapters"
	"odatagw/adapters/expand"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// Kind is what a planned request reads.
type Kind int

// Request kinds.
const (
	KindCollection Kind = iota // Products?…
	KindEntity                 // Products(5)
	KindCount                  // Products/$count?…
)

// Plan turns an OData request relative to the service root, written as a
// person would type it ("Products?$filter=contains(Name,'%')&$top=2"), into
// the adapters.Query the gateway runs for it: bound filter, search and order
// (the key appended so that the order is total), the selected properties
// plus the key, $top and $skip, the key of an entity path. Only '%' and '#'
// are percent-encoded before parsing; write other reserved characters encoded.
func Plan(m *metadata.Model, request string) (*adapters.Query, Kind, error) {
	q, kind, _, _, err := plan(m, request)
	return q, kind, err
}

// PlanExpand plans request as Plan does, and its $expand as the gateway
// does (package expand): the levels, with the parent columns they need
// added to the query's Select.
func PlanExpand(m *metadata.Model, request string) (*adapters.Query, []*expand.Level, error) {
	q, _, b, opts, err := plan(m, request)
	if err != nil {
		return nil, nil, err
	}
	xs, err := b.Expand(q.Set.Type, opts.Expand)
	if err != nil {
		return nil, nil, err
	}
	cols := slices.Clone(q.Columns())
	index := func(p *metadata.Property) int {
		if i := slices.Index(cols, p); i >= 0 {
			return i
		}
		cols = append(cols, p)
		return len(cols) - 1
	}
	levels := expand.Plan(xs, index)
	q.Select = cols
	return q, levels, nil
}

func plan(m *metadata.Model, request string) (*adapters.Query, Kind, *bound.Binder, *query.Options, error) {
	path, raw, _ := strings.Cut(request, "?")
	raw = strings.NewReplacer("%", "%25", "#", "%23").Replace(raw)
	rp, err := query.ParsePath(path)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	opts, err := query.ParseQuery(raw)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	b := &bound.Binder{Model: m, Aliases: opts.Aliases}
	target, err := b.Path(rp)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	// A navigation path is one read of the set it ends at, restricted as the gateway does it.
	reach, err := bound.Follow(target, nil)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	q := &adapters.Query{Set: reach.Set, Top: -1, Filter: reach.Filter}
	kind := KindCollection
	switch target.Kind {
	case bound.TargetCollection:
	case bound.TargetCount:
		kind = KindCount
	case bound.TargetEntity:
		kind = KindEntity
		for _, k := range reach.Key {
			q.Key = append(q.Key, adapters.KeyValue{Prop: k.Prop, Value: k.Value})
		}
	case bound.TargetNavigation:
		if !target.Nav.Collection {
			kind = KindEntity
		}
	default:
		return nil, 0, nil, nil, fmt.Errorf("adaptertest: %s requests are not planned", target.Kind)
	}
	t := reach.Set.Type
	if opts.ApplyTree != nil {
		if reach.Filter != nil {
			return nil, 0, nil, nil, fmt.Errorf("adaptertest: $apply on navigation paths is not planned")
		}
		if err := planApply(b, q, opts); err != nil {
			return nil, 0, nil, nil, err
		}
		return q, kind, b, opts, nil
	}
	if opts.ComputeItems != nil {
		if err := planCompute(b, q, opts); err != nil {
			return nil, 0, nil, nil, err
		}
	} else if err := planEntities(b, q, opts); err != nil {
		return nil, 0, nil, nil, err
	}
	if opts.Search != nil {
		if q.Search, err = b.Search(opts.Search); err != nil {
			return nil, 0, nil, nil, err
		}
	}
	q.Filter = bound.AndAll(reach.Filter, q.Filter) // the path's restriction first, as the gateway has it
	q.OrderBy = bound.WithKeyOrder(q.OrderBy, t)
	if opts.Top != nil {
		q.Top = *opts.Top
	}
	if opts.Skip != nil {
		q.Skip = *opts.Skip
	}
	return q, kind, b, opts, nil
}

// planEntities binds $filter, $orderby and $select on the entity type.
func planEntities(b *bound.Binder, q *adapters.Query, opts *query.Options) error {
	t := q.Set.Type
	var err error
	if q.Filter, err = b.Filter(t, opts.Filter); err != nil {
		return err
	}
	if q.OrderBy, err = b.OrderBy(t, opts.OrderBy); err != nil {
		return err
	}
	if opts.Select != nil {
		sel, err := b.Select(t, opts.Select)
		if err != nil {
			return err
		}
		if len(sel) > 0 {
			q.Select = withKey(sel, t)
		}
	}
	return nil
}

// planCompute binds $compute and then $filter, $orderby and $select on the
// shape with the computed properties, as the gateway does: without
// $select, every property and then every computed property.
func planCompute(b *bound.Binder, q *adapters.Query, opts *query.Options) error {
	t := q.Set.Type
	c, sh, err := b.Compute(bound.EntityShape(t), opts.ComputeItems)
	if err != nil {
		return err
	}
	q.Compute = adapters.ComputedOf(c)
	if q.Filter, err = b.FilterOn(sh, opts.Filter); err != nil {
		return err
	}
	if q.OrderBy, err = b.OrderByOn(sh, opts.OrderBy); err != nil {
		return err
	}
	sel, err := b.SelectOn(sh, opts.Select)
	if err != nil {
		return err
	}
	var props []*metadata.Property
	for _, x := range sel {
		switch x := x.(type) {
		case *bound.Property:
			props = append(props, x.Prop)
		case *bound.AliasRef:
			props = append(props, q.Compute[q.ComputedIndex(x.Prop.Name)].Prop)
		}
	}
	if sel == nil {
		props = slices.Clone(t.Properties)
		for _, c := range q.Compute {
			props = append(props, c.Prop)
		}
	}
	q.Select = withKey(props, t)
	return nil
}

// withKey returns the selected properties with the key properties first.
func withKey(sel []*metadata.Property, t *metadata.EntityType) []*metadata.Property {
	out := append([]*metadata.Property(nil), t.Key...)
	for _, p := range sel {
		if !t.IsKey(p) {
			out = append(out, p)
		}
	}
	return out
}

// planApply plans a $apply request: the pipeline, then $filter, $orderby
// and $select bound on its result shape, $top and $skip.
func planApply(b *bound.Binder, q *adapters.Query, opts *query.Options) error {
	a, err := b.Apply(q.Set.Type, opts.ApplyTree)
	if err != nil {
		return err
	}
	c, sh, err := b.Compute(a.Out, opts.ComputeItems) // $compute runs after $apply
	if err != nil {
		return err
	}
	if c != nil {
		a.Steps, a.Out = append(a.Steps, c), sh
	}
	q.Apply = a
	if q.Filter, err = b.FilterOn(a.Out, opts.Filter); err != nil {
		return err
	}
	if q.OrderBy, err = b.OrderByOn(a.Out, opts.OrderBy); err != nil {
		return err
	}
	if q.ApplySelect, err = b.SelectOn(a.Out, opts.Select); err != nil {
		return err
	}
	if opts.Top != nil {
		q.Top = *opts.Top
	}
	if opts.Skip != nil {
		q.Skip = *opts.Skip
	}
	return nil
}
