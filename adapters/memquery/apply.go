package memquery

import (
	"context"
	"fmt"
	"slices"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Aggregation ($apply) runs the pipeline the SQL translation serves
// (adapters/sqldb build_apply.go), with its results:
//
//	[filter | compute…] (groupby | aggregate | concat) [filter | orderby | top | skip | compute]…
//
// The statement's layers become materialised steps: a top or skip sorts
// the rows by the pending order followed by every grouping column (the
// total order SQL pages by) before it cuts, an orderby after paging
// replaces the pending order (a new SELECT over the paged rows), and the
// request's $filter, $orderby, $top and $skip come last. Anything else is
// 501 naming the transformation, as on SQL sources.

// aCol is one column of an aggregated row: a grouping property, or a
// dynamic property (aggregated, computed, or a grouping alias when key).
// A column with neither is a concat's branch number or row position.
type aCol struct {
	group *bound.Property
	dyn   *bound.Dynamic
	key   bool
	t     metadata.EdmType
}

// table is the instances flowing between the steps after aggregation.
type table struct {
	cols []aCol
	rows [][]any
}

// find returns the column of a grouping property or alias reference, or -1.
func (tb *table) find(e bound.Expr) int {
	return slices.IndexFunc(tb.cols, func(c aCol) bool { return bound.Denotes(e, c.group, c.dyn) })
}

// applied evaluates q.Apply over rows (entities of q.Apply.Input) followed
// by the request's Filter; the result is sorted by q.OrderBy, the
// pipeline's order and the grouping columns.
func (ev *Evaluator) applied(ctx context.Context, q *adapters.Query, rows [][]any) (*table, []bound.OrderItem, error) {
	if len(q.Key) > 0 || q.Search != nil || q.After != nil || len(q.Select) > 0 || q.Partition != nil {
		return nil, nil, fmt.Errorf("memquery: $apply with key, search, select, keyset continuation or partition")
	}
	tb, order, _, err := ev.pipeline(ctx, q.Apply.Input, rows, q.Apply.Steps)
	if err != nil {
		return nil, nil, err
	}
	if q.Filter != nil {
		if err := ev.filterTable(ctx, tb, q.Filter); err != nil {
			return nil, nil, err
		}
	}
	return tb, append(slices.Clone(q.OrderBy), order...), nil
}

// Apply answers a query with Apply set over rows, every entity of
// q.Apply.Input (in its Properties order): the pipeline, then the
// request's Filter, OrderBy, Skip and Top, and the columns of ApplySelect
// (or every grouping property, then every dynamic property).
func (ev *Evaluator) Apply(ctx context.Context, q *adapters.Query, rows [][]any) ([][]any, error) {
	tb, order, err := ev.applied(ctx, q, rows)
	if err != nil {
		return nil, err
	}
	if err := ev.sortTable(ctx, tb, order); err != nil {
		return nil, err
	}
	pageTable(tb, q.Skip, q.Top)
	idx, err := outIndexes(q, tb)
	if err != nil {
		return nil, err
	}
	out := make([][]any, len(tb.rows))
	for i, r := range tb.rows {
		v := make([]any, len(idx))
		for j, k := range idx {
			v[j] = r[k]
		}
		out[i] = v
	}
	return out, nil
}

// ApplyCount counts the result of a query with Apply set (before Skip and Top).
func (ev *Evaluator) ApplyCount(ctx context.Context, q *adapters.Query, rows [][]any) (int64, error) {
	tb, _, err := ev.applied(ctx, q, rows)
	if err != nil {
		return 0, err
	}
	return int64(len(tb.rows)), nil
}

// outIndexes maps the result columns (ApplySelect, or every group then
// every dynamic property) to tb's columns.
func outIndexes(q *adapters.Query, tb *table) ([]int, error) {
	var idx []int
	if len(q.ApplySelect) == 0 {
		for i, c := range tb.cols {
			if c.group != nil {
				idx = append(idx, i)
			}
		}
		for i, c := range tb.cols {
			if c.dyn != nil {
				idx = append(idx, i)
			}
		}
		return idx, nil
	}
	for _, e := range q.ApplySelect {
		i := tb.find(e)
		if i < 0 {
			return nil, odataerr.BadRequest("$select names a value the $apply result does not have")
		}
		idx = append(idx, i)
	}
	return idx, nil
}

// pipeline runs steps over entities of t: the filters and computes before
// the aggregating step, the step, and the steps after it. It returns the
// result, its pending order and whether its last step paged it.
func (ev *Evaluator) pipeline(ctx context.Context, t *metadata.EntityType, rows [][]any, steps []bound.Step) (*table, []bound.OrderItem, bool, error) {
	saved := ev.alias
	ev.alias = make(map[string]int, len(saved))
	for k, v := range saved {
		ev.alias[k] = v
	}
	defer func() { ev.alias = saved }()
	i := 0
pre:
	for ; i < len(steps); i++ {
		var err error
		switch st := steps[i].(type) {
		case *bound.Filter:
			rows, err = ev.filterEntities(ctx, t, rows, st.Cond)
		case *bound.Compute:
			rows, err = ev.computeEntities(ctx, t, rows, st)
		case *bound.GroupBy, *bound.Aggregate, *bound.Concat:
			break pre
		default:
			err = notServed(st, "before groupby, aggregate or concat")
		}
		if err != nil {
			return nil, nil, false, err
		}
	}
	if i == len(steps) {
		return nil, nil, false, odataerr.NotImplemented("$apply without groupby, aggregate or concat is not supported")
	}
	var tb *table
	var err error
	switch st := steps[i].(type) {
	case *bound.Concat:
		tb, err = ev.concat(ctx, t, rows, st)
	case *bound.GroupBy:
		tb, err = ev.aggregate(ctx, t, rows, st.Keys, st.Items, st)
	case *bound.Aggregate:
		tb, err = ev.aggregate(ctx, t, rows, nil, st.Items, st)
	}
	if err != nil {
		return nil, nil, false, err
	}
	order, paged, err := ev.after(ctx, tb, steps[i+1:])
	return tb, order, paged, err
}

// after runs the steps after aggregation on tb. A paged layer of the SQL
// statement ends where a filter, compute or orderby follows a top or skip:
// the new layer keeps the order for a filter or compute, not for an orderby.
func (ev *Evaluator) after(ctx context.Context, tb *table, steps []bound.Step) ([]bound.OrderItem, bool, error) {
	var order []bound.OrderItem
	paged := false
	for _, st := range steps {
		var err error
		switch st := st.(type) {
		case *bound.Filter:
			err, paged = ev.filterTable(ctx, tb, st.Cond), false
		case *bound.OrderBy:
			if paged {
				order, paged = nil, false
			}
			order = append(slices.Clone(st.Items), order...)
		case *bound.Top:
			if err = ev.sortTable(ctx, tb, order); err == nil {
				pageTable(tb, 0, st.N)
			}
			paged = true
		case *bound.Skip:
			if err = ev.sortTable(ctx, tb, order); err == nil {
				pageTable(tb, st.N, -1)
			}
			paged = true
		case *bound.Compute:
			err, paged = ev.computeTable(ctx, tb, st), false
		default:
			err = notServed(st, "after groupby, aggregate or concat")
		}
		if err != nil {
			return nil, false, err
		}
	}
	return order, paged, nil
}

// sortTable sorts tb's rows stably by order, then by every grouping column
// (and concat's branch and position) ascending, the total order of SQL.
func (ev *Evaluator) sortTable(ctx context.Context, tb *table, order []bound.OrderItem) error {
	type item struct {
		row  []any
		keys []any
	}
	items := make([]item, len(tb.rows))
	for i, r := range tb.rows {
		keys := make([]any, len(order))
		for j, it := range order {
			v, err := ev.eval(ctx, it.Expr, tb.env(r))
			if err != nil {
				return err
			}
			keys[j] = v
		}
		items[i] = item{row: r, keys: keys}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		if c := compareKeys(order, a.keys, b.keys); c != 0 {
			return c
		}
		for j, c := range tb.cols {
			if c.group != nil || c.key {
				if d := orderValues(c.t, a.row[j], b.row[j]); d != 0 {
					return d
				}
			}
		}
		return 0
	})
	for i, it := range items {
		tb.rows[i] = it.row
	}
	return nil
}

// pageTable drops the first skip rows and keeps top of the rest (top < 0: all).
func pageTable(tb *table, skip, top int64) {
	skip = min(max(skip, 0), int64(len(tb.rows)))
	tb.rows = tb.rows[skip:]
	if top >= 0 && top < int64(len(tb.rows)) {
		tb.rows = tb.rows[:top]
	}
}

// env binds $it to an aggregated row of tb.
func (tb *table) env(r []any) *env { return &env{row: r, out: tb} }

// filterTable keeps the rows of tb for which cond is true.
func (ev *Evaluator) filterTable(ctx context.Context, tb *table, cond bound.Expr) error {
	kept := tb.rows[:0:0]
	for _, r := range tb.rows {
		v, err := ev.eval(ctx, cond, tb.env(r))
		if err != nil {
			return err
		}
		if b, _ := v.(bool); b {
			kept = append(kept, r)
		}
	}
	tb.rows = kept
	return nil
}

// computeTable adds a column per item to every row of tb (the items do not
// see each other).
func (ev *Evaluator) computeTable(ctx context.Context, tb *table, st *bound.Compute) error {
	for i, r := range tb.rows {
		x := slices.Grow(slices.Clone(r), len(st.Items))
		for _, it := range st.Items {
			v, err := ev.computedValue(ctx, it.Expr, it.Out.T, tb.env(r))
			if err != nil {
				return err
			}
			x = append(x, v)
		}
		tb.rows[i] = x
	}
	for _, it := range st.Items {
		tb.cols = append(tb.cols, aCol{dyn: it.Out, t: it.Out.T})
	}
	return nil
}

// computedValue evaluates a computed value as the SQL sources read it
// (decimal quotients rounded to bound.QuotientDigits).
func (ev *Evaluator) computedValue(ctx context.Context, x bound.Expr, t metadata.EdmType, en *env) (any, error) {
	v, err := ev.eval(ctx, x, en)
	if err != nil {
		return nil, err
	}
	if t == metadata.EdmDecimal && bound.HasDecimalQuotient(x) {
		v = roundQuotient(v)
	}
	return outValue(v), nil
}

// notServed is the 501 for a transformation the pipeline cannot place.
func notServed(st bound.Step, where string) error {
	return odataerr.NotImplemented("the transformation %s %s is not supported", bound.StepName(st), where).At("$apply", int(st.Pos()))
}
