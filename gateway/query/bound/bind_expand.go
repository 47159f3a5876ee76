package bound

import (
	"strings"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// MaxExpandDepth is the deepest $expand nesting the service answers
// (`$expand=Orders($expand=Order_Details($expand=Product))` is depth 3).
// Deeper requests are answered with 400: every level costs one statement per
// page, and the rows of every level are held in memory.
const MaxExpandDepth = 4

// Expand is one bound $expand item: the navigation property followed from
// the parent type and the options that apply to the related entities.
type Expand struct {
	Nav *metadata.NavigationProperty
	// Filter is the nested $filter on Nav.Target; nil = all related entities.
	Filter Expr
	// Select lists the nested $select properties in declaration order; nil
	// means every structural property.
	Select []*metadata.Property
	// OrderBy is the nested $orderby (the gateway appends the key).
	OrderBy []OrderItem
	// Top is the nested $top, per parent; negative means none.
	Top int64
	// Skip is the nested $skip, per parent.
	Skip int64
	// Count is the nested $count=true (`Nav@odata.count`).
	Count bool
	// Expand are the nested $expand items on Nav.Target.
	Expand []*Expand
	// Ref is `Nav/$ref`: references to the related entities instead of the
	// entities (Select, Expand are empty).
	Ref bool
	// Compute is the nested $compute, or nil: Filter and OrderBy may read
	// its aliases (*AliasRef), Select may hold its Computed.Prop values, in
	// the order $select names them; without $select every computed
	// property is written after the declared ones.
	Compute *Compute
}

// Expand binds $expand items on entity type t. Each navigation property may
// be expanded once; `*` expands every navigation property of t not named
// otherwise, one level, without options. `Nav/$ref` expands references;
// `$levels` repeats a recursive navigation property's expansion (levels).
// `*` with `$levels` other than 1 or `/$ref`, `/$count` and nested
// `$search` and `$apply` are answered with 501. Nesting
// beyond MaxExpandDepth is 400. A nil items gives nil.
//
//	expand     = ( "$expand" / "expand" ) EQ expandItem *( COMMA expandItem )
//	expandItem = STAR [ ref / OPEN levels CLOSE ] / "$value" / expandPath [ ref / count / OPEN expandOption *( SEMI expandOption ) CLOSE ]
func (b *Binder) Expand(t *metadata.EntityType, items []query.ExpandItem) ([]*Expand, error) {
	if items == nil {
		return nil, nil
	}
	return b.newBinding("$expand", t).expandItems(t, items, 1)
}

func (s *binding) expandItems(t *metadata.EntityType, items []query.ExpandItem, depth int) ([]*Expand, error) {
	if depth > MaxExpandDepth {
		return nil, s.badRequest(items[0].P, "$expand is nested %d levels deep; at most %d levels are allowed", depth, MaxExpandDepth)
	}
	var out []*Expand
	seen := map[*metadata.NavigationProperty]bool{}
	star := false
	for i := range items {
		it := &items[i]
		if it.Star {
			if it.Ref {
				return nil, s.notImplemented(it.P, "$expand=*/$ref is not supported yet")
			}
			if it.Options != nil && it.Options.Levels != nil && *it.Options.Levels != 1 {
				return nil, s.notImplemented(it.P, "$levels other than 1 in $expand is not supported yet")
			}
			star = true
			continue
		}
		x, err := s.expandItem(t, it, depth)
		if err != nil {
			return nil, err
		}
		if seen[x.Nav] {
			return nil, s.badRequest(it.P, "navigation property '%s' is expanded more than once", x.Nav.Name)
		}
		seen[x.Nav] = true
		out = append(out, x)
	}
	if star {
		for _, nav := range t.Navigation {
			if !seen[nav] && nav.TargetSet != nil && len(nav.Constraints) > 0 {
				out = append(out, &Expand{Nav: nav, Top: -1})
			}
		}
	}
	return out, nil
}

// expandItem binds one expandPath item with its nested options.
func (s *binding) expandItem(t *metadata.EntityType, it *query.ExpandItem, depth int) (*Expand, error) {
	path := it.Path
	if len(path) > 1 && path[0] == s.typeName(t) {
		path = path[1:] // a cast to the type itself
	}
	if len(path) == 0 || path[0] == "$value" {
		return nil, s.badRequest(it.P, "$expand needs a navigation property")
	}
	name := path[0]
	nav := t.NavigationProperty(name)
	switch {
	case nav == nil && t.Property(name) != nil:
		return nil, s.badRequest(it.P, "'%s' is a structural property of '%s', not a navigation property: only navigation properties can be expanded", name, s.typeName(t))
	case nav == nil:
		return nil, s.badRequest(it.P, "navigation property '%s' does not exist on type '%s'%s", name, s.typeName(t), memberHint(t, name))
	case len(path) > 1:
		return nil, s.badRequest(it.P, "'%s' has no member '%s' to expand", name, strings.Join(path[1:], "/"))
	case it.Count:
		return nil, s.notImplemented(it.P, "$expand=%s/$count is not supported yet", name)
	case nav.TargetSet == nil:
		return nil, s.notImplemented(it.P, "navigation property '%s' has no target entity set and cannot be expanded", name)
	case len(nav.Constraints) == 0:
		return nil, s.notImplemented(it.P, "navigation property '%s' has no referential constraint and cannot be expanded", name)
	}
	x := &Expand{Nav: nav, Top: -1, Ref: it.Ref}
	o := it.Options
	if o == nil {
		return x, nil
	}
	switch {
	case o.Search != nil:
		return nil, s.notImplemented(it.P, "$search inside $expand is not supported yet")
	case o.Apply != "" || o.ApplyTree != nil:
		return nil, s.notImplemented(it.P, "$apply inside $expand is not supported yet")
	case it.Ref && o.ComputeItems != nil:
		return nil, s.badRequest(it.P, "$compute is not allowed in the options of $ref")
	}
	target := nav.Target
	sh := EntityShape(target)
	var err error
	if x.Compute, sh, err = s.b.Compute(sh, o.ComputeItems); err != nil {
		return nil, err
	}
	if x.Filter, err = s.b.FilterOn(sh, o.Filter); err != nil {
		return nil, err
	}
	if x.OrderBy, err = s.b.OrderByOn(sh, o.OrderBy); err != nil {
		return nil, err
	}
	if o.Top != nil {
		x.Top = *o.Top
	}
	if o.Skip != nil {
		x.Skip = *o.Skip
	}
	x.Count = o.Count != nil && *o.Count
	if o.Expand != nil {
		if x.Expand, err = s.expandItems(target, o.Expand, depth+1); err != nil {
			return nil, err
		}
	}
	if x.Compute != nil {
		x.Select, err = s.b.selectComputed(sh, o.Select, x.Expand, x.Compute)
	} else {
		x.Select, err = s.b.SelectExpanded(target, o.Select, x.Expand)
	}
	if err != nil {
		return nil, err
	}
	if o.Levels == nil || *o.Levels == 1 {
		return x, nil
	}
	return s.levels(t, x, it, *o.Levels, depth)
}

// levels expands x recursively (`$levels=n`, `$levels=max`): level k+1 is
// x again, with the same options, inside level k. A recursive navigation
// property is needed (its target type is the type it is declared on);
// `max` goes as deep as the binder's MaxExpandDepth allows below depth,
// counting the nested expansions x has of its own. (A configured depth
// below MaxExpandDepth is enforced by the caller on the bound tree.)
func (s *binding) levels(t *metadata.EntityType, x *Expand, it *query.ExpandItem, n, depth int) (*Expand, error) {
	if x.Nav.Target != t {
		return nil, s.badRequest(it.P, "$levels needs a recursive navigation property: '%s' leads to '%s', not back to its own type", x.Nav.Name, s.typeName(x.Nav.Target))
	}
	sub := expandDepth(x.Expand)
	if n < 0 { // max
		n = max(1, s.b.maxExpandDepth()-depth+1-sub)
	}
	if deepest := depth + n - 1 + sub; deepest > MaxExpandDepth {
		return nil, s.badRequest(it.P, "$levels=%d nests $expand %d levels deep; at most %d levels are allowed", n, deepest, MaxExpandDepth)
	}
	orig := x
	for range n - 1 {
		y := cloneExpand(orig)
		y.Expand = append(y.Expand, x)
		x = y
	}
	return x, nil
}

// cloneExpand copies x and its nested items, so that every level of a
// $levels chain is a tree of its own (callers may add to a level's filter).
func cloneExpand(x *Expand) *Expand {
	y := *x
	y.Expand = make([]*Expand, len(x.Expand))
	for i, c := range x.Expand {
		y.Expand[i] = cloneExpand(c)
	}
	return &y
}

// expandDepth is the nesting of xs (0 for none).
func expandDepth(xs []*Expand) int {
	d := 0
	for _, x := range xs {
		d = max(d, 1+expandDepth(x.Expand))
	}
	return d
}

// SelectExpanded binds $select as Select does, but also accepts the names of
// navigation properties that xs expands (`$select=CustomerID,Orders&$expand=Orders`,
// as BI tools write it): they are returned through the expansion. When
// $select names only expanded navigation properties, the structural
// properties returned are the key.
func (b *Binder) SelectExpanded(t *metadata.EntityType, items []query.SelectItem, xs []*Expand) ([]*metadata.Property, error) {
	if items == nil || len(xs) == 0 {
		return b.Select(t, items)
	}
	kept := b.unexpanded(t, items, xs)
	if len(kept) == 0 && len(items) > 0 {
		return append([]*metadata.Property(nil), t.Key...), nil
	}
	return b.Select(t, kept)
}

// SelectExpandedOn is SelectExpanded on a shape with computed properties
// ($compute): it returns SelectOn's values (*Property, *AliasRef; nil for
// all) without the expanded navigation properties, and the key when
// $select names only those.
func (b *Binder) SelectExpandedOn(in *Shape, items []query.SelectItem, xs []*Expand) ([]Expr, error) {
	if items == nil || len(xs) == 0 {
		return b.SelectOn(in, items)
	}
	kept := b.unexpanded(in.Type, items, xs)
	if len(kept) == 0 && len(items) > 0 {
		var out []Expr
		for _, k := range in.Type.Key {
			out = append(out, &Property{Prop: k})
		}
		return out, nil
	}
	return b.SelectOn(in, kept)
}

// selectComputed binds a $select next to $compute (SelectExpandedOn) to
// properties: declared ones and the Props of computed ones; nil for all.
func (b *Binder) selectComputed(sh *Shape, items []query.SelectItem, xs []*Expand, c *Compute) ([]*metadata.Property, error) {
	sel, err := b.SelectExpandedOn(sh, items, xs)
	if err != nil || sel == nil {
		return nil, err
	}
	out := make([]*metadata.Property, 0, len(sel))
	for _, x := range sel {
		switch x := x.(type) {
		case *Property:
			out = append(out, x.Prop)
		case *AliasRef:
			for _, it := range c.Items {
				if it.Out.Name == x.Prop.Name {
					out = append(out, it.Prop)
				}
			}
		}
	}
	return out, nil
}

// unexpanded returns the $select items that are not the name of an
// expanded navigation property.
func (b *Binder) unexpanded(t *metadata.EntityType, items []query.SelectItem, xs []*Expand) []query.SelectItem {
	s := b.newBinding("$select", t)
	kept := make([]query.SelectItem, 0, len(items))
	for _, it := range items {
		path := it.Path
		if len(path) > 1 && path[0] == s.typeName(t) {
			path = path[1:]
		}
		if len(path) == 1 && !it.Star && it.Namespace == "" && it.Options == nil && it.Params == nil && expands(xs, path[0]) {
			continue
		}
		kept = append(kept, it)
	}
	return kept
}

func expands(xs []*Expand, name string) bool {
	for _, x := range xs {
		if x.Nav.Name == name {
			return true
		}
	}
	return false
}
