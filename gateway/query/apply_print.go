package query

import (
	"strconv"
	"strings"
)

// FormatApply renders a $apply pipeline compactly, for tests, golden files
// and logs. Steps are separated by " / "; each step is an S-expression:
//
//	(aggregate (sum Amount as Total) ($count as N))
//	(groupby [Customer/Country Product/Name] (aggregate …))
//	(filter (gt Amount 3)) (orderby Name (desc Amount)) (top 5) (skip 2)
//	(compute ((mul Amount 2) as Double)) (concat [(top 1)] [(skip 1)]) identity
func FormatApply(a *Apply) string {
	var b strings.Builder
	formatApply(&b, a)
	return b.String()
}

// FormatCompute renders $compute items: `((mul Price 2) as Double) (Name as N)`.
func FormatCompute(items []ComputeItem) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte(' ')
		}
		formatComputeItem(&b, it)
	}
	return b.String()
}

func formatApply(b *strings.Builder, a *Apply) {
	if a == nil {
		b.WriteString("<nil>")
		return
	}
	for i, st := range a.Steps {
		if i > 0 {
			b.WriteString(" / ")
		}
		formatTrafo(b, st)
	}
}

func formatComputeItem(b *strings.Builder, it ComputeItem) {
	b.WriteByte('(')
	formatExpr(b, it.Expr)
	b.WriteString(" as " + it.Alias + ")")
}

func formatPaths(b *strings.Builder, paths []*MemberPath) {
	b.WriteByte('[')
	for i, m := range paths {
		if i > 0 {
			b.WriteByte(' ')
		}
		formatSegments(b, m.Segments)
	}
	b.WriteByte(']')
}

func formatOrder(b *strings.Builder, items []OrderItem) {
	for i, it := range items {
		if i > 0 {
			b.WriteByte(' ')
		}
		if it.Desc {
			b.WriteString("(desc ")
			formatExpr(b, it.Expr)
			b.WriteByte(')')
		} else {
			formatExpr(b, it.Expr)
		}
	}
}

func formatAggregateItem(b *strings.Builder, it AggregateItem) {
	b.WriteByte('(')
	switch it.Kind {
	case AggCount:
		b.WriteString("$count")
	case AggPathCount:
		formatExpr(b, it.Expr)
	case AggCustom:
		b.WriteString("custom ")
		formatExpr(b, it.Expr)
	default:
		b.WriteString(it.Method + " ")
		formatExpr(b, it.Expr)
	}
	for _, f := range it.From {
		b.WriteString(" from ")
		formatPaths(b, f.Properties)
		if f.Method != "" {
			b.WriteString(" " + f.Method)
		}
	}
	if it.Alias != "" {
		b.WriteString(" as " + it.Alias)
	}
	b.WriteByte(')')
}

func formatTrafo(b *strings.Builder, t Transformation) {
	if _, ok := t.(*IdentityTrafo); ok {
		b.WriteString("identity")
		return
	}
	b.WriteString("(" + t.Name())
	switch t := t.(type) {
	case *AggregateTrafo:
		for _, it := range t.Items {
			b.WriteByte(' ')
			formatAggregateItem(b, it)
		}
	case *GroupByTrafo:
		b.WriteString(" [")
		for i, el := range t.Elements {
			if i > 0 {
				b.WriteByte(' ')
			}
			if el.Path != nil {
				formatSegments(b, el.Path.Segments)
				continue
			}
			formatRollup(b, el.Rollup)
		}
		b.WriteByte(']')
		if t.Then != nil {
			b.WriteByte(' ')
			formatApply(b, t.Then)
		}
	case *FilterTrafo:
		b.WriteByte(' ')
		formatExpr(b, t.Cond)
	case *SearchTrafo:
		b.WriteByte(' ')
		formatSearch(b, t.Search)
	case *OrderByTrafo:
		b.WriteByte(' ')
		formatOrder(b, t.Items)
	case *TopTrafo:
		b.WriteString(" " + strconv.FormatInt(t.N, 10))
	case *SkipTrafo:
		b.WriteString(" " + strconv.FormatInt(t.N, 10))
	case *ComputeTrafo:
		for _, it := range t.Items {
			b.WriteByte(' ')
			formatComputeItem(b, it)
		}
	case *ConcatTrafo:
		for _, br := range t.Branches {
			b.WriteString(" [")
			formatApply(b, br)
			b.WriteByte(']')
		}
	case *RankTrafo:
		b.WriteByte(' ')
		formatExpr(b, t.Amount)
		b.WriteByte(' ')
		formatExpr(b, t.Value)
	case *JoinTrafo:
		b.WriteByte(' ')
		formatSegments(b, t.Path.Segments)
		b.WriteString(" as " + t.Alias)
		if t.Then != nil {
			b.WriteString(" [")
			formatApply(b, t.Then)
			b.WriteByte(']')
		}
	case *NestTrafo:
		if t.Path != nil {
			b.WriteByte(' ')
			formatSegments(b, t.Path.Segments)
		}
		for _, it := range t.Items {
			b.WriteString(" [")
			formatApply(b, it.Apply)
			b.WriteString("] as " + it.Alias)
		}
	case *HierarchyTrafo:
		formatHierarchy(b, t)
	case *CustomTrafo:
		formatKeyValues(b, t.Args)
	}
	b.WriteByte(')')
}

func formatRollup(b *strings.Builder, r *Rollup) {
	if r.Recursive {
		b.WriteString("(rolluprecursive ")
		formatExpr(b, r.Ref.Root)
		b.WriteString(" " + r.Ref.Qualifier + " ")
		formatSegments(b, r.Ref.Node.Segments)
		if r.Then != nil {
			b.WriteString(" [")
			formatApply(b, r.Then)
			b.WriteByte(']')
		}
		b.WriteByte(')')
		return
	}
	b.WriteString("(rollup ")
	if r.Hierarchy != "" {
		b.WriteString(r.Hierarchy)
	} else {
		formatPaths(b, r.Paths)
	}
	b.WriteByte(')')
}

func formatHierarchy(b *strings.Builder, t *HierarchyTrafo) {
	b.WriteByte(' ')
	formatExpr(b, t.Ref.Root)
	b.WriteString(" " + t.Ref.Qualifier + " ")
	formatSegments(b, t.Ref.Node.Segments)
	if t.Order != "" {
		b.WriteString(" " + t.Order)
	}
	if t.Then != nil {
		b.WriteString(" [")
		formatApply(b, t.Then)
		b.WriteByte(']')
	}
	if t.Distance != nil {
		b.WriteString(" " + strconv.FormatInt(*t.Distance, 10))
	}
	if t.KeepStart {
		b.WriteString(" keep-start")
	}
	if len(t.OrderBy) > 0 {
		b.WriteString(" (orderby ")
		formatOrder(b, t.OrderBy)
		b.WriteByte(')')
	}
}
