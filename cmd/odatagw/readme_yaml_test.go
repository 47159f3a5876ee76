package main

// TestReadmeConfigs loads every YAML example of the README with the
// configuration loader. A complete example must pass validation as it is
// (with its ${VARS} set) and its sources that need nothing outside the test
// must open as `odatagw check` opens them. A fragment (a block with "…" or
// "# ..." where the rest of a file would be, or only some top-level keys) is
// completed minimally first: version: 1, and a kind and DSN for the sources
// it elides; its own keys and values must then pass validation too.

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/bcrypt"

	"odatagw/config"
	"odatagw/demo"
	"odatagw/internal/observe"
)

// fragmentsElsewhere lists the fragments the test cannot serve, by a text
// they contain, with the reason.
var fragmentsElsewhere = map[string]string{
	"jwks_url:":   "the identity provider's key set is fetched at start (login.microsoftonline.com)",
	"kind: mysql": "a MySQL database given by ${ERP_DSN}",
}

// buildFragment builds the gateway serve would build from a completed
// fragment over the demo (sources, roles and their row filters bound to the
// model, writes, cache, limits); it reports false when the fragment needs
// something listed in fragmentsElsewhere.
func buildFragment(t *testing.T, line int, text string, cfg *config.Config, demoPath string) bool {
	t.Helper()
	for needle, reason := range fragmentsElsewhere {
		if strings.Contains(text, needle) {
			t.Logf("README line %d: not built: %s", line, reason)
			return false
		}
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := &server{addr: config.DefaultListen, log: logger, level: new(slog.LevelVar), obs: observe.New(observe.Config{Logger: logger})}
	a, err := s.build(context.Background(), cfg)
	if err != nil {
		t.Errorf("README line %d: completed over the demo (%s), it does not start: %v", line, demoPath, err)
		return false
	}
	a.close()
	return true
}

// elidedLine is a line standing for settings left out ("# …").
var elidedLine = regexp.MustCompile(`(?m)^\s*# (…|\.\.\.)\s*$`)

func TestReadmeConfigs(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte("the password"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	// The examples' ${VARS}: a bcrypt hash where one is expected, else a
	// value long enough for a JWT secret.
	lookup := func(name string) (string, bool) {
		if strings.HasSuffix(name, "_HASH") {
			return string(hash), true
		}
		return "readme-example-value-0123456789abcdef-" + name, true
	}
	n, opened, built := 0, 0, 0
	demoPath := filepath.Join(t.TempDir(), "demo.db")
	if err := demo.Create(context.Background(), demoPath); err != nil {
		t.Fatal(err)
	}
	seen := map[string]*yaml.Node{} // sources of earlier examples, by name ("as above")
	for _, f := range readmeFences(t) {
		if f.lang != "yaml" {
			continue
		}
		n++
		text := strings.Join(f.lines, "\n")
		fragment := elidedLine.MatchString(text) || strings.Contains(text, "{…}") || !strings.Contains(text, "\nsources:") && !strings.HasPrefix(text, "sources:")
		if fragment {
			text = completeFragment(t, f.line, text, seen, demoPath)
		} else if !strings.Contains(text, "version:") {
			t.Errorf("README line %d: a complete configuration without version: (required)", f.line)
			text = "version: 1\n" + text
		}
		cfg, err := config.Parse([]byte(text), lookup)
		if err != nil {
			t.Errorf("README line %d: %v", f.line, err)
			continue
		}
		rememberSources(text, seen)
		if fragment {
			if buildFragment(t, f.line, text, cfg, demoPath) {
				built++
			}
			continue
		}
		for _, sc := range cfg.Sources {
			if sc.Kind != "rest" { // the databases named are the reader's, not the test's
				t.Logf("README line %d: source %s (%s) not opened: its database is not here", f.line, sc.Name, sc.Kind)
				continue
			}
			src, err := openChecked(context.Background(), cfg, sc, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Errorf("README line %d: source %s: %v", f.line, sc.Name, err)
				continue
			}
			if _, err := src.Model(context.Background()); err != nil {
				t.Errorf("README line %d: source %s: model: %v", f.line, sc.Name, err)
			}
			src.Close()
			opened++
		}
	}
	if n < 10 || opened < 2 || built < 4 {
		t.Errorf("only %d YAML blocks, %d sources opened, %d fragments built: is the extraction broken?", n, opened, built)
	}
}

// completeFragment adds what a fragment leaves out: version: 1, a source
// when it shows none, for each source without a kind (its settings elided
// with "# …") the demo database, and
// for a setting shown as "{…}" ("as above") that of the source of the same
// name in an earlier example.
func completeFragment(t *testing.T, line int, text string, seen map[string]*yaml.Node, demoPath string) string {
	t.Helper()
	text = strings.ReplaceAll(text, "{…}", "{elided: true}")
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(text), &root); err != nil {
		t.Fatalf("README line %d: not YAML: %v", line, err)
	}
	doc := root.Content[0]
	if mapValue(doc, "version") == nil {
		doc.Content = append([]*yaml.Node{scalar("version"), scalar("1")}, doc.Content...)
	}
	if mapValue(doc, "sources") == nil { // top-level settings only
		doc.Content = append(doc.Content, scalar("sources"), &yaml.Node{Kind: yaml.SequenceNode,
			Content: []*yaml.Node{{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("name"), scalar("elided")}}}})
	}
	if srcs := mapValue(doc, "sources"); srcs != nil {
		for _, s := range srcs.Content {
			for i := 1; i < len(s.Content); i += 2 {
				if v := s.Content[i]; mapValue(v, "elided") != nil {
					name := mapValue(s, "name")
					if name == nil || seen[name.Value] == nil || mapValue(seen[name.Value], s.Content[i-1].Value) == nil {
						t.Fatalf("README line %d: %s is elided but no earlier example shows it", line, s.Content[i-1].Value)
					}
					s.Content[i] = mapValue(seen[name.Value], s.Content[i-1].Value)
				}
			}
			if mapValue(s, "kind") == nil {
				s.Content = append(s.Content, scalar("kind"), scalar("sqlite"), scalar("dsn"), scalar(demoPath))
			}
		}
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// rememberSources notes the sources of a configuration that loaded.
func rememberSources(text string, seen map[string]*yaml.Node) {
	var root yaml.Node
	if yaml.Unmarshal([]byte(text), &root) != nil || len(root.Content) == 0 {
		return
	}
	if srcs := mapValue(root.Content[0], "sources"); srcs != nil {
		for _, s := range srcs.Content {
			if name := mapValue(s, "name"); name != nil {
				seen[name.Value] = s
			}
		}
	}
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
