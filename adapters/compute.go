package adapters

import (
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// Computed is one computed property of $compute (`Price mul Qty as Total`):
// Expr is evaluated for every entity of the queried set (it reads the
// entity's properties, across single-valued navigation too), and Prop
// stands for its value wherever a property can: in Query.Select, so that
// rows carry the value in that column. Prop is not a property of the
// entity type: Name is the alias, Type and Nullable are the expression's.
type Computed struct {
	Prop *metadata.Property
	Expr bound.Expr
}

// ComputedOf returns the computed properties of a bound $compute step (nil
// for nil), with the Props the binder made (bound.Computed.Prop).
func ComputedOf(c *bound.Compute) []Computed {
	if c == nil {
		return nil
	}
	out := make([]Computed, len(c.Items))
	for i, it := range c.Items {
		p := it.Prop
		if p == nil {
			p = &metadata.Property{Name: it.Out.Name, Type: it.Out.T, Nullable: it.Out.Nullable}
		}
		out[i] = Computed{Prop: p, Expr: it.Expr}
	}
	return out
}

// ComputedIndex returns the index in q.Compute of the computed property
// called name (what a *bound.AliasRef refers to), or -1.
func (q *Query) ComputedIndex(name string) int {
	for i, c := range q.Compute {
		if c.Prop.Name == name {
			return i
		}
	}
	return -1
}

// ComputedProp returns the index in q.Compute of the computed property
// whose Prop is p, or -1 (p is then a property of the entity type).
func (q *Query) ComputedProp(p *metadata.Property) int {
	for i, c := range q.Compute {
		if c.Prop == p {
			return i
		}
	}
	return -1
}
