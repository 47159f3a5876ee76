package gateway

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// $expand runs without N+1: the parents of a page are read as usual and
// buffered (at most one page), then every expanded navigation property is
// read with ONE statement on its target set, restricted to the parents'
// related entities through the referential constraints
// (`Orders.CustomerID in ('ALFKI', 'ANATR', …)`), and the related rows are
// grouped by constraint values in Go. Nested $expand repeats this one level
// down: a request costs 1 + (number of expanded navigation properties)
// statements per page.
//
// Nested $top and $skip apply per parent: the statement reads every related
// row matching the nested $filter, in the nested order, and the grouping
// keeps rows skip+1 … skip+top of each parent (and counts all of them for
// `Nav@odata.count`). Pushing the per-parent limit into SQL with a window
// function is a later optimisation.

// maxExpandParams bounds the key values (bound parameters) in one related
// read, well under the engines' limits (SQLite 32766, MySQL and PostgreSQL
// 65535 parameters per statement). A page of parents never reaches it
// (MaxPageSize is at most 2000), so the first level is always one statement;
// a deeper level whose parents (all related rows of the level above) hold
// more key values than this is read in chunks of parents.
const maxExpandParams = 20000

// expandPlan is one expanded navigation property of a plan.
type expandPlan struct {
	nav *metadata.NavigationProperty
	// parentIdx are the parent columns holding the constraint properties
	// (Constraints[i].Property), in constraint order.
	parentIdx []int
	// child reads the target set: nested options, output columns, hidden
	// constraint columns; its Filter is the nested $filter, and top, skip and
	// count are the nested options applied per parent.
	child *plan
	// childIdx are the child columns holding Constraints[i].Referenced.
	childIdx []int
}

// expanded holds the related entities of one row, one entry per expandPlan
// of the row's plan. It sits in the extra last slot of a buffered row.
type expanded struct {
	related [][][]any
	counts  []int64
}

// planExpands binds nothing: it turns bound expand items into expand plans of
// p, fetching the parent-side constraint columns through index (which adds a
// column to p's Select when it is not there yet, hidden from the output).
func (q *request) planExpands(p *plan, xs []*bound.Expand, index func(*metadata.Property) int) {
	for _, x := range xs {
		ep := &expandPlan{nav: x.Nav}
		for _, c := range x.Nav.Constraints {
			ep.parentIdx = append(ep.parentIdx, index(c.Property))
		}
		ep.child = q.planChild(x, ep)
		p.expands = append(p.expands, ep)
		q.touched = append(q.touched, x.Nav.TargetSet.Name)
	}
}

// planChild plans the read of x's target set.
func (q *request) planChild(x *bound.Expand, ep *expandPlan) *plan {
	set := x.Nav.TargetSet
	t := set.Type
	c := &plan{top: x.Top, skip: x.Skip, count: x.Count}
	c.query.Set = set
	c.query.Filter = x.Filter
	c.query.Top = -1
	c.out = t.Properties
	if len(x.Select) > 0 && len(x.Select) < len(t.Properties) {
		c.out, c.selected = x.Select, true
	}
	c.query.OrderBy = appendKeyOrder(x.OrderBy, t)
	cols := append([]*metadata.Property(nil), c.out...)
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
		c.keyIdx = append(c.keyIdx, index(k))
	}
	for _, con := range x.Nav.Constraints {
		ep.childIdx = append(ep.childIdx, index(con.Referenced))
	}
	q.planExpands(c, x.Expand, index)
	c.query.Select = cols
	return c
}

// expandRows drains the parent rows of a page (the query's Top bounds them),
// closes them so the connection is free for the related reads, expands the
// first limit rows and returns the buffered rows.
func (q *request) expandRows(ctx context.Context, p *plan, rows adapters.Rows, limit int64) (adapters.Rows, error) {
	var buf [][]any
	for rows.Next() {
		buf = append(buf, bufferRow(rows.Values()))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	page := buf
	if int64(len(page)) > limit {
		page = page[:limit]
	}
	if err := q.expandPage(ctx, p, page); err != nil {
		return nil, err
	}
	return &bufferedRows{rows: buf, i: -1}, nil
}

// bufferRow copies a row's values (valid only until the next Next) with one
// extra slot for its *expanded.
func bufferRow(vals []any) []any {
	out := make([]any, len(vals)+1)
	for i, v := range vals {
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b)
		}
		out[i] = v
	}
	return out
}

// expandPage reads the related entities of rows (buffered rows of plan p)
// for every expanded navigation property of p, one statement each.
func (q *request) expandPage(ctx context.Context, p *plan, rows [][]any) error {
	if len(p.expands) == 0 {
		return nil
	}
	slot := len(p.query.Columns())
	for _, r := range rows {
		r[slot] = &expanded{related: make([][][]any, len(p.expands)), counts: make([]int64, len(p.expands))}
	}
	for i, ep := range p.expands {
		if err := q.expandOne(ctx, ep, i, rows, slot); err != nil {
			return err
		}
	}
	return nil
}

// expandOne fills entry i of the parents' *expanded with their related rows.
func (q *request) expandOne(ctx context.Context, ep *expandPlan, i int, parents [][]any, slot int) error {
	byKey := map[string][]int{} // constraint values → parents holding them
	var tuples [][]any
	for pi, r := range parents {
		vals, k, ok := tupleOf(ep.nav.Constraints, r, ep.parentIdx, true)
		if !ok {
			continue // a null foreign key relates to nothing
		}
		if _, seen := byKey[k]; !seen {
			tuples = append(tuples, vals)
		}
		byKey[k] = append(byKey[k], pi)
	}
	kept := map[string][][]any{}
	counts := map[string]int64{}
	var all [][]any // every kept related row once, for the next level
	per := max(1, maxExpandParams/len(ep.parentIdx))
	for start := 0; start < len(tuples); start += per {
		chunk := tuples[start:min(start+per, len(tuples))]
		cq := ep.child.query
		cq.Filter = and([]bound.Expr{restrictTo(ep.nav.Constraints, chunk), ep.child.query.Filter})
		rows, err := q.src().Query(ctx, &cq)
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := rows.Values()
			_, k, _ := tupleOf(ep.nav.Constraints, vals, ep.childIdx, false)
			n := counts[k]
			counts[k] = n + 1
			if n < ep.child.skip || ep.child.top >= 0 && n >= ep.child.skip+ep.child.top {
				continue
			}
			row := bufferRow(vals)
			kept[k] = append(kept[k], row)
			all = append(all, row)
		}
		err = rows.Err()
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	for k, idx := range byKey {
		if !ep.nav.Collection && counts[k] > 1 {
			return odataerr.New(http.StatusInternalServerError, "NavigationNotUnique",
				"more than one entity in '%s' is related through the single-valued navigation property '%s'", ep.child.query.Set.Name, ep.nav.Name)
		}
		for _, pi := range idx {
			x := parents[pi][slot].(*expanded)
			x.related[i], x.counts[i] = kept[k], counts[k]
		}
	}
	return q.expandPage(ctx, ep.child, all)
}

// tupleOf returns the constraint values of row at idx and their grouping
// key; ok is false when one of them is null. The key renders each value as
// its URL literal, so that a parent's and a child's values of the same Edm
// value give the same key whichever side's property they come from.
func tupleOf(cons []metadata.ReferentialConstraint, row []any, idx []int, parent bool) ([]any, string, bool) {
	vals := make([]any, len(idx))
	var sb strings.Builder
	for j, ix := range idx {
		v := row[ix]
		if v == nil {
			return nil, "", false
		}
		vals[j] = v
		t := cons[j].Referenced.Type
		if parent {
			t = cons[j].Property.Type
		}
		sb.WriteString(keyLiteral(t, v))
		sb.WriteByte(0)
	}
	return vals, sb.String(), true
}

// restrictTo is the predicate on the target set selecting the entities
// related to the parent tuples: `Ref in (v1, v2, …)` for one constraint,
// else an or of ands, as a balanced tree so that its nesting stays shallow
// (SQLite limits expression depth).
func restrictTo(cons []metadata.ReferentialConstraint, tuples [][]any) bound.Expr {
	if len(cons) == 1 {
		ref := cons[0].Referenced
		if len(tuples) == 1 {
			return eqConst(&bound.Property{Prop: ref}, ref.Type, tuples[0][0])
		}
		list := make([]bound.Expr, len(tuples))
		for i, t := range tuples {
			list[i] = &bound.Const{T: ref.Type, Value: t[0]}
		}
		return &bound.In{X: &bound.Property{Prop: ref}, List: list}
	}
	preds := make([]bound.Expr, len(tuples))
	for i, t := range tuples {
		conds := make([]bound.Expr, len(cons))
		for j, c := range cons {
			conds[j] = eqConst(&bound.Property{Prop: c.Referenced}, c.Referenced.Type, t[j])
		}
		preds[i] = and(conds)
	}
	return balancedOr(preds)
}

func balancedOr(preds []bound.Expr) bound.Expr {
	if len(preds) == 1 {
		return preds[0]
	}
	mid := len(preds) / 2
	return &bound.Binary{Op: bound.Or, Left: balancedOr(preds[:mid]), Right: balancedOr(preds[mid:]), T: metadata.EdmBoolean}
}

// bufferedRows serves buffered rows as adapters.Rows.
type bufferedRows struct {
	rows [][]any
	i    int
}

var _ adapters.Rows = (*bufferedRows)(nil)

func (b *bufferedRows) Next() bool    { b.i++; return b.i < len(b.rows) }
func (b *bufferedRows) Values() []any { return b.rows[b.i] }
func (b *bufferedRows) Err() error    { return nil }
func (b *bufferedRows) Close() error  { return nil }
