package bound

import (
	"slices"
	"testing"

	"odatagw/metadata"
)

// Inspect reaches every operand of every kind of expression, in order, and
// does not descend where f says no.
func TestInspect(t *testing.T) {
	leaf := func(name string) *Property {
		return &Property{Prop: &metadata.Property{Name: name, Type: metadata.EdmInt32}}
	}
	nav := []*metadata.NavigationProperty{{Name: "Orders"}}
	e := &Binary{Op: And, T: metadata.EdmBoolean,
		Left: &Not{X: &In{X: leaf("a"), List: []Expr{leaf("b"), &Const{T: metadata.EdmInt32, Value: int64(1)}}}},
		Right: &Binary{Op: Or, T: metadata.EdmBoolean,
			Left: &Binary{Op: Eq, T: metadata.EdmBoolean,
				Left:  &Neg{X: &Cast{X: leaf("c"), T: metadata.EdmInt64}},
				Right: &Call{Fn: FnLength, T: metadata.EdmInt32, Args: []Expr{leaf("d")}}},
			Right: &Binary{Op: And, T: metadata.EdmBoolean,
				Left:  &Lambda{Variable: "o", Nav: nav, Pred: leaf("e")},
				Right: &Binary{Op: Gt, T: metadata.EdmBoolean, Left: &Count{Nav: nav}, Right: &Lambda{Nav: nav}}}}}
	var leaves []string
	kinds := map[string]bool{}
	Inspect(e, func(x Expr) bool {
		switch x := x.(type) {
		case *Property:
			leaves = append(leaves, x.Prop.Name)
		case *Not:
			kinds["Not"] = true
		case *In:
			kinds["In"] = true
		case *Neg:
			kinds["Neg"] = true
		case *Cast:
			kinds["Cast"] = true
		case *Call:
			kinds["Call"] = true
		case *Lambda:
			kinds["Lambda"] = true
		case *Count:
			kinds["Count"] = true
		case *Const:
			kinds["Const"] = true
		}
		return true
	})
	if want := []string{"a", "b", "c", "d", "e"}; !slices.Equal(leaves, want) {
		t.Errorf("leaves visited %v, want %v", leaves, want)
	}
	if len(kinds) != 8 {
		t.Errorf("kinds visited %v, want all 8", kinds)
	}
	// Pruning: nothing below a Not or a Lambda.
	leaves = nil
	Inspect(e, func(x Expr) bool {
		if p, ok := x.(*Property); ok {
			leaves = append(leaves, p.Prop.Name)
		}
		switch x.(type) {
		case *Not, *Lambda:
			return false
		}
		return true
	})
	if want := []string{"c", "d"}; !slices.Equal(leaves, want) {
		t.Errorf("pruned walk visited %v, want %v", leaves, want)
	}
	Inspect(nil, func(Expr) bool { t.Fatal("called for nil"); return true })
}
