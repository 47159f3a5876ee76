package sqldb

import (
	"fmt"
	"slices"
	"strconv"

	"odatagw/adapters"
	"odatagw/metadata"
)

// Paging per group (adapters.Partition): the nested $top and $skip of
// $expand apply to the related entities of each parent, so the statement
// that reads the related entities of a page of parents numbers the rows of
// each parent with a window function and keeps each parent's page
// (SQLite 3.25+, MariaDB 10.2+, MySQL 8, PostgreSQL; PostgreSQL quoting):
//
//	SELECT w.c0, w.c1, w.rn, w.cnt FROM (SELECT t0."OrderID" AS c0, t0."CustomerID" AS c1,
//	    ROW_NUMBER() OVER (PARTITION BY t0."CustomerID" COLLATE "C" ORDER BY t0."Freight" DESC, t0."OrderID") AS rn,
//	    COUNT(*) OVER (PARTITION BY t0."CustomerID" COLLATE "C") AS cnt
//	  FROM "Orders" t0 WHERE t0."CustomerID" IN ($1, $2)) w
//	WHERE (w.rn > $3 AND w.rn <= $4) OR w.rn = 1 ORDER BY w.c1, w.rn
//
// Groups are told apart by the exact values of the partition columns (the
// dialect's sort keys: binary strings on MySQL, "C" collation on
// PostgreSQL), as the caller groups the rows by their values. The `OR
// w.rn = 1` is there only with Count and a page that may miss a group's
// first row, so that the size of every group arrives.

// partitionAlias is the alias of the numbered derived table.
const partitionAlias = "w"

// buildPartitioned renders q (q.Partition set) as the statement above.
func buildPartitioned(d Dialect, q *adapters.Query) (string, []any, error) {
	pt := q.Partition
	if q.Top >= 0 || q.Skip != 0 || q.After != nil || q.Apply != nil {
		return "", nil, fmt.Errorf("sqldb: a partitioned query pages per group only")
	}
	if len(pt.By) == 0 {
		return "", nil, fmt.Errorf("sqldb: a partition needs at least one property")
	}
	b, err := newBuilder(d, q)
	if err != nil {
		return "", nil, err
	}
	cols := q.Columns()
	inner := make([]Frag, 0, len(cols)+2)
	outer := make([]Frag, 0, len(cols)+2)
	for i, p := range cols {
		c := "c" + strconv.Itoa(i)
		inner = append(inner, cat(b.readColumn(p), " AS ", c))
		outer = append(outer, raw(partitionAlias+"."+c))
	}
	var by, groupOrder []Frag
	for _, p := range pt.By {
		i := slices.Index(cols, p)
		if i < 0 {
			return "", nil, fmt.Errorf("sqldb: partition property %s is not selected", p.Name)
		}
		by = append(by, d.SortKeys(b.column(rootAlias, p))...)
		groupOrder = append(groupOrder, raw(partitionAlias+".c"+strconv.Itoa(i)))
	}
	where, err := b.where(q, false)
	if err != nil {
		return "", nil, err
	}
	order, err := b.orderBy(q)
	if err != nil {
		return "", nil, err
	}
	partition := cat("PARTITION BY ", join(by, ", "))
	window := partition
	if order.SQL != "" {
		window = cat(partition, " ORDER BY ", order)
	}
	inner = append(inner, cat("ROW_NUMBER() OVER (", window, ") AS rn"))
	outer = append(outer, raw(partitionAlias+".rn"))
	if pt.Count {
		inner = append(inner, cat("COUNT(*) OVER (", partition, ") AS cnt"))
		outer = append(outer, raw(partitionAlias+".cnt"))
	}
	sub := []any{"SELECT ", join(inner, ", "), " FROM ", b.from()}
	if where.SQL != "" {
		sub = append(sub, " WHERE ", where)
	}
	parts := []any{"SELECT ", join(outer, ", "), " FROM (", cat(sub...), ") ", partitionAlias}
	if page := pageOfGroup(pt); page.SQL != "" {
		parts = append(parts, " WHERE ", page)
	}
	parts = append(parts, " ORDER BY ", join(groupOrder, ", "), ", "+partitionAlias+".rn")
	if b.err != nil {
		return "", nil, b.err
	}
	sql, args := finish(d, cat(parts...))
	return sql, args, nil
}

// pageOfGroup is the condition on the row number keeping each group's page
// (and, with Count, each group's first row); empty when every row is kept.
func pageOfGroup(pt *adapters.Partition) Frag {
	rn := partitionAlias + ".rn"
	var conds []Frag
	if pt.Skip > 0 {
		conds = append(conds, cat(rn+" > ", param(pt.Skip)))
	}
	if pt.Top >= 0 {
		conds = append(conds, cat(rn+" <= ", param(pt.Skip+pt.Top)))
	}
	if len(conds) == 0 {
		return Frag{}
	}
	page := join(conds, " AND ")
	if pt.Count && (pt.Skip > 0 || pt.Top == 0) {
		return cat("(", page, ") OR "+rn+" = 1")
	}
	return page
}

// partitionColumns are the properties the values after q.Columns() are read as.
var partitionColumns = []*metadata.Property{
	{Name: "rn", Type: metadata.EdmInt64},
	{Name: "cnt", Type: metadata.EdmInt64},
}

// resultColumns returns the properties of the values of q's rows.
func resultColumns(q *adapters.Query) ([]*metadata.Property, error) {
	switch {
	case q.Apply != nil:
		return ApplyColumns(q)
	case q.Partition != nil:
		return append(queryColumns(q), partitionColumns[:q.Partition.Columns()]...), nil
	}
	return queryColumns(q), nil
}
