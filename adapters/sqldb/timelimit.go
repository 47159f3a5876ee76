package sqldb

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// timeLimitGrace is how much longer than QueryTimeout the server-side limit
// is: the source's own deadline (and KILL QUERY) normally ends a statement
// first; the server's limit is the backstop when no connection is left to
// send KILL QUERY from.
const timeLimitGrace = time.Second

// serverTimeLimit returns the function that gives a MySQL statement a
// server-side execution time limit of QueryTimeout plus timeLimitGrace:
// MariaDB's SET STATEMENT max_statement_time=<seconds> FOR <statement>,
// MySQL's /*+ MAX_EXECUTION_TIME(<ms>) */ hint (SELECT only). Without a
// QueryTimeout, or when the server's version cannot be read, statements are
// left as they are. Either way the server reports an exceeded limit as
// error 1969 or 3024, which classify answers as a timeout.
func (s *Source) serverTimeLimit(ctx context.Context) func(string) string {
	same := func(stmt string) string { return stmt }
	if s.cfg.QueryTimeout <= 0 {
		return same
	}
	var version string
	if err := s.db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		s.log.Warn("cannot read the server version; no server-side statement time limit", "error", err)
		return same
	}
	limit := s.cfg.QueryTimeout + timeLimitGrace
	if strings.Contains(strings.ToLower(version), "mariadb") {
		prefix := "SET STATEMENT max_statement_time=" + strconv.FormatFloat(limit.Seconds(), 'f', 3, 64) + " FOR "
		return func(stmt string) string { return prefix + stmt }
	}
	hint := "SELECT /*+ MAX_EXECUTION_TIME(" + strconv.FormatInt(limit.Milliseconds(), 10) + ") */ "
	return func(stmt string) string {
		if rest, ok := strings.CutPrefix(stmt, "SELECT "); ok {
			return hint + rest
		}
		return stmt
	}
}
