package tests

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// Salesforce Lightning shows a record only if `eq` returns exactly the value
// filtered on. MariaDB's default collations are case- and accent-insensitive
// and PAD SPACE ('Acme' = 'ACME' = 'Acme '), PostgreSQL's citext is
// case-insensitive: the gateway must compare exactly anyway, and the string
// functions must be case-sensitive with % and _ taken literally.

// exactValues are the names of rows 1..len(exactValues), plus a row with a
// null name (id 12).
var exactValues = []string{"Acme", "ACME", "acme", "Acme ", "Acme Corp", "100% Acme", "100 Acme", "a_b", "axb", "Ácme", "acme\u00a0"}

func exactInserts(table string) []string {
	var rows []string
	for i, v := range exactValues {
		s := strings.ReplaceAll(v, "'", "''")
		rows = append(rows, fmt.Sprintf("(%d, '%s', '%s')", i+1, s, s))
	}
	rows = append(rows, fmt.Sprintf("(%d, NULL, NULL)", len(exactValues)+1))
	return []string{"INSERT INTO " + table + " VALUES " + strings.Join(rows, ", ")}
}

var exactFixture = engineFixture{
	mysql: append([]string{
		// The server default (utf8mb4_general_ci, PAD SPACE) and an explicit unicode_ci column.
		"CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(40) NULL, alias VARCHAR(40) COLLATE utf8mb4_unicode_ci NULL)",
		// No primary key (the variants are duplicates under the collation); the key is configured.
		"CREATE TABLE labels (name VARCHAR(40) NOT NULL, n INT NOT NULL)",
		"INSERT INTO labels VALUES ('Acme', 1), ('ACME', 2), ('acme', 3), ('Acme ', 4), ('Ácme', 10)",
	}, exactInserts("accounts")...),
	postgres: append([]string{
		"CREATE EXTENSION IF NOT EXISTS citext",
		"CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(40) NULL, alias CITEXT NULL)",
		"CREATE TABLE labels (name TEXT PRIMARY KEY, n INT NOT NULL)",
		"INSERT INTO labels VALUES ('Acme', 1), ('ACME', 2), ('acme', 3), ('Acme ', 4), ('Ácme', 10)",
	}, exactInserts("accounts")...),
}

func TestEngineExactStrings(t *testing.T) {
	all := func(except ...int64) []int64 {
		var out []int64
		for i := int64(1); i <= int64(len(exactValues))+1; i++ {
			skip := false
			for _, x := range except {
				skip = skip || x == i
			}
			if !skip {
				out = append(out, i)
			}
		}
		return out
	}
	cases := []struct {
		filter string // {p} is the property
		want   []int64
	}{
		{"{p} eq 'Acme'", []int64{1}},
		{"{p} eq 'ACME'", []int64{2}},
		{"{p} eq 'acme'", []int64{3}},
		{"{p} eq 'Acme '", []int64{4}},
		{"{p} eq 'Ácme'", []int64{10}},
		{"{p} eq 'acme\u00a0'", []int64{11}},
		{"'Acme' eq {p}", []int64{1}},
		{"{p} ne 'Acme'", all(1)},       // null ne 'Acme' is true in OData
		{"not ({p} eq 'Acme')", all(1)}, // null eq 'Acme' is false, so its negation is true
		{"{p} in ('Acme', 'acme')", []int64{1, 3}},
		{"{p} in ('ACME ')", nil},
		{"startswith({p}, 'Acme')", []int64{1, 4, 5}},
		{"startswith({p}, 'acme')", []int64{3, 11}},
		{"startswith({p}, 'ACME') eq true", []int64{2}},
		{"endswith({p}, 'Acme')", []int64{1, 6, 7}},
		{"endswith({p}, 'acme')", []int64{3}},
		{"endswith({p}, 'Acme ')", []int64{4}},
		{"contains({p}, 'CM')", []int64{2}},
		{"contains({p}, 'cm')", []int64{1, 3, 4, 5, 6, 7, 10, 11}},
		{"contains({p}, 'cm') eq false", []int64{2, 8, 9}},
		{"contains({p}, '0% ')", []int64{6}},
		{"contains({p}, '%')", []int64{6}},
		{"contains({p}, 'a_b')", []int64{8}},
		{"startswith({p}, '_')", nil},
		{"endswith({p}, '_b')", []int64{8}},
		{"indexof({p}, 'cme') eq 1", []int64{1, 3, 4, 5, 10, 11}},
		{"indexof({p}, 'CME') eq 1", []int64{2}},
		{"length({p}) eq 5", []int64{4, 11}},
		{"tolower({p}) eq 'acme'", []int64{1, 2, 3}},
		{"toupper({p}) eq 'ACME'", []int64{1, 2, 3}},
		{"tolower({p}) eq 'acme '", []int64{4}},
		{"contains(tolower({p}), 'acme')", []int64{1, 2, 3, 4, 5, 6, 7, 11}},
		{"trim({p}) eq 'Acme'", []int64{1, 4}},
		{"concat({p}, 'x') eq 'Acme x'", []int64{4}},
		{"{p} eq null", []int64{12}},
	}
	eachEngine(t, exactFixture, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{TableOptions: map[string]schema.TableOptions{
			"labels": {Key: []string{"name"}},
		}}, gateway.Config{})
		// name: the default collation (VARCHAR); alias: unicode_ci on MariaDB, citext on PostgreSQL.
		for _, prop := range []string{"name", "alias"} {
			for _, c := range cases {
				f := strings.ReplaceAll(c.filter, "{p}", prop)
				r := e.get(t, "accounts?$select=id&$orderby=id&$filter="+qe(f))
				if r.status != 200 {
					t.Errorf("$filter=%s: status %d: %s", f, r.status, trunc(r.body))
					continue
				}
				var got []int64
				for _, row := range r.collection(t).rows(t) {
					n, _ := row["id"].(json.Number).Int64()
					got = append(got, n)
				}
				if !equalInts(got, c.want) {
					t.Errorf("$filter=%s: ids %v, want %v", f, got, c.want)
				}
				// $count agrees with the rows.
				cr := e.get(t, "accounts/$count?$filter="+qe(f))
				if cr.status != 200 || string(cr.body) != fmt.Sprint(len(c.want)) {
					t.Errorf("accounts/$count?$filter=%s: %d %q, want %d", f, cr.status, cr.body, len(c.want))
				}
			}
		}

		// The value comes back as stored, trailing space included.
		if ent := e.get(t, "accounts(4)").entity(t); ent["name"] != "Acme " {
			t.Errorf("accounts(4) name %q", ent["name"])
		}

		// Keys that differ only by case, accent or a trailing space address different entities.
		for key, n := range map[string]string{"Acme": "1", "ACME": "2", "acme": "3", "Acme ": "4", "Ácme": "10"} {
			u := "labels('" + qe(key) + "')"
			r := e.get(t, u)
			if r.status != 200 {
				t.Errorf("%s: status %d: %s", u, r.status, trunc(r.body))
				continue
			}
			ent := r.entity(t)
			if ent["name"] != key || ent["n"] != json.Number(n) {
				t.Errorf("%s = %v, want name %q n %s", u, ent, key, n)
			}
			if v := e.get(t, "labels('"+qe(key)+"')/n/$value"); v.status != 200 || string(v.body) != n {
				t.Errorf("%s/n/$value: %d %q, want %s", u, v.status, v.body, n)
			}
		}
		for _, key := range []string{"aCME", "Acme  ", " Acme", "ACME "} {
			r := e.get(t, "labels('"+qe(key)+"')")
			if r.status != 404 {
				t.Errorf("labels(%q): status %d, want 404: %s", key, r.status, trunc(r.body))
			}
		}
		// A collection filter on the key is exact too.
		c := e.get(t, "labels?$filter="+qe("name eq 'ACME'")).collection(t)
		if len(c.Value) != 1 {
			t.Errorf("labels name eq 'ACME': %d rows", len(c.Value))
		}
	})
}

// Clients that build query strings with form encoding (Go's url.Values,
// Python's urlencode) send spaces as '+': between tokens the answers are the
// same as with %20. (Inside a string literal '+' is a plus sign, as RFC 3986
// and OData say, so no case here has a space inside a literal.)
func TestEngineFormEncodedQuery(t *testing.T) {
	eachEngine(t, exactFixture, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{}, gateway.Config{})
		for _, f := range []string{
			"name eq 'Acme' or name eq 'ACME'",
			"contains(name, 'cm') and id gt 2",
			"startswith(name, 'Acme') eq true",
			"id in (1, 2, 3)",
			"concat(name, 'x') eq 'ACMEx'",
			"length(name) add 1 eq 6",
			"substring(name, 1, 2) eq 'cm'",
		} {
			pct := e.get(t, "accounts?$select=id&$orderby=id&$filter="+qe(f))
			form := e.get(t, "accounts?"+url.Values{"$select": {"id"}, "$orderby": {"id"}, "$filter": {f}}.Encode())
			if pct.status != 200 || form.status != 200 || string(pct.body) != string(form.body) {
				t.Errorf("$filter=%s: %%20 gives %d %s; + gives %d %s", f, pct.status, trunc(pct.body), form.status, trunc(form.body))
			}
		}
	})
}

// $search terms are matched literally: % and _ are not wildcards, and the
// same rows come back on every engine.
func TestEngineSearchLiteral(t *testing.T) {
	eachEngine(t, exactFixture, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{}, gateway.Config{})
		for search, want := range map[string][]int64{
			`"0%"`:              {6},
			`"0% "`:             {6},
			`%`:                 {6},
			`a_b`:               {8},
			`_`:                 {8},
			`"Acme Corp"`:       {5},
			`Corp AND 100`:      nil,
			`Corp OR "100 A"`:   {5, 7},
			`NOT cm AND NOT CM`: {8, 9, 12}, // case-insensitive; a row with no text matches NOT
		} {
			r := e.get(t, "accounts?$select=id&$orderby=id&$search="+qe(search))
			if r.status != 200 {
				t.Errorf("$search=%s: status %d: %s", search, r.status, trunc(r.body))
				continue
			}
			var got []int64
			for _, row := range r.collection(t).rows(t) {
				n, _ := row["id"].(json.Number).Int64()
				got = append(got, n)
			}
			if !equalInts(got, want) {
				t.Errorf("$search=%s: %v, want %v", search, got, want)
			}
		}
	})
}
