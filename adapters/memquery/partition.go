package memquery

import (
	"fmt"
	"strings"

	"odatagw/adapters"
	"odatagw/metadata"
)

// pagePartitioned pages ordered rows per group of q.Partition (the nested
// $top/$skip of $expand) and projects them onto q.Columns() followed by
// each row's position in its group and, with Count, the group's size, as
// adapters.Partition prescribes.
func (ev *Evaluator) pagePartitioned(q *adapters.Query, rows [][]any) ([][]any, error) {
	pt := q.Partition
	by := make([]int, len(pt.By))
	for i, p := range pt.By {
		j, err := ev.column(q.Set.Type, p)
		if err != nil {
			return nil, err
		}
		by[i] = j
	}
	groupOf := func(r []any) string {
		var sb strings.Builder
		for i, j := range by {
			v := r[j]
			if s, ok := v.(string); ok && pt.By[i].Type == metadata.EdmGuid {
				v = strings.ToLower(s)
			}
			fmt.Fprintf(&sb, "%T:%v\x00", v, v)
		}
		return sb.String()
	}
	size := map[string]int64{}
	for _, r := range rows {
		size[groupOf(r)]++
	}
	pos := map[string]int64{}
	var kept [][]any
	var extra [][]int64
	for _, r := range rows {
		g := groupOf(r)
		pos[g]++
		n := pos[g]
		if !pt.InPage(n) && !(pt.Count && n == 1) {
			continue
		}
		kept = append(kept, r)
		extra = append(extra, []int64{n, size[g]})
	}
	page := *q
	page.Skip, page.Top, page.Partition = 0, -1, nil
	out, err := ev.Page(&page, kept)
	if err != nil {
		return nil, err
	}
	for i, r := range out {
		r = append(r, extra[i][0])
		if pt.Count {
			r = append(r, extra[i][1])
		}
		out[i] = r
	}
	return out, nil
}
