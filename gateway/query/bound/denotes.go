package bound

import "slices"

// SamePath reports whether a and b are the same property reached along the
// same navigation path.
func SamePath(a, b *Property) bool {
	return a.Prop == b.Prop && slices.Equal(a.Nav, b.Nav)
}

// Denotes reports whether e, a grouping property or an alias reference read
// after aggregation, stands for the grouping property g or the dynamic
// property d of a result column (either may be nil). Evaluators find a
// result column with it.
func Denotes(e Expr, g *Property, d *Dynamic) bool {
	switch e := e.(type) {
	case *Property:
		return g != nil && e.Variable == "" && SamePath(g, e)
	case *AliasRef:
		return d != nil && d.Name == e.Prop.Name
	}
	return false
}

// SameColumn reports whether two result columns (a grouping property or a
// dynamic property each) stand for the same value, as the branches of
// concat are united.
func SameColumn(g1 *Property, d1 *Dynamic, g2 *Property, d2 *Dynamic) bool {
	return (g1 != nil && g2 != nil && SamePath(g1, g2)) || (d1 != nil && d2 != nil && d1.Name == d2.Name)
}
