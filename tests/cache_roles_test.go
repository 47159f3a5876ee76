package tests

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"odatagw/cache"
	"odatagw/config"
	"odatagw/gateway"
)

// TestCacheRolesNeverShareEntries: callers of different roles asking the
// same URL alternately each get the answer of their own view from the cache
// (a hidden property stays hidden, a row filter still answers 404), and one
// role's reads do not drop another's entries.
func TestCacheRolesNeverShareEntries(t *testing.T) {
	_, src := openDemo(t)
	roles := map[string]config.Role{
		"full":      {Default: "read"},
		"nofreight": {Default: "read", Sets: map[string]config.SetRule{"Orders": {Hide: []string{"Freight"}}}},
		"german":    {Default: "read", Sets: map[string]config.SetRule{"Orders": {Filter: "ShipCountry eq 'Germany'"}}},
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-full": {"full"}, "key-nofreight": {"nofreight"}, "key-german": {"german"}})
	gw, err := gateway.New(gateway.Config{Guard: g, Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}},
		gateway.Service{Name: "shop", Source: src})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	e := &demoEnv{srv: srv, h: gw.Handler(), src: src, root: srv.URL + "/odata/shop/"}
	for round := range 3 {
		full := e.get(t, "Orders(10248)", "X-API-Key", "key-full").mustStatus(t, 200)
		if !strings.Contains(string(full.body), `"Freight":`) {
			t.Fatalf("round %d: full view without Freight: %s", round, full.body)
		}
		hidden := e.get(t, "Orders(10248)", "X-API-Key", "key-nofreight").mustStatus(t, 200)
		if strings.Contains(string(hidden.body), "Freight") {
			t.Fatalf("round %d: hidden Freight served: %s", round, hidden.body)
		}
		e.get(t, "Orders(10248)", "X-API-Key", "key-german").mustStatus(t, 404)
	}
	s, _ := gw.CacheStats()
	if s.Hits != 4 || s.Entries != 2 || s.Invalidations != 0 {
		t.Errorf("stats %+v: want 4 hits of 2 entries, none invalidated", s)
	}
}
