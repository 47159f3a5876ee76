package tests

import (
	"context"
	"database/sql"
	"encoding/xml"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/gateway"
	"odatagw/internal/testenv"
)

// string_max_length on every engine: a table with a String column that
// declares no length (SQLite TEXT, PostgreSQL text and jsonb; MariaDB has
// none, its TEXT declares 65535), a short one, a long one.
var strlenDDL = map[string][]string{
	"sqlite": {"CREATE TABLE docs (id INT PRIMARY KEY, title TEXT NOT NULL, code VARCHAR(20), body VARCHAR(1000), pinned TEXT)",
		`INSERT INTO docs VALUES (1, 'first', 'A1', 'short body', 'p')`},
	"mysql": {"CREATE TABLE docs (id INT PRIMARY KEY, title VARCHAR(5000) NOT NULL, code VARCHAR(20), body TEXT, pinned TEXT)",
		`INSERT INTO docs VALUES (1, 'first', 'A1', 'short body', 'p')`},
	"postgres": {"CREATE TABLE docs (id INT PRIMARY KEY, title TEXT NOT NULL, code VARCHAR(20), body VARCHAR(1000), pinned JSONB)",
		`INSERT INTO docs VALUES (1, 'first', 'A1', 'short body', '"p"')`},
}

var strlenMySQLDB, strlenPostgresDB = testenv.DBName("odatagw_test_e2e_strlen_mysql"), testenv.DBName("odatagw_test_e2e_strlen_pg")

// strlenDB creates docs on engine kind and returns an opener of sources
// over it (both open at once: a second database would be dropped under the
// first's connections) and the SQLite file ("" otherwise).
func strlenDB(t *testing.T, kind string) (open func(schema.Options) *sqldb.Source, path string) {
	cfg := sqldb.Config{Name: kind, QueryTimeout: 30 * time.Second}
	if kind != "sqlite" {
		var d *engineDB
		if kind == "mysql" {
			d = newMySQLDB(t, strlenMySQLDB, strlenDDL[kind]...)
		} else {
			d = newPostgresDB(t, strlenPostgresDB, strlenDDL[kind]...)
		}
		return func(opts schema.Options) *sqldb.Source { return d.open(t, opts, cfg) }, ""
	}
	path = filepath.Join(t.TempDir(), "docs.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range strlenDDL[kind] {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return func(opts schema.Options) *sqldb.Source {
		opts.Namespace = kind
		src, err := sqlite.Open(context.Background(), path, opts, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { src.Close() })
		return src
	}, path
}

// stated reads the MaxLength of docs' String properties from $metadata (XML,
// and checks the JSON CSDL and the OpenAPI schema agree): "title=100 code=20 ...".
func stated(t *testing.T, e *demoEnv, kind string) string {
	t.Helper()
	_, jdoc := fetchMetadata(t, e) // validates XML and JSON against the OASIS schemas, and OpenAPI
	var doc struct {
		Props []struct {
			Name      string `xml:"Name,attr"`
			MaxLength string `xml:"MaxLength,attr"`
		} `xml:"DataServices>Schema>EntityType>Property"`
	}
	if err := xml.Unmarshal(e.get(t, "$metadata").body, &doc); err != nil {
		t.Fatal(err)
	}
	jtype, _ := jdoc[kind].(map[string]any)["docs"].(map[string]any)
	api := fetchOpenAPI(t, e).Components.Schemas[kind+".docs"]
	if jtype == nil || api == nil {
		t.Fatalf("no docs type in the JSON CSDL or the OpenAPI document")
	}
	var out []string
	for _, p := range doc.Props {
		if p.Name == "id" {
			continue
		}
		n := p.MaxLength
		if n == "" {
			n = "none"
		}
		jn := "none"
		if v, ok := jtype[p.Name].(map[string]any)["$MaxLength"].(float64); ok {
			jn = fmt.Sprint(v)
		}
		on := "none"
		if v := api.Value.Properties[p.Name].Value.MaxLength; v != nil {
			on = fmt.Sprint(*v)
		}
		if jn != n || on != n {
			t.Errorf("%s: MaxLength %s in XML, %s in JSON, %s in OpenAPI", p.Name, n, jn, on)
		}
		out = append(out, p.Name+"="+n)
	}
	return strings.Join(out, " ")
}

func TestEngineStringMaxLength(t *testing.T) {
	setting := schema.Options{StringMaxLength: schema.StringMaxLength{Unbounded: 100, Cap: 255},
		TableOptions: map[string]schema.TableOptions{"docs": {Columns: map[string]schema.ColumnOptions{"pinned": {MaxLength: 50}}}}}
	cases := []struct {
		kind, without, with string
		limited             string // a column that still refuses writes longer than its own length
		limit               int
	}{
		{"sqlite", "title=none code=20 body=1000 pinned=none", "title=100 code=20 body=255 pinned=50", "body", 1000},
		{"mysql", "title=5000 code=20 body=65535 pinned=65535", "title=255 code=20 body=255 pinned=50", "title", 5000},
		{"postgres", "title=none code=20 body=1000 pinned=none", "title=100 code=20 body=255 pinned=50", "body", 1000},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			open, path := strlenDB(t, c.kind)
			if got := stated(t, newEnv(t, gateway.Config{}, path, gateway.Service{Name: c.kind, Source: open(schema.Options{})}), c.kind); got != c.without {
				t.Errorf("without string_max_length: %s, want %s", got, c.without)
			}

			writes := gateway.WritePolicy{Default: gateway.SetWrites{Insert: true, Update: true}}
			e := &writesEnv{demoEnv: newEnv(t, gateway.Config{}, path, gateway.Service{Name: c.kind, Source: open(setting), Writes: writes}), kind: c.kind}
			if got := stated(t, e.demoEnv, c.kind); got != c.with {
				t.Errorf("with string_max_length: %s, want %s", got, c.with)
			}

			// Stated lengths never refuse or truncate what the column takes.
			title, body := strings.Repeat("t", 300), strings.Repeat("b", 600)
			e.send(t, "POST", "docs", fmt.Sprintf(`{"id":2,"title":%q,"code":"B2","body":%q}`, title, body)).mustStatus(t, http.StatusCreated)
			got := e.get(t, "docs(2)").mustStatus(t, http.StatusOK).object(t)
			if got["title"] != title || got["body"] != body {
				t.Errorf("stored title of %d and body of %d characters, want 300 and 600", len(fmt.Sprint(got["title"])), len(fmt.Sprint(got["body"])))
			}
			// The column's own length still holds, and the error names it.
			r := e.send(t, "PATCH", "docs(2)", fmt.Sprintf(`{%q:%q}`, c.limited, strings.Repeat("x", c.limit+1)))
			want := fmt.Sprintf("is longer than its column's maximum length of %d characters", c.limit)
			if r.status != http.StatusBadRequest || !strings.Contains(r.odataError(t).Error.Message, want) {
				t.Errorf("PATCH %s of %d characters: %d %s, want 400 saying %q", c.limited, c.limit+1, r.status, trunc(r.body), want)
			}
			// A column's own max_length is its limit, as before.
			r = e.send(t, "PATCH", "docs(2)", fmt.Sprintf(`{"pinned":%q}`, strings.Repeat("x", 51)))
			if r.status != http.StatusBadRequest || !strings.Contains(r.odataError(t).Error.Message, "MaxLength of 50") {
				t.Errorf("PATCH pinned of 51 characters: %d %s, want 400 naming MaxLength 50", r.status, trunc(r.body))
			}
		})
	}
}
