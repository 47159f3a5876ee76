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
	// Key holds the key of the addressed entity, one value per key property
	// in key order, for Entity, Property, PropertyValue and Navigation.
	Key []KeyValue
	// Property is the addressed property (Property, PropertyValue).
	Property *metadata.Property
	// Nav is the navigation property followed from the entity (Navigation, and
	// Count of a collection-valued navigation property).
	Nav *metadata.NavigationProperty
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
// OData the gateway does not serve yet ($ref, $all, $crossjoin, $entity,
// functions, paths beyond a navigation property) are 501. Errors carry the
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
		return nil, notFoundAt(first.P, "entity set '%s' does not exist", first.Name)
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
func (s *binding) pathSegment(t *Target, seg query.PathSegment) error {
	typ := t.Set.Type
	switch t.Kind {
	case TargetCount, TargetPropertyValue:
		return s.badRequest(seg.P, "no segment may follow %s", map[TargetKind]string{TargetCount: "$count", TargetPropertyValue: "$value"}[t.Kind])
	case TargetNavigation:
		if seg.Name == "$count" && !seg.KeySegment && seg.Keys == nil && seg.Params == nil {
			if !t.Nav.Collection {
				return s.badRequest(seg.P, "$count may only follow a collection; '%s' is single-valued", t.Nav.Name)
			}
			t.Kind = TargetCount // Nav stays set: the count of the related entities
			return nil
		}
		return s.notImplemented(seg.P, "paths beyond navigation property '%s' are not supported yet", t.Nav.Name)
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
		return s.notImplemented(seg.P, "$ref is not supported yet")
	}
	if t.Kind == TargetProperty {
		return s.badRequest(seg.P, "property '%s' has the primitive type %s and no member '%s'", t.Property.Name, t.Property.Type, seg.Name)
	}
	if strings.Contains(seg.Name, ".") && seg.Keys == nil && seg.Params == nil {
		if seg.Name == s.typeName(typ) {
			return nil // a cast to the type itself
		}
		return notFoundAt(seg.P, "type cast '%s' is not valid on '%s'", seg.Name, s.typeName(typ))
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
	default:
		if seg.Keys != nil {
			return s.notImplemented(seg.P, "keys after navigation property '%s' are not supported yet", seg.Name)
		}
		t.Kind, t.Nav = TargetNavigation, n
	}
	return nil
}
