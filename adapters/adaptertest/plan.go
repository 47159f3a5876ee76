// Package adaptertest is the one test suite every backend must pass: OData
// requests against a shared fixture, with the rows, values and counts they
// must return. Engine packages create the fixture in their own test database
// (Fixture), open their adapters.Source on it and call Run. See README.md.
package adaptertest

import (
	"fmt"
	"strings"

	"odatagw/adapters"
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
	path, raw, _ := strings.Cut(request, "?")
	raw = strings.NewReplacer("%", "%25", "#", "%23").Replace(raw)
	rp, err := query.ParsePath(path)
	if err != nil {
		return nil, 0, err
	}
	opts, err := query.ParseQuery(raw)
	if err != nil {
		return nil, 0, err
	}
	b := &bound.Binder{Model: m, Aliases: opts.Aliases}
	target, err := b.Path(rp)
	if err != nil {
		return nil, 0, err
	}
	q := &adapters.Query{Set: target.Set, Top: -1}
	kind := KindCollection
	switch target.Kind {
	case bound.TargetCollection:
	case bound.TargetCount:
		kind = KindCount
	case bound.TargetEntity:
		kind = KindEntity
		for _, k := range target.Key {
			q.Key = append(q.Key, adapters.KeyValue{Prop: k.Prop, Value: k.Value})
		}
	default:
		return nil, 0, fmt.Errorf("adaptertest: %s requests are not planned", target.Kind)
	}
	t := target.Set.Type
	if opts.ApplyTree != nil {
		if err := planApply(b, q, opts); err != nil {
			return nil, 0, err
		}
		return q, kind, nil
	}
	if opts.Filter != nil {
		if q.Filter, err = b.Filter(t, opts.Filter); err != nil {
			return nil, 0, err
		}
	}
	if opts.Search != nil {
		if q.Search, err = b.Search(opts.Search); err != nil {
			return nil, 0, err
		}
	}
	if opts.OrderBy != nil {
		if q.OrderBy, err = b.OrderBy(t, opts.OrderBy); err != nil {
			return nil, 0, err
		}
	}
	q.OrderBy = appendKeyOrder(q.OrderBy, t)
	if opts.Select != nil {
		sel, err := b.Select(t, opts.Select)
		if err != nil {
			return nil, 0, err
		}
		if len(sel) > 0 {
			q.Select = withKey(sel, t)
		}
	}
	if opts.Top != nil {
		q.Top = *opts.Top
	}
	if opts.Skip != nil {
		q.Skip = *opts.Skip
	}
	return q, kind, nil
}

// appendKeyOrder appends the key properties not ordered on yet, ascending.
func appendKeyOrder(ob []bound.OrderItem, t *metadata.EntityType) []bound.OrderItem {
outer:
	for _, k := range t.Key {
		for _, it := range ob {
			if p, ok := it.Expr.(*bound.Property); ok && p.Prop == k && len(p.Nav) == 0 {
				continue outer
			}
		}
		ob = append(ob, bound.OrderItem{Expr: &bound.Property{Prop: k}})
	}
	return ob
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
