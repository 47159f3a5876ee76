package bound

import (
	"odatagw/gateway/query"
	"odatagw/metadata"
)

// aggregatedShape is the shape after aggregate (groups nil) or groupby.
func aggregatedShape(t *metadata.EntityType, groups []*Property, keyAliases []*Dynamic, items []*Aggregation) *Shape {
	sh := &Shape{Type: t, Groups: groups, Dynamic: append([]*Dynamic(nil), keyAliases...)}
	for _, it := range items {
		sh.Dynamic = append(sh.Dynamic, it.Out)
	}
	return sh
}

// groupBy binds groupby((keys)[, aggregate(…)]).
func (s *binding) groupBy(t *query.GroupByTrafo) (Step, *Shape, error) {
	g := &GroupBy{P: t.P}
	var groups []*Property
	var keyAliases []*Dynamic
	for _, el := range t.Elements {
		if el.Rollup != nil {
			name := "rollup"
			if el.Rollup.Recursive {
				name = "rolluprecursive"
			}
			return nil, nil, s.notImplemented(el.Rollup.P, "%s in groupby is not supported", name)
		}
		x, err := s.groupKey(el.Path)
		if err != nil {
			return nil, nil, err
		}
		switch x := x.(type) {
		case *Property:
			if !containsProperty(groups, x) {
				groups = append(groups, x)
				g.Keys = append(g.Keys, x)
			}
		case *AliasRef:
			keyAliases = append(keyAliases, x.Prop)
			g.Keys = append(g.Keys, x)
		}
	}
	if t.Then != nil {
		agg, ok := t.Then.Steps[0].(*query.AggregateTrafo)
		if len(t.Then.Steps) != 1 || !ok {
			st := t.Then.Steps[0]
			if ok {
				st = t.Then.Steps[1]
			}
			return nil, nil, s.notImplemented(st.Pos(), "groupby with the transformation %s is not supported: only groupby((…),aggregate(…))", st.Name())
		}
		items, err := s.aggregations(agg.Items, keyAliases)
		if err != nil {
			return nil, nil, err
		}
		g.Items = items
	}
	return g, aggregatedShape(s.it, groups, keyAliases, g.Items), nil
}

// groupKey binds one grouping property: a primitive property (across
// single-valued navigation), an alias of an earlier compute step or, after
// an earlier aggregation, a grouping property or alias of that step.
func (s *binding) groupKey(m *query.MemberPath) (Expr, error) {
	if name, pos, ok := s.collectionHop(m); ok {
		return nil, s.badRequest(pos, "cannot group by a path through the collection-valued navigation property '%s'", name)
	}
	if s.shape.dynamicRef(m) == nil {
		w, err := s.walk(m.Segments, false)
		if err != nil {
			return nil, err
		}
		if w.prop == nil {
			last := m.Segments[len(m.Segments)-1]
			return nil, s.notImplemented(last.P, "grouping by the entity '%s' is not supported; group by its properties", pathText(m))
		}
	}
	return s.member(m)
}

// collectionHop reports the first collection-valued navigation property on
// path m from $it, if any.
func (s *binding) collectionHop(m *query.MemberPath) (string, query.Pos, bool) {
	t := s.it
	for _, seg := range m.Segments {
		if t == nil {
			break
		}
		n := t.NavigationProperty(seg.Name)
		if n == nil {
			t = nil
			continue
		}
		if n.Collection {
			return n.Name, seg.P, true
		}
		t = n.Target
	}
	return "", 0, false
}

func containsProperty(list []*Property, p *Property) bool {
	for _, q := range list {
		if samePath(q, p) {
			return true
		}
	}
	return false
}

// aggregations binds the items of aggregate(…); keyAliases are aliases
// already taken by the enclosing groupby's keys.
func (s *binding) aggregations(items []query.AggregateItem, keyAliases []*Dynamic) ([]*Aggregation, error) {
	seen := map[string]bool{}
	for _, d := range keyAliases {
		seen[d.Name] = true
	}
	out := make([]*Aggregation, 0, len(items))
	for _, it := range items {
		a, err := s.aggregation(it)
		if err != nil {
			return nil, err
		}
		if err := s.checkAggAlias(it.Alias, it.AliasPos, seen); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// checkAggAlias: an aggregate's alias must not repeat another alias of the
// same step nor, before aggregation, a property of the input type (the
// result would be ambiguous for clients reading the input's metadata).
func (s *binding) checkAggAlias(name string, pos query.Pos, seen map[string]bool) error {
	clash := seen[name]
	if s.shape.Entity {
		clash = clash || s.it.Property(name) != nil || s.it.NavigationProperty(name) != nil
	}
	for _, g := range s.shape.Groups {
		clash = clash || len(g.Nav) == 0 && g.Prop.Name == name || len(g.Nav) > 0 && g.Nav[0].Name == name
	}
	if clash {
		return s.badRequest(pos, "the alias '%s' is already the name of a property", name)
	}
	seen[name] = true
	return nil
}

// aggregation binds one aggregate item and infers its result type.
func (s *binding) aggregation(it query.AggregateItem) (*Aggregation, error) {
	switch {
	case len(it.From) > 0:
		return nil, s.notImplemented(it.From[0].P, "'from' in aggregate is not supported")
	case it.Kind == query.AggCount:
		return &Aggregation{P: it.P, Method: MethodCount, Out: &Dynamic{Name: it.Alias, T: metadata.EdmInt64}}, nil
	case it.Kind == query.AggPathCount:
		return nil, s.notImplemented(it.P, "counting related entities in aggregate ('%s') is not supported", query.Format(it.Expr))
	case it.Kind == query.AggCustom:
		return nil, s.notImplemented(it.P, "the custom aggregate '%s' is not supported", query.Format(it.Expr))
	}
	method := Method(it.Method)
	switch method {
	case MethodSum, MethodMin, MethodMax, MethodAverage, MethodCountDistinct:
	default:
		return nil, s.notImplemented(it.MethodPos, "the custom aggregation method '%s' is not supported", it.Method)
	}
	if m, ok := it.Expr.(*query.MemberPath); ok {
		if name, pos, coll := s.collectionHop(m); coll {
			return nil, s.notImplemented(pos, "aggregating across the collection-valued navigation property '%s' is not supported", name)
		}
	}
	x, err := s.expr(it.Expr)
	if err != nil {
		return nil, err
	}
	t, err := s.aggregateType(method, x, it)
	if err != nil {
		return nil, err
	}
	nullable := method != MethodCountDistinct
	return &Aggregation{P: it.P, Method: method, Expr: simplify(x, false), Out: &Dynamic{Name: it.Alias, T: t, Nullable: nullable}}, nil
}

// aggregateType is the result type of method over x (Data Aggregation 4.0,
// 3.1.3): sum keeps integers exact in Int64 and decimals in Decimal;
// average is Decimal except for floating-point input; min and max keep the
// type; countdistinct counts in Int64.
func (s *binding) aggregateType(m Method, x Expr, it query.AggregateItem) (metadata.EdmType, error) {
	t := x.Type()
	if t == metadata.EdmNull {
		return "", s.badRequest(it.Expr.Pos(), "cannot aggregate the null literal")
	}
	switch m {
	case MethodSum, MethodAverage:
		if !t.IsNumeric() {
			return "", s.badRequest(it.MethodPos, "%s needs a numeric value, not %s", m, t)
		}
		switch {
		case t == metadata.EdmSingle || t == metadata.EdmDouble:
			return metadata.EdmDouble, nil
		case m == MethodSum && t.IsIntegral():
			return metadata.EdmInt64, nil
		}
		return metadata.EdmDecimal, nil
	case MethodMin, MethodMax:
		if t == metadata.EdmBoolean || t == metadata.EdmBinary {
			return "", s.badRequest(it.MethodPos, "%s needs an ordered value, not %s", m, t)
		}
		return t, nil
	}
	return metadata.EdmInt64, nil // countdistinct
}
