package adaptertest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// SQLiteQueryPlan returns the lines of SQLite's EXPLAIN QUERY PLAN for stmt
// ("SEARCH t0 USING INDEX …", "USE TEMP B-TREE FOR ORDER BY"), one a line.
func SQLiteQueryPlan(t testing.TB, db *sql.DB, stmt string, args []any) string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+stmt, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var sb strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		sb.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}
