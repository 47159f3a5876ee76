package gateway

import (
	"strings"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// applyOut describes the rows of a $apply result: one column per grouping
// property or alias, written as JSON properties nested along navigation
// paths (`"Customer":{"Country":"DE"}`, OData Data Aggregation 3.10.1).
type applyOut struct {
	root *applyNode
}

// applyNode is one JSON property: a column (col >= 0) or an object of
// properties along a navigation property.
type applyNode struct {
	name     string
	col      int
	t        metadata.EdmType
	children []*applyNode
}

// child returns the object member name of n, adding it when missing.
func (n *applyNode) child(name string) *applyNode {
	for _, c := range n.children {
		if c.name == name && c.col < 0 {
			return c
		}
	}
	c := &applyNode{name: name, col: -1}
	n.children = append(n.children, c)
	return c
}

// planApply plans a collection read with $apply: the bound pipeline (the
// navigation restriction, if any, as its first filter), then $filter,
// $orderby and $select bound on its result. Paging is by offset.
func (q *request) planApply(p *plan, set *metadata.EntitySet, restrict bound.Expr) error {
	o := q.opts
	if len(p.query.Key) > 0 {
		return odataerr.NotImplemented("$apply is only supported on collections")
	}
	if o.Search != nil || o.Expand != nil {
		return odataerr.NotImplemented("$search and $expand together with $apply are not supported")
	}
	a, err := q.binder.Apply(set.Type, o.ApplyTree)
	if err != nil {
		return err
	}
	// $compute is evaluated after $apply: one more compute step on its result.
	c, sh, err := q.binder.Compute(a.Out, o.ComputeItems)
	if err != nil {
		return err
	}
	if c != nil {
		a.Steps, a.Out = append(a.Steps, c), sh
	}
	if a.Out.Entity {
		if len(o.ApplyTree.Steps) == 0 {
			return odataerr.NotImplemented("$apply without groupby, aggregate or concat is not supported")
		}
		last := o.ApplyTree.Steps[len(o.ApplyTree.Steps)-1]
		return odataerr.NotImplemented("$apply without groupby, aggregate or concat is not supported (it ends in %s)", last.Name()).At("$apply", int(last.Pos()))
	}
	if err := q.checkApplyCrossings(a); err != nil {
		return err
	}
	if restrict != nil {
		a.Steps = append([]bound.Step{&bound.Filter{Cond: restrict}}, a.Steps...)
	}
	p.query.Apply = a
	if p.query.Filter, err = q.binder.FilterOn(a.Out, o.Filter); err != nil {
		return err
	}
	if p.query.OrderBy, err = q.binder.OrderByOn(a.Out, o.OrderBy); err != nil {
		return err
	}
	if p.query.ApplySelect, err = q.binder.SelectOn(a.Out, o.Select); err != nil {
		return err
	}
	cols := p.query.ApplySelect
	if len(cols) == 0 {
		for _, g := range a.Out.Groups {
			cols = append(cols, g)
		}
		for _, d := range a.Out.Dynamic {
			cols = append(cols, &bound.AliasRef{Prop: d})
		}
	}
	out := &applyOut{root: &applyNode{col: -1}}
	for i, c := range cols {
		var path []string
		var t metadata.EdmType
		switch c := c.(type) {
		case *bound.Property:
			for _, n := range c.Nav {
				path = append(path, n.Name)
			}
			path, t = append(path, c.Prop.Name), c.Prop.Type
		case *bound.AliasRef:
			path, t = []string{c.Prop.Name}, c.Prop.T
		default:
			return odataerr.NotImplemented("$select of this value after $apply is not supported")
		}
		n := out.root
		for _, seg := range path[:len(path)-1] {
			n = n.child(seg)
		}
		n.children = append(n.children, &applyNode{name: path[len(path)-1], col: i, t: t})
		p.out = append(p.out, &metadata.Property{Name: strings.Join(path, "/"), Type: t, Nullable: true})
	}
	p.apply = out
	p.selected = true
	return nil
}

// appendApplied appends one result row of $apply as a JSON object.
func (e *entityWriter) appendApplied(b []byte, vals []any) []byte {
	b = append(b, '{')
	if e.f.metadata == metadataFull {
		b = append(b, `"@odata.id":null,`...) // aggregated instances are transient
	}
	b = e.appendMembers(b, e.p.apply.root, vals)
	if b[len(b)-1] == ',' {
		b = b[:len(b)-1]
	}
	return append(b, '}')
}

func (e *entityWriter) appendMembers(b []byte, n *applyNode, vals []any) []byte {
	for i, c := range n.children {
		if i > 0 {
			b = append(b, ',')
		}
		if c.col >= 0 && e.f.metadata == metadataFull {
			if t := typeAnnotation(c.t); t != "" {
				b = appendString(b, c.name+"@odata.type")
				b = append(b, ':')
				b = appendString(b, t)
				b = append(b, ',')
			}
		}
		b = appendString(b, c.name)
		b = append(b, ':')
		if c.col >= 0 {
			b = appendValue(b, c.t, vals[c.col], e.f.value)
			continue
		}
		b = append(b, '{')
		b = e.appendMembers(b, c, vals)
		b = append(b, '}')
	}
	return b
}

// applySelectList is the context URL's select list of a $apply result:
// `(Customer(Country),Total)`.
func applySelectList(n *applyNode) string {
	parts := make([]string, len(n.children))
	for i, c := range n.children {
		parts[i] = c.name
		if c.col < 0 {
			parts[i] += applySelectList(c)
		}
	}
	return "(" + strings.Join(parts, ",") + ")"
}
