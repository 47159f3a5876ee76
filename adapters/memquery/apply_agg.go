package memquery

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// filterEntities keeps the entities (of t) for which cond is true.
func (ev *Evaluator) filterEntities(ctx context.Context, t *metadata.EntityType, rows [][]any, cond bound.Expr) ([][]any, error) {
	return keep(ctx, rows, func(r []any) (bool, error) { return ev.Filter(ctx, t, r, cond) })
}

// computeEntities appends the items' values to every entity (after the
// values of earlier computes), where aliases find them (ev.alias).
func (ev *Evaluator) computeEntities(ctx context.Context, t *metadata.EntityType, rows [][]any, st *bound.Compute) ([][]any, error) {
	width := len(t.Properties)
	if len(rows) > 0 {
		width = len(rows[0])
	}
	out := make([][]any, len(rows))
	for i, r := range rows {
		x := slices.Grow(slices.Clone(r), len(st.Items))
		for _, it := range st.Items {
			v, err := ev.computedValue(ctx, it.Expr, it.Out.T, &env{t: t, row: r})
			if err != nil {
				return nil, err
			}
			x = append(x, v)
		}
		out[i] = x
	}
	for j, it := range st.Items {
		ev.alias[it.Out.Name] = width + j
	}
	return out, nil
}

// aggregate groups entities of t by keys (none: one group, even of no
// entities) and computes items per group: one row per group with the key
// values, then the aggregated values. Groups are told apart exactly
// (strings by code point, instants as instants), as in SQL.
func (ev *Evaluator) aggregate(ctx context.Context, t *metadata.EntityType, rows [][]any, keys []bound.Expr, items []*bound.Aggregation, st bound.Step) (*table, error) {
	tb := &table{}
	for _, k := range keys {
		switch k := k.(type) {
		case *bound.Property:
			if k.Variable == "" {
				tb.cols = append(tb.cols, aCol{group: k, t: k.Prop.Type})
				continue
			}
		case *bound.AliasRef:
			tb.cols = append(tb.cols, aCol{dyn: k.Prop, key: true, t: k.Prop.T})
			continue
		}
		return nil, odataerr.NotImplemented("grouping by this value is not supported").At("$apply", int(k.Pos()))
	}
	for _, it := range items {
		tb.cols = append(tb.cols, aCol{dyn: it.Out, t: it.Out.T})
	}
	if len(tb.cols) == 0 {
		return nil, odataerr.BadRequest("the aggregation has no result columns").At("$apply", int(st.Pos()))
	}
	type group struct {
		keys []any
		rows [][]any
	}
	var groups []*group
	byKey := map[string]*group{}
	if len(keys) == 0 {
		groups = append(groups, &group{})
	}
	for i, r := range rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if len(keys) == 0 {
			groups[0].rows = append(groups[0].rows, r)
			continue
		}
		vals := make([]any, len(keys))
		for j, k := range keys {
			v, err := ev.eval(ctx, k, &env{t: t, row: r})
			if err != nil {
				return nil, err
			}
			vals[j] = outValue(v)
		}
		id := distinctKey(tb.cols[:len(keys)], vals)
		g := byKey[id]
		if g == nil {
			g = &group{keys: vals}
			byKey[id] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, r)
	}
	for _, g := range groups {
		row := slices.Grow(g.keys, len(items))
		for _, it := range items {
			v, err := ev.aggregation(ctx, t, g.rows, it)
			if err != nil {
				return nil, err
			}
			row = append(row, v)
		}
		tb.rows = append(tb.rows, row)
	}
	return tb, nil
}

// aggregation computes one aggregated value over rows (see
// bound.Aggregation for the result types); nulls are ignored.
func (ev *Evaluator) aggregation(ctx context.Context, t *metadata.EntityType, rows [][]any, it *bound.Aggregation) (any, error) {
	if it.Method == bound.MethodCount {
		return int64(len(rows)), nil
	}
	var vals []any
	for _, r := range rows {
		v, err := ev.eval(ctx, it.Expr, &env{t: t, row: r})
		if err != nil {
			return nil, err
		}
		if v != nil {
			vals = append(vals, v)
		}
	}
	switch it.Method {
	case bound.MethodCountDistinct:
		seen := map[string]bool{}
		col := []aCol{{t: it.Expr.Type()}}
		for _, v := range vals {
			seen[distinctKey(col, []any{outValue(v)})] = true
		}
		return int64(len(seen)), nil
	case bound.MethodMin, bound.MethodMax:
		var best any
		for _, v := range vals {
			c := orderValues(it.Expr.Type(), v, best)
			if best == nil || (it.Method == bound.MethodMin && c < 0) || (it.Method == bound.MethodMax && c > 0) {
				best = v
			}
		}
		return outValue(best), nil
	case bound.MethodSum, bound.MethodAverage:
		if len(vals) == 0 {
			return nil, nil
		}
		return sumOrAverage(it, vals)
	}
	return nil, odataerr.NotImplemented("the aggregation method %s is not supported", it.Method).At("$apply", int(it.P))
}

// sumOrAverage adds non-null numbers: Int64 sums as integers (400 when they
// leave Int64, as on SQL sources), Double in floating point, decimals
// exactly; decimal averages are rounded to bound.QuotientDigits fractional
// digits like other computed decimal quotients.
func sumOrAverage(it *bound.Aggregation, vals []any) (any, error) {
	n := int64(len(vals))
	switch it.Out.T {
	case metadata.EdmInt64:
		var s int64
		for _, v := range vals {
			x, _ := v.(int64)
			if (x > 0 && s > math.MaxInt64-x) || (x < 0 && s < math.MinInt64-x) {
				return nil, odataerr.New(http.StatusBadRequest, "InvalidData", "the sum %s does not fit Edm.Int64", it.Out.Name).At("$apply", int(it.P))
			}
			s += x
		}
		return s, nil
	case metadata.EdmDouble, metadata.EdmSingle:
		var s float64
		for _, v := range vals {
			f, _ := floatOf(v)
			s += f
		}
		if it.Method == bound.MethodAverage {
			s /= float64(n)
		}
		return s, nil
	}
	s := new(big.Rat)
	for _, v := range vals {
		r, ok := ratOf(v)
		if !ok {
			f, _ := floatOf(v)
			r = new(big.Rat)
			r.SetFloat64(f)
		}
		s.Add(s, r)
	}
	if it.Method == bound.MethodAverage {
		return outValue(roundQuotient(s.Quo(s, new(big.Rat).SetInt64(n)))), nil
	}
	return outValue(s), nil
}

// concat unites the results of the branches over the same entities: rows
// of each branch in its order, the branches in order; a column only some
// branches produce is null in the others' rows. The branch number and
// position (keys, before the union's columns) keep that order.
func (ev *Evaluator) concat(ctx context.Context, t *metadata.EntityType, rows [][]any, c *bound.Concat) (*table, error) {
	union := &table{cols: []aCol{{key: true, t: metadata.EdmInt32}, {key: true, t: metadata.EdmInt64}}}
	var parts []*table
	var ordered []bool
	for _, br := range c.Branches {
		tb, order, _, err := ev.pipeline(ctx, t, rows, br.Steps)
		if err != nil {
			return nil, err
		}
		if err := ev.sortTable(ctx, tb, order); err != nil {
			return nil, err
		}
		for _, col := range tb.cols {
			if (col.group != nil || col.dyn != nil) && unionIndex(union.cols, col) < 0 {
				union.cols = append(union.cols, col)
			}
		}
		parts = append(parts, tb)
		// ROW_NUMBER over no order (no orderby, no grouping column) numbers every row 1.
		ordered = append(ordered, len(order) > 0 || slices.ContainsFunc(tb.cols, func(c aCol) bool { return c.group != nil || c.key }))
	}
	for k, tb := range parts {
		idx := make([]int, len(union.cols))
		for i, u := range union.cols {
			idx[i] = unionIndex(tb.cols, u)
		}
		for n, r := range tb.rows {
			pos := int64(1)
			if ordered[k] {
				pos = int64(n + 1)
			}
			row := make([]any, len(union.cols))
			row[0], row[1] = int64(k), pos
			for i := 2; i < len(idx); i++ {
				if idx[i] >= 0 {
					row[i] = r[idx[i]]
				}
			}
			union.rows = append(union.rows, row)
		}
	}
	return union, nil
}

// unionIndex finds the column of cols standing for the same grouping
// property or alias as c, or -1.
func unionIndex(cols []aCol, c aCol) int {
	return slices.IndexFunc(cols, func(u aCol) bool { return bound.SameColumn(c.group, c.dyn, u.group, u.dyn) })
}

// distinctKey renders values as a key that tells them apart as SQL's
// GROUP BY and COUNT(DISTINCT) do: strings exactly, numbers by value,
// instants in UTC, GUIDs in any case alike.
func distinctKey(cols []aCol, vals []any) string {
	var sb strings.Builder
	for i, v := range vals {
		var kind, text string
		switch x := v.(type) {
		case nil:
			kind = "n"
		case string:
			kind, text = "s", x
			if cols[i].t == metadata.EdmGuid {
				text = strings.ToLower(x)
			}
		case []byte:
			kind, text = "b", string(x)
		case float64:
			kind, text = "f", strconv.FormatFloat(x, 'g', -1, 64)
		case time.Time:
			kind, text = "t", x.UTC().Format(time.RFC3339Nano)
		default:
			if r, ok := ratOf(v); ok {
				kind, text = "r", r.RatString()
			} else {
				kind, text = fmt.Sprintf("%T", v), fmt.Sprint(v)
			}
		}
		fmt.Fprintf(&sb, "%s%d:%s", kind, len(text), text)
	}
	return sb.String()
}
