package sqldb

import (
	"fmt"
	"strings"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// quoteWith quotes an identifier with the quote character q, doubling it inside.
// qualified is alias.name with name quoted by q, in one allocation when
// name holds no q (every column of every statement goes through it).
func qualified(q byte, alias, name string) string {
	if strings.IndexByte(name, q) < 0 {
		return alias + "." + string(q) + name + string(q)
	}
	return alias + "." + quoteWith(q, name)
}

func quoteWith(q byte, name string) string {
	s := string(q)
	return s + strings.ReplaceAll(name, s, s+s) + s
}

// checkConst verifies that v is the Go value metadata/values.go prescribes
// for t; a mismatch is a binder bug, not client input.
func checkConst(t metadata.EdmType, v any) error {
	if t == metadata.EdmDuration {
		return odataerr.NotImplemented("Edm.Duration values are not supported in SQL expressions")
	}
	if v == nil || !metadata.ValidValue(t, v) {
		return fmt.Errorf("sqldb: constant of type %s has Go type %T", t, v)
	}
	return nil
}

// timeOfDayText formats a TimeOfDay with microseconds, the finest precision
// the engines store.
func timeOfDayText(t metadata.TimeOfDay) string {
	return fmt.Sprintf("%02d:%02d:%02d.%06d", t.Hour, t.Minute, t.Second, t.Nanosecond/1000)
}

// constInt returns the value of an operand that is a bound Int constant.
func constInt(o Operand) (int64, bool) {
	if o.SQL != argMark || len(o.Args) != 1 {
		return 0, false
	}
	v, ok := o.Args[0].(int64)
	return v, ok
}

// isString reports whether an operand compares as a string (exactly).
func isString(o Operand) bool { return o.Type == metadata.EdmString }

// unsupportedCall is the 501 for a function a dialect cannot translate.
func unsupportedCall(f bound.Func) error {
	return odataerr.NotImplemented("the function %s is not supported on this data source", f)
}

// unsupportedCast is the 501 for a cast a dialect cannot translate.
func unsupportedCast(from, to metadata.EdmType) error {
	return odataerr.NotImplemented("cast from %s to %s is not supported on this data source", from, to)
}

// argCount checks the number of arguments of a function call.
func argCount(f bound.Func, args []Operand, counts ...int) error {
	for _, n := range counts {
		if len(args) == n {
			return nil
		}
	}
	return odataerr.BadRequest("wrong number of arguments for %s", f)
}

// substrStart renders the 1-based SQL start of OData's 0-based substring
// index, folding a constant.
func substrStart(d Dialect, i Operand, intType string) Frag {
	if v, ok := constInt(i); ok {
		return param(v + 1)
	}
	if intType != "" {
		return cat("CAST(", i.Frag, " AS ", intType, ") + 1")
	}
	return cat(i.Frag, " + 1")
}

// lengthArg renders a substring length, cast to the engine's integer type when needed.
func lengthArg(n Operand, intType string) Frag {
	if _, ok := constInt(n); ok || intType == "" {
		return n.Frag
	}
	return cat("CAST(", n.Frag, " AS ", intType, ")")
}

// zeroUnlessNull is totaloffsetminutes on engines that store date-times in UTC.
func zeroUnlessNull(x Frag) Frag {
	return cat("CASE WHEN ", x, " IS NULL THEN NULL ELSE 0 END")
}

// plainArith renders + - * with SQL's operators.
func plainArith(op bound.Op, a, b Operand) (Frag, bool) {
	switch op {
	case bound.Add, bound.Sub, bound.Mul:
		return cat("(", a.Frag, sqlOp(op), b.Frag, ")"), true
	}
	return Frag{}, false
}

// unsupportedOp is the 501 for an operator a dialect cannot translate.
func unsupportedOp(op bound.Op) error {
	return odataerr.NotImplemented("the operator %s is not supported here", op)
}

// boolText is cast(x, Edm.String) of a Boolean: 'true' or 'false' as OData
// writes them (engines would say 1/0 or t/f), null for null.
func boolText(d Dialect, x Operand) Frag {
	p := d.BoolPredicate(x.Frag)
	return cat("CASE WHEN ", p, " THEN ", param("true"), " WHEN NOT ", paren(p), " THEN ", param("false"), " END")
}

// Patterns of the text a cast to a number accepts (POSIX classes: no
// backslashes, whose meaning in string literals differs between engines).
const (
	integerText = `'^[[:space:]]*[-+]?[0-9]+[[:space:]]*$'`
	numberText  = `'^[[:space:]]*[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$'`
)

// guardedCast casts text to a number, or to NULL when the text is not one:
// OData's cast returns null when the value cannot be converted, where
// PostgreSQL would fail the statement and MySQL would read a 0.
func guardedCast(x Frag, matchOp string, to metadata.EdmType, sqlType string) Frag {
	pattern := numberText
	if to.IsIntegral() {
		pattern = integerText
	}
	return cat("CASE WHEN ", x, matchOp+pattern+" THEN CAST(", x, " AS "+sqlType+") END")
}
