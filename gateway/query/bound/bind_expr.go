package bound

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"odatagw/gateway/query"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// expr binds any expression node.
func (s *binding) expr(e query.Expr) (Expr, error) {
	if s.nodes++; s.nodes > MaxBoundNodes {
		return nil, odataerr.BadRequest("the expression is too large: more than %d nodes after expanding parameter aliases", MaxBoundNodes).At(s.target, -1)
	}
	switch e := e.(type) {
	case *query.Literal:
		return s.literal(e)
	case *query.MemberPath:
		return s.member(e)
	case *query.BinaryExpr:
		return s.binary(e)
	case *query.UnaryExpr:
		return s.unary(e)
	case *query.InExpr:
		return s.in(e)
	case *query.CallExpr:
		return s.call(e)
	case *query.AliasExpr:
		return s.alias(e)
	case *query.LambdaExpr:
		return s.lambda(e)
	case *query.CountExpr:
		return s.count(e)
	case *query.TypeName:
		return nil, s.badRequest(e.P, "type name '%s' may only be used as an argument of cast or isof", e.Name)
	case *query.AggregateExpr:
		return nil, s.notImplemented(e.P, "the aggregate function in expressions ('%s/aggregate(…)') is not supported", pathText(e.Path))
	case *query.ListExpr:
		return nil, s.notImplemented(e.P, "collection literals are only supported on the right of 'in'")
	case nil:
		return nil, odataerr.BadRequest("missing expression").At(s.target, -1)
	}
	// 4.01 forms the binder does not know yet (JSON object literals...).
	return nil, s.notImplemented(e.Pos(), "this kind of expression is not supported")
}

// literal binds a primitive literal to a typed constant. Integer literals are
// Edm.Int32 when they fit, else Edm.Int64 (ABNF int32Value / int64Value).
func (s *binding) literal(l *query.Literal) (Expr, error) {
	c := &Const{P: l.P, Value: l.Value}
	switch l.Kind {
	case query.LitNull:
		c.T, c.Value = metadata.EdmNull, nil
		return c, nil
	case query.LitBoolean:
		c.T = metadata.EdmBoolean
	case query.LitInt:
		c.T = metadata.EdmInt64
		if v, ok := l.Value.(int64); ok && v >= math.MinInt32 && v <= math.MaxInt32 {
			c.T = metadata.EdmInt32
		}
	case query.LitDecimal:
		c.T = metadata.EdmDecimal
	case query.LitDouble:
		c.T = metadata.EdmDouble
	case query.LitString:
		c.T = metadata.EdmString
	case query.LitDate:
		c.T = metadata.EdmDate
	case query.LitDateTimeOffset:
		c.T = metadata.EdmDateTimeOffset
		if t, ok := l.Value.(time.Time); ok {
			c.Value = t.UTC()
		}
	case query.LitTimeOfDay:
		c.T = metadata.EdmTimeOfDay
	case query.LitDuration:
		c.T = metadata.EdmDuration
	case query.LitGuid:
		c.T = metadata.EdmGuid
		if g, ok := l.Value.(string); ok {
			c.Value = strings.ToLower(g)
		}
	case query.LitBinary:
		c.T = metadata.EdmBinary
	case query.LitEnum:
		return nil, s.notImplemented(l.P, "enumeration literal %s is not supported: this service exposes no enumeration types", l.Text)
	default: // geography, geometry
		return nil, s.notImplemented(l.P, "literal %s is not supported", l.Text)
	}
	if !validValue(c.T, c.Value) {
		return nil, fmt.Errorf("bound: literal %q of kind %d holds a %T", l.Text, l.Kind, l.Value)
	}
	return c, nil
}

// walked is a resolved member path: where it starts, the navigation hops and
// the property it ends in (nil when it ends at an entity or a collection).
type walked struct {
	variable   string
	typ        *metadata.EntityType // type the path ends on (after the hops)
	nav        []*metadata.NavigationProperty
	prop       *metadata.Property
	collection bool // the last hop is collection-valued
}

// walk resolves the segments of a member path. A collection-valued
// navigation property is allowed only as the last segment, and only when
// collectionLast is set (any, all, $count).
func (s *binding) walk(segs []query.Segment, collectionLast bool) (*walked, error) {
	w := &walked{typ: s.it}
	if len(segs) == 0 {
		return nil, odataerr.BadRequest("empty member path").At(s.target, -1)
	}
	i := 0
	switch first := segs[0]; {
	case strings.HasPrefix(first.Name, "@"):
		return nil, s.notImplemented(first.P, "paths starting at a parameter alias or annotation ('%s') are not supported", first.Name)
	case first.Name == "$it":
		i++
	case first.Name == "$root":
		return nil, s.notImplemented(first.P, "$root is not supported")
	case first.Name == "$these":
		return nil, s.notImplemented(first.P, "$these is not supported")
	default:
		if t := s.lookupVar(first.Name); t != nil {
			w.variable, w.typ = first.Name, t
			i++
		}
	}
	if i == 1 && (segs[0].Call || segs[0].Keys != nil || segs[0].Filter != nil) {
		return nil, s.badRequest(segs[0].P, "'%s' cannot be called or indexed", segs[0].Name)
	}
	for ; i < len(segs); i++ {
		seg := segs[i]
		if err := s.plainSegment(seg, w.typ); err != nil {
			return nil, err
		}
		if w.prop != nil {
			return nil, s.badRequest(seg.P, "property '%s' has the primitive type %s and no member '%s'", w.prop.Name, w.prop.Type, seg.Name)
		}
		if strings.Contains(seg.Name, ".") {
			if seg.Name != s.typeName(w.typ) {
				return nil, s.badRequest(seg.P, "type cast '%s' is not valid on a value of type '%s'", seg.Name, s.typeName(w.typ))
			}
			continue
		}
		if p := w.typ.Property(seg.Name); p != nil {
			w.prop = p
			continue
		}
		if n := w.typ.NavigationProperty(seg.Name); n != nil {
			if n.Collection && (!collectionLast || i != len(segs)-1) {
				return nil, s.badRequest(seg.P, "navigation property '%s' is a collection; use any, all or $count", n.Name)
			}
			w.nav = append(w.nav, n)
			w.typ, w.collection = n.Target, n.Collection
			continue
		}
		return nil, s.badRequest(seg.P, "property '%s' does not exist on type '%s'%s", seg.Name, s.typeName(w.typ), memberHint(w.typ, seg.Name))
	}
	return w, nil
}

// plainSegment rejects the 4.01 segment forms the binder does not serve:
// key predicates on collections, function calls and $filter segments.
func (s *binding) plainSegment(seg query.Segment, on *metadata.EntityType) error {
	switch {
	case seg.Call:
		return s.badRequest(seg.P, "function '%s' does not exist on type '%s'", seg.Name, s.typeName(on))
	case seg.Filter != nil || seg.Name == "$filter":
		return s.notImplemented(seg.P, "$filter path segments are not supported")
	case seg.Keys != nil && on.Property(seg.Name) == nil && on.NavigationProperty(seg.Name) == nil:
		// `frob(Name)`: the parser cannot tell an unknown function from a key predicate
		return s.badRequest(seg.P, "'%s' is neither a property of type '%s' nor a known function", seg.Name, s.typeName(on))
	case seg.Keys != nil:
		return s.notImplemented(seg.P, "key predicates in expressions ('%s(…)') are not supported", seg.Name)
	}
	return nil
}

// member binds a property path to a *Property.
func (s *binding) member(m *query.MemberPath) (Expr, error) {
	if s.shape != nil {
		if x, ok := s.shapedMember(m); ok {
			return x, nil
		}
	}
	w, err := s.walk(m.Segments, false)
	if err != nil {
		return nil, err
	}
	if w.prop == nil {
		last := m.Segments[len(m.Segments)-1]
		return nil, s.notImplemented(last.P, "'%s' denotes an entity; only primitive values are supported in expressions", last.Name)
	}
	p := &Property{P: m.Segments[0].P, Variable: w.variable, Nav: w.nav, Prop: w.prop}
	if err := s.checkGrouped(p, m); err != nil {
		return nil, err
	}
	return p, nil
}

// lambda binds `path/any(v: pred)` and `path/all(v: pred)`.
func (s *binding) lambda(l *query.LambdaExpr) (Expr, error) {
	op := "any"
	if l.All {
		op = "all"
	}
	if l.Path == nil || len(l.Path.Segments) == 0 {
		return nil, s.badRequest(l.P, "%s needs a collection-valued navigation path", op)
	}
	w, err := s.walk(l.Path.Segments, true)
	if err != nil {
		return nil, err
	}
	if !w.collection {
		return nil, s.badRequest(l.P, "%s needs a collection-valued navigation path; '%s' is not a collection", op, pathText(l.Path))
	}
	if err := s.checkEntity(w.variable, l.P, l.Path); err != nil {
		return nil, err
	}
	out := &Lambda{P: l.P, Variable: l.Variable, Outer: w.variable, Nav: w.nav, All: l.All}
	if l.Predicate == nil {
		if l.All || l.Variable != "" {
			return nil, s.badRequest(l.P, "%s needs a lambda variable and a predicate", op)
		}
		return out, nil
	}
	switch {
	case l.Variable == "" || strings.HasPrefix(l.Variable, "$"):
		return nil, s.badRequest(l.P, "invalid lambda variable name '%s'", l.Variable)
	case s.lookupVar(l.Variable) != nil:
		return nil, s.badRequest(l.P, "lambda variable '%s' is already defined", l.Variable)
	}
	outer := s.vars
	s.vars = &lambdaVar{name: l.Variable, typ: w.typ, next: outer}
	out.Pred, err = s.predicate(l.Predicate, "the predicate of "+op)
	s.vars = outer
	if err != nil {
		return nil, err
	}
	return out, nil
}

// count binds `path/$count`.
func (s *binding) count(c *query.CountExpr) (Expr, error) {
	if c.Filter != nil || c.Search != nil {
		return nil, s.notImplemented(c.P, "$count with nested $filter or $search is not supported")
	}
	if c.Path == nil || len(c.Path.Segments) == 0 {
		return nil, s.badRequest(c.P, "$count needs a collection-valued navigation path")
	}
	w, err := s.walk(c.Path.Segments, true)
	if err != nil {
		return nil, err
	}
	if !w.collection {
		return nil, s.badRequest(c.P, "$count needs a collection-valued navigation path; '%s' is not a collection", pathText(c.Path))
	}
	if err := s.checkEntity(w.variable, c.P, c.Path); err != nil {
		return nil, err
	}
	return &Count{P: c.P, Outer: w.variable, Nav: w.nav}, nil
}

// alias binds a parameter alias reference by binding its value. An alias
// without a value is null (OData Part 2, 5.1.1.13.1: "If a parameter alias
// is not given a value in the Query Option, it is considered to have the
// null value"). Errors inside the value are reported against "@name".
func (s *binding) alias(a *query.AliasExpr) (Expr, error) {
	v, ok := s.b.Aliases[a.Name]
	if !ok || v == nil {
		return &Const{P: a.P, T: metadata.EdmNull}, nil
	}
	if slices.Contains(s.aliases, a.Name) {
		return nil, s.badRequest(a.P, "parameter alias '@%s' refers to itself", a.Name)
	}
	saved := s.target
	s.aliases = append(s.aliases, a.Name)
	s.target = "@" + a.Name
	x, err := s.expr(v)
	s.target = saved
	s.aliases = s.aliases[:len(s.aliases)-1]
	if err != nil {
		return nil, err
	}
	if c, ok := x.(*Const); ok {
		cc := *c
		cc.P = a.P
		return &cc, nil
	}
	return x, nil
}

// pathText renders a member path for messages.
func pathText(m *query.MemberPath) string {
	names := make([]string, len(m.Segments))
	for i, sg := range m.Segments {
		names[i] = sg.Name
	}
	return strings.Join(names, "/")
}
