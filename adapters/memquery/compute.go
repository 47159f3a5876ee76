package memquery

import (
	"context"
	"math/big"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// withComputed evaluates q.Compute once per row and returns the rows with
// the values appended after the entity's properties (in q.Compute's
// order), where Filter, OrderBy (by *bound.AliasRef) and the projection
// (by the computed Prop) find them. Without $compute it returns rows.
func (ev *Evaluator) withComputed(ctx context.Context, q *adapters.Query, t *metadata.EntityType, rows [][]any) ([][]any, error) {
	if len(q.Compute) == 0 {
		return rows, nil
	}
	if ev.idx == nil {
		ev.idx = map[*metadata.Property]int{}
	}
	for i, p := range t.Properties {
		ev.idx[p] = i
	}
	ev.alias = map[string]int{}
	for i, c := range q.Compute {
		ev.idx[c.Prop] = len(t.Properties) + i
		ev.alias[c.Prop.Name] = len(t.Properties) + i
	}
	out := make([][]any, len(rows))
	for i, r := range rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		x := make([]any, len(r), len(r)+len(q.Compute))
		copy(x, r)
		for _, c := range q.Compute {
			v, err := ev.Value(ctx, t, r, c.Expr)
			if err != nil {
				return nil, err
			}
			if c.Prop.Type == metadata.EdmDecimal && bound.HasDecimalQuotient(c.Expr) {
				v = roundQuotient(v)
			}
			x = append(x, v)
		}
		out[i] = x
	}
	return out, nil
}

// computed reads a computed property of the entity bound to $it.
func (ev *Evaluator) computed(name string, en *env) (any, bool, error) {
	i, ok := ev.alias[name]
	if !ok {
		return nil, false, nil
	}
	s, err := en.lookup("")
	if err != nil {
		return nil, false, err
	}
	if i >= len(s.row) {
		return nil, false, nil
	}
	return s.row[i], true, nil
}

// roundQuotient rounds a computed decimal quotient to bound.QuotientDigits
// fractional digits, half away from zero, as the SQL sources do.
func roundQuotient(v any) any {
	r, ok := ratOf(v)
	if !ok {
		return v
	}
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(bound.QuotientDigits), nil))
	n := roundRat(bound.FnRound, new(big.Rat).Mul(r, scale))
	return outValue(new(big.Rat).Quo(new(big.Rat).SetInt(n), scale))
}
