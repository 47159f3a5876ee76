package sqldb

import (
	"fmt"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Aggregation ($apply).
//
// A served pipeline is `[filter…] (groupby | aggregate) [filter | orderby |
// top | skip]…` and becomes one statement: the filters before aggregation
// are the WHERE of an aggregating SELECT (GROUP BY the grouping properties,
// single-valued navigation LEFT JOINed), whose columns get names of the
// translator's choosing ("g0"… for groups, "a0"… for aggregated values;
// client aliases never reach the SQL). The steps after aggregation and the
// request's $filter/$orderby/$top/$skip wrap it in derived tables reading
// those names; a new derived table starts only where a step must see the
// result of a preceding top or skip:
//
//	SELECT "g0", "a0" FROM (SELECT t1."Country" AS "g0", SUM(t0."Freight") AS "a0"
//	  FROM "Orders" t0 LEFT JOIN "Customers" t1 ON … WHERE … GROUP BY t1."Country") a1
//	  WHERE "a0" > ? ORDER BY "a0" DESC, "g0" LIMIT ?
//
// The final order always ends with every grouping column (unique per row),
// so offset paging is stable. Any other transformation is 501 naming it.

// applyCol is one column of the aggregating SELECT.
type applyCol struct {
	name  string             // column name in the derived tables
	read  *metadata.Property // how the value is read back (type, scale)
	group *bound.Property    // grouping property, or nil
	dyn   *bound.Dynamic     // aggregated value, or nil
}

// applyLayer is one SELECT over the previous one: WHERE, ORDER BY and paging.
type applyLayer struct {
	where []Frag
	order []Frag
	top   int64 // -1: no limit
	skip  int64
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
	steps := q.Apply.Steps
	var pre []Frag
	i := 0
pre:
	for ; i < len(steps); i++ {
		switch st := steps[i].(type) {
		case *bound.Filter:
			f, err := b.pred(st.Cond, false)
			if err != nil {
				return "", nil, err
			}
			pre = append(pre, paren(f))
		case *bound.GroupBy, *bound.Aggregate:
			break pre
		default:
			return "", nil, notServed(st, "before groupby or aggregate")
		}
	}
	if i == len(steps) {
		return "", nil, odataerr.NotImplemented("$apply without groupby or aggregate is not supported")
	}
	cols, inner, err := b.aggregating(steps[i], pre)
	if err != nil {
		return "", nil, err
	}
	b.out = cols
	layers := []*applyLayer{{top: -1}}
	for _, st := range steps[i+1:] {
		cur := layers[len(layers)-1]
		switch st := st.(type) {
		case *bound.Filter:
			f, err := b.pred(st.Cond, false)
			if err != nil {
				return "", nil, err
			}
			if cur.paged() {
				cur = &applyLayer{top: -1, order: cur.order}
				layers = append(layers, cur)
			}
			cur.where = append(cur.where, paren(f))
		case *bound.OrderBy:
			o, err := b.orderFrags(st.Items)
			if err != nil {
				return "", nil, err
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
		default:
			return "", nil, notServed(st, "after groupby or aggregate")
		}
	}
	// The request's options operate on the pipeline's result.
	last := layers[len(layers)-1]
	final := &applyLayer{top: q.Top, skip: q.Skip, order: last.order}
	if q.Filter != nil {
		f, err := b.pred(q.Filter, false)
		if err != nil {
			return "", nil, err
		}
		final.where = append(final.where, paren(f))
	}
	if len(q.OrderBy) > 0 {
		o, err := b.orderFrags(q.OrderBy)
		if err != nil {
			return "", nil, err
		}
		final.order = append(o, final.order...)
	}
	if !last.paged() {
		// Nothing separates the request's options from the last layer: merge them.
		last.where = append(last.where, final.where...)
		last.order, last.top, last.skip = final.order, final.top, final.skip
	} else {
		layers = append(layers, final)
	}
	sel, err := b.applySelect(q)
	if err != nil {
		return "", nil, err
	}
	f := inner
	for n, l := range layers {
		f = b.wrapLayer(f, l, n == len(layers)-1, sel, count)
	}
	if b.err != nil {
		return "", nil, b.err
	}
	sqlText, args := finish(d, f)
	return sqlText, args, nil
}

// wrapLayer renders SELECT … FROM (inner) aN with l's clauses; the last
// layer selects sel (or COUNT(*) without order and paging when count).
func (b *builder) wrapLayer(inner Frag, l *applyLayer, last bool, sel Frag, count bool) Frag {
	list := raw("*")
	if last {
		list = sel
		if count {
			list = raw("COUNT(*)")
		}
	}
	parts := []any{"SELECT ", list, " FROM (", inner, ") ", b.newAlias()}
	if len(l.where) > 0 {
		parts = append(parts, " WHERE ", join(l.where, " AND "))
	}
	if last && count {
		return cat(parts...)
	}
	if l.paged() || last {
		// A total order: page boundaries and the client's order are stable.
		order := append(append([]Frag(nil), l.order...), b.groupOrder()...)
		if len(order) > 0 {
			parts = append(parts, " ORDER BY ", join(order, ", "))
		}
	}
	parts = append(parts, b.d.Paging(l.top, l.skip))
	return cat(parts...)
}

// groupOrder orders by every grouping column, ascending.
func (b *builder) groupOrder() []Frag {
	var out []Frag
	for _, c := range b.out {
		if c.group != nil {
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
	for i, c := range cols {
		switch e := e.(type) {
		case *bound.Property:
			if c.group != nil && e.Variable == "" && samePath(c.group, e) {
				return i
			}
		case *bound.AliasRef:
			if c.dyn != nil && c.dyn.Name == e.Prop.Name {
				return i
			}
		}
	}
	return -1
}

func samePath(a, b *bound.Property) bool {
	if a.Prop != b.Prop || len(a.Nav) != len(b.Nav) {
		return false
	}
	for i := range a.Nav {
		if a.Nav[i] != b.Nav[i] {
			return false
		}
	}
	return true
}

// notServed is the 501 for a transformation the translator cannot place.
func notServed(st bound.Step, where string) error {
	return odataerr.NotImplemented("the transformation %s %s is not supported", stepName(st), where).At("$apply", int(st.Pos()))
}

func stepName(st bound.Step) string {
	switch st.(type) {
	case *bound.Filter:
		return "filter"
	case *bound.SearchStep:
		return "search"
	case *bound.OrderBy:
		return "orderby"
	case *bound.Top:
		return "top"
	case *bound.Skip:
		return "skip"
	case *bound.Compute:
		return "compute"
	case *bound.Aggregate:
		return "aggregate"
	case *bound.GroupBy:
		return "groupby"
	case *bound.Concat:
		return "concat"
	}
	return fmt.Sprintf("%T", st)
}
