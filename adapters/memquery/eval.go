package memquery

import (
	"context"
	"fmt"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Navigator reads the entities related to one row through a navigation
// property: rows of nav.Target, in its Properties order (at most one for a
// single-valued property). row is a row of from, in its Properties order.
type Navigator interface {
	Related(ctx context.Context, from *metadata.EntityType, row []any, nav *metadata.NavigationProperty) ([][]any, error)
}

// Evaluator evaluates bound expressions over rows. Rows are entities in
// their type's Properties order. It is not safe for concurrent use; make one
// per query (the zero value without a Navigator works).
type Evaluator struct {
	Nav Navigator
	idx map[*metadata.Property]int
	// alias maps the names of computed properties to their position in
	// rows extended by withComputed.
	alias map[string]int
}

// env binds $it and lambda variables to rows.
type env struct {
	name   string // "" for $it
	t      *metadata.EntityType
	row    []any
	parent *env
	// out, when set, makes row a row of an aggregated $apply result:
	// grouping properties and aliases are its columns.
	out *table
}

func (e *env) lookup(name string) (*env, error) {
	for s := e; s != nil; s = s.parent {
		if s.name == name {
			return s, nil
		}
	}
	return nil, fmt.Errorf("memquery: unbound variable %q", name)
}

// Filter reports whether the Boolean expression x is true for row, an
// entity of t.
func (ev *Evaluator) Filter(ctx context.Context, t *metadata.EntityType, row []any, x bound.Expr) (bool, error) {
	v, err := ev.eval(ctx, x, &env{t: t, row: row})
	if err != nil {
		return false, err
	}
	b, _ := v.(bool)
	return b, nil
}

// Value evaluates x for row (an entity of t) and returns its Go value per
// metadata/values.go (nil for null).
func (ev *Evaluator) Value(ctx context.Context, t *metadata.EntityType, row []any, x bound.Expr) (any, error) {
	v, err := ev.eval(ctx, x, &env{t: t, row: row})
	return outValue(v), err
}

// column returns the position of p in rows of t.
func (ev *Evaluator) column(t *metadata.EntityType, p *metadata.Property) (int, error) {
	if ev.idx == nil {
		ev.idx = map[*metadata.Property]int{}
	}
	if i, ok := ev.idx[p]; ok {
		return i, nil
	}
	for i, q := range t.Properties {
		ev.idx[q] = i
	}
	if i, ok := ev.idx[p]; ok {
		return i, nil
	}
	return 0, fmt.Errorf("memquery: property %s is not a property of %s", p.Name, t.Name)
}

func (ev *Evaluator) eval(ctx context.Context, x bound.Expr, en *env) (any, error) {
	switch x := x.(type) {
	case *bound.Const:
		return x.Value, nil
	case *bound.Property:
		return ev.property(ctx, x, en)
	case *bound.Binary:
		return ev.binary(ctx, x, en)
	case *bound.Not:
		v, err := ev.eval(ctx, x.X, en)
		if err != nil || v == nil {
			return nil, err
		}
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("memquery: not of %T", v)
		}
		return !b, nil
	case *bound.Neg:
		v, err := ev.eval(ctx, x.X, en)
		if err != nil {
			return nil, err
		}
		return negate(v)
	case *bound.In:
		return ev.in(ctx, x, en)
	case *bound.Call:
		return ev.call(ctx, x, en)
	case *bound.Cast:
		v, err := ev.eval(ctx, x.X, en)
		if err != nil {
			return nil, err
		}
		return castValue(v, x.X, x.T), nil
	case *bound.Lambda:
		return ev.lambda(ctx, x, en)
	case *bound.Count:
		rows, _, err := ev.follow(ctx, x.Outer, x.Nav, en)
		return int64(len(rows)), err
	case *bound.AliasRef:
		if en.out != nil {
			return en.outColumn(x)
		}
		if v, ok, err := ev.computed(x.Prop.Name, en); ok || err != nil {
			return v, err
		}
		return nil, odataerr.NotImplemented("the alias %s cannot be used on this data source", x.Prop.Name).At("$apply", int(x.P))
	case nil:
		return nil, fmt.Errorf("memquery: nil expression")
	}
	return nil, odataerr.NotImplemented("this expression is not supported on this data source").At("$filter", int(x.Pos()))
}

// outColumn reads a grouping property or alias of an aggregated row.
func (e *env) outColumn(x bound.Expr) (any, error) {
	i := e.out.find(x)
	if i < 0 {
		return nil, odataerr.NotImplemented("this value is not available after aggregation on this data source").At("$apply", int(x.Pos()))
	}
	return e.row[i], nil
}

// property reads a property, following single-valued navigation (an absent
// related entity makes it null).
func (ev *Evaluator) property(ctx context.Context, p *bound.Property, en *env) (any, error) {
	s, err := en.lookup(p.Variable)
	if err != nil {
		return nil, err
	}
	if s.out != nil {
		return s.outColumn(p)
	}
	t, row := s.t, s.row
	for _, n := range p.Nav {
		rel, err := ev.related(ctx, t, row, n)
		if err != nil {
			return nil, err
		}
		if len(rel) == 0 {
			return nil, nil
		}
		t, row = n.Target, rel[0]
	}
	i, err := ev.column(t, p.Prop)
	if err != nil {
		return nil, err
	}
	if i >= len(row) {
		return nil, fmt.Errorf("memquery: row of %s has %d values, want %d", t.Name, len(row), len(t.Properties))
	}
	return row[i], nil
}

func (ev *Evaluator) related(ctx context.Context, t *metadata.EntityType, row []any, n *metadata.NavigationProperty) ([][]any, error) {
	if ev.Nav == nil {
		return nil, odataerr.NotImplemented("navigation property '%s' cannot be followed in expressions on this data source", n.Name)
	}
	return ev.Nav.Related(ctx, t, row, n)
}

// follow returns the rows at the end of a (collection-valued) navigation
// path starting at variable outer, and their type.
func (ev *Evaluator) follow(ctx context.Context, outer string, nav []*metadata.NavigationProperty, en *env) ([][]any, *metadata.EntityType, error) {
	s, err := en.lookup(outer)
	if err != nil {
		return nil, nil, err
	}
	t, rows := s.t, [][]any{s.row}
	for _, n := range nav {
		var next [][]any
		for _, r := range rows {
			rel, err := ev.related(ctx, t, r, n)
			if err != nil {
				return nil, nil, err
			}
			next = append(next, rel...)
		}
		t, rows = n.Target, next
	}
	return rows, t, nil
}

// lambda evaluates any/all: any is true when the predicate is true for some
// related entity; all when it is true (not null) for every one.
func (ev *Evaluator) lambda(ctx context.Context, l *bound.Lambda, en *env) (any, error) {
	rows, t, err := ev.follow(ctx, l.Outer, l.Nav, en)
	if err != nil {
		return nil, err
	}
	if l.Pred == nil {
		return len(rows) > 0, nil
	}
	for _, r := range rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v, err := ev.eval(ctx, l.Pred, &env{name: l.Variable, t: t, row: r, parent: en})
		if err != nil {
			return nil, err
		}
		b, _ := v.(bool)
		if l.All && !b {
			return false, nil
		}
		if !l.All && b {
			return true, nil
		}
	}
	return l.All, nil
}

// in is `x eq i1 or x eq i2 …` with two-valued eq: never null.
func (ev *Evaluator) in(ctx context.Context, in *bound.In, en *env) (any, error) {
	x, err := ev.eval(ctx, in.X, en)
	if err != nil {
		return nil, err
	}
	for _, it := range in.List {
		v, err := ev.eval(ctx, it, en)
		if err != nil {
			return nil, err
		}
		if equalValues(in.X.Type(), x, v) {
			return true, nil
		}
	}
	return false, nil
}
