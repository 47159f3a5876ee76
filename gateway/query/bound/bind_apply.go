package bound

import (
	"strings"

	"odatagw/gateway/query"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Apply binds a $apply pipeline on the entities of t. Names in each step
// resolve against the shape the previous step produced (see Shape). Unknown
// properties or aliases are 400 with their position in $apply; the
// transformations the gateway does not serve (topcount & co., join,
// outerjoin, nest, addnested, ancestors, descendants, traverse, custom
// functions, rollup, from, custom aggregates and methods) are 501 naming
// them. A nil a gives nil.
func (b *Binder) Apply(t *metadata.EntityType, a *query.Apply) (*Apply, error) {
	if a == nil {
		return nil, nil
	}
	return b.applyOn(EntityShape(t), a)
}

func (b *Binder) applyOn(in *Shape, a *query.Apply) (*Apply, error) {
	out := &Apply{Input: in.Type, Out: in}
	for _, st := range a.Steps {
		step, next, err := b.bindStep(out.Out, st)
		if err != nil {
			return nil, err
		}
		if step != nil {
			out.Steps = append(out.Steps, step)
		}
		out.Out = next
	}
	return out, nil
}

// bindStep binds one transformation on shape in and returns the step (nil
// for identity) and the shape after it.
func (b *Binder) bindStep(in *Shape, t query.Transformation) (Step, *Shape, error) {
	s := b.shaped("$apply", in)
	switch t := t.(type) {
	case *query.IdentityTrafo:
		return nil, in, nil
	case *query.FilterTrafo:
		x, err := s.predicate(t.Cond, "the condition of filter")
		if err != nil {
			return nil, nil, err
		}
		return &Filter{P: t.P, Cond: simplify(x, true)}, in, nil
	case *query.SearchTrafo:
		if !in.Entity {
			return nil, nil, s.badRequest(t.P, "search is only possible before aggregate or groupby")
		}
		x, err := b.Search(t.Search)
		if err != nil {
			return nil, nil, err
		}
		return &SearchStep{P: t.P, Search: x}, in, nil
	case *query.OrderByTrafo:
		items, err := s.orderItems(t.Items)
		if err != nil {
			return nil, nil, err
		}
		return &OrderBy{P: t.P, Items: items}, in, nil
	case *query.TopTrafo:
		return &Top{P: t.P, N: t.N}, in, nil
	case *query.SkipTrafo:
		return &Skip{P: t.P, N: t.N}, in, nil
	case *query.ComputeTrafo:
		c, err := s.compute(t.P, t.Items)
		if err != nil {
			return nil, nil, err
		}
		return c, in.with(computedProps(c), in.Groups), nil
	case *query.AggregateTrafo:
		items, err := s.aggregations(t.Items, nil)
		if err != nil {
			return nil, nil, err
		}
		return &Aggregate{P: t.P, Items: items}, aggregatedShape(in.Type, nil, nil, items), nil
	case *query.GroupByTrafo:
		return s.groupBy(t)
	case *query.ConcatTrafo:
		return b.concat(in, t)
	}
	return nil, nil, s.notImplemented(t.Pos(), "the transformation %s is not supported", t.Name())
}

// shaped starts a binding whose names resolve against shape in.
func (b *Binder) shaped(target string, in *Shape) *binding {
	s := b.newBinding(target, in.Type)
	s.shape = in
	return s
}

// with returns a copy of sh with dynamic properties added and the given groups.
func (sh *Shape) with(dyn []*Dynamic, groups []*Property) *Shape {
	n := *sh
	n.Dynamic = append(append([]*Dynamic(nil), sh.Dynamic...), dyn...)
	n.Groups = groups
	return &n
}

func computedProps(c *Compute) []*Dynamic {
	out := make([]*Dynamic, len(c.Items))
	for i, it := range c.Items {
		out[i] = it.Out
	}
	return out
}

// compute binds `expr as Alias` items; the items see the shape before them
// (not each other).
func (s *binding) compute(pos query.Pos, items []query.ComputeItem) (*Compute, error) {
	c := &Compute{P: pos}
	seen := map[string]bool{}
	for _, it := range items {
		x, err := s.expr(it.Expr)
		if err != nil {
			return nil, err
		}
		if x.Type() == metadata.EdmNull {
			return nil, s.badRequest(it.Expr.Pos(), "the value of '%s' is null without a type; use cast(null, Edm.…)", it.Alias)
		}
		if err := s.checkAlias(it.Alias, it.AliasPos, seen); err != nil {
			return nil, err
		}
		out := &Dynamic{Name: it.Alias, T: x.Type(), Nullable: MayBeNull(x)}
		prop := &metadata.Property{Name: out.Name, Type: out.T, Nullable: out.Nullable}
		c.Items = append(c.Items, &Computed{Expr: simplify(x, false), Out: out, Prop: prop})
	}
	return c, nil
}

// checkAlias rejects an alias that names something already visible in the
// shape (a property of an entity, a grouping property, an earlier alias) or
// another alias of the same step (seen).
func (s *binding) checkAlias(name string, pos query.Pos, seen map[string]bool) error {
	sh := s.shape
	clash := seen[name] || sh.dynamic(name) != nil
	if sh.Entity {
		clash = clash || sh.Type.Property(name) != nil || sh.Type.NavigationProperty(name) != nil
	}
	for _, g := range sh.Groups {
		clash = clash || len(g.Nav) == 0 && g.Prop.Name == name || len(g.Nav) > 0 && g.Nav[0].Name == name
	}
	if clash {
		return s.badRequest(pos, "the alias '%s' is already the name of a property", name)
	}
	seen[name] = true
	return nil
}

// orderItems binds orderby items (of orderby() or $orderby) in the shape.
func (s *binding) orderItems(items []query.OrderItem) ([]OrderItem, error) {
	out := make([]OrderItem, 0, len(items))
	for _, it := range items {
		x, err := s.expr(it.Expr)
		if err != nil {
			return nil, err
		}
		if x.Type() == metadata.EdmNull {
			return nil, s.badRequest(it.Expr.Pos(), "cannot order by null")
		}
		out = append(out, OrderItem{Expr: simplify(x, false), Desc: it.Desc})
	}
	return out, nil
}

// concat binds each branch on the same input; the result shape is the union
// of the branches' (a name two branches type differently is 400).
func (b *Binder) concat(in *Shape, t *query.ConcatTrafo) (Step, *Shape, error) {
	c := &Concat{P: t.P}
	out := &Shape{Type: in.Type, Entity: true}
	byName := map[string]*Dynamic{}
	for _, br := range t.Branches {
		a, err := b.applyOn(in, br)
		if err != nil {
			return nil, nil, err
		}
		c.Branches = append(c.Branches, a)
		out.Entity = out.Entity && a.Out.Entity
		for _, g := range a.Out.Groups {
			if !out.hasGroup(g) {
				out.Groups = append(out.Groups, g)
			}
		}
		for _, d := range a.Out.Dynamic {
			prev, ok := byName[d.Name]
			switch {
			case !ok:
				byName[d.Name] = d
				out.Dynamic = append(out.Dynamic, d)
			case prev.T != d.T:
				return nil, nil, odataerr.BadRequest("concat: '%s' is %s in one branch and %s in another", d.Name, prev.T, d.T).At("$apply", int(br.P))
			}
		}
	}
	if !out.Entity {
		// rows of a branch that did not aggregate cannot be told apart from groups
		for i, a := range c.Branches {
			if a.Out.Entity {
				return nil, nil, odataerr.NotImplemented("concat of an aggregated and a non-aggregated branch (%s) is not supported", branchText(t.Branches[i])).At("$apply", int(t.Branches[i].P))
			}
		}
	}
	for i, d := range out.Dynamic {
		nd := *d
		for _, a := range c.Branches {
			nd.Nullable = nd.Nullable || a.Out.dynamic(d.Name) == nil
		}
		out.Dynamic[i] = &nd
	}
	return c, out, nil
}

// branchText names the transformations of a concat branch for messages:
// `top/skip`, or `identity` for none.
func branchText(a *query.Apply) string {
	if len(a.Steps) == 0 {
		return "identity"
	}
	names := make([]string, len(a.Steps))
	for i, st := range a.Steps {
		names[i] = st.Name()
	}
	return strings.Join(names, "/")
}
