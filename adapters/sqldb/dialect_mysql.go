package sqldb

import (
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// MySQL is the dialect of MySQL 8 and MariaDB 10.5+.
//
// Connections must use the utf8mb4 character set (the go-sql-driver default)
// and the session time zone '+00:00': DATETIME columns hold UTC date-times,
// TIMESTAMP columns are read in the session zone.
//
// Exact string equality under case-insensitive and PAD SPACE collations is
// `col = ? AND CAST(CONVERT(col USING utf8mb4) AS BINARY) = CAST(CONVERT(? USING utf8mb4) AS BINARY)`:
// the first conjunct can use an index on col, the second compares the UTF-8
// bytes (case and trailing spaces included). Byte order of UTF-8 is code
// point order, so lt/gt use the same binary form. LIKE and LOCATE run under
// utf8mb4_bin, which is case-sensitive and matches one character per `_`.
var MySQL Dialect = mysqlDialect{}

type mysqlDialect struct{}

func (mysqlDialect) Name() string                  { return "mysql" }
func (mysqlDialect) QuoteIdent(name string) string { return quoteWith('`', name) }
func (mysqlDialect) Placeholder(int) string        { return "?" }

func (mysqlDialect) Paging(top, skip int64) Frag {
	switch {
	case top >= 0 && skip > 0:
		return cat(" LIMIT ", param(top), " OFFSET ", param(skip))
	case top >= 0:
		return cat(" LIMIT ", param(top))
	case skip > 0:
		// MySQL has no OFFSET without LIMIT; this is the documented idiom.
		return cat(" LIMIT 18446744073709551615 OFFSET ", param(skip))
	}
	return Frag{}
}

func (mysqlDialect) Const(t metadata.EdmType, v any) (Frag, error) {
	if err := checkConst(t, v); err != nil {
		return Frag{}, err
	}
	switch v := v.(type) {
	case metadata.Decimal:
		// A string compared with a DECIMAL column is compared as a double.
		return cat("CAST(", param(string(v)), " AS DECIMAL(65,30))"), nil
	case metadata.Date:
		return cat("CAST(", param(v.String()), " AS DATE)"), nil
	case time.Time:
		return cat("CAST(", param(v.UTC().Format("2006-01-02 15:04:05.999999")), " AS DATETIME(6))"), nil
	case metadata.TimeOfDay:
		return cat("CAST(", param(timeOfDayText(v)), " AS TIME(6))"), nil
	}
	return param(v), nil
}

func (d mysqlDialect) ReadColumn(alias string, p *metadata.Property) Frag {
	c := raw(qualified('`', alias, p.Column))
	if conv := convertStored(storedCasts{date: "DATE", dateTime: "DATETIME(6)", timeOfDay: "TIME(6)", dateOf: "DATE"}, c, p); conv.SQL != c.SQL {
		return conv
	}
	if p.ReadAsText {
		return cat("CAST(", c, " AS CHAR)")
	}
	return c
}

func (d mysqlDialect) SortKeys(o Operand) []Frag {
	x, t := o.Frag, o.Type
	if t == metadata.EdmString {
		return []Frag{mysqlBin(x)}
	}
	return []Frag{x}
}

func (mysqlDialect) Comparable(x Frag, _ metadata.EdmType) Frag { return x }

// bin is the UTF-8 bytes of a string expression.
func mysqlBin(x Frag) Frag { return cat("CAST(CONVERT(", x, " USING utf8mb4) AS BINARY)") }

// binColl is a string expression under the case-sensitive utf8mb4_bin collation.
func mysqlBinColl(x Frag) Frag { return cat("CONVERT(", x, " USING utf8mb4) COLLATE utf8mb4_bin") }

func (mysqlDialect) Compare(op bound.Op, a, b Operand) Frag {
	if !isString(a) || !isString(b) {
		return cat(a.Frag, sqlOp(op), b.Frag)
	}
	exact := cat(mysqlBin(a.Frag), sqlOp(op), mysqlBin(b.Frag))
	if op == bound.Eq && a.Column {
		return cat("(", a.Frag, " = ", b.Frag, " AND ", exact, ")")
	}
	if op == bound.Eq && b.Column {
		return cat("(", b.Frag, " = ", a.Frag, " AND ", exact, ")")
	}
	return exact
}

func (mysqlDialect) NullSafeEq(a, b Operand) Frag {
	if isString(a) && isString(b) {
		return cat(mysqlBin(a.Frag), " <=> ", mysqlBin(b.Frag))
	}
	return cat(a.Frag, " <=> ", b.Frag)
}

func (mysqlDialect) In(x Operand, items []Operand) Frag {
	fs := make([]Frag, len(items))
	for i, it := range items {
		fs[i] = it.Frag
	}
	if !isString(x) {
		return cat(x.Frag, " IN (", join(fs, ", "), ")")
	}
	bins := make([]Frag, len(items))
	for i, f := range fs {
		bins[i] = mysqlBin(f)
	}
	exact := cat(mysqlBin(x.Frag), " IN (", join(bins, ", "), ")")
	if !x.Column {
		return exact
	}
	return cat("(", x.Frag, " IN (", join(fs, ", "), ") AND ", exact, ")")
}

func (mysqlDialect) Match(kind MatchKind, x Frag, s string) Frag {
	return cat(x, " LIKE ", mysqlBinColl(param(likePattern(kind, s))), " ESCAPE '!'")
}

func (mysqlDialect) MatchExpr(kind MatchKind, x, s Frag) Frag {
	switch kind {
	case MatchStartsWith:
		return cat("LOCATE(", mysqlBinColl(s), ", ", x, ") = 1")
	case MatchEndsWith:
		return cat(mysqlBin(cat("RIGHT(", x, ", CHAR_LENGTH(", s, "))")), " = ", mysqlBin(s))
	}
	return cat("LOCATE(", mysqlBinColl(s), ", ", x, ") > 0")
}

// ContainsFold lowers both sides and compares them under utf8mb4_bin: the
// column's own collation would also ignore accents ('unicode' would find
// 'Ünïcödé'), which no other engine does.
func (mysqlDialect) ContainsFold(x Frag, term string) Frag {
	return cat("LOWER(", x, ") LIKE ", mysqlBinColl(cat("LOWER(", param(likePattern(MatchContains, term)), ")")), " ESCAPE '!'")
}

func (mysqlDialect) Arith(op bound.Op, a, b Operand, t metadata.EdmType) (Frag, error) {
	if f, ok := plainArith(op, a, b); ok {
		return f, nil
	}
	// A decimal quotient gets the dividend's scale plus 4 digits
	// (div_precision_increment): 18.00 / 7 is 2.571429. From DECIMAL(65,30)
	// it keeps 30, as many as the other engines keep or more.
	x := a.Frag
	if t == metadata.EdmDecimal {
		x = cat("CAST(", a.Frag, " AS DECIMAL(65,30))")
	}
	switch op {
	case bound.Div:
		if a.Type.IsIntegral() && b.Type.IsIntegral() {
			return cat("(", a.Frag, " DIV ", b.Frag, ")"), nil // truncates toward zero
		}
		return cat("(", x, " / ", b.Frag, ")"), nil
	case bound.DivBy:
		return cat("(", x, " / ", b.Frag, ")"), nil
	case bound.Mod:
		return fn("MOD", a.Frag, b.Frag), nil
	}
	return Frag{}, unsupportedOp(op)
}

func (mysqlDialect) AddDuration(x Operand, d time.Duration) Frag {
	sum := cat("(", x.Frag, " + INTERVAL ", param(d.Microseconds()), " MICROSECOND)")
	if x.Type == metadata.EdmDate {
		return cat("CAST(", sum, " AS DATE)")
	}
	return sum
}

func (mysqlDialect) Neg(x Operand) Frag { return cat("(-", x.Frag, ")") }

var mysqlParts = map[bound.Func]string{
	bound.FnYear: "YEAR", bound.FnMonth: "MONTH", bound.FnDay: "DAYOFMONTH",
	bound.FnHour: "HOUR", bound.FnMinute: "MINUTE", bound.FnSecond: "SECOND",
	bound.FnDate: "DATE", bound.FnTime: "TIME",
}

func (mysqlDialect) Call(f bound.Func, args []Operand, t metadata.EdmType) (Frag, error) {
	if name, ok := mysqlParts[f]; ok {
		if err := argCount(f, args, 1); err != nil {
			return Frag{}, err
		}
		return fn(name, args[0].Frag), nil
	}
	switch f {
	case bound.FnNow:
		return raw("UTC_TIMESTAMP(6)"), nil
	}
	if err := argCount(f, args, 1, 2, 3); err != nil {
		return Frag{}, err
	}
	x := args[0]
	switch f {
	case bound.FnLength:
		return fn("CHAR_LENGTH", x.Frag), nil
	case bound.FnToLower:
		return fn("LOWER", x.Frag), nil
	case bound.FnToUpper:
		return fn("UPPER", x.Frag), nil
	case bound.FnTrim:
		return fn("TRIM", x.Frag), nil
	case bound.FnFractionalSeconds:
		return cat("(MICROSECOND(", x.Frag, ") * 0.000001)"), nil
	case bound.FnTotalOffsetMinutes:
		return zeroUnlessNull(x.Frag), nil
	case bound.FnRound, bound.FnFloor, bound.FnCeiling:
		return mysqlRound(f, x), nil
	}
	if len(args) < 2 {
		return Frag{}, argCount(f, args, 2)
	}
	switch f {
	case bound.FnIndexOf:
		return cat("(LOCATE(", mysqlBinColl(args[1].Frag), ", ", x.Frag, ") - 1)"), nil
	case bound.FnConcat:
		return fn("CONCAT", x.Frag, args[1].Frag), nil // NULL if either is NULL
	case bound.FnSubstring:
		if len(args) == 3 {
			return fn("SUBSTRING", x.Frag, substrStart(MySQL, args[1], ""), args[2].Frag), nil
		}
		return fn("SUBSTRING", x.Frag, substrStart(MySQL, args[1], "")), nil
	}
	return Frag{}, unsupportedCall(f)
}

// mysqlRound rounds half away from zero, also for DOUBLE (whose ROUND is
// half-to-even on most platforms).
func mysqlRound(f bound.Func, x Operand) Frag {
	name := map[bound.Func]string{bound.FnRound: "ROUND", bound.FnFloor: "FLOOR", bound.FnCeiling: "CEILING"}[f]
	if x.Type.IsIntegral() {
		return x.Frag
	}
	if f == bound.FnRound && (x.Type == metadata.EdmDouble || x.Type == metadata.EdmSingle) {
		return cat("CAST(ROUND(CAST(", x.Frag, " AS DECIMAL(65,30))) AS DOUBLE)")
	}
	return fn(name, x.Frag)
}

func (mysqlDialect) Cast(x Operand, to metadata.EdmType) (Frag, error) {
	var typ string
	switch {
	case to == metadata.EdmString && x.Type == metadata.EdmBoolean:
		return boolText(MySQL, x), nil
	case to == metadata.EdmString && (x.Type == metadata.EdmGuid || x.Type.IsNumeric() || x.Type == metadata.EdmDate):
		typ = "CHAR"
	case x.Type == metadata.EdmString && to.IsNumeric():
		return guardedCast(x.Frag, " REGEXP ", to, mysqlNumberType(to)), nil
	case to.IsNumeric() && x.Type.IsNumeric():
		typ = mysqlNumberType(to)
	case to == metadata.EdmDate && (x.Type == metadata.EdmDateTimeOffset || x.Type == metadata.EdmString):
		typ = "DATE"
	case to == metadata.EdmDateTimeOffset && (x.Type == metadata.EdmDate || x.Type == metadata.EdmString):
		typ = "DATETIME(6)"
	default:
		return Frag{}, unsupportedCast(x.Type, to)
	}
	return cat("CAST(", x.Frag, " AS "+typ+")"), nil
}

func mysqlNumberType(t metadata.EdmType) string {
	switch {
	case t.IsIntegral():
		return "SIGNED"
	case t == metadata.EdmDecimal:
		return "DECIMAL(65,30)"
	}
	return "DOUBLE"
}

func (mysqlDialect) BoolValue(pred Frag) Frag  { return paren(pred) }
func (mysqlDialect) BoolPredicate(x Frag) Frag { return cat(x, " <> 0") }
func (mysqlDialect) True() Frag                { return raw("1 = 1") }
func (mysqlDialect) False() Frag               { return raw("1 = 0") }
func (mysqlDialect) OrderTerm(x Frag, desc, _ bool) Frag {
	// NULL is the smallest value in MySQL: first ascending, last descending.
	if desc {
		return cat(x, " DESC")
	}
	return x
}
