package sqldb

import (
	"strconv"
	"strings"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// Computed properties ($compute).
//
// Each computed expression is evaluated once per row, in a derived table
// that takes the place of the queried table: it holds every column of the
// table plus one column per computed property, under a name of the
// translator's choosing ("$c0"…; client aliases never reach the SQL). The
// rest of the statement — selected columns, WHERE, ORDER BY, keyset,
// joins for navigation paths, window functions of nested paging — reads it
// under the root alias exactly as it reads the table:
//
//	SELECT t0."Name", t0."$c0" FROM (SELECT t0.*, (t0."Price" * t0."Qty") AS "$c0"
//	  FROM "Items" t0) t0 WHERE t0."$c0" > ? ORDER BY t0."$c0" DESC, t0."ID"
//
// PostgreSQL, MySQL/MariaDB (derived_merge) and SQLite (subquery
// flattening) merge such a derived table into the outer query, so the
// filters on the table's own columns keep their indexes.

// computedTable renders the derived table of the computed properties comp
// (with its own joins for navigation inside the expressions) and records
// their column names. A later item may use an earlier one (compute steps
// of $apply in a row): inside the derived table it reads the earlier
// expression itself.
func (b *builder) computedTable(comp []adapters.Computed) error {
	outer := b.it
	b.it, b.inlining = &scope{alias: rootAlias}, true
	defer func() { b.it, b.inlining = outer, false }()
	list := []Frag{raw(rootAlias + ".*")}
	for i, c := range comp {
		v, err := b.value(c.Expr)
		if err != nil {
			return inOption(err, "$compute")
		}
		v.Frag = b.exactComputed(v, c.Expr)
		name := computedName(b.root, i)
		b.comp = append(b.comp, computedCol{name: name, c: c, v: v})
		list = append(list, cat(v.Frag, " AS ", b.ident(name)))
	}
	parts := []any{"(SELECT ", join(list, ", "), " FROM ", b.table(b.root), " ", rootAlias}
	for _, j := range b.it.joins {
		parts = append(parts, j)
	}
	b.rootFrom = cat(append(parts, ")")...)
	return nil
}

// exactComputed is a computed value as it is stored for reading back:
// SQLite's REAL decimals are rounded like aggregates, to drop binary noise,
// and a decimal quotient is rounded to as many fractional digits on every
// engine (their divisions keep 4 to 16 more digits), so that every engine
// and adapters/memquery answer the same text (bound.QuotientDigits).
func (b *builder) exactComputed(v Operand, e bound.Expr) Frag {
	switch {
	case v.Type != metadata.EdmDecimal || v.Column || v.SQL == argMark:
		return v.Frag
	case bound.HasDecimalQuotient(e):
		return cat("ROUND(", v.Frag, ", "+strconv.Itoa(bound.QuotientDigits)+")")
	case b.d.Name() == "sqlite":
		return cat("ROUND(", v.Frag, ", "+sqliteDecimalDigits+")")
	}
	return v.Frag
}

// computedCol is a computed property, its column in the derived table and
// its rendered expression.
type computedCol struct {
	name string
	c    adapters.Computed
	v    Operand
}

// computedName is the column name of the i-th computed property: "$c<i>",
// with more dollars while a column of t is called so.
func computedName(t *metadata.EntityType, i int) string {
	name := "$c" + strconv.Itoa(i)
	for clash := true; clash; {
		clash = false
		for _, p := range t.Properties {
			if strings.EqualFold(p.Column, name) {
				name, clash = "$"+name, true
			}
		}
	}
	return name
}

// computedRef resolves an alias reference to a computed property.
func (b *builder) computedRef(e *bound.AliasRef) (Operand, bool) {
	for _, cc := range b.comp {
		if cc.c.Prop.Name == e.Prop.Name {
			if b.inlining {
				return Operand{Frag: paren(cc.v.Frag), Type: cc.v.Type}, true
			}
			return Operand{Frag: raw(rootAlias + "." + b.ident(cc.name)), Type: cc.c.Prop.Type}, true
		}
	}
	return Operand{}, false
}

// selectList renders the select list of cols (of type t), kept in memo
// when it reads no computed property.
func (b *builder) selectList(t *metadata.EntityType, cols []*metadata.Property, memo *selectMemo) Frag {
	if len(b.comp) > 0 {
		memo = nil
	}
	if sql, ok := memo.get(t, cols); ok {
		return raw(sql)
	}
	sel := make([]Frag, len(cols))
	for i, p := range cols {
		sel[i] = b.readColumn(p)
	}
	f := join(sel, ", ")
	if len(f.Args) == 0 {
		memo.put(t, cols, f.SQL)
	}
	return f
}

// readColumn renders the selected value of p: a column of the queried
// table, or a computed property's column.
func (b *builder) readColumn(p *metadata.Property) Frag {
	for _, cc := range b.comp {
		if cc.c.Prop == p {
			return raw(rootAlias + "." + b.ident(cc.name))
		}
	}
	f := b.d.ReadColumn(rootAlias, p)
	if s, ok := b.d.(columnSelector); ok {
		return s.SelectColumn(f, p)
	}
	return f
}

// columnSelector is implemented by a dialect that selects some columns in
// another form than it compares them (SQLite date-times).
type columnSelector interface {
	// SelectColumn renders x, the read column of p, for the select list.
	SelectColumn(x Frag, p *metadata.Property) Frag
}

// computedRead returns how the values of a computed property are read: a
// plain property keeps its own scale; other decimals are read without
// trailing fractional zeros, so that every engine (and adapters/memquery)
// answers the same text.
func computedRead(c adapters.Computed) *metadata.Property {
	if p, ok := c.Expr.(*bound.Property); ok && p.Prop.Type == c.Prop.Type {
		r := *p.Prop
		r.Name, r.Nullable = c.Prop.Name, c.Prop.Nullable
		return &r
	}
	r := *c.Prop
	if r.Type == metadata.EdmDecimal {
		r.Precision, r.Scale = 1, 0
	}
	return &r
}

// queryColumns returns how the values of q.Columns() are read.
func queryColumns(q *adapters.Query) []*metadata.Property {
	cols := q.Columns()
	if len(q.Compute) == 0 {
		return cols
	}
	out := make([]*metadata.Property, len(cols))
	for i, p := range cols {
		out[i] = p
		if j := q.ComputedProp(p); j >= 0 {
			out[i] = computedRead(q.Compute[j])
		}
	}
	return out
}
