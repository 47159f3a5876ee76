package tests

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/gateway"
)

// The injection battery: every payload (injection_payloads_test.go) in every
// place input enters a request, in each encoding, and in each header,
// against SQLite, MariaDB and PostgreSQL. No answer may be a server error,
// reveal SQL, driver text or a DSN, or carry a row of the table that is not
// exposed; a filter on a well-formed literal returns exactly the rows that
// match it; and the database is unchanged afterwards.

var injectionFixture = []string{
	"CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL, price DECIMAL(10,2) NOT NULL, created DATE NOT NULL)",
	"CREATE TABLE secrets (id INT PRIMARY KEY, secret VARCHAR(60) NOT NULL)",
	"INSERT INTO items VALUES (1, 'alpha', 10.50, '2024-01-01'), (2, 'beta', 20, '2024-02-02'), (3, 'O''Neil', 30, '2024-03-03'), (4, '100%_sure', 40, '2024-04-04')",
	"INSERT INTO secrets VALUES (1, 'TOPSECRET-one'), (2, 'TOPSECRET-two')",
}

// injectionNames are the fixture's item names by id.
var injectionNames = map[int64]string{1: "alpha", 2: "beta", 3: "O'Neil", 4: "100%_sure"}

func TestInjectionBattery(t *testing.T) {
	opts := schema.Options{Tables: []string{"items"}}
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "inj.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		for _, s := range injectionFixture {
			if _, err := db.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		opts.Namespace = "sqlite"
		src, err := sqlite.Open(context.Background(), path, opts, sqldb.Config{Name: "sqlite", QueryTimeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { src.Close() })
		e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: "sqlite", Source: src})
		runInjection(t, e, db, "sqlite", path)
	})
	eachEngine(t, engineFixture{mysql: injectionFixture, postgres: injectionFixture}, func(t *testing.T, d *engineDB) {
		e := d.serve(t, opts, gateway.Config{})
		runInjection(t, e, d.db, d.kind, d.dsn)
	})
}

// injectionCase is one request of the battery.
type injectionCase struct {
	desc    string
	url     string
	header  [2]string
	payload string
	want    []int64 // non-nil: the ids a 200 must return exactly
}

func injectionCases() []injectionCase {
	var cases []injectionCase
	for _, p := range injectionBases {
		for _, pl := range injectionPlaces {
			for ename, enc := range injectionEncodings {
				c := injectionCase{desc: fmt.Sprintf("%s/%s %q", pl.name, ename, trunc([]byte(p))), url: pl.url(enc, p), payload: p}
				if pl.literal && ename == "encoded" {
					c.want = []int64{}
					for id, name := range injectionNames {
						if pl.name == "filter contains" && strings.Contains(name, p) || name == p {
							c.want = append(c.want, id)
						}
					}
				}
				cases = append(cases, c)
			}
		}
		if !strings.ContainsAny(p, "\r\n\x00\x7f") && !strings.ContainsFunc(p, func(r rune) bool { return r >= 0x80 || r < ' ' && r != '\t' }) {
			for _, h := range injectionHeaders {
				cases = append(cases, injectionCase{desc: fmt.Sprintf("header %s %q", h, trunc([]byte(p))), url: "items?$top=2", header: [2]string{h, p}, payload: p})
			}
		}
	}
	return cases
}

func runInjection(t *testing.T, e *demoEnv, db *sql.DB, kind, dsn string) {
	before := dbChecksum(t, db, kind)
	cases := injectionCases()
	forbidden := []string{"TOPSECRET", "SQLSTATE", "SQL syntax", "SQL logic error", "near \"", "pq: ", "Error 1064",
		":3306", ":5432", "sqlite3", "database/sql", "goroutine ", "runtime error", dsn}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8, DisableCompression: true}}
	var mu sync.Mutex
	var failures []string
	statuses := map[int]int{}
	fail := func(c injectionCase, format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 40 {
			failures = append(failures, c.desc+": "+fmt.Sprintf(format, args...))
		}
	}
	work := make(chan injectionCase)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				checkInjection(client, e, c, forbidden, fail, func(st int) { mu.Lock(); statuses[st]++; mu.Unlock() })
			}
		}()
	}
	for _, c := range cases {
		work <- c
	}
	close(work)
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("%s: %d requests, statuses %v", kind, len(cases), statuses)
	if after := dbChecksum(t, db, kind); after != before {
		t.Errorf("%s: the database changed during the battery: %s -> %s", kind, before, after)
	}
}

func checkInjection(client *http.Client, e *demoEnv, c injectionCase, forbidden []string, fail func(injectionCase, string, ...any), count func(int)) {
	req, err := http.NewRequest(http.MethodGet, e.root+c.url, nil)
	if err != nil {
		count(-1) // not even a valid URL for the client; nothing reaches the gateway
		return
	}
	if c.header[0] != "" {
		req.Header.Set(c.header[0], c.header[1])
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		fail(c, "no answer: %v", err)
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	count(resp.StatusCode)
	if err != nil {
		fail(c, "reading the body: %v", err)
		return
	}
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented {
		fail(c, "status %d: %s", resp.StatusCode, trunc(body))
	}
	for _, s := range forbidden {
		if s != "" && strings.Contains(string(body), s) && !strings.Contains(c.payload, s) {
			fail(c, "the answer reveals %q: %s", s, trunc(body))
		}
	}
	for _, s := range []string{"SELECT ", " FROM ", "WHERE "} {
		if strings.Contains(string(body), s) && !strings.Contains(c.payload, strings.TrimSpace(s)) {
			fail(c, "the answer holds SQL (%q): %s", s, trunc(body))
		}
	}
	if took > 2500*time.Millisecond && strings.ContainsAny(c.payload, "(") && (strings.Contains(c.payload, "SLEEP") || strings.Contains(c.payload, "sleep") || strings.Contains(c.payload, "WAITFOR")) {
		fail(c, "took %v: a time-based injection may have run", took)
	}
	if resp.StatusCode == 200 && c.want != nil {
		var coll struct {
			Value []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"value"`
		}
		if err := json.Unmarshal(body, &coll); err != nil {
			fail(c, "200 that is not a collection: %s", trunc(body))
			return
		}
		got := map[int64]bool{}
		for _, r := range coll.Value {
			got[r.ID] = true
			if injectionNames[r.ID] != r.Name {
				fail(c, "row %d with name %q", r.ID, r.Name)
			}
		}
		if len(got) != len(c.want) {
			fail(c, "rows %v, want ids %v", coll.Value, c.want)
		}
		for _, id := range c.want {
			if !got[id] {
				fail(c, "rows %v, want ids %v", coll.Value, c.want)
			}
		}
	}
}

// dbChecksum hashes every row of the fixture's tables and the number of
// tables in the database.
func dbChecksum(t *testing.T, db *sql.DB, kind string) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		"SELECT id, name, CAST(price AS CHAR(20)), CAST(created AS CHAR(20)) FROM items ORDER BY id",
		"SELECT id, secret, '', '' FROM secrets ORDER BY id",
		map[string]string{
			"sqlite":   "SELECT COUNT(*), '', '', '' FROM sqlite_master",
			"mysql":    "SELECT COUNT(*), '', '', '' FROM information_schema.tables WHERE table_schema = DATABASE()",
			"postgres": "SELECT COUNT(*), '', '', '' FROM information_schema.tables WHERE table_schema = 'public'",
		}[kind],
	} {
		if kind == "postgres" {
			q = strings.ReplaceAll(q, "AS CHAR(20)", "AS TEXT")
		}
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		n := 0
		for rows.Next() {
			var a, b, c, d string
			if err := rows.Scan(&a, &b, &c, &d); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s|%s|%s|%s\n", a, b, c, d)
			n++
		}
		rows.Close()
		fmt.Fprintf(h, "#%d\n", n)
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}
