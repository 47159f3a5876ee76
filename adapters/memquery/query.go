package memquery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Match returns the rows (entities of q.Set.Type in its Properties order)
// that q's Key, Filter and Search select, in their original order. The
// result shares the row slices. A query with Apply is 501 here: its rows
// are not entities (see Apply and ApplyCount).
func (ev *Evaluator) Match(ctx context.Context, q *adapters.Query, rows [][]any) ([][]any, error) {
	if q.Apply != nil {
		return nil, fmt.Errorf("memquery: Match of a query with $apply (see Apply and ApplyCount)")
	}
	t := q.Set.Type
	rows, err := ev.withComputed(ctx, q, t, rows)
	if err != nil {
		return nil, err
	}
	return keep(ctx, rows, func(r []any) (bool, error) { return ev.matches(ctx, q, t, r) })
}

// keep returns the rows for which ok is true, in their order (checking
// ctx now and then).
func keep(ctx context.Context, rows [][]any, ok func([]any) (bool, error)) ([][]any, error) {
	var out [][]any
	for i, r := range rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		yes, err := ok(r)
		if err != nil {
			return nil, err
		}
		if yes {
			out = append(out, r)
		}
	}
	return out, nil
}

func (ev *Evaluator) matches(ctx context.Context, q *adapters.Query, t *metadata.EntityType, r []any) (bool, error) {
	for _, k := range q.Key {
		i, err := ev.column(t, k.Prop)
		if err != nil {
			return false, err
		}
		if !equalValues(k.Prop.Type, r[i], k.Value) {
			return false, nil
		}
	}
	if q.Filter != nil {
		ok, err := ev.Filter(ctx, t, r, q.Filter)
		if err != nil || !ok {
			return false, err
		}
	}
	if q.Search != nil {
		return ev.search(t, r, q.Search)
	}
	return true, nil
}

// search evaluates a $search tree (two-valued: a null property contains nothing).
func (ev *Evaluator) search(t *metadata.EntityType, r []any, s bound.Search) (bool, error) {
	switch s := s.(type) {
	case *bound.SearchTerm:
		term := strings.ToLower(s.Text)
		for _, p := range t.Searchable() {
			i, err := ev.column(t, p)
			if err != nil {
				return false, err
			}
			if v, ok := r[i].(string); ok && strings.Contains(strings.ToLower(v), term) {
				return true, nil
			}
		}
		return false, nil
	case *bound.SearchAnd:
		l, err := ev.search(t, r, s.Left)
		if err != nil || !l {
			return false, err
		}
		return ev.search(t, r, s.Right)
	case *bound.SearchOr:
		l, err := ev.search(t, r, s.Left)
		if err != nil || l {
			return l, err
		}
		return ev.search(t, r, s.Right)
	case *bound.SearchNot:
		x, err := ev.search(t, r, s.X)
		return !x, err
	}
	return false, odataerr.NotImplemented("this $search expression is not supported").At("$search", -1)
}

// Run answers q over rows, every entity of q.Set.Type (in its Properties
// order): Key, Filter and Search, then OrderBy (nulls first ascending),
// After (keyset continuation), Skip and Top, and the projection onto
// q.Columns(); with Apply set, the aggregation (see Apply).
func (ev *Evaluator) Run(ctx context.Context, q *adapters.Query, rows [][]any) ([][]any, error) {
	if q.Apply != nil {
		return ev.Apply(ctx, q, rows)
	}
	matched, err := ev.Match(ctx, q, rows)
	if err != nil {
		return nil, err
	}
	ordered, err := ev.Order(ctx, q, matched)
	if err != nil {
		return nil, err
	}
	return ev.Page(q, ordered)
}

// sortable is a row with the values of its order items.
type sortable struct {
	row  []any
	keys []any
}

// Order sorts rows (entities of q.Set.Type) by q.OrderBy, stably, and
// drops those not after q.After.
func (ev *Evaluator) Order(ctx context.Context, q *adapters.Query, rows [][]any) ([][]any, error) {
	if len(q.OrderBy) == 0 {
		return rows, nil
	}
	t := q.Set.Type
	items := make([]sortable, len(rows))
	for i, r := range rows {
		keys := make([]any, len(q.OrderBy))
		for j, it := range q.OrderBy {
			v, err := ev.eval(ctx, it.Expr, &env{t: t, row: r})
			if err != nil {
				return nil, err
			}
			keys[j] = v
		}
		items[i] = sortable{row: r, keys: keys}
	}
	slices.SortStableFunc(items, func(a, b sortable) int { return compareKeys(q.OrderBy, a.keys, b.keys) })
	out := make([][]any, 0, len(items))
	for _, it := range items {
		if q.After != nil && compareKeys(q.OrderBy, it.keys, q.After) <= 0 {
			continue
		}
		out = append(out, it.row)
	}
	return out, nil
}

// compareKeys orders two tuples of order values per the order items.
func compareKeys(order []bound.OrderItem, a, b []any) int {
	for i, it := range order {
		if i >= len(a) || i >= len(b) {
			break
		}
		c := orderValues(it.Expr.Type(), a[i], b[i])
		if it.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// Page applies Skip and Top (or the Partition) to ordered rows and
// projects them onto q.Columns() (plus the partition columns).
func (ev *Evaluator) Page(q *adapters.Query, rows [][]any) ([][]any, error) {
	if q.Partition != nil {
		return ev.partition(q, rows)
	}
	skip := min(max(q.Skip, 0), int64(len(rows)))
	rows = rows[skip:]
	if q.Top >= 0 && q.Top < int64(len(rows)) {
		rows = rows[:q.Top]
	}
	return ev.project(q, rows, nil)
}

// partition pages ordered rows per group of equal Partition.By values and
// appends each kept row's position in its group (and the group's size).
// With Count the first row of every group is kept even outside the page.
func (ev *Evaluator) partition(q *adapters.Query, rows [][]any) ([][]any, error) {
	pt := q.Partition
	idx := make([]int, len(pt.By))
	for i, p := range pt.By {
		j, err := ev.column(q.Set.Type, p)
		if err != nil {
			return nil, err
		}
		idx[i] = j
	}
	groups := make([]string, len(rows))
	sizes := map[string]int64{}
	for i, r := range rows {
		groups[i] = groupKey(r, idx)
		sizes[groups[i]]++
	}
	pos := map[string]int64{}
	var kept, extra [][]any
	for i, r := range rows {
		g := groups[i]
		pos[g]++
		p := pos[g]
		if !pt.InPage(p) && !(pt.Count && p == 1) {
			continue
		}
		kept = append(kept, r)
		if pt.Count {
			extra = append(extra, []any{p, sizes[g]})
		} else {
			extra = append(extra, []any{p})
		}
	}
	return ev.project(q, kept, extra)
}

// groupKey renders the values of a row at idx as a grouping key.
func groupKey(r []any, idx []int) string {
	var sb strings.Builder
	for _, j := range idx {
		v := r[j]
		if t, ok := v.(time.Time); ok {
			v = t.UTC().Format(time.RFC3339Nano)
		}
		fmt.Fprintf(&sb, "%T:%v\x00", v, v)
	}
	return sb.String()
}

// project copies rows onto q.Columns(), each followed by its extra values.
func (ev *Evaluator) project(q *adapters.Query, rows [][]any, extra [][]any) ([][]any, error) {
	cols := q.Columns()
	idx := make([]int, len(cols))
	for i, p := range cols {
		j, err := ev.column(q.Set.Type, p)
		if err != nil {
			return nil, err
		}
		idx[i] = j
	}
	out := make([][]any, len(rows))
	for i, r := range rows {
		v := make([]any, len(idx), len(idx)+2)
		for j, k := range idx {
			v[j] = r[k]
		}
		if extra != nil {
			v = append(v, extra[i]...)
		}
		out[i] = v
	}
	return out, nil
}

// SliceRows serves rows as adapters.Rows.
type SliceRows struct {
	rows [][]any
	i    int
}

var _ adapters.Rows = (*SliceRows)(nil)

// NewRows returns rows as adapters.Rows.
func NewRows(rows [][]any) *SliceRows { return &SliceRows{rows: rows, i: -1} }

func (s *SliceRows) Next() bool    { s.i++; return s.i < len(s.rows) }
func (s *SliceRows) Values() []any { return s.rows[s.i] }
func (s *SliceRows) Err() error    { return nil }
func (s *SliceRows) Close() error  { return nil }
