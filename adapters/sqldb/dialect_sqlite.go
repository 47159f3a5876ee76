package sqldb

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// SQLite is the dialect of SQLite 3.35+ (modernc.org/sqlite).
//
// Date-times are stored as ISO-8601 text, possibly in several forms ('T' or
// space, with or without fraction and zone). They are compared and ordered
// through STRFTIME('%Y-%m-%d %H:%M:%f', x), which normalises every form to
// UTC text of fixed width (millisecond precision); an index on such a column
// cannot serve those comparisons. A column the loader found in one stored
// form (stored_form.go) is compared and ordered as stored instead, with
// constants in that form, so that its index serves. Dates ('YYYY-MM-DD')
// compare as text.
//
// Decimals have no exact type in SQLite: columns of NUMERIC affinity hold
// INTEGER or REAL values, so decimal constants are bound as float64.
//
// Strings compare with the BINARY collation (exact, code point order) even
// when a column declares NOCASE or RTRIM; contains/startswith/endswith use
// GLOB, which is case-sensitive (LIKE is not, and PRAGMA case_sensitive_like
// is connection-global).
var SQLite Dialect = sqliteDialect{}

type sqliteDialect struct{}

func (sqliteDialect) Name() string                  { return "sqlite" }
func (sqliteDialect) QuoteIdent(name string) string { return quoteWith('"', name) }
func (sqliteDialect) Placeholder(int) string        { return "?" }

func (sqliteDialect) Paging(top, skip int64) Frag {
	switch {
	case top >= 0 && skip > 0:
		return cat(" LIMIT ", param(top), " OFFSET ", param(skip))
	case top >= 0:
		return cat(" LIMIT ", param(top))
	case skip > 0:
		return cat(" LIMIT -1 OFFSET ", param(skip))
	}
	return Frag{}
}

// sqliteTimeFormat is how date-time constants are bound.
const sqliteTimeFormat = "2006-01-02 15:04:05.999999999"

func (sqliteDialect) Const(t metadata.EdmType, v any) (Frag, error) {
	if err := checkConst(t, v); err != nil {
		return Frag{}, err
	}
	switch v := v.(type) {
	case metadata.Decimal:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return Frag{}, err
		}
		return param(f), nil
	case bool:
		if v {
			return param(int64(1)), nil
		}
		return param(int64(0)), nil
	case metadata.Date:
		return param(v.String()), nil
	case time.Time:
		return param(v.UTC().Format(sqliteTimeFormat)), nil
	case metadata.TimeOfDay:
		return param(timeOfDayText(v)), nil
	}
	return param(v), nil
}

func (d sqliteDialect) ReadColumn(alias string, p *metadata.Property) Frag {
	c := raw(qualified('"', alias, p.Column))
	if conv := convertStored(storedCasts{dateOf: "DATE"}, c, p); conv.SQL != c.SQL {
		return conv
	}
	if p.ReadAsText {
		return cat("CAST(", c, " AS TEXT)")
	}
	return c
}

// SelectColumn selects a date or date-time column as +col: the same value,
// but with no declared type, so that the driver hands the stored text over
// as is instead of trying its time layouts one after the other (an error
// value allocated per failed layout, per row); convert parses it in one
// pass. In a WHERE or ORDER BY, +col would keep an index from serving: it
// is only used in the select list.
func (sqliteDialect) SelectColumn(x Frag, p *metadata.Property) Frag {
	if (p.Type == metadata.EdmDate || p.Type == metadata.EdmDateTimeOffset) && x.SQL != "" && !strings.ContainsAny(x.SQL, "( ") {
		return cat("+", x)
	}
	return x
}

func (d sqliteDialect) SortKeys(o Operand) []Frag {
	x, t := o.Frag, o.Type
	if form := storedColumn(o); form != "" {
		return []Frag{x}
	}
	if o.Prop != nil && !o.Column {
		if f, ok := storedConst(o, o.Prop.StoredForm); ok {
			return []Frag{f}
		}
	}
	switch t {
	case metadata.EdmString:
		return []Frag{cat(x, " COLLATE BINARY")}
	case metadata.EdmGuid:
		// GUID text may be stored in upper case; values are read (and come
		// back as keyset positions) in lower case.
		return []Frag{fn("LOWER", x)}
	}
	return []Frag{d.Comparable(x, t)}
}

func (sqliteDialect) Comparable(x Frag, t metadata.EdmType) Frag {
	switch t {
	case metadata.EdmDateTimeOffset:
		if strings.HasPrefix(x.SQL, "STRFTIME(") {
			return x
		}
		return cat("STRFTIME('%Y-%m-%d %H:%M:%f', ", x, ")")
	case metadata.EdmTimeOfDay:
		if strings.HasPrefix(x.SQL, "STRFTIME(") {
			return x
		}
		return cat("STRFTIME('%H:%M:%f', ", x, ")")
	}
	return x
}

func (d sqliteDialect) Compare(op bound.Op, a, b Operand) Frag {
	switch {
	case a.Type == metadata.EdmGuid && b.Type == metadata.EdmGuid:
		return cat(a.Frag, sqlOp(op), b.Frag, " COLLATE NOCASE")
	case a.Type == metadata.EdmDecimal || b.Type == metadata.EdmDecimal:
		// Decimal arithmetic runs in binary floating point here: round
		// computed operands so that 0.1 add 0.2 eq 0.3 holds as in OData.
		return cat(sqliteDecimal(a), sqlOp(op), sqliteDecimal(b))
	case isString(a) && isString(b):
		exact := cat(a.Frag, sqlOp(op), b.Frag, " COLLATE BINARY")
		if op == bound.Eq && a.Column {
			// The plain conjunct lets an index with the column's collation serve.
			return cat("(", a.Frag, " = ", b.Frag, " AND ", exact, ")")
		}
		return exact
	}
	if x, y, ok := storedPair(a, b); ok {
		return cat(x, sqlOp(op), y)
	}
	return cat(d.Comparable(a.Frag, a.Type), sqlOp(op), d.Comparable(b.Frag, b.Type))
}

func (d sqliteDialect) NullSafeEq(a, b Operand) Frag {
	if isString(a) && isString(b) {
		return cat(a.Frag, " IS ", b.Frag, " COLLATE BINARY")
	}
	if x, y, ok := storedPair(a, b); ok {
		return cat(x, " IS ", y)
	}
	return cat(d.Comparable(a.Frag, a.Type), " IS ", d.Comparable(b.Frag, b.Type))
}

func (d sqliteDialect) In(x Operand, items []Operand) Frag {
	if f, ok := storedIn(x, items); ok {
		return f
	}
	fs := make([]Frag, len(items))
	for i, it := range items {
		fs[i] = d.Comparable(it.Frag, it.Type)
	}
	list := join(fs, ", ")
	switch {
	case x.Type == metadata.EdmGuid:
		return cat(x.Frag, " COLLATE NOCASE IN (", list, ")")
	case isString(x) && x.Column:
		return cat("(", x.Frag, " IN (", list, ") AND ", x.Frag, " COLLATE BINARY IN (", list, "))")
	case isString(x):
		return cat(x.Frag, " COLLATE BINARY IN (", list, ")")
	}
	return cat(d.Comparable(x.Frag, x.Type), " IN (", list, ")")
}

// sqliteDecimalDigits is the number of fractional digits computed decimal
// values are rounded to before comparison.
const sqliteDecimalDigits = "10"

// sqliteDecimal rounds a computed decimal operand; columns and constants
// compare as stored.
func sqliteDecimal(o Operand) Frag {
	if o.Column || o.SQL == argMark {
		return o.Frag
	}
	return cat("ROUND(", o.Frag, ", "+sqliteDecimalDigits+")")
}

// escapeGlob makes s match itself in a GLOB pattern.
func escapeGlob(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[':
			sb.WriteByte('[')
			sb.WriteRune(r)
			sb.WriteByte(']')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func (sqliteDialect) Match(kind MatchKind, x Frag, s string) Frag {
	e := escapeGlob(s)
	switch kind {
	case MatchStartsWith:
		e += "*"
	case MatchEndsWith:
		e = "*" + e
	default:
		e = "*" + e + "*"
	}
	return cat(x, " GLOB ", param(e))
}

func (sqliteDialect) MatchExpr(kind MatchKind, x, s Frag) Frag {
	switch kind {
	case MatchStartsWith:
		return cat("INSTR(", x, ", ", s, ") = 1")
	case MatchEndsWith:
		return cat("SUBSTR(", x, ", LENGTH(", x, ") - LENGTH(", s, ") + 1) = ", s, " COLLATE BINARY")
	}
	return cat("INSTR(", x, ", ", s, ") > 0")
}

func (sqliteDialect) ContainsFold(x Frag, term string) Frag {
	return cat(sqliteLower+"(", x, ") LIKE "+sqliteLower+"(", param(likePattern(MatchContains, term)), ") ESCAPE '!'")
}

func (sqliteDialect) Arith(op bound.Op, a, b Operand, t metadata.EdmType) (Frag, error) {
	if f, ok := plainArith(op, a, b); ok {
		return f, nil
	}
	ints := a.Type.IsIntegral() && b.Type.IsIntegral()
	switch op {
	case bound.Div:
		if ints {
			return cat("(", a.Frag, " / ", b.Frag, ")"), nil // truncates toward zero
		}
		// A NUMERIC column may hold an INTEGER value: force real division.
		return cat("(CAST(", a.Frag, " AS REAL) / ", b.Frag, ")"), nil
	case bound.DivBy:
		return cat("(CAST(", a.Frag, " AS REAL) / ", b.Frag, ")"), nil
	case bound.Mod:
		if ints {
			return cat("(", a.Frag, " % ", b.Frag, ")"), nil
		}
		return fn("MOD", a.Frag, b.Frag), nil
	}
	return Frag{}, unsupportedOp(op)
}

func (sqliteDialect) AddDuration(x Operand, d time.Duration) Frag {
	// A modifier such as '+3600.000000 seconds' (exact to the microsecond).
	us := d.Microseconds()
	sign := "+"
	if us < 0 {
		sign, us = "-", -us
	}
	mod := param(fmt.Sprintf("%s%d.%06d seconds", sign, us/1e6, us%1e6))
	if x.Type == metadata.EdmDate {
		return fn("DATE", x.Frag, mod)
	}
	return cat("STRFTIME('%Y-%m-%d %H:%M:%f', ", x.Frag, ", ", mod, ")")
}

func (sqliteDialect) Neg(x Operand) Frag { return cat("(-", x.Frag, ")") }

var sqliteParts = map[bound.Func]string{
	bound.FnYear: "%Y", bound.FnMonth: "%m", bound.FnDay: "%d",
	bound.FnHour: "%H", bound.FnMinute: "%M", bound.FnSecond: "%S",
}

func (d sqliteDialect) Call(f bound.Func, args []Operand, t metadata.EdmType) (Frag, error) {
	if f == bound.FnNow {
		return raw("STRFTIME('%Y-%m-%d %H:%M:%f', 'now')"), nil
	}
	if err := argCount(f, args, 1, 2, 3); err != nil {
		return Frag{}, err
	}
	x := args[0]
	if part, ok := sqliteParts[f]; ok {
		return cat("CAST(STRFTIME('"+part+"', ", x.Frag, ") AS INTEGER)"), nil
	}
	switch f {
	case bound.FnFractionalSeconds:
		return cat("ROUND(CAST(STRFTIME('%f', ", x.Frag, ") AS REAL) - CAST(STRFTIME('%S', ", x.Frag, ") AS INTEGER), 3)"), nil
	case bound.FnDate:
		return fn("DATE", x.Frag), nil
	case bound.FnTime:
		return cat("STRFTIME('%H:%M:%f', ", x.Frag, ")"), nil
	case bound.FnTotalOffsetMinutes:
		return zeroUnlessNull(x.Frag), nil
	case bound.FnLength:
		return fn("LENGTH", x.Frag), nil
	case bound.FnToLower:
		return fn(sqliteLower, x.Frag), nil
	case bound.FnToUpper:
		return fn(sqliteUpper, x.Frag), nil
	case bound.FnTrim:
		return fn("TRIM", x.Frag), nil
	case bound.FnRound, bound.FnFloor, bound.FnCeiling:
		if x.Type.IsIntegral() {
			return x.Frag, nil
		}
		name := map[bound.Func]string{bound.FnRound: "ROUND", bound.FnFloor: "FLOOR", bound.FnCeiling: "CEIL"}[f]
		return fn(name, x.Frag), nil // ROUND is half away from zero in SQLite
	}
	if len(args) < 2 {
		return Frag{}, argCount(f, args, 2)
	}
	switch f {
	case bound.FnIndexOf:
		return cat("(INSTR(", x.Frag, ", ", args[1].Frag, ") - 1)"), nil
	case bound.FnConcat:
		return cat("(", x.Frag, " || ", args[1].Frag, ")"), nil // NULL if either is NULL
	case bound.FnSubstring:
		if len(args) == 3 {
			return fn("SUBSTR", x.Frag, substrStart(d, args[1], ""), args[2].Frag), nil
		}
		return fn("SUBSTR", x.Frag, substrStart(d, args[1], "")), nil
	}
	return Frag{}, unsupportedCall(f)
}

func (d sqliteDialect) Cast(x Operand, to metadata.EdmType) (Frag, error) {
	switch {
	case to == metadata.EdmString && x.Type == metadata.EdmBoolean:
		return boolText(d, x), nil
	case to == metadata.EdmString && x.Type == metadata.EdmDecimal && x.Prop != nil && x.Prop.Precision > 0 && x.Prop.Scale >= 0:
		// Decimals are REAL here: write the column's scale as the other engines do.
		return cat("PRINTF('%."+strconv.Itoa(x.Prop.Scale)+"f', ", x.Frag, ")"), nil
	case to == metadata.EdmString && (x.Type == metadata.EdmGuid || x.Type.IsNumeric() || x.Type == metadata.EdmDate):
		return cat("CAST(", x.Frag, " AS TEXT)"), nil
	case x.Type == metadata.EdmString && to.IsIntegral():
		return fn(sqliteInteger, x.Frag), nil
	case x.Type == metadata.EdmString && to.IsNumeric():
		return fn(sqliteReal, x.Frag), nil
	case to.IsIntegral() && (x.Type == metadata.EdmDecimal || x.Type == metadata.EdmDouble || x.Type == metadata.EdmSingle):
		// Round half away from zero as MySQL and PostgreSQL do; CAST truncates.
		return cat("CAST(ROUND(", x.Frag, ") AS INTEGER)"), nil
	case to.IsIntegral() && (x.Type.IsNumeric() || x.Type == metadata.EdmString):
		return cat("CAST(", x.Frag, " AS INTEGER)"), nil
	case (to == metadata.EdmDecimal || to == metadata.EdmDouble || to == metadata.EdmSingle) && (x.Type.IsNumeric() || x.Type == metadata.EdmString):
		return cat("CAST(", x.Frag, " AS REAL)"), nil
	case to == metadata.EdmDate && (x.Type == metadata.EdmDateTimeOffset || x.Type == metadata.EdmString):
		return fn("DATE", x.Frag), nil
	case to == metadata.EdmDateTimeOffset && (x.Type == metadata.EdmDate || x.Type == metadata.EdmString):
		return d.Comparable(x.Frag, metadata.EdmDateTimeOffset), nil
	}
	return Frag{}, unsupportedCast(x.Type, to)
}

func (sqliteDialect) BoolValue(pred Frag) Frag  { return paren(pred) }
func (sqliteDialect) BoolPredicate(x Frag) Frag { return cat(x, " <> 0") }
func (sqliteDialect) True() Frag                { return raw("1 = 1") }
func (sqliteDialect) False() Frag               { return raw("1 = 0") }

func (sqliteDialect) OrderTerm(x Frag, desc, _ bool) Frag {
	// NULL is the smallest value in SQLite: first ascending, last descending.
	if desc {
		return cat(x, " DESC")
	}
	return x
}
