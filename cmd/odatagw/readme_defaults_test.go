package main

// TestReadmeDefaults: the defaults the README states for limits (the limits
// example says "the defaults are shown", and the Limits table gives each in
// parentheses) are the ones the gateway applies.

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"odatagw/adapters/expand"
	"odatagw/config"
	"odatagw/gateway"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
)

var tableDefault = regexp.MustCompile("`limits\\.([a-z_]+)` \\(([0-9A-Za-z]+)[,)]")

func TestReadmeDefaults(t *testing.T) {
	var block string
	for _, f := range readmeFences(t) {
		if text := strings.Join(f.lines, "\n"); f.lang == "yaml" && strings.HasPrefix(text, "limits:") {
			block = text
		}
	}
	if !strings.Contains(block, "defaults are shown") {
		t.Fatalf("no limits example showing the defaults: %q", block)
	}
	cfg, err := config.Parse([]byte("version: 1\n"+block+"\nsources: [{name: s, kind: sqlite, dsn: x}]\n"), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	urlLen, l := limitsConfig(cfg.Limits)
	want := map[string][2]int{ // key → shown, applied when unset
		"max_url_length":        {urlLen, gateway.DefaultMaxURLLength},
		"max_query_length":      {l.MaxQueryLength, gateway.DefaultMaxQueryLength},
		"max_expr_nodes":        {l.MaxExprNodes, gateway.DefaultMaxExprNodes},
		"max_expr_depth":        {l.MaxExprDepth, query.MaxExprDepth},
		"max_expand_depth":      {l.MaxExpandDepth, bound.MaxExpandDepth},
		"max_expand_items":      {l.MaxExpandItems, gateway.DefaultMaxExpandItems},
		"max_search_terms":      {l.MaxSearchTerms, gateway.DefaultMaxSearchTerms},
		"max_expanded_entities": {l.MaxExpandedEntities, expand.MaxRows},
	}
	for k, v := range want {
		if v[0] != v[1] {
			t.Errorf("README limits example: %s: %d, the default is %d", k, v[0], v[1])
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := tableDefault.FindAllStringSubmatch(string(readme), -1)
	for _, m := range rows {
		got, err := config.Parse([]byte("version: 1\nlimits: {"+m[1]+": "+m[2]+"}\nsources: [{name: s, kind: sqlite, dsn: x}]\n"), func(string) (string, bool) { return "", false })
		if err != nil {
			t.Errorf("Limits table: limits.%s (%s): %v", m[1], m[2], err)
			continue
		}
		u, gl := limitsConfig(got.Limits)
		shown := map[string]int{"max_url_length": u, "max_query_length": gl.MaxQueryLength, "max_expr_nodes": gl.MaxExprNodes,
			"max_expr_depth": gl.MaxExprDepth, "max_expand_depth": gl.MaxExpandDepth, "max_expand_items": gl.MaxExpandItems,
			"max_search_terms": gl.MaxSearchTerms, "max_expanded_entities": gl.MaxExpandedEntities}[m[1]]
		if w, ok := want[m[1]]; !ok || shown != w[1] {
			t.Errorf("Limits table: limits.%s (%s), the default is %d", m[1], m[2], w[1])
		}
	}
	if len(rows) < len(want) {
		t.Errorf("the Limits table gives %d limits.* defaults, the configuration has %d", len(rows), len(want))
	}
}
