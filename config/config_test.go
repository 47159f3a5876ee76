package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestParseFull(t *testing.T) {
	src := `
version: 1
listen: 0.0.0.0:9000
max_page_size: 500
log: {level: debug, format: json}
sources:
  - name: erp
    kind: mysql
    dsn: ${ERP_DSN}
    tables: [Orders, Customers]
    naming: pascal
    query_timeout: 15s
    entities:
      order_lines:
        name: OrderLines
        key: [order_id, line_no]
        hide: [secret]
        properties:
          uuid: {name: Id, type: Edm.Guid}
  - name: files-db
    kind: sqlite
    dsn: /data/a$$b.db
`
	c, err := Parse([]byte(src), env(map[string]string{"ERP_DSN": "u:p@tcp(db:3306)/erp"}))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Sources[0]
	if s.DSN != "u:p@tcp(db:3306)/erp" || s.Namespace != "erp" || s.QueryTimeout != 15*time.Second {
		t.Fatalf("source = %+v", s)
	}
	if e := s.Entities["order_lines"]; e.Name != "OrderLines" || e.Properties["uuid"].Type != "Edm.Guid" || len(e.Key) != 2 {
		t.Fatalf("entity = %+v", e)
	}
	if c.Sources[1].DSN != "/data/a$b.db" || c.Sources[1].Namespace != "files_db" {
		t.Fatalf("second source = %+v", c.Sources[1])
	}
	if c.Listen != "0.0.0.0:9000" || c.MaxPageSize != 500 || c.Log.Format != "json" {
		t.Fatalf("config = %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown top key", "version: 1\nlisen: x\nsources: [{name: a, kind: sqlite, dsn: x}]", "lisen"},
		{"unknown source key", "version: 1\nsources: [{name: a, kind: sqlite, dsn: x, tabels: [a]}]", "tabels"},
		{"missing dsn", "version: 1\nsources: [{name: erp, kind: mysql}]", `source "erp": dsn is missing`},
		{"unset variable", "version: 1\nsources:\n  - name: erp\n    kind: mysql\n    dsn: ${NOPE}", "NOPE is not set"},
		{"bad kind", "version: 1\nsources: [{name: erp, kind: oracle, dsn: x}]", `kind "oracle"`},
		{"no version", "sources: [{name: erp, kind: mysql, dsn: x}]", "version: missing"},
		{"future version", "version: 2\nsources: [{name: erp, kind: mysql, dsn: x}]", "version: 2 is not supported"},
		{"no sources", "version: 1", "at least one source"},
		{"duplicate", "version: 1\nsources: [{name: a, kind: sqlite, dsn: x}, {name: a, kind: sqlite, dsn: y}]", "duplicate"},
		{"bad duration", "version: 1\nsources: [{name: a, kind: sqlite, dsn: x, query_timeout: soon}]", "soon"},
		{"bad name", "version: 1\nsources: [{name: 'a/b', kind: sqlite, dsn: x}]", `name "a/b"`},
		{"page size", "version: 1\nmax_page_size: 5000\nsources: [{name: a, kind: sqlite, dsn: x}]", "max_page_size"},
		{"schemas not postgres", "version: 1\nsources: [{name: a, kind: mysql, dsn: x, schemas: [s]}]", "schemas only applies"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src), env(nil))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestSecretNotInErrors(t *testing.T) {
	// A DSN with a password must not show up in a validation error about another key.
	src := "version: 1\nsources: [{name: erp, kind: mysqll, dsn: 'root:hunter2@tcp(db)/x'}]"
	_, err := Parse([]byte(src), env(nil))
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error = %v", err)
	}
}

func TestParseRelationships(t *testing.T) {
	src := `
version: 1
sources:
  - name: legacy
    kind: sqlite
    dsn: /data/legacy.db
    relationships:
      - name: Customer
        from: orders_view
        columns: [customer_id]
        to: customers
        references: [id]
        partner: Orders
      - {from: lines, columns: [order_id, line_no], to: order_lines}
`
	c, err := Parse([]byte(src), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	rels := c.Sources[0].Relationships
	if len(rels) != 2 {
		t.Fatalf("relationships = %+v", rels)
	}
	want := Relationship{Name: "Customer", From: "orders_view", Columns: []string{"customer_id"}, To: "customers", References: []string{"id"}, Partner: "Orders"}
	if r := rels[0]; r.Name != want.Name || r.From != want.From || strings.Join(r.Columns, ",") != "customer_id" ||
		r.To != want.To || strings.Join(r.References, ",") != "id" || r.Partner != want.Partner {
		t.Fatalf("relationships[0] = %+v", r)
	}
	if r := rels[1]; r.Name != "" || r.Partner != "" || len(r.References) != 0 || strings.Join(r.Columns, ",") != "order_id,line_no" || r.To != "order_lines" {
		t.Fatalf("relationships[1] = %+v", r)
	}
	// Keys are strict inside a relationship too.
	bad := "version: 1\nsources:\n  - name: a\n    kind: sqlite\n    dsn: x\n    relationships:\n      - {from: a, colums: [b], to: c}\n"
	if _, err := Parse([]byte(bad), env(nil)); err == nil || !strings.Contains(err.Error(), "colums") || !strings.Contains(err.Error(), "line 7") {
		t.Fatalf("misspelt key: %v", err)
	}
}
