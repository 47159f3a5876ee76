package gateway

import (
	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// navTarget is the entity set reached by following a navigation property
// from one entity, and the filter that restricts that set to the related
// entities. The filter is an ordinary bound predicate, so the related
// entities are read with the same single statement as any collection.
type navTarget struct {
	set    *metadata.EntitySet
	filter bound.Expr
}

// followNavigation restricts nav's target set to the entities related to the
// entity of src with key.
//
// When the source side of every referential constraint is a key property
// (principal to dependent: Customers('A')/Orders), the key values are known
// and the filter is plain equality on the target (Orders.CustomerID eq 'A').
// Otherwise (dependent to principal: Orders(1)/Customer) the filter goes back
// through the partner navigation property: Customers where
// Orders/any(x: x/OrderID eq 1), one EXISTS subquery.
func followNavigation(src *metadata.EntitySet, key []adapters.KeyValue, nav *metadata.NavigationProperty) (*navTarget, error) {
	target := nav.TargetSet
	if target == nil {
		return nil, odataerr.NotImplemented("navigation property '%s' has no target entity set", nav.Name)
	}
	keyValue := func(p *metadata.Property) (any, bool) {
		for _, kv := range key {
			if kv.Prop == p {
				return kv.Value, true
			}
		}
		return nil, false
	}
	if len(nav.Constraints) > 0 {
		var conds []bound.Expr
		for _, c := range nav.Constraints {
			v, ok := keyValue(c.Property)
			if !ok {
				conds = nil
				break
			}
			conds = append(conds, bound.EqConst(&bound.Property{Prop: c.Referenced}, v))
		}
		if conds != nil {
			return &navTarget{set: target, filter: bound.AndAll(conds...)}, nil
		}
	}
	partner := target.Type.NavigationProperty(nav.Partner)
	if nav.Partner == "" || partner == nil {
		return nil, odataerr.NotImplemented("navigation property '%s' cannot be followed: it has no partner", nav.Name)
	}
	// The source entity's key, seen from the target through the partner: as
	// a lambda variable when the partner is a collection, else as a property
	// path across it (one-to-one).
	const v = "src"
	var conds []bound.Expr
	for _, k := range src.Type.Key {
		val, ok := keyValue(k)
		if !ok {
			return nil, odataerr.BadRequest("the key of '%s' is incomplete", src.Name)
		}
		ref := &bound.Property{Variable: v, Prop: k}
		if !partner.Collection {
			ref = &bound.Property{Nav: []*metadata.NavigationProperty{partner}, Prop: k}
		}
		conds = append(conds, bound.EqConst(ref, val))
	}
	if !partner.Collection {
		return &navTarget{set: target, filter: bound.AndAll(conds...)}, nil
	}
	return &navTarget{set: target, filter: &bound.Lambda{Variable: v, Nav: []*metadata.NavigationProperty{partner}, Pred: bound.AndAll(conds...)}}, nil
}
