package bound

import "odatagw/metadata"

// MayBeNull reports whether e can evaluate to null under OData semantics.
//
// Comparisons (eq, ne, lt, le, gt, ge), in, any, all and $count never do:
// OData comparisons are two-valued (null eq null is true, null eq 1 and
// Price gt null are false). A property is nullable when it is declared so or
// when a navigation hop on its path may be absent; arithmetic, functions,
// and/or/not and negation are null when an operand may be (and/or follow
// three-valued logic, so they are conservatively nullable when an operand
// is); casts other than to Edm.String may fail and give null.
//
// The SQL translator uses it to decide where SQL's three-valued comparisons
// need a guard (see the package documentation).
func MayBeNull(e Expr) bool {
	switch e := e.(type) {
	case *Property:
		if e.Prop.Nullable {
			return true
		}
		for _, n := range e.Nav {
			if n.Nullable {
				return true
			}
		}
		return false
	case *Const:
		return e.Value == nil
	case *Binary:
		if e.Op.IsComparison() {
			return false
		}
		return MayBeNull(e.Left) || MayBeNull(e.Right)
	case *Not:
		return MayBeNull(e.X)
	case *Neg:
		return MayBeNull(e.X)
	case *In, *Lambda, *Count:
		return false
	case *AliasRef:
		return e.Prop.Nullable
	case *Call:
		for _, a := range e.Args {
			if MayBeNull(a) {
				return true
			}
		}
		return false
	case *Cast:
		return MayBeNull(e.X) || e.T != metadata.EdmString
	}
	return true
}

// simplify rewrites a Boolean expression compared with a Boolean constant
// (`contains(Name,'A') eq true`, what Salesforce Connect sends) into the
// expression itself (or its negation) where the meaning is identical:
//
//   - X eq true, X ne false → X;  X eq false, X ne true → not X
//     when X cannot be null (MayBeNull), anywhere;
//   - X eq true → X and X eq false → not X also for a nullable X in a
//     positive position of a filter — the filter itself, operands of and/or
//     in a positive position, the predicate of any/all: a filter keeps a row
//     only when its condition is true, `X eq true` is true exactly when X is
//     true (null and false both drop the row), and and/or preserve "is true".
//
// ne with a nullable X is never rewritten (`null ne true` is true, but
// `not null` is null), nor is anything nullable under not, inside
// comparisons or as a function argument: there `null eq true` (false) and
// null differ.
func simplify(e Expr, positive bool) Expr {
	switch x := e.(type) {
	case *Binary:
		switch x.Op {
		case And, Or:
			l, r := simplify(x.Left, positive), simplify(x.Right, positive)
			if l == x.Left && r == x.Right {
				return x
			}
			return &Binary{P: x.P, Op: x.Op, Left: l, Right: r, T: x.T}
		case Eq, Ne:
			if out := boolCompare(x, positive); out != nil {
				return out
			}
		}
	case *Not:
		y := simplify(x.X, false)
		if n, ok := y.(*Not); ok { // not not Y is Y, also for null in three-valued logic
			return n.X
		}
		if y != x.X {
			return &Not{P: x.P, X: y}
		}
	case *Lambda:
		if x.Pred != nil {
			if p := simplify(x.Pred, true); p != x.Pred {
				c := *x
				c.Pred = p
				return &c
			}
		}
	}
	return e
}

// boolCompare rewrites `X eq/ne true/false` per simplify, or returns nil.
func boolCompare(b *Binary, positive bool) Expr {
	x, c := b.Left, b.Right
	if k, ok := x.(*Const); ok {
		x, c = c, k
	}
	k, ok := c.(*Const)
	if !ok || k.T != metadata.EdmBoolean || k.Value == nil || x.Type() != metadata.EdmBoolean {
		return nil
	}
	if kx, isConst := x.(*Const); isConst {
		if kx.Value == nil {
			return nil
		}
		return &Const{P: b.P, T: metadata.EdmBoolean, Value: (kx.Value == k.Value) == (b.Op == Eq)}
	}
	if MayBeNull(x) && (!positive || b.Op == Ne) {
		return nil // `null ne true` is true, not null: no rewrite keeps that
	}
	if k.Value.(bool) == (b.Op == Eq) {
		return simplify(x, positive)
	}
	x = simplify(x, false)
	if n, ok := x.(*Not); ok { // not not Y is Y, also for null in three-valued logic
		return n.X
	}
	return &Not{P: b.P, X: x}
}
