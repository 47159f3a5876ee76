package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// Server-driven paging on the real engines: following nextLinks yields every
// row exactly once, in the order a hand-written SQL query gives, for key
// order, descending non-key orders with ties, nullable columns, decimals and
// timestamps; $top over pages, $skip, and $count equal to SQL's count.

const pagingRows = 2500

// digits10 is a derived table of 0..9 in portable SQL.
const digits10 = "(SELECT 0 AS x UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4" +
	" UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"

// seqSQL selects i = 1..pagingRows.
var seqSQL = fmt.Sprintf("SELECT a.x + 10*b.x + 100*c.x + 1000*d.x + 1 AS i FROM %s a CROSS JOIN %s b CROSS JOIN %s c CROSS JOIN %s d WHERE a.x + 10*b.x + 100*c.x + 1000*d.x < %d",
	digits10, digits10, digits10, digits10, pagingRows)

var pagingFixture = engineFixture{
	mysql: []string{
		"CREATE TABLE events (id INT PRIMARY KEY, score INT NOT NULL, note VARCHAR(20) NULL, amount DECIMAL(10,2) NOT NULL, at DATETIME(3) NOT NULL," +
			" flag BOOLEAN NOT NULL, day DATE NOT NULL, g UUID NOT NULL, code CHAR(36) NOT NULL)",
		"INSERT INTO events SELECT i, (i*7919) % 1000, CASE WHEN i % 5 = 0 THEN NULL ELSE CONCAT('n', LPAD(i % 37, 2, '0')) END," +
			" (i % 113) / 4, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i % 100) MINUTE + INTERVAL (i % 7) * 250 MICROSECOND," +
			" i % 3 = 0, DATE '2024-01-01' + INTERVAL (i % 50) DAY," +
			" CONCAT(LPAD(HEX((i * 7919) % 4096), 8, '0'), '-', LPAD(HEX(i % 17), 4, '0'), '-1000-8000-', LPAD(HEX(i % 251), 12, '0'))," +
			" CONCAT(LPAD(HEX((i * 31) % 97), 8, '0'), '-0000-4000-8000-', LPAD(HEX(i % 13), 12, '0')) FROM (" + seqSQL + ") s",
	},
	postgres: []string{
		"CREATE TABLE events (id INT PRIMARY KEY, score INT NOT NULL, note VARCHAR(20) NULL, amount NUMERIC(10,2) NOT NULL, at TIMESTAMPTZ(3) NOT NULL," +
			" flag BOOLEAN NOT NULL, day DATE NOT NULL, g UUID NOT NULL, code CHAR(36) NOT NULL)",
		"INSERT INTO events SELECT i, (i*7919) % 1000, CASE WHEN i % 5 = 0 THEN NULL ELSE 'n' || LPAD((i % 37)::text, 2, '0') END," +
			" (i % 113) / 4.0, TIMESTAMPTZ '2024-01-01 00:00:00Z' + (i % 100) * INTERVAL '1 minute' + (i % 7) * INTERVAL '250 microseconds'," +
			" i % 3 = 0, DATE '2024-01-01' + (i % 50)," +
			" (LPAD(UPPER(TO_HEX((i * 7919) % 4096)), 8, '0') || '-' || LPAD(UPPER(TO_HEX(i % 17)), 4, '0') || '-1000-8000-' || LPAD(UPPER(TO_HEX(i % 251)), 12, '0'))::uuid," +
			" LPAD(UPPER(TO_HEX((i * 31) % 97)), 8, '0') || '-0000-4000-8000-' || LPAD(UPPER(TO_HEX(i % 13)), 12, '0') FROM (" + seqSQL + ") s",
	},
}

func TestEnginePaging(t *testing.T) {
	eachEngine(t, pagingFixture, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{TableOptions: map[string]schema.TableOptions{
			"events": {Columns: map[string]schema.ColumnOptions{"code": {Type: "Edm.Guid"}}}, // upper-case GUIDs in text
		}}, gateway.Config{MaxPageSize: 700})
		all := queryInts(t, d.db, "SELECT id FROM events ORDER BY id")
		if len(all) != pagingRows {
			t.Fatalf("fixture has %d rows", len(all))
		}
		nullsFirst := "CASE WHEN note IS NULL THEN 0 ELSE 1 END"
		nullsLast := "CASE WHEN note IS NULL THEN 1 ELSE 0 END"
		for _, c := range []struct {
			name, url, sql string
			prefer         string
		}{
			{"key order", "events?$select=id", "SELECT id FROM events ORDER BY id", ""},
			{"key order, client page size", "events?$select=id", "SELECT id FROM events ORDER BY id", "odata.maxpagesize=99"},
			{"key desc", "events?$select=id&$orderby=id%20desc", "SELECT id FROM events ORDER BY id DESC", ""},
			{"non-key desc with ties", "events?$select=id&$orderby=score%20desc", "SELECT id FROM events ORDER BY score DESC, id", "odata.maxpagesize=333"},
			{"two non-key columns", "events?$select=id,score&$orderby=amount,score%20desc", "SELECT id FROM events ORDER BY amount, score DESC, id", "odata.maxpagesize=250"},
			{"nullable asc", "events?$select=id&$orderby=note", "SELECT id FROM events ORDER BY " + nullsFirst + ", note, id", "odata.maxpagesize=400"},
			{"nullable desc", "events?$select=id&$orderby=note%20desc,id%20desc", "SELECT id FROM events ORDER BY " + nullsLast + ", note DESC, id DESC", "odata.maxpagesize=400"},
			{"timestamp desc", "events?$select=id&$orderby=at%20desc", "SELECT id FROM events ORDER BY at DESC, id", "odata.maxpagesize=123"},
			{"filtered", "events?$select=id&$filter=" + qe("score gt 500 and note ne null") + "&$orderby=score",
				"SELECT id FROM events WHERE score > 500 AND note IS NOT NULL ORDER BY score, id", "odata.maxpagesize=150"},
			{"expression", "events?$select=id&$orderby=" + qe("score mod 10 desc"), "SELECT id FROM events ORDER BY score % 10 DESC, id", "odata.maxpagesize=500"},
			{"boolean, date", "events?$select=id&$orderby=flag%20desc,day", "SELECT id FROM events ORDER BY flag DESC, day, id", "odata.maxpagesize=321"},
			{"guid override", "events?$select=id,code&$orderby=code", "SELECT id FROM events ORDER BY code, id", "odata.maxpagesize=250"},
			{"guid override desc", "events?$select=id&$orderby=code%20desc,score", "SELECT id FROM events ORDER BY code DESC, score, id", "odata.maxpagesize=250"},
			{"guid", "events?$select=id&$orderby=g", "SELECT id FROM events ORDER BY g, id", "odata.maxpagesize=222"},
			{"guid desc, date desc", "events?$select=id&$orderby=g%20desc,day%20desc", "SELECT id FROM events ORDER BY g DESC, day DESC, id", "odata.maxpagesize=444"},
		} {
			want := queryInts(t, d.db, c.sql)
			var hdr []string
			if c.prefer != "" {
				hdr = []string{"Prefer", c.prefer}
			}
			pages := 0
			got := e.readAllIDsPages(t, c.url, "id", &pages, hdr...)
			if !equalInts(got, want) {
				t.Errorf("%s: %s", c.name, diffInts(got, want))
			}
			if pages < 2 {
				t.Errorf("%s: %d pages; the case does not exercise paging", c.name, pages)
			}
		}

		// $top larger than a page, $skip, $skip with $top over pages.
		if got := e.readAllIDs(t, "events?$select=id&$top=1500", "id"); !equalInts(got, all[:1500]) {
			t.Errorf("$top=1500: %s", diffInts(got, all[:1500]))
		}
		if got := e.readAllIDs(t, "events?$select=id&$skip=10&$top=1000", "id", "Prefer", "odata.maxpagesize=300"); !equalInts(got, all[10:1010]) {
			t.Errorf("$skip=10&$top=1000: %s", diffInts(got, all[10:1010]))
		}
		if got := e.readAllIDs(t, "events?$select=id&$skip=2490", "id"); !equalInts(got, all[2490:]) {
			t.Errorf("$skip=2490: %s", diffInts(got, all[2490:]))
		}
		want := queryInts(t, d.db, "SELECT id FROM events ORDER BY score DESC, id")
		if got := e.readAllIDs(t, "events?$select=id&$orderby=score%20desc&$skip=650&$top=100", "id"); !equalInts(got, want[650:750]) {
			t.Errorf("ordered $skip/$top: %s", diffInts(got, want[650:750]))
		}
		c := e.get(t, "events?$select=id&$top=700").collection(t)
		if len(c.Value) != 700 || c.NextLink != "" {
			t.Errorf("$top equal to the page size: %d rows, nextLink %q", len(c.Value), c.NextLink)
		}

		// $count=true equals SQL's count, on every page, whatever $top and $skip.
		for filter, sql := range map[string]string{
			"":                                  "SELECT COUNT(*) FROM events",
			"note eq null":                      "SELECT COUNT(*) FROM events WHERE note IS NULL",
			"amount ge 10.5 and score lt 300":   "SELECT COUNT(*) FROM events WHERE amount >= 10.5 AND score < 300",
			"startswith(note,'n1') or id le 25": "SELECT COUNT(*) FROM events WHERE note LIKE 'n1%' OR id <= 25",
		} {
			n := queryInts(t, d.db, sql)[0]
			u := "events?$select=id&$count=true&$skip=5&$top=2000"
			if filter != "" {
				u += "&$filter=" + qe(filter)
			}
			for page := 0; u != ""; page++ {
				c := e.get(t, u).collection(t)
				if c.Count == nil || *c.Count != n {
					t.Errorf("$filter=%s page %d: @odata.count %v, want %d", filter, page, c.Count, n)
					break
				}
				u = c.NextLink
			}
			cnt := e.get(t, "events/$count?$filter="+qe(filter))
			if filter == "" {
				cnt = e.get(t, "events/$count")
			}
			if cnt.status != 200 || strings.TrimSpace(string(cnt.body)) != fmt.Sprint(n) {
				t.Errorf("events/$count?$filter=%s: %d %q, want %d", filter, cnt.status, cnt.body, n)
			}
		}
	})
}

// readAllIDsPages is readAllIDs that also counts the pages.
func (e *demoEnv) readAllIDsPages(t testing.TB, u, prop string, pages *int, headers ...string) []int64 {
	t.Helper()
	var out []int64
	seen := map[string]bool{}
	for u != "" {
		if seen[u] {
			t.Fatalf("nextLink loop at %s", u)
		}
		seen[u] = true
		c := e.get(t, u, headers...).collection(t)
		*pages++
		for _, r := range c.rows(t) {
			var n int64
			if _, err := fmt.Sscan(fmt.Sprint(r[prop]), &n); err != nil {
				t.Fatalf("%s = %v", prop, r[prop])
			}
			out = append(out, n)
		}
		u = c.NextLink
	}
	return out
}

// diffInts describes where got and want first differ.
func diffInts(got, want []int64) string {
	for i := range got {
		if i >= len(want) {
			return fmt.Sprintf("%d rows, want %d; extra row %d at %d", len(got), len(want), got[i], i)
		}
		if got[i] != want[i] {
			return fmt.Sprintf("row %d is %d, want %d (of %d rows, want %d)", i, got[i], want[i], len(got), len(want))
		}
	}
	return fmt.Sprintf("%d rows, want %d", len(got), len(want))
}

// Keyset continuation on a string column must agree with the database's
// ORDER BY even where the collation folds case, accents and trailing spaces
// (MariaDB) or orders linguistically: paging by name through rows that differ
// only that way yields each row once, in the order of a single page.
func TestEnginePagingByCollatedString(t *testing.T) {
	eachEngine(t, exactFixture, func(t *testing.T, d *engineDB) {
		// people: a non-nullable name, so that continuation is by keyset (name, id).
		people := "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)"
		if d.kind == "postgres" {
			// A linguistic collation, as production databases (en_US.UTF-8) have.
			people = `CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(40) COLLATE "en-x-icu" NOT NULL)`
		}
		d.exec(t, people,
			"INSERT INTO people SELECT id, name FROM accounts WHERE name IS NOT NULL",
			"INSERT INTO people SELECT id + 100, name FROM accounts WHERE name IS NOT NULL")
		e := d.serve(t, schema.Options{TableOptions: map[string]schema.TableOptions{"labels": {Key: []string{"name"}}}}, gateway.Config{})
		for _, q := range []string{"people?$select=id&$orderby=name", "people?$select=id&$orderby=name%20desc",
			"people?$select=id&$orderby=name,id%20desc", "people?$select=id&$orderby=name&$filter=" + qe("startswith(tolower(name),'a')")} {
			one := e.readAllIDs(t, q, "id")
			for _, size := range []string{"1", "2", "3", "7"} {
				got := e.readAllIDs(t, q, "id", "Prefer", "odata.maxpagesize="+size)
				if !equalInts(got, one) {
					t.Errorf("%s by pages of %s: %v, want %v (one page)", q, size, got, one)
				}
			}
		}
		for _, order := range []string{"name", "name desc", "alias,name desc", "tolower(name),id desc"} {
			u := "accounts?$select=id&$orderby=" + qe(order)
			one := e.readAllIDs(t, u, "id")
			if len(one) != len(exactValues)+1 {
				t.Fatalf("$orderby=%s: %d rows in one page", order, len(one))
			}
			for _, size := range []string{"1", "2", "3", "5"} {
				got := e.readAllIDs(t, u, "id", "Prefer", "odata.maxpagesize="+size)
				if !equalInts(got, one) {
					t.Errorf("$orderby=%s by pages of %s: %v, want %v (one page)", order, size, got, one)
				}
			}
		}
		// The key itself is a string compared exactly (a configured key on
		// MariaDB: the variants are equal under the column's collation).
		for _, u := range []string{"labels?$select=name&$orderby=name", "labels?$select=name", "labels?$select=name&$orderby=name%20desc"} {
			one := e.get(t, u).collection(t).stringProp(t, "name")
			want := []string{"ACME", "Acme", "Acme ", "acme", "Ácme"} // code point order
			if strings.HasSuffix(u, "desc") {
				want = []string{"Ácme", "acme", "Acme ", "Acme", "ACME"}
			}
			sameStrings(t, u, one, want)
			for _, size := range []string{"1", "2"} {
				var paged []string
				for next := u; next != ""; {
					c := e.get(t, next, "Prefer", "odata.maxpagesize="+size).collection(t)
					paged = append(paged, c.stringProp(t, "name")...)
					next = c.NextLink
				}
				if strings.Join(paged, "|") != strings.Join(one, "|") {
					t.Errorf("%s by pages of %s: %q, want %q (one page)", u, size, paged, one)
				}
			}
		}
	})
}

// Many clients paging at once through the same source (more than its
// connection pool holds) each read every row exactly once.
func TestEngineConcurrentReaders(t *testing.T) {
	eachEngine(t, pagingFixture, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{}, gateway.Config{MaxPageSize: 250})
		want := queryInts(t, d.db, "SELECT id FROM events ORDER BY score DESC, id")
		const readers = 40
		type result struct {
			ids []int64
			err string
		}
		results := make(chan result, readers)
		for r := 0; r < readers; r++ {
			go func() {
				var out []int64
				u := e.root + "events?$select=id&$orderby=score%20desc&$count=true"
				for u != "" {
					resp, err := http.Get(u)
					if err != nil {
						results <- result{err: err.Error()}
						return
					}
					var c struct {
						Count    int64  `json:"@odata.count"`
						NextLink string `json:"@odata.nextLink"`
						Value    []struct {
							ID int64 `json:"id"`
						} `json:"value"`
					}
					err = json.NewDecoder(resp.Body).Decode(&c)
					resp.Body.Close()
					if err != nil || resp.StatusCode != 200 || c.Count != pagingRows {
						results <- result{err: fmt.Sprintf("%s: status %d, count %d, %v", u, resp.StatusCode, c.Count, err)}
						return
					}
					for _, v := range c.Value {
						out = append(out, v.ID)
					}
					u = c.NextLink
				}
				results <- result{ids: out}
			}()
		}
		for r := 0; r < readers; r++ {
			res := <-results
			if res.err != "" {
				t.Errorf("reader: %s", res.err)
				continue
			}
			if !equalInts(res.ids, want) {
				t.Errorf("reader: %s", diffInts(res.ids, want))
			}
		}
	})
}
