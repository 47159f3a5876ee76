package sqldb

import (
	"fmt"
	"strconv"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// aggregating renders the aggregating SELECT of a groupby or aggregate step
// over the entities matching pre, and returns its columns.
func (b *builder) aggregating(st bound.Step, pre []Frag) ([]applyCol, Frag, error) {
	var keys []bound.Expr
	var items []*bound.Aggregation
	switch st := st.(type) {
	case *bound.GroupBy:
		keys, items = st.Keys, st.Items
	case *bound.Aggregate:
		items = st.Items
	}
	var cols []applyCol
	var sel, groupBy []Frag
	for i, k := range keys {
		col, err := b.groupCol(k)
		if err != nil {
			return nil, Frag{}, err
		}
		v, err := b.value(k)
		if err != nil {
			return nil, Frag{}, err
		}
		v.Frag = exactValue(b.d, v) // 'Acme', 'ACME' and 'Acme ' are distinct groups, as are instants
		name := "g" + strconv.Itoa(i)
		col.name = name
		cols = append(cols, col)
		sel = append(sel, cat(v.Frag, " AS ", b.ident(name)))
		groupBy = append(groupBy, v.Frag)
	}
	for i, it := range items {
		f, read, err := b.aggregation(it)
		if err != nil {
			return nil, Frag{}, err
		}
		name := "a" + strconv.Itoa(i)
		cols = append(cols, applyCol{name: name, read: read, dyn: it.Out})
		sel = append(sel, cat(f, " AS ", b.ident(name)))
	}
	if len(sel) == 0 {
		return nil, Frag{}, odataerr.BadRequest("the aggregation has no result columns").At("$apply", int(st.Pos()))
	}
	parts := []any{"SELECT ", join(sel, ", "), " FROM ", b.from()}
	if len(pre) > 0 {
		parts = append(parts, " WHERE ", join(pre, " AND "))
	}
	if len(groupBy) > 0 {
		parts = append(parts, " GROUP BY ", join(groupBy, ", "))
	}
	return cols, cat(parts...), nil
}

// groupCol describes the column of a grouping key: a property (across
// single-valued navigation: nullable) or a computed alias.
func (b *builder) groupCol(k bound.Expr) (applyCol, error) {
	switch k := k.(type) {
	case *bound.Property:
		if k.Variable == "" {
			read := *k.Prop
			read.Nullable = k.Prop.Nullable || len(k.Nav) > 0
			return applyCol{read: &read, group: k}, nil
		}
	case *bound.AliasRef:
		for _, cc := range b.comp {
			if cc.c.Prop.Name == k.Prop.Name {
				return applyCol{read: computedRead(cc.c), dyn: k.Prop, key: true}, nil
			}
		}
	}
	return applyCol{}, odataerr.NotImplemented("grouping by this value is not supported").At("$apply", int(k.Pos()))
}

// aggregation renders one aggregated value and how to read it back (see
// bound.Aggregation for the result types). Decimal results are read without
// trailing fractional zeros, so that every engine answers the same text.
func (b *builder) aggregation(it *bound.Aggregation) (Frag, *metadata.Property, error) {
	read := &metadata.Property{Name: it.Out.Name, Type: it.Out.T, Nullable: it.Out.Nullable}
	if it.Out.T == metadata.EdmDecimal {
		read.Precision, read.Scale = 1, 0
	}
	if it.Method == bound.MethodCount {
		return raw("COUNT(*)"), read, nil
	}
	if it.Expr == nil {
		return Frag{}, nil, fmt.Errorf("sqldb: aggregation %s without expression", it.Method)
	}
	v, err := b.value(it.Expr)
	if err != nil {
		return Frag{}, nil, err
	}
	sqlite, mysql := b.d.Name() == "sqlite", b.d.Name() == "mysql"
	switch it.Method {
	case bound.MethodSum:
		f := fn("SUM", v.Frag)
		if sqlite && it.Out.T == metadata.EdmDecimal {
			f = cat("ROUND(", f, ", "+sqliteDecimalDigits+")") // REAL storage: drop binary noise
		}
		return f, read, nil
	case bound.MethodAverage:
		x := v.Frag
		if mysql && it.Out.T == metadata.EdmDecimal {
			x = cat("CAST(", x, " AS DECIMAL(65,30))") // MySQL AVG keeps only 4 more digits
		}
		f := fn("AVG", x)
		if sqlite && it.Out.T == metadata.EdmDecimal {
			f = cat("ROUND(", f, ", "+sqliteDecimalDigits+")")
		}
		return f, read, nil
	case bound.MethodMin, bound.MethodMax:
		if p, ok := it.Expr.(*bound.Property); ok {
			r := *p.Prop
			r.Name, r.Nullable = it.Out.Name, true
			read = &r
		}
		name := "MIN"
		if it.Method == bound.MethodMax {
			name = "MAX"
		}
		return fn(name, exactValue(b.d, v)), read, nil // the order of $orderby
	case bound.MethodCountDistinct:
		// Exact distinctness (MySQL collations ignore case; SQLite writes one instant in several forms).
		return cat("COUNT(DISTINCT ", exactValue(b.d, v), ")"), read, nil
	}
	return Frag{}, nil, odataerr.NotImplemented("the aggregation method %s is not supported", it.Method).At("$apply", int(it.P))
}

// exactValue is v in a form whose equality and order are those of OData:
// strings as the dialect's sort key (code points; case and trailing spaces
// count), other types through Comparable (SQLite date-time text in one form).
func exactValue(d Dialect, v Operand) Frag {
	if v.Type == metadata.EdmString {
		if k := d.SortKeys(v); len(k) == 1 {
			return k[0]
		}
		return v.Frag
	}
	return d.Comparable(v.Frag, v.Type)
}

// applyIndexes maps the result columns of q (ApplySelect, or every group
// then every alias) to the aggregating SELECT's columns.
func applyIndexes(q *adapters.Query, cols []applyCol) ([]int, error) {
	var idx []int
	if len(q.ApplySelect) == 0 {
		for i := range cols {
			if cols[i].group != nil {
				idx = append(idx, i)
			}
		}
		for i := range cols {
			if cols[i].dyn != nil {
				idx = append(idx, i)
			}
		}
		return idx, nil
	}
	for _, e := range q.ApplySelect {
		i := lookupCol(cols, e)
		if i < 0 {
			return nil, odataerr.BadRequest("$select names a value the $apply result does not have")
		}
		idx = append(idx, i)
	}
	return idx, nil
}

// ApplyColumns returns how the values of a $apply query's rows are read,
// in row order (types per bound.Aggregation; names are the aliases and the
// grouping properties' names).
func ApplyColumns(q *adapters.Query) ([]*metadata.Property, error) {
	b, err := newBuilder(SQLite, q)
	if err != nil {
		return nil, err
	}
	if _, err := b.applyStatement(q.Apply.Steps, q, false); err != nil {
		return nil, err
	}
	idx, err := applyIndexes(q, b.out)
	if err != nil {
		return nil, err
	}
	out := make([]*metadata.Property, len(idx))
	for i, j := range idx {
		out[i] = b.out[j].read
	}
	return out, nil
}
