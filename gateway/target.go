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

// target is what a resource path addresses, in the gateway's terms.
type target struct {
	kind targetKind
	set  *metadata.EntitySet
	key  []adapters.KeyValue
	prop *metadata.Property
	// restrict, when set, limits set to the entities a navigation path
	// reaches (see followNavigation).
	restrict bound.Expr
}

// bindPath resolves the path against the model through the binder.
func (q *request) bindPath(p *query.ResourcePath) (*target, error) {
	bt, err := q.binder.Path(p)
	if err != nil {
		return nil, err
	}
	t := &target{set: bt.Set, prop: bt.Property}
	for _, kv := range bt.Key {
		t.key = append(t.key, adapters.KeyValue{Prop: kv.Prop, Value: kv.Value})
	}
	if bt.Nav != nil {
		if err := q.checkSourceVisible(bt.Set, t.key); err != nil { // authz.go
			return nil, err
		}
		// Re-root on the related entities: Customers('A')/Orders reads Orders.
		nt, err := followNavigation(bt.Set, t.key, bt.Nav)
		if err != nil {
			return nil, err
		}
		t.set, t.key, t.restrict = nt.set, nil, nt.filter
	}
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
