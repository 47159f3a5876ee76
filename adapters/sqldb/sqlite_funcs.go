package sqldb

import (
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// SQLite's lower() and upper() change ASCII letters only; OData's tolower
// and toupper (and the case-insensitive matching of $search) must fold every
// letter, as PostgreSQL and MySQL do. The SQLite dialect therefore calls
// these functions, registered with the modernc.org/sqlite driver for every
// connection it opens (registration must precede the first connection, hence
// init; it adds functions and changes nothing else of the driver).
const (
	sqliteLower = "odata_lower"
	sqliteUpper = "odata_upper"
)

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(sqliteLower, 1, caseFunc(strings.ToLower))
	sqlite.MustRegisterDeterministicScalarFunction(sqliteUpper, 1, caseFunc(strings.ToUpper))
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
