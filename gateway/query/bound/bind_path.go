package bound

import (
	"strings"

	"odatagw/gateway/query"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// TargetKind tells what a resource path addresses.
type TargetKind int

// Resource path targets.
const (
	TargetServiceDocument TargetKind = iota // the service root
	TargetMetadata                          // $metadata
	TargetBatch                             // $batch
	TargetCollection                        // Orders
	TargetEntity                            // Orders(10248)
	TargetProperty                          // Orders(10248)/ShipCity
	TargetPropertyValue                     // Orders(10248)/ShipCity/$value
	TargetCount                             // Orders/$count, or Customers('A')/Orders/$count (Nav set)
	TargetNavigation                        // Orders(10248)/Customer (bound; served later)
)

var targetNames = [...]string{"service document", "metadata", "batch", "collection", "entity", "property", "property value", "count", "navigation"}

func (k TargetKind) String() string { return targetNames[k] }

// Target is what a bound resource path addresses.
type Target struct {
	Kind TargetKind
	// Set is the entity set the path starts from (nil for the service
	// document, $metadata and $batch).
	Set *metadata.EntitySet
	// Key holds the key of the entity the path starts from, one value per key
	// property in key order, when the first segment has one.
	Key []KeyValue
	// Hops are the navigation properties followed after the first segment,
	// in order (Customers('A')/Orders(1)/Order_Details: Orders with key 1,
	// then Order_Details). Follow turns them into one restriction of the
	// last hop's entity set.
	Hops []Hop
	// Property is the addressed property (Property, PropertyValue).
	Property *metadata.Property
	// Nav is the last navigation property followed (Navigation, and Count of
	// a collection-valued navigation property); nil without hops.
	Nav *metadata.NavigationProperty
	// Ref is true when the path ends with $ref: the references of the
	// addressed entities (Collection, Entity, Navigation), not the entities.
	Ref bool
}

// Hop is one navigation property of a resource path, with the key that
// follows a collection-valued one (Orders(10248)); Key is nil otherwise.
type Hop struct {
	Nav *metadata.NavigationProperty
	Key []KeyValue
}

// Type is the entity type the path addresses entities of: the last hop's
// target, else the type of Set.
func (t *Target) Type() *metadata.EntityType {
	if len(t.Hops) > 0 {
		return t.Hops[len(t.Hops)-1].Nav.Target
	}
	return t.Set.Type
}

// KeyValue is one key property with the value it must equal, a Go value of
// the property's type per metadata/values.go (never nil). The gateway copies
// it to adapters.KeyValue.
type KeyValue struct {
	Prop  *metadata.Property
	Value any
}

// Path binds a resource path. Unknown entity sets and segments are 404;
// malformed keys, $value or $count in the wrong place are 400; the parts of
// OData the gateway does not serve yet ($all, $crossjoin, $entity,
// functions, $each) are 501. Navigation properties may follow one another
// (Orders(1)/Customer/Orders), a key may follow a collection-valued one
// (Customers('A')/Orders(1)), and $ref may end a path to entities. Errors carry the
// byte position in the path (Target "resource path", or "@p" inside an
// alias value). Key-as-segment (`Orders/10248`, `Customers/ALFKI`) is
// accepted for single-property keys: the segment text is read as a value of
// the key's type.
func (b *Binder) Path(p *query.ResourcePath) (*Target, error) {
	if p == nil {
		return &Target{Kind: TargetServiceDocument}, nil
	}
	switch p.Kind {
	case query.PathServiceDocument:
		return &Target{Kind: TargetServiceDocument}, nil
	case query.PathMetadata:
		return &Target{Kind: TargetMetadata}, nil
	case query.PathBatch:
		return &Target{Kind: TargetBatch}, nil
	case query.PathResource:
	case query.PathAll:
		return nil, odataerr.NotImplemented("$all is not supported").At(pathTarget, 0)
	case query.PathCrossjoin:
		return nil, odataerr.NotImplemented("$crossjoin is not supported").At(pathTarget, 0)
	case query.PathEntity:
		return nil, odataerr.NotImplemented("$entity is not supported").At(pathTarget, 0)
	default:
		return nil, odataerr.NotImplemented("this kind of resource path is not supported").At(pathTarget, 0)
	}
	if len(p.Segments) == 0 {
		return &Target{Kind: TargetServiceDocument}, nil
	}
	s := &binding{b: b, target: pathTarget}
	first := p.Segments[0]
	var set *metadata.EntitySet
	if b.Model != nil {
		set = b.Model.EntitySet(first.Name)
	}
	if set == nil {
		return nil, notFoundAt(first.P, "entity set '%s' does not exist%s", first.Name, setHint(b.Model, first.Name))
	}
	s.it = set.Type
	t := &Target{Kind: TargetCollection, Set: set}
	if first.Params != nil {
		return nil, s.badRequest(first.P, "'%s' is an entity set, not a function", first.Name)
	}
	if first.Keys != nil {
		key, err := s.key(set.Type, first)
		if err != nil {
			return nil, err
		}
		t.Kind, t.Key = TargetEntity, key
	}
	for _, seg := range p.Segments[1:] {
		if err := s.pathSegment(t, seg); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// pathTarget is the error target of path binding errors, as the parser names it.
const pathTarget = "resource path"

func notFoundAt(pos query.Pos, format string, args ...any) *odataerr.Error {
	return odataerr.NotFound(format, args...).At(pathTarget, int(pos))
}

// pathSegment applies one segment after the first to t.
//
//	collectionNavigation = [ "/" qualifiedEntityTypeName ] [ simpleKey / compoundKey / keyPathSegments [ singleNavigation ] / collectionNavPath ]
//	collectionNavPath    = count / ref / … ; singleNavigation = [ "/" qualifiedEntityTypeName ] [ "/" propertyPath / ref / value … ]
func (s *binding) pathSegment(t *Target, seg query.PathSegment) error {
	typ := t.Type()
	switch t.Kind {
	case TargetCount, TargetPropertyValue:
		return s.badRequest(seg.P, "no segment may follow %s", map[TargetKind]string{TargetCount: "$count", TargetPropertyValue: "$value"}[t.Kind])
	case TargetNavigation:
		return s.afterNavigation(t, typ, seg)
	}
	if seg.KeySegment {
		if t.Kind != TargetCollection {
			return s.badRequest(seg.P, "a key may only follow a collection")
		}
		key, err := s.key(typ, seg)
		if err != nil {
			return err
		}
		t.Kind, t.Key = TargetEntity, key
		return nil
	}
	switch seg.Name {
	case "$each", "$query", "$filter":
		return s.notImplemented(seg.P, "path segment %s is not supported", seg.Name)
	case "$count":
		if t.Kind != TargetCollection {
			return s.badRequest(seg.P, "$count may only follow a collection")
		}
		t.Kind = TargetCount
		return nil
	case "$value":
		if t.Kind != TargetProperty {
			return s.badRequest(seg.P, "$value may only follow a property")
		}
		t.Kind = TargetPropertyValue
		return nil
	case "$ref":
		if t.Kind == TargetProperty {
			return s.badRequest(seg.P, "$ref may only follow entities, not property '%s'", t.Property.Name)
		}
		t.Ref = true
		return nil
	}
	if t.Kind == TargetProperty {
		return s.badRequest(seg.P, "property '%s' has the primitive type %s and no member '%s'", t.Property.Name, t.Property.Type, seg.Name)
	}
	if s.isCast(seg) {
		return s.selfCast(typ, seg)
	}
	p, n := typ.Property(seg.Name), typ.NavigationProperty(seg.Name)
	if p == nil && n == nil && t.Kind == TargetCollection && seg.Keys == nil && seg.Params == nil && len(typ.Key) == 1 {
		// key-as-segment whose text looks like a name: `Customers/ALFKI`
		if v := parseText(typ.Key[0].Type, seg.Name); v != nil {
			t.Kind, t.Key = TargetEntity, []KeyValue{{Prop: typ.Key[0], Value: v}}
			return nil
		}
	}
	switch {
	case p == nil && n == nil || seg.Params != nil:
		return notFoundAt(seg.P, "'%s' is not a property or navigation property of type '%s'", seg.Name, s.typeName(typ))
	case t.Kind == TargetCollection:
		return s.badRequest(seg.P, "'%s' cannot follow the collection '%s': address one entity by its key first", seg.Name, t.Set.Name)
	case seg.Keys != nil && p != nil:
		return s.badRequest(seg.P, "property '%s' cannot have a key predicate", seg.Name)
	case p != nil:
		t.Kind, t.Property = TargetProperty, p
		return nil
	}
	t.Kind, t.Nav = TargetNavigation, n
	t.Hops = append(t.Hops, Hop{Nav: n})
	if seg.Keys != nil {
		return s.navKey(t, seg)
	}
	return nil
}

// afterNavigation applies a segment that follows a navigation property: a
// key or $count after a collection-valued one, anything that may follow an
// entity after a single-valued one.
func (s *binding) afterNavigation(t *Target, typ *metadata.EntityType, seg query.PathSegment) error {
	nav := t.Nav
	switch {
	case seg.KeySegment:
		return s.navKey(t, seg)
	case seg.Keys != nil || seg.Params != nil:
		break // a name with parentheses: bound below
	case seg.Name == "$count":
		if !nav.Collection {
			return s.badRequest(seg.P, "$count may only follow a collection; '%s' is single-valued", nav.Name)
		}
		t.Kind = TargetCount // Nav stays set: the count of the related entities
		return nil
	case seg.Name == "$ref":
		t.Ref = true
		return nil
	case s.isCast(seg):
		return s.selfCast(typ, seg)
	case nav.Collection && len(typ.Key) == 1 && typ.Property(seg.Name) == nil && typ.NavigationProperty(seg.Name) == nil:
		// key-as-segment whose text looks like a name: `Customers('A')/Orders/X1`
		if v := parseText(typ.Key[0].Type, seg.Name); v != nil {
			t.Hops[len(t.Hops)-1].Key = []KeyValue{{Prop: typ.Key[0], Value: v}}
			t.Kind = TargetEntity
			return nil
		}
	}
	if nav.Collection {
		return s.badRequest(seg.P, "'%s' cannot follow the collection-valued navigation property '%s': address one entity by its key first", seg.Name, nav.Name)
	}
	// A single-valued navigation property addresses one entity: go on as after a key.
	t.Kind = TargetEntity
	return s.pathSegment(t, seg)
}

// navKey binds the key that follows a collection-valued navigation
// property (`Orders(10248)` or `Orders/10248` after Customers('A')).
func (s *binding) navKey(t *Target, seg query.PathSegment) error {
	if !t.Nav.Collection {
		return s.badRequest(seg.P, "a key may only follow a collection; '%s' is single-valued", t.Nav.Name)
	}
	key, err := s.key(t.Nav.Target, seg)
	if err != nil {
		return err
	}
	t.Hops[len(t.Hops)-1].Key = key
	t.Kind = TargetEntity
	return nil
}

// isCast reports whether seg is a type cast segment (a qualified name).
func (s *binding) isCast(seg query.PathSegment) bool {
	return strings.Contains(seg.Name, ".") && seg.Keys == nil && seg.Params == nil
}

// selfCast accepts a cast to the type itself; the model has no derived types.
func (s *binding) selfCast(typ *metadata.EntityType, seg query.PathSegment) error {
	if seg.Name == s.typeName(typ) {
		return nil
	}
	return notFoundAt(seg.P, "type cast '%s' is not valid on '%s'", seg.Name, s.typeName(typ))
}
