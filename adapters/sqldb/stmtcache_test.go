package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

func TestStmtCache(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	c := newStmtCache(db, 2)
	q := func(i int) string { return fmt.Sprintf("SELECT %d + ?", i) }
	a, err := c.acquire(ctx, q(1))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := c.acquire(ctx, q(1))
	if again != a || a.refs != 2 {
		t.Fatalf("second acquire did not hit the cache (refs %d)", a.refs)
	}
	c.release(again)
	for i := 2; i <= 3; i++ { // q(1) is evicted while in use
		s, err := c.acquire(ctx, q(i))
		if err != nil {
			t.Fatal(err)
		}
		c.release(s)
	}
	if c.len() != 2 || !a.evicted {
		t.Fatalf("len %d, evicted %v", c.len(), a.evicted)
	}
	var n int64
	if err := a.stmt.QueryRowContext(ctx, 1).Scan(&n); err != nil || n != 2 {
		t.Fatalf("an evicted statement in use must stay open: %d, %v", n, err)
	}
	c.release(a)
	if err := a.stmt.QueryRowContext(ctx, 1).Scan(&n); err == nil {
		t.Error("an evicted statement must be closed after its last release")
	}
	if _, err := c.acquire(ctx, "SELEC nonsense"); err == nil {
		t.Error("prepare errors must be returned")
	}

	// Concurrent users (run with -race).
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				s, err := c.acquire(ctx, q((g+i)%4))
				if err != nil {
					t.Error(err)
					return
				}
				var v int64
				if err := s.stmt.QueryRowContext(ctx, 1).Scan(&v); err != nil || v != int64((g+i)%4+1) {
					t.Errorf("got %d, %v", v, err)
				}
				c.release(s)
			}
		}(g)
	}
	wg.Wait()
	c.close()
	if c.len() != 0 {
		t.Error("close must empty the cache")
	}
}

// TestMySQLStatementCache: a MySQL source reuses prepared statements.
func TestMySQLStatementCache(t *testing.T) {
	tm := newTestModel()
	for _, e := range openMySQL(t) {
		if e.name != "mysql" {
			continue
		}
		src := newTestSource(t, e, tm)
		if src.stmts == nil {
			t.Fatal("no statement cache on MySQL")
		}
		for i := 0; i < 3; i++ {
			for _, v := range []string{"Acme", "ACME", "acme "} {
				if _, err := queryIDs(context.Background(), src, tm.query(eq(tm.p("Name"), str(v)))); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := src.Count(context.Background(), tm.query(eq(tm.p("Name"), str("Acme")))); err != nil || n != 2 {
				t.Fatalf("count %d, %v", n, err)
			}
		}
		if n := src.stmts.len(); n != 2 {
			t.Errorf("%d cached statements, want 2 (one query text, one count text)", n)
		}
	}
}
