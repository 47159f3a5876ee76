package bound

import (
	"slices"
	"strings"

	"odatagw/gateway/query"
)

// Compute binds $compute items on shape in (EntityShape(t) without $apply,
// else the Apply's Out) and returns the step with the shape after it, in
// which $filter, $orderby and $select may use the computed names. A nil or
// empty items gives nil and in.
//
//	$compute=Price mul Quantity as Total&$filter=Total gt 100&$select=Name,Total
func (b *Binder) Compute(in *Shape, items []query.ComputeItem) (*Compute, *Shape, error) {
	if len(items) == 0 {
		return nil, in, nil
	}
	s := b.shaped("$compute", in)
	c, err := s.compute(items[0].P, items)
	if err != nil {
		return nil, nil, err
	}
	return c, in.with(computedProps(c), in.Groups), nil
}

// FilterOn binds $filter on shape in, as Filter does on an entity type:
// after $apply or $compute, names resolve to grouping properties (*Property)
// and aliases (*AliasRef).
func (b *Binder) FilterOn(in *Shape, e query.Expr) (Expr, error) {
	if e == nil {
		return nil, nil
	}
	s := b.shaped("$filter", in)
	x, err := s.predicate(e, "$filter")
	if err != nil {
		return nil, err
	}
	return simplify(x, true), nil
}

// OrderByOn binds $orderby on shape in.
func (b *Binder) OrderByOn(in *Shape, items []query.OrderItem) ([]OrderItem, error) {
	if len(items) == 0 {
		return nil, nil
	}
	return b.shaped("$orderby", in).orderItems(items)
}

// SelectOn binds $select on shape in. It returns the selected values in the
// order requested, each once — *Property for properties of the entity or
// grouping properties, *AliasRef for dynamic properties — or nil for all of
// them (no $select, or `*`). On entities, navigation paths need $expand
// (400) as in Select; after aggregation a grouping property across
// navigation (`Customer/Country`) is selected by its path. On an entity
// shape without dynamic properties, prefer Select.
func (b *Binder) SelectOn(in *Shape, items []query.SelectItem) ([]Expr, error) {
	if items == nil {
		return nil, nil
	}
	s := b.shaped("$select", in)
	var picked []Expr
	for _, it := range items {
		switch {
		case it.Star:
			return nil, nil
		case it.Namespace != "" || it.Options != nil || it.Params != nil:
			return nil, s.badRequest(it.P, "this $select item is not allowed after $apply or $compute")
		}
		m := &query.MemberPath{}
		for _, name := range it.Path {
			m.Segments = append(m.Segments, query.Segment{P: it.P, Name: name})
		}
		if len(m.Segments) == 0 {
			return nil, s.badRequest(it.P, "empty $select item")
		}
		x, err := s.member(m)
		if err != nil {
			return nil, err
		}
		if p, ok := x.(*Property); ok && in.Entity && len(p.Nav) > 0 {
			return nil, s.badRequest(it.P, "navigation property '%s' cannot be selected; use $expand", p.Nav[0].Name)
		}
		if !slices.ContainsFunc(picked, func(y Expr) bool { return sameValue(x, y) }) {
			picked = append(picked, x)
		}
	}
	return picked, nil
}

func sameValue(a, b Expr) bool {
	switch a := a.(type) {
	case *Property:
		bp, ok := b.(*Property)
		return ok && samePath(a, bp)
	case *AliasRef:
		ba, ok := b.(*AliasRef)
		return ok && a.Prop.Name == ba.Prop.Name
	}
	return false
}

// dynamic returns the dynamic property called name, or nil.
func (sh *Shape) dynamic(name string) *Dynamic {
	for _, d := range sh.Dynamic {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// dynamicRef returns the dynamic property m names (`Alias` or `$it/Alias`).
func (sh *Shape) dynamicRef(m *query.MemberPath) *Dynamic {
	segs := m.Segments
	if len(segs) == 2 && segs[0].Name == "$it" {
		segs = segs[1:]
	}
	if len(segs) != 1 || segs[0].Call || segs[0].Keys != nil || segs[0].Filter != nil {
		return nil
	}
	return sh.dynamic(segs[0].Name)
}

// hasGroup reports whether p is one of the grouping properties.
func (sh *Shape) hasGroup(p *Property) bool { return sh.GroupIndex(p) >= 0 }

// GroupIndex returns the index in Groups of the grouping property p stands
// for (same navigation hops and property), or -1. After aggregation every
// *Property in an expression has an index: the SQL translator reads the
// group's column instead of joining again.
func (sh *Shape) GroupIndex(p *Property) int {
	for i, q := range sh.Groups {
		if samePath(q, p) {
			return i
		}
	}
	return -1
}

func samePath(a, b *Property) bool {
	return a.Prop == b.Prop && a.Variable == b.Variable && slices.Equal(a.Nav, b.Nav)
}

// names lists what can be used in the shape, for error messages.
func (sh *Shape) names() string {
	var out []string
	for _, g := range sh.Groups {
		var parts []string
		for _, n := range g.Nav {
			parts = append(parts, n.Name)
		}
		out = append(out, strings.Join(append(parts, g.Prop.Name), "/"))
	}
	for _, d := range sh.Dynamic {
		out = append(out, d.Name)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// shapedMember resolves a member path in a shaped binding: an alias, or a
// property that the shape still has. It reports ok=false when the path is
// not an alias and the shape holds entities (the caller walks it as usual).
func (s *binding) shapedMember(m *query.MemberPath) (Expr, bool) {
	if d := s.shape.dynamicRef(m); d != nil && !s.isVar(m) {
		return &AliasRef{P: m.Segments[0].P, Prop: d}, true
	}
	return nil, false
}

func (s *binding) isVar(m *query.MemberPath) bool {
	return s.lookupVar(m.Segments[0].Name) != nil
}

// checkGrouped rejects a property that an aggregated shape does not hold.
func (s *binding) checkGrouped(p *Property, m *query.MemberPath) error {
	if s.shape == nil || s.shape.Entity || p.Variable != "" || s.shape.hasGroup(p) {
		return nil
	}
	return s.badRequest(p.P, "'%s' is not available after aggregation: use a grouping property or an alias (available: %s)", pathText(m), s.shape.names())
}

// checkEntity rejects navigation from $it (any, all, $count) once the
// instances are no longer entities.
func (s *binding) checkEntity(variable string, pos query.Pos, path *query.MemberPath) error {
	if s.shape == nil || s.shape.Entity || variable != "" {
		return nil
	}
	return s.badRequest(pos, "'%s' is not available after aggregation (available: %s)", pathText(path), s.shape.names())
}
