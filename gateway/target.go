package gateway

import (
	"odatagw/adapters"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

type targetKind int

const (
	targetCollection targetKind = iota
	targetCount
	targetEntity
	targetProperty
	targetValue
	targetRelated // a single-valued navigation property of an entity
)

// target is what a resource path addresses, in the gateway's terms: one
// read of one entity set, however many navigation properties the path
// follows (bound.Follow).
type target struct {
	kind targetKind
	set  *metadata.EntitySet
	key  []adapters.KeyValue
	prop *metadata.Property
	// restrict, when set, limits set to the entities a navigation path
	// reaches.
	restrict bound.Expr
	// parent is what the path reaches before its last navigation property,
	// nil without navigation (see parentExists).
	parent *bound.Reach
	// ref is true for a path ending with $ref.
	ref bool
	// path is the bound path (cache keys, writes through navigation).
	path *bound.Target
}

// bindPath resolves the path against the model through the binder.
func (q *request) bindPath(p *query.ResourcePath) (*target, error) {
	bt, err := q.binder.Path(p)
	if err != nil {
		return nil, err
	}
	if bt.Set == nil {
		return nil, odataerr.NotImplemented("%s paths are not supported here", bt.Kind)
	}
	r, err := bound.Follow(bt, q.rowFilter) // row filters on every hop (authz.go)
	if err != nil {
		return nil, err
	}
	t := &target{set: r.Set, key: adapterKey(r.Key), prop: bt.Property, restrict: r.Filter, parent: r.Parent, ref: bt.Ref, path: bt}
	switch bt.Kind {
	case bound.TargetCollection:
		t.kind = targetCollection
	case bound.TargetCount:
		t.kind = targetCount
	case bound.TargetEntity:
		t.kind = targetEntity
	case bound.TargetProperty:
		t.kind = targetProperty
	case bound.TargetPropertyValue:
		t.kind = targetValue
	case bound.TargetNavigation:
		t.kind = targetCollection
		if !bt.Nav.Collection {
			t.kind = targetRelated
		}
	default:
		return nil, odataerr.NotImplemented("%s paths are not supported here", bt.Kind)
	}
	return t, nil
}

func adapterKey(key []bound.KeyValue) []adapters.KeyValue {
	if key == nil {
		return nil
	}
	out := make([]adapters.KeyValue, len(key))
	for i, kv := range key {
		out[i] = adapters.KeyValue{Prop: kv.Prop, Value: kv.Value}
	}
	return out
}

// parentExists reads whether the entity the last navigation property of a
// path starts from exists (and is visible to the caller). The gateway asks
// only when the read of the path found nothing: a path whose parent is
// missing is 404, an empty collection or null single-valued navigation
// property under an existing parent is not. One statement, whatever the
// length of the path.
func (q *request) parentExists(parent *bound.Reach) (bool, error) {
	if parent == nil {
		return true, nil
	}
	n, err := q.src().Count(q.r.Context(), &adapters.Query{Set: parent.Set, Key: adapterKey(parent.Key),
		Filter: bound.AndAll(parent.Filter, q.rowFilter(parent.Set))})
	return n > 0, err
}
