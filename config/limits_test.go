package config

import (
	"strings"
	"testing"
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
