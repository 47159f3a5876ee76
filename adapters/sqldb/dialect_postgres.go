package sqldb

import (
	"strconv"
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// Postgres is the dialect of PostgreSQL 12+.
//
// Connections must use the session time zone UTC (pgx: RuntimeParams
// "timezone"), so that timestamp columns (UTC wall-clock times) and
// timestamptz columns compare, extract and convert alike.
//
// Strings compare exactly with `=` under deterministic collations (the
// default); lt/gt use COLLATE "C" (code point order) so that results agree
// with the other engines. LIKE is case-sensitive.
var Postgres Dialect = postgresDialect{}

type postgresDialect struct{}

func (postgresDialect) Name() string                  { return "postgres" }
func (postgresDialect) QuoteIdent(name string) string { return quoteWith('"', name) }
func (postgresDialect) Placeholder(n int) string      { return "$" + strconv.Itoa(n) }

func (postgresDialect) Paging(top, skip int64) Frag {
	var f Frag
	if top >= 0 {
		f = cat(" LIMIT ", param(top))
	}
	if skip > 0 {
		f = cat(f, " OFFSET ", param(skip))
	}
	return f
}

func (postgresDialect) Const(t metadata.EdmType, v any) (Frag, error) {
	if err := checkConst(t, v); err != nil {
		return Frag{}, err
	}
	switch v := v.(type) {
	case metadata.Decimal:
		return cat("CAST(", param(string(v)), " AS NUMERIC)"), nil
	case metadata.Date:
		return cat("CAST(", param(v.String()), " AS DATE)"), nil
	case time.Time:
		// Left untyped: PostgreSQL infers timestamp or timestamptz from the
		// other operand; the UTC instant is right for both.
		return param(v.UTC()), nil
	case metadata.TimeOfDay:
		return cat("CAST(", param(timeOfDayText(v)), " AS TIME)"), nil
	case float64:
		return cat("CAST(", param(v), " AS DOUBLE PRECISION)"), nil
	case int64:
		// Typed: PostgreSQL would infer the parameter's type from the other
		// operand (smallint, integer) and the driver could not encode a
		// wider value. Cross-type integer comparisons still use indexes.
		return cat("CAST(", param(v), " AS "+postgresIntType[t]+")"), nil
	}
	return param(v), nil
}

var postgresIntType = map[metadata.EdmType]string{
	metadata.EdmByte: "SMALLINT", metadata.EdmSByte: "SMALLINT", metadata.EdmInt16: "SMALLINT",
	metadata.EdmInt32: "INTEGER", metadata.EdmInt64: "BIGINT",
}

func (d postgresDialect) ReadColumn(alias string, p *metadata.Property) Frag {
	c := raw(qualified('"', alias, p.Column))
	if conv := convertStored(storedCasts{date: "DATE", dateTime: "TIMESTAMPTZ", timeOfDay: "TIME", integer: "INTEGER"}, c, p); conv.SQL != c.SQL {
		return conv
	}
	if p.ReadAsText {
		return cat("CAST(", c, " AS TEXT)")
	}
	return c
}

func (postgresDialect) SortKeys(o Operand) []Frag {
	x, t := o.Frag, o.Type
	if t == metadata.EdmString {
		return []Frag{cat(x, ` COLLATE "C"`)}
	}
	return []Frag{x}
}

func (postgresDialect) Comparable(x Frag, _ metadata.EdmType) Frag { return x }

func (postgresDialect) Compare(op bound.Op, a, b Operand) Frag {
	if isString(a) && isString(b) && op != bound.Eq && op != bound.Ne {
		return cat(a.Frag, sqlOp(op), b.Frag, ` COLLATE "C"`)
	}
	return cat(a.Frag, sqlOp(op), b.Frag)
}

func (postgresDialect) NullSafeEq(a, b Operand) Frag {
	return cat(a.Frag, " IS NOT DISTINCT FROM ", b.Frag)
}

func (postgresDialect) In(x Operand, items []Operand) Frag {
	fs := make([]Frag, len(items))
	for i, it := range items {
		fs[i] = it.Frag
	}
	return cat(x.Frag, " IN (", join(fs, ", "), ")")
}

func (postgresDialect) Match(kind MatchKind, x Frag, s string) Frag {
	return cat(x, " LIKE ", param(likePattern(kind, s)), " ESCAPE '!'")
}

func (postgresDialect) MatchExpr(kind MatchKind, x, s Frag) Frag {
	switch kind {
	case MatchStartsWith:
		return cat("STRPOS(", x, ", ", s, ") = 1")
	case MatchEndsWith:
		return cat("RIGHT(", x, ", LENGTH(", s, ")) = ", s)
	}
	return cat("STRPOS(", x, ", ", s, ") > 0")
}

func (postgresDialect) ContainsFold(x Frag, term string) Frag {
	return cat("LOWER(", x, ") LIKE LOWER(", param(likePattern(MatchContains, term)), ") ESCAPE '!'")
}

func (postgresDialect) Arith(op bound.Op, a, b Operand, t metadata.EdmType) (Frag, error) {
	if f, ok := plainArith(op, a, b); ok {
		return f, nil
	}
	ints := a.Type.IsIntegral() && b.Type.IsIntegral()
	// A zero divisor gives NULL (the row does not match), as on MySQL and
	// SQLite, instead of failing the whole statement.
	div := cat("NULLIF(", b.Frag, ", 0)")
	switch op {
	case bound.Div:
		// Integer division truncates toward zero in PostgreSQL.
		return cat("(", a.Frag, " / ", div, ")"), nil
	case bound.DivBy:
		if ints {
			return cat("(CAST(", a.Frag, " AS NUMERIC) / ", div, ")"), nil
		}
		return cat("(", a.Frag, " / ", div, ")"), nil
	case bound.Mod:
		if t == metadata.EdmDouble || t == metadata.EdmSingle {
			return cat("CAST(MOD(CAST(", a.Frag, " AS NUMERIC), CAST(", div, " AS NUMERIC)) AS DOUBLE PRECISION)"), nil
		}
		return fn("MOD", a.Frag, div), nil
	}
	return Frag{}, unsupportedOp(op)
}

func (postgresDialect) AddDuration(x Operand, d time.Duration) Frag {
	sum := cat("(", x.Frag, " + CAST(", param(strconv.FormatInt(d.Microseconds(), 10)+" microseconds"), " AS INTERVAL))")
	if x.Type == metadata.EdmDate {
		return cat("CAST(", sum, " AS DATE)")
	}
	return sum
}

func (postgresDialect) Neg(x Operand) Frag { return cat("(-", x.Frag, ")") }

var postgresParts = map[bound.Func]string{
	bound.FnYear: "YEAR", bound.FnMonth: "MONTH", bound.FnDay: "DAY",
	bound.FnHour: "HOUR", bound.FnMinute: "MINUTE",
}

func (postgresDialect) Call(f bound.Func, args []Operand, t metadata.EdmType) (Frag, error) {
	if f == bound.FnNow {
		return raw("NOW()"), nil
	}
	if err := argCount(f, args, 1, 2, 3); err != nil {
		return Frag{}, err
	}
	x := args[0]
	if part, ok := postgresParts[f]; ok {
		return cat("CAST(EXTRACT(", part, " FROM ", x.Frag, ") AS INTEGER)"), nil
	}
	switch f {
	case bound.FnSecond:
		return cat("CAST(FLOOR(EXTRACT(SECOND FROM ", x.Frag, ")) AS INTEGER)"), nil
	case bound.FnFractionalSeconds:
		return cat("CAST(EXTRACT(SECOND FROM ", x.Frag, ") - FLOOR(EXTRACT(SECOND FROM ", x.Frag, ")) AS NUMERIC)"), nil
	case bound.FnDate:
		return cat("CAST(", x.Frag, " AS DATE)"), nil
	case bound.FnTime:
		return cat("CAST(", x.Frag, " AS TIME)"), nil
	case bound.FnTotalOffsetMinutes:
		return zeroUnlessNull(x.Frag), nil
	case bound.FnLength:
		return fn("LENGTH", x.Frag), nil
	case bound.FnToLower:
		return fn("LOWER", x.Frag), nil
	case bound.FnToUpper:
		return fn("UPPER", x.Frag), nil
	case bound.FnTrim:
		return fn("TRIM", x.Frag), nil
	case bound.FnRound, bound.FnFloor, bound.FnCeiling:
		return postgresRound(f, x), nil
	}
	if len(args) < 2 {
		return Frag{}, argCount(f, args, 2)
	}
	switch f {
	case bound.FnIndexOf:
		return cat("(STRPOS(", x.Frag, ", ", args[1].Frag, ") - 1)"), nil
	case bound.FnConcat:
		return cat("(", x.Frag, " || ", args[1].Frag, ")"), nil // NULL if either is NULL
	case bound.FnSubstring:
		if len(args) == 3 {
			return fn("SUBSTR", x.Frag, substrStart(Postgres, args[1], "INTEGER"), lengthArg(args[2], "INTEGER")), nil
		}
		return fn("SUBSTR", x.Frag, substrStart(Postgres, args[1], "INTEGER")), nil
	}
	return Frag{}, unsupportedCall(f)
}

// postgresRound rounds half away from zero, also for double precision (whose
// round() is half-to-even).
func postgresRound(f bound.Func, x Operand) Frag {
	if x.Type.IsIntegral() {
		return x.Frag
	}
	name := map[bound.Func]string{bound.FnRound: "ROUND", bound.FnFloor: "FLOOR", bound.FnCeiling: "CEIL"}[f]
	if f == bound.FnRound && (x.Type == metadata.EdmDouble || x.Type == metadata.EdmSingle) {
		return cat("CAST(ROUND(CAST(", x.Frag, " AS NUMERIC)) AS DOUBLE PRECISION)")
	}
	return fn(name, x.Frag)
}

func (postgresDialect) Cast(x Operand, to metadata.EdmType) (Frag, error) {
	var typ string
	switch {
	case to == metadata.EdmString && x.Type == metadata.EdmBoolean:
		return boolText(Postgres, x), nil
	case to == metadata.EdmString && (x.Type == metadata.EdmGuid || x.Type.IsNumeric() || x.Type == metadata.EdmDate):
		typ = "TEXT"
	case x.Type == metadata.EdmString && to.IsNumeric():
		return guardedCast(x.Frag, " ~ ", to, postgresNumberType(to)), nil
	case to.IsNumeric() && x.Type.IsNumeric():
		typ = postgresNumberType(to)
	case to == metadata.EdmDate && (x.Type == metadata.EdmDateTimeOffset || x.Type == metadata.EdmString):
		typ = "DATE"
	case to == metadata.EdmDateTimeOffset && (x.Type == metadata.EdmDate || x.Type == metadata.EdmString):
		typ = "TIMESTAMPTZ"
	default:
		return Frag{}, unsupportedCast(x.Type, to)
	}
	return cat("CAST(", x.Frag, " AS "+typ+")"), nil
}

func postgresNumberType(t metadata.EdmType) string {
	switch {
	case t == metadata.EdmInt64:
		return "BIGINT"
	case t.IsIntegral():
		return "INTEGER"
	case t == metadata.EdmDecimal:
		return "NUMERIC"
	}
	return "DOUBLE PRECISION"
}

func (postgresDialect) BoolValue(pred Frag) Frag  { return paren(pred) }
func (postgresDialect) BoolPredicate(x Frag) Frag { return x }
func (postgresDialect) True() Frag                { return raw("TRUE") }
func (postgresDialect) False() Frag               { return raw("FALSE") }

func (postgresDialect) OrderTerm(x Frag, desc, nullable bool) Frag {
	// PostgreSQL sorts NULL as the largest value; OData wants it smallest.
	// Non-nullable terms stay plain so that an index can serve the order.
	switch {
	case desc && nullable:
		return cat(x, " DESC NULLS LAST")
	case desc:
		return cat(x, " DESC")
	case nullable:
		return cat(x, " NULLS FIRST")
	}
	return x
}
