// Package tests holds end-to-end suites: the gateway served over real HTTP
// in front of real databases (the demo in SQLite, fixtures in MariaDB and
// PostgreSQL), exercised the way clients do.
package tests

import (
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqlite"
	"odatagw/demo"
	"odatagw/gateway"
)

// demoEnv is the gateway serving a fresh copy of the demo database, plus a
// direct connection to the same file for computing expected results with
// hand-written SQL.
type demoEnv struct {
	srv  *httptest.Server
	h    http.Handler    // the gateway's handler, for benchmarks without a network
	src  adapters.Source // the first service's source
	db   *sql.DB
	root string // service root URL with trailing slash
}

func newDemoEnv(t testing.TB, cfg gateway.Config) *demoEnv {
	t.Helper()
	path, src := openDemo(t)
	return newEnv(t, cfg, path, gateway.Service{Name: "demo", Source: src})
}

// openDemo creates a fresh demo database file and opens it as a source.
func openDemo(t testing.TB) (string, adapters.Source) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := demo.Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	src, err := sqlite.Open(ctx, path, demo.Options(), sqldb.Config{Name: "demo", QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return path, src
}

// countingSource counts the statements the gateway runs: queries and counts.
type countingSource struct {
	adapters.Source
	queries atomic.Int64
	counts  atomic.Int64
}

func (c *countingSource) Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	c.queries.Add(1)
	return c.Source.Query(ctx, q)
}

func (c *countingSource) Count(ctx context.Context, q *adapters.Query) (int64, error) {
	c.counts.Add(1)
	return c.Source.Count(ctx, q)
}

// reset zeroes the counters; statements returns queries plus counts.
func (c *countingSource) reset()            { c.queries.Store(0); c.counts.Store(0) }
func (c *countingSource) statements() int64 { return c.queries.Load() + c.counts.Load() }

// newCountingDemoEnv serves a fresh demo through a countingSource.
func newCountingDemoEnv(t *testing.T) (*demoEnv, *countingSource) {
	t.Helper()
	path, src := openDemo(t)
	cs := &countingSource{Source: src}
	return newEnv(t, gateway.Config{}, path, gateway.Service{Name: "demo", Source: cs}), cs
}

func newEnv(t testing.TB, cfg gateway.Config, path string, services ...gateway.Service) *demoEnv {
	t.Helper()
	gw, err := gateway.New(cfg, services...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	e := &demoEnv{srv: srv, h: gw.Handler(), src: services[0].Source, root: srv.URL + "/odata/" + services[0].Name + "/"}
	if path != "" {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		e.db = db
	}
	return e
}

// response is a fetched HTTP response with its body read (and un-gzipped).
type response struct {
	status int
	header http.Header
	body   []byte
}

// get fetches url (relative to the service root unless absolute) with the
// given header name/value pairs.
func (e *demoEnv) get(t testing.TB, url string, headers ...string) *response {
	t.Helper()
	return e.do(t, http.MethodGet, url, headers...)
}

func (e *demoEnv) do(t testing.TB, method, url string, headers ...string) *response {
	t.Helper()
	if !strings.HasPrefix(url, "http") {
		url = e.root + url
	}
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	tr := &http.Transport{DisableCompression: true}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rd io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	}
	body, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", url, err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: body}
}

// collection is an OData collection response.
type collection struct {
	Context  string            `json:"@odata.context"`
	Count    *int64            `json:"@odata.count"`
	NextLink string            `json:"@odata.nextLink"`
	Value    []json.RawMessage `json:"value"`
}

func (r *response) mustStatus(t testing.TB, want int) *response {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d; body: %s", r.status, want, trunc(r.body))
	}
	return r
}

func (r *response) collection(t testing.TB) *collection {
	t.Helper()
	r.mustStatus(t, http.StatusOK)
	var c collection
	if err := json.Unmarshal(r.body, &c); err != nil {
		t.Fatalf("not a collection: %v: %s", err, trunc(r.body))
	}
	return &c
}

// rows decodes the collection's entities as maps.
func (c *collection) rows(t testing.TB) []map[string]any {
	t.Helper()
	out := make([]map[string]any, len(c.Value))
	for i, raw := range c.Value {
		d := json.NewDecoder(strings.NewReader(string(raw)))
		d.UseNumber()
		if err := d.Decode(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// odataError is the OData JSON error body.
type odataError struct {
	Error struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Target   string `json:"target"`
		Position *int   `json:"@odatagw.position"`
	} `json:"error"`
}

func (r *response) odataError(t testing.TB) *odataError {
	t.Helper()
	var e odataError
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("status %d: not an OData error body: %s", r.status, trunc(r.body))
	}
	return &e
}

func trunc(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// queryInts runs a hand-written SQL query returning one integer column.
func queryInts(t testing.TB, db *sql.DB, q string, args ...any) []int64 {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
