package query

import (
	"strconv"
	"strings"
)

// Format renders an expression as a compact S-expression, for tests, golden
// files and logs: `(and (eq Name 'Milk') (lt Price 2.55))`. Literals appear
// as written; paths as `A/B`; calls as `(contains Name 'x')`; in as
// `(in X [a b])`; lambdas as `(any Orders o <predicate>)`.
func Format(e Expr) string {
	var b strings.Builder
	formatExpr(&b, e)
	return b.String()
}

// FormatSearch renders a $search expression: `(AND blue (NOT "dark red"))`.
func FormatSearch(s SearchExpr) string {
	var b strings.Builder
	formatSearch(&b, s)
	return b.String()
}

func formatExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("<nil>")
	case *Literal:
		b.WriteString(e.Text)
	case *MemberPath:
		formatSegments(b, e.Segments)
	case *CountExpr:
		formatSegments(b, e.Path.Segments)
		b.WriteString("/$count")
		if e.Filter != nil || e.Search != nil {
			b.WriteString("(")
			if e.Filter != nil {
				b.WriteString("filter ")
				formatExpr(b, e.Filter)
			}
			if e.Search != nil {
				if e.Filter != nil {
					b.WriteString(" ")
				}
				b.WriteString("search ")
				formatSearch(b, e.Search)
			}
			b.WriteString(")")
		}
	case *LambdaExpr:
		if e.All {
			b.WriteString("(all ")
		} else {
			b.WriteString("(any ")
		}
		formatSegments(b, e.Path.Segments)
		if e.Variable != "" {
			b.WriteString(" " + e.Variable + " ")
			formatExpr(b, e.Predicate)
		}
		b.WriteString(")")
	case *BinaryExpr:
		b.WriteString("(" + e.Op.String() + " ")
		formatExpr(b, e.Left)
		b.WriteString(" ")
		formatExpr(b, e.Right)
		b.WriteString(")")
	case *UnaryExpr:
		if e.Op == OpNot {
			b.WriteString("(not ")
		} else {
			b.WriteString("(- ")
		}
		formatExpr(b, e.X)
		b.WriteString(")")
	case *InExpr:
		b.WriteString("(in ")
		formatExpr(b, e.X)
		b.WriteString(" [")
		formatList(b, e.List)
		b.WriteString("])")
	case *CallExpr:
		b.WriteString("(" + e.Name)
		for _, a := range e.Args {
			b.WriteString(" ")
			formatExpr(b, a)
		}
		b.WriteString(")")
	case *TypeName:
		b.WriteString(e.Name)
	case *AliasExpr:
		b.WriteString("@" + e.Name)
	case *ListExpr:
		if e.JSON {
			b.WriteString("[")
		} else {
			b.WriteString("(list ")
		}
		formatList(b, e.Items)
		if e.JSON {
			b.WriteString("]")
		} else {
			b.WriteString(")")
		}
	case *ObjectExpr:
		b.WriteString("{")
		for i, m := range e.Members {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString(strconv.Quote(m.Name) + ":")
			formatExpr(b, m.Value)
		}
		b.WriteString("}")
	case *AggregateExpr:
		b.WriteString("(aggregate ")
		formatSegments(b, e.Path.Segments)
		b.WriteByte(' ')
		formatAggregateItem(b, e.Item)
		b.WriteString(")")
	default:
		b.WriteString("<?>")
	}
}

func formatList(b *strings.Builder, list []Expr) {
	for i, x := range list {
		if i > 0 {
			b.WriteString(" ")
		}
		formatExpr(b, x)
	}
}

func formatSegments(b *strings.Builder, segs []Segment) {
	for i, s := range segs {
		if i > 0 {
			b.WriteString("/")
		}
		b.WriteString(s.Name)
		if s.Filter != nil {
			b.WriteString("(")
			formatExpr(b, s.Filter)
			b.WriteString(")")
		}
		if s.Call {
			formatKeyValues(b, s.Args)
		}
		if s.Keys != nil {
			formatKeyValues(b, s.Keys)
		}
	}
}

func formatKeyValues(b *strings.Builder, kvs []KeyValue) {
	b.WriteString("(")
	for i, kv := range kvs {
		if i > 0 {
			b.WriteString(",")
		}
		if kv.Name != "" {
			b.WriteString(kv.Name + "=")
		}
		formatExpr(b, kv.Value)
	}
	b.WriteString(")")
}

func formatSearch(b *strings.Builder, s SearchExpr) {
	switch s := s.(type) {
	case *SearchTerm:
		if s.Phrase {
			b.WriteString(strconv.Quote(s.Text))
		} else {
			b.WriteString(s.Text)
		}
	case *SearchBinary:
		if s.Or {
			b.WriteString("(OR ")
		} else {
			b.WriteString("(AND ")
		}
		formatSearch(b, s.Left)
		b.WriteString(" ")
		formatSearch(b, s.Right)
		b.WriteString(")")
	case *SearchNot:
		b.WriteString("(NOT ")
		formatSearch(b, s.X)
		b.WriteString(")")
	case nil:
		b.WriteString("<nil>")
	}
}
