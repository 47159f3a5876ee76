package gateway

import (
	"net/http"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Writes through navigation paths. An entity addressed along navigation
// properties (Customers('A')/Orders(1), Orders(1)/Customer) is changed or
// deleted as the entity of its set, once the path's restriction has found
// it (404 otherwise). POST to a collection-valued navigation property
// (Customers('A')/Orders) creates an entity whose foreign key is the
// parent's: the parent is read along the path (404 when it is not there),
// and a different value for that key in the body is a 400. Every write
// goes through the same checks as on the entity set: writes policy, roles,
// If-Match, the write filter, cache invalidation.

// serveNavWrite answers a write to a path with navigation hops.
func (q *request) serveNavWrite(t *target) error {
	switch t.kind {
	case targetCollection:
		if q.method == http.MethodPost {
			return q.serveNavInsert(t)
		}
		return errMethod("method %s is not allowed on a collection", q.method)
	case targetEntity, targetRelated, targetProperty, targetValue:
		if q.method == http.MethodPost {
			return errMethod("method POST is not allowed on an entity or a property")
		}
		key, err := q.reachedKey(&bound.Reach{Set: t.set, Key: boundKey(t.key), Filter: t.restrict})
		if err != nil {
			return err
		}
		plain := *t
		plain.key, plain.restrict, plain.parent, plain.path = key, nil, nil, &bound.Target{Set: t.set}
		if plain.kind == targetRelated {
			plain.kind = targetEntity
		}
		return q.serveSetWrite(&plain)
	}
	return errMethod("method %s is not allowed on this resource", q.method)
}

// serveNavInsert answers POST to a collection-valued navigation property.
func (q *request) serveNavInsert(t *target) error {
	nav := t.path.Nav
	if !principalSide(nav) || len(nav.Constraints) == 0 {
		return odataerr.NotImplemented("creating an entity through navigation property '%s' is not supported: "+
			"the entities it leads to hold no foreign key to '%s'", nav.Name, t.parent.Set.Name)
	}
	return q.serveInsert(t.set, func(body *entityBody) error {
		for _, b := range body.binds {
			if b.nav.Name == nav.Partner {
				return odataerr.BadRequest("'%s@odata.bind' contradicts the navigation path: the new entity is related to the entity the path navigates from", b.nav.Name).At(b.nav.Name+"@odata.bind", -1)
			}
		}
		for _, d := range body.deep {
			if d.nav.Name == nav.Partner {
				return odataerr.BadRequest("'%s' contradicts the navigation path: the new entity is related to the entity the path navigates from", d.nav.Name).At(d.nav.Name, -1)
			}
		}
		vals, err := q.parentValues(t.parent, nav)
		if err != nil {
			return err
		}
		for i, c := range nav.Constraints {
			if v, ok := body.given(c.Referenced); ok && v != nil && !sameValue(v, vals[i]) {
				return badValue(c.Referenced, "is set by the navigation path to the key of the entity of '%s' the path navigates from; leave it out", t.parent.Set.Name)
			}
			body.setValue(c.Referenced, vals[i])
		}
		return nil
	})
}

// parentValues reads, from the entity a path's last navigation property
// starts from, the values its referential constraints start at (in
// constraint order): 404 when that entity is not there for the caller.
func (q *request) parentValues(parent *bound.Reach, nav *metadata.NavigationProperty) ([]any, error) {
	props := make([]*metadata.Property, len(nav.Constraints))
	for i, c := range nav.Constraints {
		props[i] = c.Property
	}
	vals, err := q.readReached(parent, props)
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		if v == nil {
			return nil, odataerr.BadRequest("no entity can be related through '%s': '%s' of the entity it starts from is null", nav.Name, props[i].Name)
		}
	}
	return vals, nil
}

// reachedKey is the key of the one entity r reaches: r's own key when the
// path has no restriction, else read (one statement; 404 when none).
func (q *request) reachedKey(r *bound.Reach) ([]adapters.KeyValue, error) {
	if r.Filter == nil && r.Key != nil {
		return adapterKey(r.Key), nil
	}
	t := r.Set.Type
	vals, err := q.readReached(r, t.Key)
	if err != nil {
		return nil, err
	}
	key := make([]adapters.KeyValue, len(t.Key))
	for i, k := range t.Key {
		key[i] = adapters.KeyValue{Prop: k, Value: vals[i]}
	}
	return key, nil
}

// readReached reads props of the one entity r reaches, within the caller's
// row filter: 404 when there is none.
func (q *request) readReached(r *bound.Reach, props []*metadata.Property) ([]any, error) {
	p := &plan{top: -1}
	p.query = adapters.Query{Set: r.Set, Key: adapterKey(r.Key), Filter: bound.AndAll(r.Filter, q.rowFilter(r.Set)), Select: props}
	vals, err := q.fetchOne(p)
	if err != nil {
		return nil, err
	}
	return vals[:len(props)], nil
}

func boundKey(key []adapters.KeyValue) []bound.KeyValue {
	if key == nil {
		return nil
	}
	out := make([]bound.KeyValue, len(key))
	for i, kv := range key {
		out[i] = bound.KeyValue{Prop: kv.Prop, Value: kv.Value}
	}
	return out
}
