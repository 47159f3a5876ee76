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
// The gateway sets After only when every item is a non-nullable property
// or computed property ($compute).
func (b *builder) keyset(q *adapters.Query) (Frag, error) {
	if len(q.After) != len(q.OrderBy) || len(q.After) == 0 {
		return Frag{}, fmt.Errorf("sqldb: keyset continuation has %d values for %d order items", len(q.After), len(q.OrderBy))
	}
	// One comparison key per sort key: an order item may sort by several.
	var cols, vals []Frag
	var descs []bool
	for i, it := range q.OrderBy {
		col, err := b.keysetColumn(it.Expr)
		if err != nil {
			return Frag{}, err
		}
		if q.After[i] == nil {
			return Frag{}, fmt.Errorf("sqldb: keyset continuation with a null value")
		}
		v, err := b.d.Const(col.Type, q.After[i])
		if err != nil {
			return Frag{}, err
		}
		// The position sorts as the column does (a SQLite date-time column in a
		// stored form: in that form).
		ck, vk := b.d.SortKeys(col), b.d.SortKeys(Operand{Frag: v, Type: col.Type, Prop: col.Prop, Value: q.After[i]})
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

// keysetColumn is the column an order item continues by: a non-nullable
// property of the entity, or a non-nullable computed property.
func (b *builder) keysetColumn(e bound.Expr) (Operand, error) {
	switch e := e.(type) {
	case *bound.Property:
		if e.Prop != nil && !e.Prop.Nullable && len(e.Nav) == 0 && e.Variable == "" {
			return b.column(rootAlias, e.Prop), nil
		}
	case *bound.AliasRef:
		if v, ok := b.computedRef(e); ok && !e.Prop.Nullable {
			return v, nil
		}
	}
	return Operand{}, fmt.Errorf("sqldb: keyset continuation on an order item that is not a non-nullable property")
}
