package bound

import (
	"strings"
	"time"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// Builders of syntax trees for tests that do not go through the parser.
// Positions default to 0; at sets one.

func mpath(pos int, path string) *query.MemberPath {
	m := &query.MemberPath{}
	for _, name := range strings.Split(path, "/") {
		m.Segments = append(m.Segments, query.Segment{P: query.Pos(pos), Name: name})
		pos += len(name) + 1
	}
	return m
}

func lit(kind query.LiteralKind, text string, v any) *query.Literal {
	return &query.Literal{Kind: kind, Text: text, Value: v}
}

func lInt(v int64) *query.Literal   { return lit(query.LitInt, "", v) }
func lStr(v string) *query.Literal  { return lit(query.LitString, "'"+v+"'", v) }
func lNull() *query.Literal         { return lit(query.LitNull, "null", nil) }
func lBool(v bool) *query.Literal   { return lit(query.LitBoolean, "", v) }
func lDec(v string) *query.Literal  { return lit(query.LitDecimal, v, metadata.Decimal(v)) }
func lDbl(v float64) *query.Literal { return lit(query.LitDouble, "", v) }
func lGuid(v string) *query.Literal { return lit(query.LitGuid, v, v) }
func lDur(v time.Duration) *query.Literal {
	return lit(query.LitDuration, "", v)
}
func lDate(y int, m time.Month, d int) *query.Literal {
	return lit(query.LitDate, "", metadata.Date{Year: y, Month: m, Day: d})
}
func lDTO(s string) *query.Literal {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return lit(query.LitDateTimeOffset, s, t)
}
func lTime(h, m, s int) *query.Literal {
	return lit(query.LitTimeOfDay, "", metadata.TimeOfDay{Hour: h, Minute: m, Second: s})
}
func lBin(b []byte) *query.Literal { return lit(query.LitBinary, "", b) }

func op2(op query.BinaryOp, l, r query.Expr) *query.BinaryExpr {
	return &query.BinaryExpr{Op: op, Left: l, Right: r}
}
func eq(l, r query.Expr) *query.BinaryExpr { return op2(query.OpEq, l, r) }
func and(l, r query.Expr) *query.BinaryExpr {
	return op2(query.OpAnd, l, r)
}
func or(l, r query.Expr) *query.BinaryExpr { return op2(query.OpOr, l, r) }
func notX(x query.Expr) *query.UnaryExpr   { return &query.UnaryExpr{Op: query.OpNot, X: x} }
func negX(x query.Expr) *query.UnaryExpr   { return &query.UnaryExpr{Op: query.OpNeg, X: x} }
func fcall(name string, args ...query.Expr) *query.CallExpr {
	return &query.CallExpr{Name: name, Args: args}
}
func tname(name string) *query.TypeName         { return &query.TypeName{Name: name} }
func aliasRef(name string) *query.AliasExpr     { return &query.AliasExpr{Name: name} }
func listX(items ...query.Expr) *query.ListExpr { return &query.ListExpr{Items: items} }
func inList(x query.Expr, items ...query.Expr) *query.InExpr {
	return &query.InExpr{X: x, List: items}
}
func lambdaAny(path, v string, pred query.Expr) *query.LambdaExpr {
	return &query.LambdaExpr{Path: mpath(0, path), Variable: v, Predicate: pred}
}
func lambdaAll(path, v string, pred query.Expr) *query.LambdaExpr {
	return &query.LambdaExpr{Path: mpath(0, path), All: true, Variable: v, Predicate: pred}
}
func countOf(path string) *query.CountExpr { return &query.CountExpr{Path: mpath(0, path)} }

// at sets the position of a syntax node and returns it.
func at[T query.Expr](pos int, e T) T {
	p := query.Pos(pos)
	switch x := any(e).(type) {
	case *query.Literal:
		x.P = p
	case *query.BinaryExpr:
		x.P = p
	case *query.UnaryExpr:
		x.P = p
	case *query.CallExpr:
		x.P = p
	case *query.TypeName:
		x.P = p
	case *query.AliasExpr:
		x.P = p
	case *query.InExpr:
		x.P = p
	case *query.LambdaExpr:
		x.P = p
	case *query.CountExpr:
		x.P = p
	case *query.ListExpr:
		x.P = p
	}
	return e
}

// p is a member path at position 0.
func p(path string) *query.MemberPath { return mpath(0, path) }
