package query

import "errors"

// Parser limits. Input beyond them is answered with 400; the error wraps the
// matching sentinel so callers can tell (errors.Is).
const (
	// MaxExprDepth is the deepest nesting the parser accepts: parentheses,
	// function arguments, unary operators, lambdas, JSON arrays and objects,
	// nested $expand/$select options and $search groups each add one level.
	MaxExprDepth = 100
	// MaxFilterLength is the longest percent-decoded text accepted for one
	// query option value ($filter, $orderby, $select, $expand, $search,
	// parameter aliases, ...) and for the resource path, in bytes.
	MaxFilterLength = 32 * 1024
	// maxIdentifierLength is the longest odataIdentifier (ABNF: leading
	// character and at most 127 more).
	maxIdentifierLength = 128
)

var (
	// ErrTooDeep is wrapped by the error for input nested deeper than MaxExprDepth.
	ErrTooDeep = errors.New("query: expression nested too deeply")
	// ErrTooLong is wrapped by the error for an option longer than MaxFilterLength.
	ErrTooLong = errors.New("query: option value too long")
)
