package bound

import (
	"strings"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// Select binds $select items on entity type t and returns the selected
// structural properties in the type's declaration order, each once. `*`
// selects every structural property; `Namespace.*` (all operations) selects
// nothing more, as the service has no actions or functions; a path may start
// with a cast to t itself (`demo.Orders/Freight`). Unknown names are 400;
// navigation properties are 400 as they need $expand. A nil items gives nil
// (no $select: all properties).
func (b *Binder) Select(t *metadata.EntityType, items []query.SelectItem) ([]*metadata.Property, error) {
	if items == nil {
		return nil, nil
	}
	s := b.newBinding("$select", t)
	chosen := make(map[*metadata.Property]bool, len(items))
	all := false
	for _, it := range items {
		switch {
		case it.Star:
			all = true
			continue
		case it.Namespace != "":
			if s.b.Model == nil || it.Namespace != s.b.Model.Namespace {
				return nil, s.badRequest(it.P, "unknown namespace '%s' in $select", it.Namespace)
			}
			continue // all operations of the schema: the service has none
		case it.Options != nil:
			return nil, s.notImplemented(it.P, "nested options in $select are not supported")
		case it.Params != nil:
			return nil, s.badRequest(it.P, "the service has no function '%s'", strings.Join(it.Path, "/"))
		}
		p, err := s.selectPath(t, it)
		if err != nil {
			return nil, err
		}
		if p != nil {
			chosen[p] = true
		}
	}
	out := make([]*metadata.Property, 0, len(t.Properties))
	for _, p := range t.Properties {
		if all || chosen[p] {
			out = append(out, p)
		}
	}
	return out, nil
}

// selectPath resolves one $select path to a property, or nil for
// `Namespace.*`.
func (s *binding) selectPath(t *metadata.EntityType, it query.SelectItem) (*metadata.Property, error) {
	path := it.Path
	if len(path) > 1 && path[0] == s.typeName(t) {
		path = path[1:]
	}
	if len(path) == 0 {
		return nil, s.badRequest(it.P, "empty $select item")
	}
	name := path[0]
	if ns, ok := strings.CutSuffix(name, ".*"); ok && len(path) == 1 {
		if s.b.Model != nil && ns == s.b.Model.Namespace {
			return nil, nil
		}
		return nil, s.badRequest(it.P, "unknown namespace '%s' in $select", ns)
	}
	if p := t.Property(name); p != nil {
		if len(path) > 1 {
			return nil, s.badRequest(it.P, "property '%s' has the primitive type %s and no member '%s'", name, p.Type, path[1])
		}
		return p, nil
	}
	if t.NavigationProperty(name) != nil {
		return nil, s.badRequest(it.P, "navigation property '%s' cannot be selected unless it is expanded: navigation properties are only returned with $expand (add $expand=%s)", name, name)
	}
	return nil, s.badRequest(it.P, "property '%s' does not exist on type '%s'%s", name, s.typeName(t), memberHint(t, name))
}
