package gateway

import (
	"net/http"
	"strings"

	"odatagw/adapters"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// The request body decoder, second stage: a JSON object checked against an
// entity type. Unknown members, wrong JSON types, nulls where the property
// is not nullable, and values beyond the facets are 400s naming the
// property (error target); instance annotations (@odata.context,
// @odata.etag…) are ignored, @odata.type must name the set's type.

// entityBody is one entity of a request body.
type entityBody struct {
	set    *metadata.EntitySet
	values []adapters.PropertyValue // structural properties, in body order
	deep   []deepNav                // related entities to create with it
	binds  []bindNav                // existing entities to link to it
}

// deepNav is a navigation property with the entities to create along it.
type deepNav struct {
	nav   *metadata.NavigationProperty
	items []*entityBody
}

// bindNav is a navigation property with the entities (keys of its target
// set) to link along it: Nav@odata.bind.
type bindNav struct {
	nav  *metadata.NavigationProperty
	keys [][]adapters.KeyValue
}

// given returns the value given for p, and whether there is one.
func (e *entityBody) given(p *metadata.Property) (any, bool) {
	for _, pv := range e.values {
		if pv.Prop == p {
			return pv.Value, true
		}
	}
	return nil, false
}

// set stores v for p, replacing a value given for it.
func (e *entityBody) setValue(p *metadata.Property, v any) {
	for i := range e.values {
		if e.values[i].Prop == p {
			e.values[i].Value = v
			return
		}
	}
	e.values = append(e.values, adapters.PropertyValue{Prop: p, Value: v})
}

// decodeEntity checks obj against set's entity type. Navigation members
// (deep insert, @odata.bind) are accepted when nav is true.
func (q *request) decodeEntity(set *metadata.EntitySet, obj *jsonObject, nav bool) (*entityBody, error) {
	t := set.Type
	e := &entityBody{set: set}
	for _, m := range obj.members {
		name, annotation, annotated := strings.Cut(m.name, "@")
		switch {
		case name == "" && annotation == "odata.type":
			if err := q.checkODataType(t, m.value); err != nil {
				return nil, err
			}
		case name == "":
			// Other instance annotations (@odata.context, @odata.etag, @odata.id…) say nothing to change.
		case annotated && annotation == "odata.bind":
			n := t.NavigationProperty(name)
			if n == nil {
				return nil, unknownMember(t, name)
			}
			if !nav {
				return nil, odataerr.NotImplemented("@odata.bind is only supported when creating an entity").At(m.name, -1)
			}
			b, err := q.decodeBind(n, m.value)
			if err != nil {
				return nil, err
			}
			e.binds = append(e.binds, b)
		case annotated:
			if t.Property(name) == nil && t.NavigationProperty(name) == nil {
				return nil, unknownMember(t, name)
			}
		case t.Property(name) != nil:
			p := t.Property(name)
			v, err := propertyValue(p, m.value)
			if err != nil {
				return nil, err
			}
			e.values = append(e.values, adapters.PropertyValue{Prop: p, Value: v})
		case t.NavigationProperty(name) != nil:
			n := t.NavigationProperty(name)
			if !nav {
				return nil, odataerr.NotImplemented("deep updates (navigation property '%s' in an update) are not supported; change related entities with their own requests", name).At(name, -1)
			}
			d, err := q.decodeDeep(n, m.value)
			if err != nil {
				return nil, err
			}
			e.deep = append(e.deep, d)
		default:
			return nil, unknownMember(t, name)
		}
	}
	return e, nil
}

func unknownMember(t *metadata.EntityType, name string) error {
	return odataerr.BadRequest("the entity type '%s' has no property '%s'", t.Name, name).At(name, -1)
}

// checkODataType accepts "#Namespace.Type" or "Namespace.Type" of t.
func (q *request) checkODataType(t *metadata.EntityType, v any) error {
	s, _ := v.(string)
	want := q.model.QualifiedName(t)
	if strings.TrimPrefix(s, "#") != want {
		return odataerr.BadRequest("@odata.type must be '#%s' for this entity set", want).At("@odata.type", -1)
	}
	return nil
}

// decodeDeep reads the related entities to create along n: an object for a
// single-valued, an array of objects for a collection-valued property.
func (q *request) decodeDeep(n *metadata.NavigationProperty, v any) (deepNav, error) {
	d := deepNav{nav: n}
	target := q.navTarget(n)
	if target == nil || len(n.Constraints) == 0 {
		return d, odataerr.NotImplemented("navigation property '%s' has no referential constraint: deep insert is not possible", n.Name).At(n.Name, -1)
	}
	var objs []*jsonObject
	switch x := v.(type) {
	case *jsonObject:
		if n.Collection {
			return d, odataerr.BadRequest("navigation property '%s' is a collection: give an array of entities", n.Name).At(n.Name, -1)
		}
		objs = []*jsonObject{x}
	case []any:
		if !n.Collection {
			return d, odataerr.BadRequest("navigation property '%s' is single-valued: give one entity object", n.Name).At(n.Name, -1)
		}
		for _, it := range x {
			o, ok := it.(*jsonObject)
			if !ok {
				return d, odataerr.BadRequest("navigation property '%s' must hold entity objects, not %s", n.Name, jsonKind(it)).At(n.Name, -1)
			}
			objs = append(objs, o)
		}
	case nil:
		return d, nil
	default:
		return d, odataerr.BadRequest("navigation property '%s' must hold entities, not %s", n.Name, jsonKind(v)).At(n.Name, -1)
	}
	for _, o := range objs {
		child, err := q.decodeEntity(target, o, true)
		if err != nil {
			return d, err
		}
		d.items = append(d.items, child)
	}
	return d, nil
}

// decodeBind reads the entity references of Nav@odata.bind: one for a
// single-valued, an array for a collection-valued navigation property.
func (q *request) decodeBind(n *metadata.NavigationProperty, v any) (bindNav, error) {
	b := bindNav{nav: n}
	target := q.navTarget(n)
	if target == nil || len(n.Constraints) == 0 {
		return b, odataerr.NotImplemented("navigation property '%s' has no referential constraint: it cannot be bound", n.Name).At(n.Name+"@odata.bind", -1)
	}
	var refs []any
	if n.Collection {
		arr, ok := v.([]any)
		if !ok {
			return b, odataerr.BadRequest("%s@odata.bind must be an array of entity references", n.Name).At(n.Name+"@odata.bind", -1)
		}
		refs = arr
	} else {
		refs = []any{v}
	}
	for _, r := range refs {
		s, ok := r.(string)
		if !ok {
			return b, odataerr.BadRequest("%s@odata.bind must hold entity references such as \"%s(…)\"", n.Name, target.Name).At(n.Name+"@odata.bind", -1)
		}
		key, err := q.entityRef(target, s)
		if err != nil {
			return b, odataerr.BadRequest("%s@odata.bind: %s", n.Name, odataerr.As(err).Message).At(n.Name+"@odata.bind", -1)
		}
		b.keys = append(b.keys, key)
	}
	return b, nil
}

// entityRef resolves an entity reference (relative to the service root, or
// an absolute URL under it) to the key of an entity of set.
func (q *request) entityRef(set *metadata.EntitySet, ref string) ([]adapters.KeyValue, error) {
	rel := ref
	root := "/odata/" + q.svc.Name + "/"
	switch {
	case strings.HasPrefix(ref, q.serviceRoot()):
		rel = strings.TrimPrefix(ref, q.serviceRoot())
	case strings.Contains(ref, "://") || strings.HasPrefix(ref, "/"):
		i := strings.Index(ref, root)
		if i < 0 {
			return nil, odataerr.BadRequest("'%s' is not an entity of this service", ref)
		}
		rel = ref[i+len(root):]
	}
	p, err := query.ParsePath(rel)
	if err != nil {
		return nil, odataerr.BadRequest("'%s' is not an entity reference", ref)
	}
	bt, err := q.binder.Path(p)
	if err != nil || bt.Kind != bound.TargetEntity || len(bt.Hops) > 0 || bt.Ref || bt.Set != set {
		return nil, odataerr.BadRequest("'%s' is not an entity of '%s'", ref, set.Name)
	}
	key := make([]adapters.KeyValue, len(bt.Key))
	for i, kv := range bt.Key {
		key[i] = adapters.KeyValue{Prop: kv.Prop, Value: kv.Value}
	}
	return key, nil
}

// navTarget is the entity set a navigation property leads to.
func (q *request) navTarget(n *metadata.NavigationProperty) *metadata.EntitySet {
	if n.TargetSet != nil {
		return n.TargetSet
	}
	return q.model.SetForType(n.Target)
}

// errMethod is a 405 naming what the entity set does not accept.
func errMethod(format string, args ...any) error {
	return odataerr.New(http.StatusMethodNotAllowed, "MethodNotAllowed", format, args...)
}
