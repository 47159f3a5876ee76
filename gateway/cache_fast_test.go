package gateway_test

import (
	"bytes"
	"strings"
	"testing"

	"odatagw/gateway"
)

// TestCacheHitSkipsParsing: a repeated read is answered from the cache
// without being parsed; an equivalent URL of another spelling is parsed once
// and then shares the entry; invalidation, Cache-Control and a different
// Accept or Prefer header still take the canonical path.
func TestCacheHitSkipsParsing(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	parsed := func(want int64) {
		t.Helper()
		if got := gateway.ParsedRequests(e.gw); got != want {
			t.Fatalf("parsed requests = %d, want %d", got, want)
		}
	}
	first := e.get(t, "Orders(10248)").must(t, 200)
	parsed(1)
	for range 3 {
		hit := e.get(t, "Orders(10248)").must(t, 200)
		if !bytes.Equal(hit.body, first.body) || hit.header.Get("ETag") == "" {
			t.Fatalf("hit differs:\n%s\n%s\n%v", first.body, hit.body, hit.header)
		}
	}
	parsed(1)
	e.wantQueries(t, 1)
	if s, _ := e.gw.CacheStats(); s.Hits != 3 || s.Misses != 1 {
		t.Errorf("stats %+v, want 3 hits and 1 miss", s)
	}

	// Another spelling of the same read: parsed once, served from the entry.
	e.get(t, "Orders/10248").must(t, 200)
	e.get(t, "Orders/10248").must(t, 200)
	parsed(2)
	e.wantQueries(t, 1)

	// Headers that change the answer are part of the raw key.
	none := e.get(t, "Orders(10248)", "Accept", "application/json;odata.metadata=none").must(t, 200)
	if bytes.Equal(none.body, first.body) {
		t.Errorf("metadata=none served the minimal body")
	}
	e.get(t, "Orders(10248)", "Accept", "application/json;odata.metadata=none").must(t, 200)
	parsed(3)
	e.wantQueries(t, 2)

	// Cache-Control directives take the canonical path (which honours them).
	e.get(t, "Orders(10248)", "Cache-Control", "no-cache").must(t, 200)
	parsed(4)
	e.wantQueries(t, 3)

	// A write's invalidation reaches the fast path: the alias finds no entry.
	e.gw.InvalidateSet("demo", "Orders")
	e.get(t, "Orders(10248)").must(t, 200)
	parsed(5)
	e.wantQueries(t, 4)
	e.get(t, "Orders(10248)").must(t, 200)
	parsed(5)
	e.wantQueries(t, 4)
}

// TestCacheFastPathKeepsPrincipalsApart: the raw key holds the principal,
// so alternating callers each get their own entry (their names mark the
// ShipName values) without parsing once their entries exist.
func TestCacheFastPathKeepsPrincipalsApart(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	users := []string{"alice", "bob", ""}
	for _, u := range users {
		e.get(t, "Orders(10248)", "X-Test-User", u).must(t, 200)
	}
	parsedBefore := gateway.ParsedRequests(e.gw)
	for range 3 {
		for _, u := range users {
			r := e.get(t, "Orders(10248)", "X-Test-User", u).must(t, 200)
			for _, other := range users {
				if other != "" && other != u && strings.Contains(string(r.body), other+":") {
					t.Fatalf("%q got %q's entry: %s", u, other, r.body)
				}
			}
			if u != "" && !strings.Contains(string(r.body), `"ShipName":"`+u+":") {
				t.Fatalf("%q got an entry not rendered for them: %s", u, r.body)
			}
		}
	}
	if got := gateway.ParsedRequests(e.gw); got != parsedBefore {
		t.Errorf("hits parsed %d requests", got-parsedBefore)
	}
	e.wantQueries(t, int64(len(users)))
}
