package sqldb

import (
	"context"
	"testing"
	"time"
)

// TestMySQLSessionsBounded: a MySQL source keeps at most half the pool idle
// (the rest goes back to the pool), and gives back sessions idle too long.
func TestMySQLSessionsBounded(t *testing.T) {
	src, _ := openKillDB(t, Config{Name: "sessions"}) // a pool of 4 connections
	if src == nil {
		return
	}
	ctx := context.Background()
	now := time.Now()
	src.sessions.now = func() time.Time { return now }
	var dones []func()
	kept := map[*session]bool{}
	for i := int64(0); i < 3; i++ { // three statements open at once: three sessions
		rs, done, err := src.run(ctx, "SELECT x FROM dg WHERE x = ?", []any{i})
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		dones = append(dones, func() { rs.Close(); done() })
	}
	for _, done := range dones {
		done()
	}
	if n := len(src.sessions.idle); n != 2 {
		t.Fatalf("%d idle sessions with a pool of 4, want 2", n)
	}
	for _, s := range src.sessions.idle {
		kept[s] = true
	}
	if n := src.db.Stats().InUse; n != 2 {
		t.Errorf("%d connections in use, want the 2 idle sessions", n)
	}
	// Idle beyond sessionIdleTime: given back to the pool (which may hand
	// out the same connection again), the statement runs on a new session.
	now = now.Add(sessionIdleTime + time.Second)
	rs, done, err := src.run(ctx, "SELECT x FROM dg WHERE x = ?", []any{int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	rs.Close()
	done()
	if len(src.sessions.idle) != 1 || kept[src.sessions.idle[0]] {
		t.Errorf("after the idle time: %d idle sessions, or an expired one was reused", len(src.sessions.idle))
	}
	if n := src.db.Stats().InUse; n != 1 {
		t.Errorf("%d connections in use after the expiry, want 1", n)
	}
}
