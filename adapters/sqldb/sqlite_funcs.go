package sqldb

import (
	"database/sql/driver"
	"strconv"
	"strings"

	"modernc.org/sqlite"
)

// SQLite's lower() and upper() change ASCII letters only; OData's tolower
// and toupper (and the case-insensitive matching of $search) must fold every
// letter, as PostgreSQL and MySQL do. The SQLite dialect therefore calls
// these functions, registered with the modernc.org/sqlite driver for every
// connection it opens (registration must precede the first connection, hence
// init; it adds functions and changes nothing else of the driver).
//
// odata_integer and odata_real convert text to a number, or to NULL when it
// is not one (OData's cast returns null; SQLite's CAST reads 'abc' as 0).
const (
	sqliteLower   = "odata_lower"
	sqliteUpper   = "odata_upper"
	sqliteInteger = "odata_integer"
	sqliteReal    = "odata_real"
)

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(sqliteLower, 1, caseFunc(strings.ToLower))
	sqlite.MustRegisterDeterministicScalarFunction(sqliteUpper, 1, caseFunc(strings.ToUpper))
	sqlite.MustRegisterDeterministicScalarFunction(sqliteInteger, 1, parseFunc(func(s string) (driver.Value, error) {
		return strconv.ParseInt(s, 10, 64)
	}))
	sqlite.MustRegisterDeterministicScalarFunction(sqliteReal, 1, parseFunc(func(s string) (driver.Value, error) {
		return strconv.ParseFloat(s, 64)
	}))
}

// parseFunc converts a text argument with parse, giving NULL when it fails;
// numbers pass through (integers truncate nothing: a REAL stays REAL for
// odata_real and must be integral for odata_integer).
func parseFunc(parse func(string) (driver.Value, error)) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if args[0] == nil {
			return nil, nil
		}
		s, err := toString(args[0])
		if err != nil {
			return nil, nil
		}
		v, err := parse(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "+")))
		if err != nil {
			return nil, nil
		}
		return v, nil
	}
}

// caseFunc maps text with f; NULL stays NULL, numbers become their text as
// SQLite's own lower() does.
func caseFunc(f func(string) string) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if args[0] == nil {
			return nil, nil
		}
		s, err := toString(args[0])
		if err != nil {
			return nil, err
		}
		return f(s), nil
	}
}
