package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseLimits(t *testing.T) {
	src := `
version: 1
limits: {max_url_length: 16KiB, max_query_length: 8KiB, max_expr_nodes: 500, max_expr_depth: 20, max_expand_depth: 2, max_expand_items: 8, max_search_terms: 5, max_expanded_entities: 5000}
sources: [{name: a, kind: sqlite, dsn: x}]
`
	c, err := Parse([]byte(src), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Limits{MaxURLLength: 16 << 10, MaxQueryLength: 8 << 10, MaxExprNodes: 500, MaxExprDepth: 20, MaxExpandDepth: 2, MaxExpandItems: 8, MaxSearchTerms: 5, MaxExpandedEntities: 5000}
	if c.Limits != want {
		t.Errorf("limits = %+v, want %+v", c.Limits, want)
	}
	for src, msg := range map[string]string{
		"limits: {max_expr_depth: 101}":                          "limits.max_expr_depth: 101 is out of range 1..100",
		"limits: {max_expand_depth: 5}":                          "limits.max_expand_depth: 5 is out of range 1..4",
		"limits: {max_expr_nodes: -1}":                           "limits.max_expr_nodes",
		"limits: {max_url_length: 1KiB, max_query_length: 2KiB}": "limits.max_query_length: 2048 is larger than limits.max_url_length (1024)",
		"limits: {max_search_term: 3}":                           "max_search_term",
		"limits: {max_expanded_entities: -5}":                    "limits.max_expanded_entities",
		"limits: {max_url_length: big}":                          "not a size in bytes",
	} {
		_, err := Parse([]byte("version: 1\n"+src+"\nsources: [{name: a, kind: sqlite, dsn: x}]"), env(nil))
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: error %v, want %q", src, err, msg)
		}
	}
}

func TestParseSourceLimits(t *testing.T) {
	src := `
version: 1
sources:
  - name: erp
    kind: mysql
    dsn: x
    pool: {max_open_conns: 40, max_idle_conns: 10, conn_max_lifetime: 1h, conn_max_idle_time: 2m}
    concurrency: {max_requests: 20, max_queued: -1, queue_timeout: 500ms}
    breaker: {failures: 3, open_for: 10s, ping_timeout: 1s}
    required: false
  - name: crm
    kind: sqlite
    dsn: y
`
	c, err := Parse([]byte(src), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	erp := c.Sources[0].SourceLimits
	if erp.Pool != (Pool{40, 10, time.Hour, 2 * time.Minute}) || erp.Concurrency != (Concurrency{20, -1, 500 * time.Millisecond}) ||
		erp.Breaker != (Breaker{3, 10 * time.Second, time.Second}) || erp.Required == nil || *erp.Required {
		t.Errorf("erp %+v", erp)
	}
	if crm := c.Sources[1].SourceLimits; crm.Required != nil || crm.Pool != (Pool{}) {
		t.Errorf("crm %+v", crm)
	}
	for src, msg := range map[string]string{
		"pool: {max_open_conns: 2, max_idle_conns: 3}": `source "a": pool.max_idle_conns (3) is larger than pool.max_open_conns (2)`,
		"pool: {max_open_conns: -1}":                   "pool.max_open_conns",
		"concurrency: {max_queued: -2}":                "concurrency.max_queued must be -1",
		"breaker: {failures: -5}":                      "breaker.failures",
		"breaker: {open_for: -1s}":                     "breaker.open_for",
		"breaker: {opens: 1}":                          "opens",
	} {
		_, err := Parse([]byte("version: 1\nsources:\n  - {name: a, kind: sqlite, dsn: x}\n"), env(nil))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Parse([]byte("version: 1\nsources:\n  - name: a\n    kind: sqlite\n    dsn: x\n    "+src+"\n"), env(nil))
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: error %v, want %q", src, err, msg)
		}
	}
}
