package gateway

import (
	"net/http"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Writes of references ($ref). A reference is a foreign key, so changing
// one is an update of the entity holding it, with every check an update
// has (writes policy, roles, If-Match on that entity, its write filter,
// cache invalidation) and the answer 204 with that entity's new ETag:
//
//	PUT    Orders(1)/Customer/$ref {"@odata.id":"Customers('B')"}  Orders(1).CustomerID = 'B'
//	DELETE Orders(1)/Customer/$ref                                  Orders(1).CustomerID = null
//	POST   Customers('A')/Orders/$ref {"@odata.id":"Orders(1)"}     Orders(1).CustomerID = 'A'
//	DELETE Customers('A')/Orders/$ref?$id=Orders(1)                 Orders(1).CustomerID = null,
//	DELETE Customers('A')/Orders(1)/$ref                            when order 1 is A's (else 404)
//
// A navigation property whose foreign key is not where the reference is
// written (a single-valued one on the principal side, one without
// referential constraint such as a many-to-many) is 501.

// serveRefWrite dispatches a write to a path ending with $ref.
func (q *request) serveRefWrite(t *target) error {
	if len(t.path.Hops) == 0 {
		return errMethod("references can only be changed through a navigation property: %s is not allowed on this resource", q.method)
	}
	nav := t.path.Nav
	switch {
	case !nav.Collection && q.method == http.MethodPut:
		return q.setSingleRef(t, nav, true)
	case !nav.Collection && q.method == http.MethodDelete:
		return q.setSingleRef(t, nav, false)
	case nav.Collection && t.kind == targetCollection && q.method == http.MethodPost:
		return q.addCollectionRef(t, nav)
	case nav.Collection && q.method == http.MethodDelete:
		return q.removeCollectionRef(t, nav)
	}
	return errMethod("method %s is not allowed on the references of '%s'", q.method, nav.Name)
}

// setSingleRef points the foreign key behind a single-valued navigation
// property at the entity of the body (set) or clears it.
func (q *request) setSingleRef(t *target, nav *metadata.NavigationProperty, set bool) error {
	if principalSide(nav) || len(nav.Constraints) == 0 {
		return errRefUnsupported(nav, t.parent.Set)
	}
	holder := t.parent.Set
	return q.changeRef(holder, func() ([]adapters.KeyValue, []adapters.PropertyValue, error) {
		var vals []any
		if set {
			ref, err := q.refBody(t.set)
			if err != nil {
				return nil, nil, err
			}
			if vals, err = q.referencedValues(t.set, ref, nav); err != nil {
				return nil, nil, err
			}
		}
		key, err := q.reachedKey(t.parent)
		if err != nil {
			return nil, nil, err
		}
		given, err := foreignKey(nav, func(c metadata.ReferentialConstraint) *metadata.Property { return c.Property }, vals)
		return key, given, err
	})
}

// addCollectionRef points the foreign key of the entity of the body at the
// entity the collection-valued navigation property starts from.
func (q *request) addCollectionRef(t *target, nav *metadata.NavigationProperty) error {
	if !principalSide(nav) || len(nav.Constraints) == 0 {
		return errRefUnsupported(nav, t.set)
	}
	return q.changeRef(t.set, func() ([]adapters.KeyValue, []adapters.PropertyValue, error) {
		key, err := q.refBody(t.set)
		if err != nil {
			return nil, nil, err
		}
		if _, err := q.readReached(&bound.Reach{Set: t.set, Key: boundKey(key)}, t.set.Type.Key); err != nil {
			return nil, nil, refMissing(err)
		}
		vals, err := q.parentValues(t.parent, nav)
		if err != nil {
			return nil, nil, err
		}
		given, err := foreignKey(nav, func(c metadata.ReferentialConstraint) *metadata.Property { return c.Referenced }, vals)
		return key, given, err
	})
}

// removeCollectionRef clears the foreign key of a related entity, named by
// $id or by the key in the path; 404 when it is not related.
func (q *request) removeCollectionRef(t *target, nav *metadata.NavigationProperty) error {
	if !principalSide(nav) || len(nav.Constraints) == 0 {
		return errRefUnsupported(nav, t.set)
	}
	key := t.key
	switch {
	case t.kind == targetEntity && q.opts.ID != "":
		return odataerr.BadRequest("$id cannot be combined with a key in the path")
	case t.kind == targetCollection && q.opts.ID == "":
		return odataerr.BadRequest("name the reference to remove with $id, or address it by key: %s(key)/$ref", nav.Name)
	case t.kind == targetCollection:
		var err error
		if key, err = q.entityRef(t.set, q.opts.ID); err != nil {
			return err
		}
	}
	return q.changeRef(t.set, func() ([]adapters.KeyValue, []adapters.PropertyValue, error) {
		related, err := q.reachedKey(&bound.Reach{Set: t.set, Key: boundKey(key), Filter: t.restrict})
		if err != nil {
			return nil, nil, err
		}
		given, err := foreignKey(nav, func(c metadata.ReferentialConstraint) *metadata.Property { return c.Referenced }, nil)
		return related, given, err
	})
}

// changeRef updates the entity of set that holds a reference: find gives
// its key and the new foreign key values, inside the write's transaction.
func (q *request) changeRef(set *metadata.EntitySet, find func() ([]adapters.KeyValue, []adapters.PropertyValue, error)) error {
	policy := q.svc.Writes.forSet(set.Name)
	if !policy.Update {
		return errMethod("entity set '%s' does not accept updates, which changing this reference needs", set.Name)
	}
	if err := q.checkWriteAccess(set); err != nil {
		return err
	}
	var row []any
	err := q.inTransaction(q.writesOf(set, 1), func() error {
		key, given, err := find()
		if err != nil {
			return err
		}
		row, err = q.updateRow(set, key, policy, given, false)
		return err
	})
	if err != nil {
		return err
	}
	q.written(set.Name)
	return q.writeNoContent(set, row, false)
}

// foreignKey pairs the foreign key properties (side picks them from each
// constraint) with vals, or with null when vals is nil: a 400 when the
// foreign key cannot be null.
func foreignKey(nav *metadata.NavigationProperty, side func(metadata.ReferentialConstraint) *metadata.Property, vals []any) ([]adapters.PropertyValue, error) {
	out := make([]adapters.PropertyValue, len(nav.Constraints))
	for i, c := range nav.Constraints {
		p := side(c)
		if vals == nil {
			if !p.Nullable {
				return nil, odataerr.BadRequest("the reference of '%s' cannot be removed: '%s' is not nullable", nav.Name, p.Name)
			}
			out[i] = adapters.PropertyValue{Prop: p}
			continue
		}
		out[i] = adapters.PropertyValue{Prop: p, Value: vals[i]}
	}
	return out, nil
}

// refBody reads the body of a reference write, {"@odata.id":"Orders(1)"}
// (relative to the service root, or absolute), as the key of an entity of set.
func (q *request) refBody(set *metadata.EntitySet) ([]adapters.KeyValue, error) {
	obj, err := q.readEntityObject()
	if err != nil {
		return nil, err
	}
	v, ok := obj.member("@odata.id")
	id, isString := v.(string)
	if !ok || !isString {
		return nil, odataerr.BadRequest("the body of a reference is {\"@odata.id\": \"%s(…)\"}", set.Name)
	}
	return q.entityRef(set, id)
}

// referencedValues reads the values the constraints of nav refer to from
// the entity of target with key (usually its key itself): 400 when the
// caller cannot see such an entity.
func (q *request) referencedValues(target *metadata.EntitySet, key []adapters.KeyValue, nav *metadata.NavigationProperty) ([]any, error) {
	props := make([]*metadata.Property, len(nav.Constraints))
	for i, c := range nav.Constraints {
		props[i] = c.Referenced
	}
	vals, err := q.readReached(&bound.Reach{Set: target, Key: boundKey(key)}, props)
	return vals, refMissing(err)
}

// refMissing turns the 404 of an entity named in a request body into a 400.
func refMissing(err error) error {
	if isNotFound(err) {
		return odataerr.BadRequest("the entity the reference names does not exist")
	}
	return err
}

func errRefUnsupported(nav *metadata.NavigationProperty, holder *metadata.EntitySet) error {
	return odataerr.NotImplemented("references of navigation property '%s' cannot be written here: its foreign key is not held by '%s' "+
		"(a many-to-many or principal-side relationship); change the reference from the other side", nav.Name, holder.Name)
}
