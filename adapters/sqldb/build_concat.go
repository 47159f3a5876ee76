package sqldb

import (
	"slices"
	"strconv"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// concat ($apply): every branch is the whole pipeline up to the concat
// (its filters and computes, applied to the same input) followed by the
// branch's own steps, rendered as a statement of its own; the branches are
// united with UNION ALL under common column names ("u0"…, null where a
// branch lacks a column), plus the branch number "b" and the row's
// position in its branch's order "r" (ROW_NUMBER), which keep the rows of
// each branch together and in their order:
//
//	SELECT 0 AS "b", x1."r1" AS "r", x1."a0" AS "u0", NULL AS "u1" FROM (SELECT "a0", 1 AS "r1" FROM (SELECT SUM(…) AS "a0" FROM "Orders" t0) t2) x1
//	UNION ALL SELECT 1 AS "b", x2."r3" AS "r", x2."a0" AS "u0", x2."g0" AS "u1" FROM (SELECT "g0", "a0", ROW_NUMBER() OVER (ORDER BY …) AS "r3" FROM (…GROUP BY …) t5 ORDER BY …) x2
//
// Each branch is wrapped in a derived table: SQLite does not allow ORDER BY
// or LIMIT on the members of a compound SELECT.
func (b *builder) concatSource(pre []bound.Step, c *bound.Concat) (Frag, error) {
	saved := *b
	var branches []Frag
	var cols [][]applyCol
	var nums []string
	for _, br := range c.Branches {
		b.it, b.vars, b.out, b.comp, b.rootFrom = &scope{alias: rootAlias}, nil, nil, nil, Frag{}
		b.n++
		b.rowNum = "r" + strconv.Itoa(b.n)
		nums = append(nums, b.rowNum)
		f, err := b.applyStatement(append(slices.Clone(pre), br.Steps...), nil, false)
		if err != nil {
			return Frag{}, err
		}
		branches, cols = append(branches, f), append(cols, b.out)
	}
	n, err := b.n, b.err
	*b = saved
	b.n = n
	if b.err == nil {
		b.err = err
	}
	union := []applyCol{
		{name: "b", read: &metadata.Property{Name: "b", Type: metadata.EdmInt32}, key: true},
		{name: "r", read: &metadata.Property{Name: "r", Type: metadata.EdmInt64}, key: true},
	}
	for _, bc := range cols {
		for _, col := range bc {
			if (col.group != nil || col.dyn != nil) && unionIndex(union, col) < 0 { // a nested concat's "b" and "r" stay inside
				read := *col.read
				read.Nullable = true
				union = append(union, applyCol{name: "u" + strconv.Itoa(len(union)-2), read: &read, group: col.group, dyn: col.dyn, key: col.key})
			}
		}
	}
	parts := make([]Frag, len(branches))
	for k, f := range branches {
		alias := "x" + strconv.Itoa(k+1)
		list := []Frag{raw(strconv.Itoa(k) + " AS " + b.ident("b")), raw(alias + "." + b.ident(nums[k]) + " AS " + b.ident("r"))}
		for _, u := range union[2:] {
			v := raw("NULL")
			if i := unionIndex(cols[k], u); i >= 0 {
				v = raw(alias + "." + b.ident(cols[k][i].name))
			}
			list = append(list, cat(v, " AS ", b.ident(u.name)))
		}
		parts[k] = cat("SELECT ", join(list, ", "), " FROM (", f, ") ", alias)
	}
	b.out = union
	return join(parts, " UNION ALL "), nil
}

// unionIndex finds the column of cols that stands for the same grouping
// property or alias as c, or -1.
func unionIndex(cols []applyCol, c applyCol) int {
	return slices.IndexFunc(cols, func(u applyCol) bool { return bound.SameColumn(c.group, c.dyn, u.group, u.dyn) })
}
