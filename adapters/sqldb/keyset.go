package sqldb

import (
	"fmt"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
)

// keyset renders the continuation predicate of q.After: the rows strictly
// after the given OrderBy values, expanded from the row-value comparison
// (a, b, c) > (x, y, z) into
//
//	(a > x) OR (a = x AND b > y) OR (a = x AND b = y AND c > z)
//
// with < for descending items. It compares the same sort keys as ORDER BY
// (SortKeys), so that it agrees with the order the database produces.
// The gateway sets After only when every item is a non-nullable property.
func (b *builder) keyset(q *adapters.Query) (Frag, error) {
	if len(q.After) != len(q.OrderBy) || len(q.After) == 0 {
		return Frag{}, fmt.Errorf("sqldb: keyset continuation has %d values for %d order items", len(q.After), len(q.OrderBy))
	}
	// One comparison key per sort key: an order item may sort by several.
	var cols, vals []Frag
	var descs []bool
	for i, it := range q.OrderBy {
		p, ok := it.Expr.(*bound.Property)
		if !ok || p.Prop == nil || p.Prop.Nullable || len(p.Nav) > 0 || p.Variable != "" {
			return Frag{}, fmt.Errorf("sqldb: keyset continuation on an order item that is not a non-nullable property")
		}
		if q.After[i] == nil {
			return Frag{}, fmt.Errorf("sqldb: keyset continuation with a null value")
		}
		col := b.column(rootAlias, p.Prop)
		v, err := b.d.Const(p.Prop.Type, q.After[i])
		if err != nil {
			return Frag{}, err
		}
		// The position sorts as the column does (a SQLite date-time column in a
		// stored form: in that form).
		ck, vk := b.d.SortKeys(col), b.d.SortKeys(Operand{Frag: v, Type: p.Prop.Type, Prop: p.Prop, Value: q.After[i]})
		cols, vals = append(cols, ck...), append(vals, vk...)
		for range ck {
			descs = append(descs, it.Desc)
		}
	}
	ors := make([]Frag, len(cols))
	for i := range cols {
		ands := make([]Frag, 0, i+1)
		for j := 0; j < i; j++ {
			ands = append(ands, cat(cols[j], " = ", vals[j]))
		}
		op := " > "
		if descs[i] {
			op = " < "
		}
		ands = append(ands, cat(cols[i], op, vals[i]))
		if len(ands) == 1 {
			ors[i] = ands[0]
		} else {
			ors[i] = paren(join(ands, " AND "))
		}
	}
	if len(ors) == 1 {
		return ors[0], nil
	}
	return join(ors, " OR "), nil
}
