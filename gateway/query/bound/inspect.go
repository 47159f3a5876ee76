package bound

// Inspect walks e depth first, like go/ast.Inspect: f is called with each
// expression (e first); when it returns true, the expression's operands are
// walked too. nil expressions (a lambda's absent predicate) are skipped.
// Walkers that look for something in an expression (navigation hops, the
// properties a filter depends on) use it so that each need not repeat the
// list of node kinds, and none misses one when a kind is added.
func Inspect(e Expr, f func(Expr) bool) {
	if e == nil || !f(e) {
		return
	}
	switch x := e.(type) {
	case *Binary:
		Inspect(x.Left, f)
		Inspect(x.Right, f)
	case *Not:
		Inspect(x.X, f)
	case *Neg:
		Inspect(x.X, f)
	case *Cast:
		Inspect(x.X, f)
	case *In:
		Inspect(x.X, f)
		for _, it := range x.List {
			Inspect(it, f)
		}
	case *Call:
		for _, a := range x.Args {
			Inspect(a, f)
		}
	case *Lambda:
		Inspect(x.Pred, f)
	}
	// Property, Const, Count and AliasRef have no operand expressions.
}
