package tests

// The write suites run the same HTTP requests against SQLite, MariaDB and
// PostgreSQL databases holding the adapter suite's fixture (Categories,
// Products, OrderLines, Shipments), its write fixture (Notes: generated
// key, defaults, a unique, a check and a foreign key constraint, a
// generated column) and Tickets (an integer version column as ETag, If-Match
// required). Every set is writable except Shipments.

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/adaptertest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/cache"
	"odatagw/gateway"
	"odatagw/internal/testenv"
)

var (
	writesMySQLDB    = testenv.DBName("odatagw_test_e2e_writes_mysql")
	writesPostgresDB = testenv.DBName("odatagw_test_e2e_writes_pg")
)

// writesFixture is the statements of the write suites' database.
func writesFixture(dialect string) []string {
	q := map[string]string{"sqlite": `"`, "mysql": "`", "postgres": `"`}[dialect]
	tickets := "CREATE TABLE " + q + "Tickets" + q + " (" + q + "TicketID" + q + " INT PRIMARY KEY, " +
		q + "Subject" + q + " VARCHAR(40) NOT NULL, " + q + "Version" + q + " INTEGER NOT NULL DEFAULT 1)"
	return append(append(adaptertest.Fixture(dialect), adaptertest.WriteFixture(dialect)...), tickets)
}

// writesPolicy: everything writable but Shipments; Tickets versioned, If-Match required.
var writesPolicy = gateway.WritePolicy{
	Default: gateway.SetWrites{Insert: true, Update: true, Delete: true},
	Sets: map[string]gateway.SetWrites{
		"Shipments": {},
		"Tickets":   {Insert: true, Update: true, Delete: true, RequireIfMatch: true, VersionColumn: "Version"},
	},
}

var writesOptions = schema.Options{Namespace: "w", TableOptions: map[string]schema.TableOptions{"Tickets": {Version: "Version"}}}

// writesEnv is a gateway serving one engine's write database (cache on,
// so that the suites see invalidation at work).
type writesEnv struct {
	*demoEnv
	kind string
}

// eachWriteEngine runs f against SQLite, MariaDB and PostgreSQL.
func eachWriteEngine(t *testing.T, f func(t *testing.T, e *writesEnv)) {
	eachWriteSource(t, func(t *testing.T, kind string, src *sqldb.Source, path string, db *sql.DB) {
		e := newWritesEnv(t, kind, src, path)
		if db != nil {
			e.db = db
		}
		f(t, e)
	})
}

// eachWriteSource opens the write suites' database on SQLite, MariaDB and
// PostgreSQL and runs f with the source, the SQLite file (else "") and,
// for the servers, a connection to the database.
func eachWriteSource(t *testing.T, f func(t *testing.T, kind string, src *sqldb.Source, path string, db *sql.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "writes.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range writesFixture("sqlite") {
			if _, err := db.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		db.Close()
		src, err := sqlite.Open(context.Background(), path, writesOptions, sqldb.Config{Name: "w", QueryTimeout: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { src.Close() })
		f(t, "sqlite", src, path, nil)
	})
	for _, kind := range []string{"mysql", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			var d *engineDB
			if kind == "mysql" {
				d = newMySQLDB(t, writesMySQLDB, writesFixture("mysql")...)
			} else {
				d = newPostgresDB(t, writesPostgresDB, writesFixture("postgres")...)
			}
			src := d.open(t, writesOptions, sqldb.Config{Name: "w", QueryTimeout: 30 * time.Second})
			f(t, kind, src, "", d.db)
		})
	}
}

func newWritesEnv(t *testing.T, kind string, src *sqldb.Source, path string) *writesEnv {
	t.Helper()
	cfg := gateway.Config{Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}}
	e := newEnv(t, cfg, path, gateway.Service{Name: "w", Source: src, Writes: writesPolicy})
	return &writesEnv{demoEnv: e, kind: kind}
}

// send makes a request with a body (relative URLs are under the service
// root) and header name/value pairs; Content-Type defaults to JSON.
func (e *writesEnv) send(t testing.TB, method, url, body string, headers ...string) *response {
	t.Helper()
	return e.sendBytes(t, method, url, []byte(body), append([]string{"Content-Type", "application/json"}, headers...)...)
}

func (e *writesEnv) sendBytes(t testing.TB, method, url string, body []byte, headers ...string) *response {
	t.Helper()
	if !strings.HasPrefix(url, "http") {
		url = e.root + url
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}
}

// object decodes a JSON object body with numbers as json.Number.
func (r *response) object(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(r.body))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatalf("not a JSON object: %v: %s", err, trunc(r.body))
	}
	return m
}

// wantError checks an OData error's status, code and target.
func (r *response) wantError(t testing.TB, status int, code, target string) {
	t.Helper()
	r.mustStatus(t, status)
	e := r.odataError(t)
	if code != "" && e.Error.Code != code {
		t.Errorf("code %q, want %q (%s)", e.Error.Code, code, e.Error.Message)
	}
	if e.Error.Target != target {
		t.Errorf("target %q, want %q (%s)", e.Error.Target, target, e.Error.Message)
	}
}

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
