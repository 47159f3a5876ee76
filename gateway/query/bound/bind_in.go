package bound

import (
	"slices"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// in binds `X in (a, b, …)` and `X in @list`. Every item is coerced to the
// type of X as for `eq` (constants converted, a string constant to a Guid,
// null typed). When a numeric item is wider than X (`Qty in (1, 2.5)`), X and
// the items are brought to the promoted type, X through a Cast, so that the
// bound In keeps its contract: every item has X's type.
func (s *binding) in(e *query.InExpr) (Expr, error) {
	x, err := s.expr(e.X)
	if err != nil {
		return nil, err
	}
	items, err := s.inItems(e)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, s.badRequest(e.P, "the list of 'in' must not be empty")
	}
	t := x.Type()
	if t == metadata.EdmNull {
		for _, it := range items {
			if it.Type() != metadata.EdmNull {
				t = it.Type()
				break
			}
		}
		if t == metadata.EdmNull { // null in (null, …): null eq null
			return &Const{P: e.P, T: metadata.EdmBoolean, Value: true}, nil
		}
		x = nullAs(x, t)
	}
	for i, it := range items {
		it = nullAs(it, t)
		if it.Type() == t {
			items[i] = it
			continue
		}
		if t.IsNumeric() && it.Type().IsNumeric() {
			items[i] = convertToward(it, x)
			if items[i].Type() != t {
				t, _ = metadata.Promote(t, items[i].Type())
			}
			continue
		}
		_, conv, err := s.unify(e.P, "in", x, it)
		if err != nil {
			return nil, err
		}
		items[i] = conv
	}
	x = castTo(x, t)
	for i, it := range items {
		items[i] = castTo(it, t)
	}
	return &In{P: e.P, X: x, List: items}, nil
}

// castTo converts a constant exactly to t, or wraps x in a Cast.
func castTo(x Expr, t metadata.EdmType) Expr {
	if x.Type() == t {
		return x
	}
	if c, ok := x.(*Const); ok {
		if out, ok := convertConst(c, t); ok {
			return out
		}
	}
	return &Cast{P: x.Pos(), X: x, T: t}
}

// inItems binds the list of an in expression. `X in @p` takes the items of
// the alias value `@p=(1,2,3)` (a single value is a one-item list).
func (s *binding) inItems(e *query.InExpr) ([]Expr, error) {
	list := e.List
	if len(list) == 1 {
		switch v := list[0].(type) {
		case *query.ListExpr:
			list = v.Items
		case *query.AliasExpr:
			if lst, ok := s.b.Aliases[v.Name].(*query.ListExpr); ok {
				if slices.Contains(s.aliases, v.Name) {
					return nil, s.badRequest(v.P, "parameter alias '@%s' refers to itself", v.Name)
				}
				saved := s.target
				s.target, s.aliases = "@"+v.Name, append(s.aliases, v.Name)
				out, err := s.bindList(lst.Items)
				s.target, s.aliases = saved, s.aliases[:len(s.aliases)-1]
				return out, err
			}
		}
	}
	return s.bindList(list)
}

func (s *binding) bindList(list []query.Expr) ([]Expr, error) {
	out := make([]Expr, 0, len(list))
	for _, it := range list {
		x, err := s.expr(it)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}
