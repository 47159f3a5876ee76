package sqldb

import (
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// Operand is a rendered expression with what the dialect needs to know about it.
type Operand struct {
	Frag
	Type metadata.EdmType
	// Column is set when the operand is a plain column reference (an index may
	// serve comparisons on it).
	Column bool
	// Prop is the property when the operand reads one (possibly converted),
	// or, for a keyset position, the property it is a value of.
	Prop *metadata.Property
	// Value is the Go value of a constant operand (nil otherwise).
	Value any
}

// MatchKind is a string matching function.
type MatchKind int

// String matching functions.
const (
	MatchContains MatchKind = iota
	MatchStartsWith
	MatchEndsWith
)

// Dialect renders the engine-specific parts of a statement. Methods that take
// operands return SQL that follows SQL's three-valued logic (NULL when an
// operand is NULL) unless said otherwise; the translator adds the null
// handling OData requires around them.
type Dialect interface {
	// Name is "sqlite", "mysql" or "postgres".
	Name() string
	// QuoteIdent quotes a model identifier (table, schema or column name).
	QuoteIdent(name string) string
	// Placeholder returns the text of the n-th (1-based) parameter.
	Placeholder(n int) string
	// Paging renders the LIMIT/OFFSET clause (with a leading space), or an
	// empty fragment; top < 0 means no limit.
	Paging(top, skip int64) Frag
	// Const renders constant v of type t as a bound parameter, converting the
	// Go value of metadata/values.go to what the driver and the column
	// representation on this engine need.
	Const(t metadata.EdmType, v any) (Frag, error)
	// ReadColumn renders the column of p (aliased table alias) as selected
	// and as used in expressions (text cast for ReadAsText columns).
	ReadColumn(alias string, p *metadata.Property) Frag
	// SortKeys returns the ORDER BY keys of an expression, in the
	// form keyset continuation compares them too. Strings sort by code point
	// on every engine (PostgreSQL COLLATE "C", MySQL binary UTF-8, SQLite
	// BINARY) — the order of lt/gt in $filter — so that results agree across
	// engines and the order is total (collation-equal 'Acme', 'ACME', 'Acme '
	// are distinct); an index under a linguistic collation cannot serve it.
	// A SQLite date-time column in a stored form (Property.StoredForm) sorts
	// as stored, and so does a constant whose Prop is such a column.
	SortKeys(x Operand) []Frag
	// Comparable wraps an expression of type t so that comparing and ordering
	// it gives the order of its values (SQLite date-time text in mixed forms).
	Comparable(x Frag, t metadata.EdmType) Frag
	// Compare renders a comparison (Eq, Ne, Lt, Le, Gt, Ge) of two operands
	// of compatible types. Strings compare exactly (eq: same characters,
	// case and trailing spaces; lt…: by code point), and when a is a column
	// an index on it stays usable for eq.
	Compare(op bound.Op, a, b Operand) Frag
	// NullSafeEq is two-valued equality: NULL equals NULL, NULL differs from
	// every value. Exact for strings like Compare.
	NullSafeEq(a, b Operand) Frag
	// In renders x IN (items...) with non-null constant items; exact like Compare.
	In(x Operand, items []Operand) Frag
	// Match renders a case-sensitive contains/startswith/endswith of the
	// literal s in x (escaping wildcards).
	Match(kind MatchKind, x Frag, s string) Frag
	// MatchExpr is Match with a non-constant search string.
	MatchExpr(kind MatchKind, x, s Frag) Frag
	// ContainsFold is the case-insensitive contains of $search.
	ContainsFold(x Frag, term string) Frag
	// Arith renders Add, Sub, Mul, Div, DivBy and Mod with result type t.
	// Div of two integral operands truncates toward zero.
	Arith(op bound.Op, a, b Operand, t metadata.EdmType) (Frag, error)
	// AddDuration adds a (possibly negative) duration to a Date or
	// DateTimeOffset; the result keeps x's type.
	AddDuration(x Operand, d time.Duration) Frag
	// Neg renders arithmetic negation.
	Neg(x Operand) Frag
	// Call renders a built-in function other than the matching functions.
	Call(f bound.Func, args []Operand, t metadata.EdmType) (Frag, error)
	// Cast converts x to type to.
	Cast(x Operand, to metadata.EdmType) (Frag, error)
	// BoolValue renders a predicate as a Boolean value usable in comparisons
	// and the select list.
	BoolValue(pred Frag) Frag
	// BoolPredicate renders a Boolean-typed value (column, cast) as a predicate.
	BoolPredicate(x Frag) Frag
	// True and False are constant predicates.
	True() Frag
	False() Frag
	// OrderTerm renders one ORDER BY item so that nulls sort first ascending
	// and last descending (OData); nullable tells whether x can be null.
	OrderTerm(x Frag, desc, nullable bool) Frag
}

// likeEscape is the escape character of every LIKE pattern we build. It is
// not a backslash, whose meaning inside string literals differs between
// engines and SQL modes.
const likeEscape = '!'

// escapeLike escapes LIKE wildcards and the escape character in s.
func escapeLike(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' || c == '_' || c == likeEscape {
			b = append(b, likeEscape)
		}
		b = append(b, c)
	}
	return string(b)
}

// likePattern builds the LIKE pattern for a matching function.
func likePattern(kind MatchKind, s string) string {
	e := escapeLike(s)
	switch kind {
	case MatchStartsWith:
		return e + "%"
	case MatchEndsWith:
		return "%" + e
	}
	return "%" + e + "%"
}

// sqlOp is the SQL comparison operator of a bound comparison.
func sqlOp(op bound.Op) string {
	switch op {
	case bound.Eq:
		return " = "
	case bound.Ne:
		return " <> "
	case bound.Lt:
		return " < "
	case bound.Le:
		return " <= "
	case bound.Gt:
		return " > "
	case bound.Ge:
		return " >= "
	case bound.Add:
		return " + "
	case bound.Sub:
		return " - "
	case bound.Mul:
		return " * "
	case bound.Div, bound.DivBy:
		return " / "
	}
	return " = "
}
