// Package expand reads the related entities of $expand from any
// adapters.Source without N+1: the parents of a page are read (and
// buffered) by the caller; then every expanded navigation property is read
// with ONE statement on its target set, restricted to the parents' related
// entities through the referential constraints
// (`Orders.CustomerID in ('ALFKI', 'ANATR', …)`), and the related rows are
// grouped by constraint values. Nested $expand repeats this one level down:
// a page costs 1 + (number of expanded navigation properties) statements.
//
// A nested $top or $skip applies per parent. The statement asks the source
// to page per group of related rows sharing the parent's constraint values
// (adapters.Partition: a window function in SQL), so only each parent's
// page is read; `Nav@odata.count` comes with it (the size of each group).
//
// Every buffered related row counts against a budget (MaxRows): a request
// whose expansion would hold more answers an error instead of exhausting
// memory.
package expand

import (
	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// Level is one expanded navigation property: how its related entities are
// read for a page of parents, and what is written of them.
type Level struct {
	Nav *metadata.NavigationProperty
	// ParentIdx are the parent columns holding the constraint properties
	// (Nav.Constraints[i].Property), in constraint order.
	ParentIdx []int
	// Query reads the target set: the nested $filter, the nested order with
	// the key appended, and Select (Out first, then the key, the constraint
	// columns and those of nested levels, each once). Top is -1; the read
	// adds the restriction to the parents and the per-parent paging.
	Query adapters.Query
	// Out are the properties written, the first len(Out) columns.
	Out []*metadata.Property
	// Selected is true when a nested $select narrowed Out.
	Selected bool
	// Dynamic are the computed properties of a nested $compute written
	// after every declared one (no nested $select), for the context URL.
	Dynamic []*metadata.Property
	// Ref is true for `Nav/$ref`: references (Out is the key) instead of entities.
	Ref bool
	// KeyIdx are the columns holding the target's key properties.
	KeyIdx []int
	// ChildIdx are the columns holding Nav.Constraints[i].Referenced.
	ChildIdx []int
	// Top (negative: none), Skip and Count are the nested options, per parent.
	Top, Skip int64
	Count     bool
	// Levels are the nested expansions of the related entities.
	Levels []*Level
}

// Plan turns bound $expand items into levels. index returns the parent
// column holding a property, adding it to the parent's Select (hidden from
// the output) when it is not there yet.
func Plan(xs []*bound.Expand, index func(*metadata.Property) int) []*Level {
	var out []*Level
	for _, x := range xs {
		l := &Level{Nav: x.Nav}
		for _, c := range x.Nav.Constraints {
			l.ParentIdx = append(l.ParentIdx, index(c.Property))
		}
		l.plan(x)
		out = append(out, l)
	}
	return out
}

// plan fills the read of x's target set.
func (l *Level) plan(x *bound.Expand) {
	set := x.Nav.TargetSet
	t := set.Type
	l.Top, l.Skip, l.Count, l.Ref = x.Top, x.Skip, x.Count, x.Ref
	l.Query = adapters.Query{Set: set, Filter: x.Filter, Top: -1, OrderBy: bound.WithKeyOrder(x.OrderBy, t)}
	l.Query.Compute = adapters.ComputedOf(x.Compute)
	l.Out = t.Properties
	switch {
	case x.Ref:
		l.Out, l.Selected = t.Key, true
	case len(x.Select) > 0 && (len(x.Select) < len(t.Properties) || x.Compute != nil):
		l.Out, l.Selected = x.Select, true
	case x.Compute != nil:
		l.Out = append([]*metadata.Property(nil), t.Properties...)
		for _, c := range l.Query.Compute {
			l.Out = append(l.Out, c.Prop)
			l.Dynamic = append(l.Dynamic, c.Prop)
		}
	}
	cols := append([]*metadata.Property(nil), l.Out...)
	index := func(prop *metadata.Property) int {
		for i, col := range cols {
			if col == prop {
				return i
			}
		}
		cols = append(cols, prop)
		return len(cols) - 1
	}
	for _, k := range t.Key {
		l.KeyIdx = append(l.KeyIdx, index(k))
	}
	for _, con := range x.Nav.Constraints {
		l.ChildIdx = append(l.ChildIdx, index(con.Referenced))
	}
	l.Levels = Plan(x.Expand, index)
	l.Query.Select = cols
}

// ReadFor returns the query reading the entities related to the parent
// tuples (constraint values, in constraint order): the restriction to them,
// and the per-parent paging when the nested $top or $skip asks for it.
func (l *Level) ReadFor(tuples [][]any) adapters.Query {
	q := l.Query
	q.Filter = bound.AndAll(restrictTo(l.Nav.Constraints, tuples), l.Query.Filter)
	if l.paged() {
		pt := &adapters.Partition{Top: l.Top, Skip: l.Skip, Count: l.Count}
		for _, c := range l.Nav.Constraints {
			pt.By = append(pt.By, c.Referenced)
		}
		q.Partition = pt
	}
	return q
}

// paged reports whether the read pages per parent (in the source).
func (l *Level) paged() bool { return l.Nav.Collection && (l.Top >= 0 || l.Skip > 0) }

// restrictTo is the predicate on the target set selecting the entities
// related to the parent tuples: `Ref in (v1, v2, …)` for one constraint,
// else an or of ands.
func restrictTo(cons []metadata.ReferentialConstraint, tuples [][]any) bound.Expr {
	if len(cons) == 1 {
		ref := &bound.Property{Prop: cons[0].Referenced}
		if len(tuples) == 1 {
			return bound.EqConst(ref, tuples[0][0])
		}
		list := make([]bound.Expr, len(tuples))
		for i, t := range tuples {
			list[i] = &bound.Const{T: ref.Prop.Type, Value: t[0]}
		}
		return &bound.In{X: ref, List: list}
	}
	preds := make([]bound.Expr, len(tuples))
	for i, t := range tuples {
		conds := make([]bound.Expr, len(cons))
		for j, c := range cons {
			conds[j] = bound.EqConst(&bound.Property{Prop: c.Referenced}, t[j])
		}
		preds[i] = bound.AndAll(conds...)
	}
	return bound.OrBalanced(preds)
}
