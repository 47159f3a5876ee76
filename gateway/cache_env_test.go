package gateway_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqlite"
	"odatagw/cache"
	"odatagw/demo"
	"odatagw/gateway"
	"odatagw/odataerr"
)

// fakeClock is the cache clock the tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// countingSource wraps the demo's real source: it counts backend calls, can
// fail or hold them, and marks string values with the caller's principal so
// that a response served to the wrong principal shows.
type countingSource struct {
	adapters.Source
	queries, counts atomic.Int64
	fail            atomic.Bool
	hold            func() // called at the start of Query when set
}

func (s *countingSource) Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	s.queries.Add(1)
	if s.hold != nil {
		s.hold()
	}
	if s.fail.Load() {
		return nil, odataerr.Unavailable(errors.New("test outage"), "source 'demo' is unavailable")
	}
	rows, err := s.Source.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	col := -1
	for i, c := range q.Columns() {
		if c.Name == "ShipName" {
			col = i
		}
	}
	return &markedRows{Rows: rows, col: col, mark: gateway.PrincipalFrom(ctx)}, nil
}

func (s *countingSource) Count(ctx context.Context, q *adapters.Query) (int64, error) {
	s.counts.Add(1)
	if s.fail.Load() {
		return 0, odataerr.Unavailable(errors.New("test outage"), "source 'demo' is unavailable")
	}
	return s.Source.Count(ctx, q)
}

// markedRows prefixes the ShipName column with "<principal>:".
type markedRows struct {
	adapters.Rows
	col  int
	mark string
	vals []any
}

func (r *markedRows) Values() []any {
	v := r.Rows.Values()
	if r.col < 0 || r.mark == "" {
		return v
	}
	r.vals = append(r.vals[:0], v...)
	if s, ok := r.vals[r.col].(string); ok {
		r.vals[r.col] = r.mark + ":" + s
	}
	return r.vals
}

var _ adapters.Source = (*countingSource)(nil)

type cacheEnv struct {
	gw  *gateway.Gateway
	h   http.Handler
	src *countingSource
	clk *fakeClock
}

// newCacheEnv serves a fresh demo database through a counting source with a
// cache of the given policy. The handler takes the principal from the
// X-Test-User header, as an authentication middleware would.
func newCacheEnv(t testing.TB, cc gateway.CacheConfig) *cacheEnv {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := demo.Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	real, err := sqlite.Open(ctx, path, demo.Options(), sqldb.Config{Name: "demo", QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { real.Close() })
	clk := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	if cc.Clock == nil {
		cc.Clock = clk
	}
	src := &countingSource{Source: real}
	gw, err := gateway.New(gateway.Config{Cache: cc}, gateway.Service{Name: "demo", Source: src})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	inner := gw.Handler()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := r.Header.Get("X-Test-User"); u != "" {
			r = r.WithContext(gateway.WithPrincipal(r.Context(), u))
		}
		inner.ServeHTTP(w, r)
	})
	return &cacheEnv{gw: gw, h: h, src: src, clk: clk}
}

func minutePolicy() gateway.CacheConfig {
	return gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}
}

type result struct {
	status int
	header http.Header
	body   []byte
}

// get serves url (under /odata/demo/) with header name/value pairs.
func (e *cacheEnv) get(t testing.TB, url string, headers ...string) *result {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/odata/demo/"+url, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return &result{status: rec.Code, header: rec.Header(), body: body}
}

func (r *result) must(t testing.TB, status int) *result {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

func (e *cacheEnv) wantQueries(t testing.TB, want int64) {
	t.Helper()
	if got := e.src.queries.Load(); got != want {
		t.Fatalf("backend queries = %d, want %d", got, want)
	}
}
