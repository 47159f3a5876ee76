package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// TestEngineExactEqualityUsesIndex: the exact string comparison keeps an
// index on the column usable (the plan of `Code eq 'A1'` searches the Code
// index) on every engine, even where the comparison itself needs a binary
// form (MySQL's case-insensitive PAD SPACE collation).
func TestEngineExactEqualityUsesIndex(t *testing.T) {
	tm := newTestModel()
	q := tm.query(eq(tm.p("Code"), str("A1")))
	q.OrderBy = nil
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			stmt, args, err := Build(e.d, q)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			conn, err := e.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var explain string
			switch e.d.Name() {
			case "sqlite":
				explain = "EXPLAIN QUERY PLAN "
			case "postgres":
				// The table is tiny: make the planner show whether it can use the index at all.
				if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
					t.Fatal(err)
				}
				defer conn.ExecContext(ctx, "RESET enable_seqscan")
				explain = "EXPLAIN "
			default:
				explain = "EXPLAIN "
			}
			plan := explainText(t, conn, explain+stmt, args)
			want := "itemscode" // the index's name in the SQLite and PostgreSQL plans
			if e.d.Name() == "mysql" {
				want = "key=code " // the chosen key (the index is named after its column)
			}
			if !strings.Contains(strings.ToLower(plan), want) {
				t.Errorf("the plan does not use the Code index:\n%s\n%s", stmt, plan)
			}
		})
	}
}

// explainText runs an EXPLAIN and joins every cell of its output.
func explainText(t *testing.T, conn *sql.Conn, stmt string, args []any) string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), stmt, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var sb strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			// MySQL: only the chosen key counts, not possible_keys.
			if cols[i] == "possible_keys" {
				continue
			}
			fmt.Fprintf(&sb, "%s=%v ", cols[i], v)
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
