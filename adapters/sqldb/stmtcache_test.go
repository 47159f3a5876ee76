package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

func TestStmtCache(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := newStmtCache(conn, 2)
	q := func(i int) string { return fmt.Sprintf("SELECT %d + ?", i) }
	first, err := c.get(ctx, q(1))
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := c.get(ctx, q(1)); again != first {
		t.Fatal("the second get did not hit the cache")
	}
	var n int64
	for i := 2; i <= 3; i++ { // q(1) is the least recently used when q(3) arrives
		s, err := c.get(ctx, q(i))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.QueryRowContext(ctx, 1).Scan(&n); err != nil || n != int64(i+1) {
			t.Fatalf("%s: %d, %v", q(i), n, err)
		}
	}
	if c.len() != 2 {
		t.Fatalf("len %d, want 2", c.len())
	}
	if err := first.QueryRowContext(ctx, 1).Scan(&n); err == nil {
		t.Error("an evicted statement must be closed")
	}
	if s, err := c.get(ctx, q(1)); err != nil || s == first {
		t.Errorf("an evicted query must be prepared again: %v", err)
	}
	if _, err := c.get(ctx, "SELEC nonsense"); err == nil {
		t.Error("prepare errors must be returned")
	}
	if c.len() != 2 {
		t.Errorf("a failed prepare must not be cached: len %d", c.len())
	}
	c.close()
	if c.len() != 0 {
		t.Error("close must empty the cache")
	}
}

// TestMySQLStatementCache: serial queries of a MySQL source run on one held
// connection, which keeps its prepared statements.
func TestMySQLStatementCache(t *testing.T) {
	tm := newTestModel()
	for _, e := range openMySQL(t) {
		if e.name != "mysql" {
			continue
		}
		src := newTestSource(t, e, tm)
		if src.sessions == nil {
			t.Fatal("no sessions on MySQL")
		}
		var ids []int64
		for i := 0; i < 3; i++ {
			for _, v := range []string{"Acme", "ACME", "acme "} {
				if _, err := queryIDs(context.Background(), src, tm.query(eq(tm.p("Name"), str(v)))); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := src.Count(context.Background(), tm.query(eq(tm.p("Name"), str("Acme")))); err != nil || n != 2 {
				t.Fatalf("count %d, %v", n, err)
			}
			if len(src.sessions.idle) != 1 {
				t.Fatalf("%d idle sessions after serial queries, want 1", len(src.sessions.idle))
			}
			ids = append(ids, src.sessions.idle[0].id)
		}
		if ids[0] == 0 || ids[1] != ids[0] || ids[2] != ids[0] {
			t.Errorf("connection ids %v: serial queries must reuse one session", ids)
		}
		if n := src.sessions.idle[0].stmts.len(); n != 2 {
			t.Errorf("%d cached statements, want 2 (one query text, one count text)", n)
		}
	}
}
