package bound

import "odatagw/metadata"

// Constructors for the predicates the gateway adds to a request's own
// (navigation paths, the related entities of an expansion).

// AndAll joins the non-nil predicates with and, left to right; nil for none.
func AndAll(conds ...Expr) Expr {
	var out Expr
	for _, c := range conds {
		if c == nil {
			continue
		}
		if out == nil {
			out = c
			continue
		}
		out = &Binary{Op: And, Left: out, Right: c, T: metadata.EdmBoolean}
	}
	return out
}

// OrBalanced joins predicates with or as a balanced tree, so that its
// nesting stays logarithmic (SQLite limits expression depth); nil for none.
func OrBalanced(preds []Expr) Expr {
	switch len(preds) {
	case 0:
		return nil
	case 1:
		return preds[0]
	}
	mid := len(preds) / 2
	return &Binary{Op: Or, Left: OrBalanced(preds[:mid]), Right: OrBalanced(preds[mid:]), T: metadata.EdmBoolean}
}

// EqConst is `p eq v` for a non-null Go value v of p's type (metadata/values.go).
func EqConst(p *Property, v any) Expr {
	return &Binary{Op: Eq, Left: p, Right: &Const{T: p.Prop.Type, Value: v}, T: metadata.EdmBoolean}
}

// WithKeyOrder makes an order total by appending the key properties of t
// not already ordered on, ascending (paging needs a total order).
func WithKeyOrder(ob []OrderItem, t *metadata.EntityType) []OrderItem {
outer:
	for _, k := range t.Key {
		for _, it := range ob {
			if bp, ok := it.Expr.(*Property); ok && bp.Prop == k && len(bp.Nav) == 0 && bp.Variable == "" {
				continue outer
			}
		}
		ob = append(ob, OrderItem{Expr: &Property{Prop: k}})
	}
	return ob
}
