package sqldb

import (
	"fmt"
	"slices"
	"strconv"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Aggregation ($apply).
//
// A served pipeline is `[filter | compute…] (groupby | aggregate | concat)
// [filter | orderby | top | skip | compute]…` and becomes one statement:
// the computed properties before aggregation are columns of a derived table
// that replaces the queried table (build_compute.go), the filters before
// aggregation are the WHERE of an aggregating SELECT (GROUP BY the grouping
// properties, single-valued navigation LEFT JOINed), whose columns get names
// of the translator's choosing ("g0"… for groups, "a0"… for aggregated
// values, "c0"… for values computed after aggregation; client aliases never
// reach the SQL). The steps after aggregation and the request's
// $filter/$orderby/$top/$skip wrap it in derived tables reading those names;
// a new derived table starts only where a step must see the result of a
// preceding top or skip, or a computed column:
//
//	SELECT "g0", "a0" FROM (SELECT t1."Country" AS "g0", SUM(t0."Freight") AS "a0"
//	  FROM "Orders" t0 LEFT JOIN "Customers" t1 ON … WHERE … GROUP BY t1."Country") a1
//	  WHERE "a0" > ? ORDER BY "a0" DESC, "g0" LIMIT ?
//
// concat is UNION ALL of its branches (build_concat.go). The final order
// always ends with every grouping column (unique per row; after concat the
// branch first), so offset paging is stable. Any other transformation is
// 501 naming it.

// applyCol is one column of the aggregating SELECT or a later layer.
type applyCol struct {
	name  string             // column name in the derived tables
	read  *metadata.Property // how the value is read back (type, scale)
	group *bound.Property    // grouping property, or nil
	dyn   *bound.Dynamic     // aggregated or computed value, or nil
	key   bool               // part of what makes a row unique (grouping alias, concat branch)
}

// applyLayer is one SELECT over the previous one: WHERE, ORDER BY and paging,
// or (extra) the values computed over it.
type applyLayer struct {
	where []Frag
	order []Frag
	top   int64 // -1: no limit
	skip  int64
	extra []Frag // computed columns added to `*`
}

func (l *applyLayer) paged() bool { return l.top >= 0 || l.skip > 0 }

// buildApply translates a query with Apply set (count: SELECT COUNT(*) of the result).
func buildApply(d Dialect, q *adapters.Query, count bool) (string, []any, error) {
	b, err := newBuilder(d, q)
	if err != nil {
		return "", nil, err
	}
	if len(q.Key) > 0 || q.Search != nil || q.After != nil || len(q.Select) > 0 {
		return "", nil, fmt.Errorf("sqldb: $apply with key, search, select or keyset continuation")
	}
	f, err := b.applyStatement(q.Apply.Steps, q, count)
	if err != nil {
		return "", nil, err
	}
	if b.err != nil {
		return "", nil, b.err
	}
	sqlText, args := finish(d, f)
	return sqlText, args, nil
}

// applyStatement renders the pipeline steps followed, for the request (q
// non-nil), by its $filter, $orderby, $top, $skip and $select; a concat
// branch (q nil) selects every column of b.out.
func (b *builder) applyStatement(steps []bound.Step, q *adapters.Query, count bool) (Frag, error) {
	inner, rest, err := b.applySource(steps)
	if err != nil {
		return Frag{}, err
	}
	layers, err := b.applyLayers(rest)
	if err != nil {
		return Frag{}, err
	}
	var sel Frag
	if q != nil {
		if layers, err = b.requestLayer(q, layers); err != nil {
			return Frag{}, err
		}
		if sel, err = b.applySelect(q); err != nil {
			return Frag{}, err
		}
	} else {
		var list []Frag
		for _, c := range b.out {
			if c.group != nil || c.dyn != nil { // a nested concat's "b" and "r" order it, and stay inside
				list = append(list, raw(b.ident(c.name)))
			}
		}
		sel = join(list, ", ")
	}
	f := inner
	for n, l := range layers {
		f = b.wrapLayer(f, l, n == len(layers)-1, sel, count, q == nil)
	}
	return f, nil
}

// applySource renders the steps up to and including the first groupby,
// aggregate or concat (setting b.out to its columns) and returns the steps
// after it.
func (b *builder) applySource(steps []bound.Step) (Frag, []bound.Step, error) {
	var comp []adapters.Computed
	i := 0
pre:
	for ; i < len(steps); i++ {
		switch st := steps[i].(type) {
		case *bound.Filter:
		case *bound.Compute:
			comp = append(comp, adapters.ComputedOf(st)...)
		case *bound.GroupBy, *bound.Aggregate, *bound.Concat:
			break pre
		default:
			return Frag{}, nil, notServed(st, "before groupby, aggregate or concat")
		}
	}
	if i == len(steps) {
		return Frag{}, nil, odataerr.NotImplemented("$apply without groupby, aggregate or concat is not supported")
	}
	if c, ok := steps[i].(*bound.Concat); ok {
		f, err := b.concatSource(steps[:i], c)
		return f, steps[i+1:], err
	}
	if len(comp) > 0 {
		if err := b.computedTable(comp); err != nil {
			return Frag{}, nil, err
		}
	}
	var pre []Frag
	for _, st := range steps[:i] {
		if st, ok := st.(*bound.Filter); ok {
			f, err := b.pred(st.Cond, false)
			if err != nil {
				return Frag{}, nil, err
			}
			pre = append(pre, paren(f))
		}
	}
	cols, inner, err := b.aggregating(steps[i], pre)
	if err != nil {
		return Frag{}, nil, err
	}
	b.out = cols
	return inner, steps[i+1:], nil
}

// applyLayers places the steps after aggregation in layers over it.
func (b *builder) applyLayers(steps []bound.Step) ([]*applyLayer, error) {
	layers := []*applyLayer{{top: -1}}
	for _, st := range steps {
		cur := layers[len(layers)-1]
		switch st := st.(type) {
		case *bound.Filter:
			f, err := b.pred(st.Cond, false)
			if err != nil {
				return nil, err
			}
			if cur.paged() {
				cur = &applyLayer{top: -1, order: cur.order}
				layers = append(layers, cur)
			}
			cur.where = append(cur.where, paren(f))
		case *bound.OrderBy:
			o, err := b.orderFrags(st.Items)
			if err != nil {
				return nil, err
			}
			if cur.paged() {
				cur = &applyLayer{top: -1}
				layers = append(layers, cur)
			}
			cur.order = append(o, cur.order...)
		case *bound.Top:
			if cur.top < 0 || st.N < cur.top {
				cur.top = st.N
			}
		case *bound.Skip:
			if cur.top >= 0 {
				cur = &applyLayer{top: -1, order: cur.order}
				layers = append(layers, cur)
			}
			cur.skip += st.N
		case *bound.Compute:
			extra, err := b.computeAfter(st)
			if err != nil {
				return nil, err
			}
			// The computed columns come from a SELECT of their own; what follows reads them.
			layers = append(layers, &applyLayer{top: -1, order: cur.order, extra: extra}, &applyLayer{top: -1, order: cur.order})
		default:
			return nil, notServed(st, "after groupby, aggregate or concat")
		}
	}
	return layers, nil
}

// requestLayer adds the request's options, which operate on the pipeline's
// result, to the last layer or to a new one.
func (b *builder) requestLayer(q *adapters.Query, layers []*applyLayer) ([]*applyLayer, error) {
	last := layers[len(layers)-1]
	final := &applyLayer{top: q.Top, skip: q.Skip, order: last.order}
	if q.Filter != nil {
		f, err := b.pred(q.Filter, false)
		if err != nil {
			return nil, err
		}
		final.where = append(final.where, paren(f))
	}
	if len(q.OrderBy) > 0 {
		o, err := b.orderFrags(q.OrderBy)
		if err != nil {
			return nil, err
		}
		final.order = append(o, final.order...)
	}
	if last.paged() || len(last.extra) > 0 {
		return append(layers, final), nil
	}
	// Nothing separates the request's options from the last layer: merge them.
	last.where = append(last.where, final.where...)
	last.order, last.top, last.skip = final.order, final.top, final.skip
	return layers, nil
}

// computeAfter renders the items of a compute step after aggregation over
// b.out's columns and adds their columns to b.out (after every item is
// rendered: the items do not see each other).
func (b *builder) computeAfter(st *bound.Compute) ([]Frag, error) {
	var extra []Frag
	var cols []applyCol
	for _, it := range st.Items {
		v, err := b.value(it.Expr)
		if err != nil {
			return nil, err
		}
		read := &metadata.Property{Name: it.Out.Name, Type: it.Out.T, Nullable: it.Out.Nullable}
		if i := lookupCol(b.out, it.Expr); i >= 0 {
			r := *b.out[i].read
			r.Name, r.Nullable = it.Out.Name, it.Out.Nullable
			read = &r
		} else if read.Type == metadata.EdmDecimal {
			read.Precision, read.Scale = 1, 0
		}
		name := "c" + strconv.Itoa(len(b.out)+len(cols))
		cols = append(cols, applyCol{name: name, read: read, dyn: it.Out})
		extra = append(extra, cat(b.exactComputed(v, it.Expr), " AS ", b.ident(name)))
	}
	b.out = append(b.out, cols...)
	return extra, nil
}

// wrapLayer renders SELECT … FROM (inner) aN with l's clauses; the last
// layer selects sel (or COUNT(*) without order and paging when count); a
// numbered last layer (a concat branch) adds each row's position in its
// order as b.rowNum.
func (b *builder) wrapLayer(inner Frag, l *applyLayer, last bool, sel Frag, count, numbered bool) Frag {
	if !last && !l.paged() && len(l.where) == 0 && len(l.extra) == 0 {
		return inner // nothing to do at this layer
	}
	// A total order: page boundaries and the client's order are stable.
	order := append(append([]Frag(nil), l.order...), b.groupOrder()...)
	list := raw("*")
	if len(l.extra) > 0 {
		list = cat("*, ", join(l.extra, ", "))
	}
	if last {
		list = sel
		switch {
		case count:
			list = raw("COUNT(*)")
		case numbered && len(order) > 0:
			list = cat(sel, ", ROW_NUMBER() OVER (ORDER BY ", join(order, ", "), ") AS ", b.ident(b.rowNum))
		case numbered:
			list = cat(sel, ", 1 AS ", b.ident(b.rowNum))
		}
	}
	parts := []any{"SELECT ", list, " FROM (", inner, ") ", b.newAlias()}
	if len(l.where) > 0 {
		parts = append(parts, " WHERE ", join(l.where, " AND "))
	}
	if last && count {
		return cat(parts...)
	}
	if (l.paged() || last) && len(order) > 0 {
		parts = append(parts, " ORDER BY ", join(order, ", "))
	}
	parts = append(parts, b.d.Paging(l.top, l.skip))
	return cat(parts...)
}

// groupOrder orders by every grouping column (and concat's branch
// number, first), ascending.
func (b *builder) groupOrder() []Frag {
	var out []Frag
	for _, c := range b.out {
		if c.group != nil || c.key {
			for _, k := range b.d.SortKeys(Operand{Frag: raw(b.ident(c.name)), Type: c.read.Type}) {
				out = append(out, b.d.OrderTerm(k, false, c.read.Nullable))
			}
		}
	}
	return out
}

// orderFrags renders order items over the aggregated columns.
func (b *builder) orderFrags(items []bound.OrderItem) ([]Frag, error) {
	var out []Frag
	for _, it := range items {
		v, err := b.value(it.Expr)
		if err != nil {
			return nil, err
		}
		for _, k := range b.d.SortKeys(v) {
			out = append(out, b.d.OrderTerm(k, it.Desc, mayBeNull(it.Expr)))
		}
	}
	return out, nil
}

// applySelect renders the result columns in the order of ApplyColumns.
func (b *builder) applySelect(q *adapters.Query) (Frag, error) {
	idx, err := applyIndexes(q, b.out)
	if err != nil {
		return Frag{}, err
	}
	list := make([]Frag, len(idx))
	for i, j := range idx {
		list[i] = raw(b.ident(b.out[j].name))
	}
	return join(list, ", "), nil
}

// outColumn resolves a grouping property or an alias after aggregation.
func (b *builder) outColumn(e bound.Expr) (Operand, bool) {
	i := lookupCol(b.out, e)
	if i < 0 {
		return Operand{}, false
	}
	c := b.out[i]
	return Operand{Frag: raw(b.ident(c.name)), Type: c.read.Type}, true
}

// lookupCol finds the column of a grouping property or alias reference, or -1.
func lookupCol(cols []applyCol, e bound.Expr) int {
	return slices.IndexFunc(cols, func(c applyCol) bool { return bound.Denotes(e, c.group, c.dyn) })
}

// notServed is the 501 for a transformation the translator cannot place.
func notServed(st bound.Step, where string) error {
	return odataerr.NotImplemented("the transformation %s %s is not supported", bound.StepName(st), where).At("$apply", int(st.Pos()))
}
