package gateway

import (
	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// planCompute binds $compute for a read of entities of t into p's query
// and returns the shape $filter, $orderby and $select are bound on (nil
// without $compute). The computed values are evaluated by the source, once
// per entity (adapters.Computed).
func (q *request) planCompute(p *plan, t *metadata.EntityType) (*bound.Shape, error) {
	if len(q.opts.ComputeItems) == 0 {
		return nil, nil
	}
	c, sh, err := q.binder.Compute(bound.EntityShape(t), q.opts.ComputeItems)
	if err != nil {
		return nil, err
	}
	for _, it := range c.Items {
		if err := q.checkCrossings(it.Expr); err != nil {
			return nil, err
		}
	}
	p.query.Compute = adapters.ComputedOf(c)
	return sh, nil
}

// planComputedSelect sets the output properties of a read with $compute:
// those $select names (declared and computed), or every declared property
// followed by every computed one. Computed properties are always part of
// the context URL's select list.
func (q *request) planComputedSelect(p *plan, sh *bound.Shape, expands []*bound.Expand) error {
	sel, err := q.binder.SelectExpandedOn(sh, q.opts.Select, expands)
	if err != nil {
		return err
	}
	comp := p.query.Compute
	if sel == nil {
		p.out = append([]*metadata.Property(nil), sh.Type.Properties...)
		for _, c := range comp {
			p.out = append(p.out, c.Prop)
			p.dynamic = append(p.dynamic, c.Prop)
		}
		return nil
	}
	p.out, p.selected = nil, true
	for _, x := range sel {
		switch x := x.(type) {
		case *bound.Property:
			p.out = append(p.out, x.Prop)
		case *bound.AliasRef:
			i := p.query.ComputedIndex(x.Prop.Name)
			if i < 0 {
				return odataerr.BadRequest("$select names '%s', which $compute does not define", x.Prop.Name).At("$select", int(x.P))
			}
			p.out = append(p.out, comp[i].Prop)
		default:
			return odataerr.BadRequest("this $select item is not supported with $compute").At("$select", int(x.Pos()))
		}
	}
	return nil
}
