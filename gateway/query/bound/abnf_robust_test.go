package bound

import (
	"odatagw/internal/testenv"

	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"odatagw/gateway/query"
	"odatagw/odataerr"
)

// TestBindABNFCorpus binds every positive expression and URL of the OASIS
// ABNF test cases that the parser accepts, against the test model. Most name
// things the model does not have; what matters is that binding never panics
// and every failure is a client error (400, 404 or 501) — never an internal
// error a client could provoke.
func TestBindABNFCorpus(t *testing.T) {
	file := filepath.Join(conformanceDir(t), "odata-abnf-testcases.yaml")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var suite struct {
		TestCases []struct {
			Name   string `yaml:"Name"`
			Rule   string `yaml:"Rule"`
			FailAt *int   `yaml:"FailAt"`
			Input  string `yaml:"Input"`
		} `yaml:"TestCases"`
	}
	if err := yaml.Unmarshal(raw, &suite); err != nil {
		t.Fatal(err)
	}
	b := testBinder(nil)
	counts := map[string]int{}
	for _, c := range suite.TestCases {
		if c.FailAt != nil {
			continue
		}
		var outcome string
		switch c.Rule {
		case "commonExpr", "boolCommonExpr":
			o, err := query.ParseQuery("$filter=" + strings.ReplaceAll(c.Input, "&", "%26"))
			if err != nil || o.Filter == nil {
				continue
			}
			outcome = bindOutcome(t, c.Name, func() error {
				_, err := b.Filter(b.Model.EntitySet("Products").Type, o.Filter)
				return err
			})
		case "odataRelativeUri":
			path, rawQuery, _ := strings.Cut(c.Input, "?")
			p, err := query.ParsePath(path)
			if err != nil {
				continue
			}
			o, err := query.ParseQuery(rawQuery)
			if err != nil {
				continue
			}
			ub := testBinder(o.Aliases)
			outcome = bindOutcome(t, c.Name, func() error { return bindRequest(ub, p, o) })
		default:
			continue
		}
		counts[outcome]++
	}
	t.Logf("ABNF corpus through the binder: %v", counts)
	if counts["bound"] == 0 {
		t.Errorf("no case bound at all: the corpus was not exercised")
	}
}

// bindRequest binds a path and, when it addresses an entity set, its options.
func bindRequest(b *Binder, p *query.ResourcePath, o *query.Options) error {
	tg, err := b.Path(p)
	if err != nil || tg.Set == nil {
		return err
	}
	typ := tg.Set.Type
	if _, err := b.Filter(typ, o.Filter); err != nil {
		return err
	}
	if _, err := b.OrderBy(typ, o.OrderBy); err != nil {
		return err
	}
	if _, err := b.Select(typ, o.Select); err != nil {
		return err
	}
	_, err = b.Search(o.Search)
	return err
}

// bindOutcome runs bind, failing the test on a panic or an error that is not
// a client error, and classifies the result.
func bindOutcome(t *testing.T, name string, bind func() error) (outcome string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", name, r)
			outcome = "panic"
		}
	}()
	err := bind()
	if err == nil {
		return "bound"
	}
	e := odataerr.As(err)
	if e == nil {
		t.Errorf("%s: internal error %v", name, err)
		return "internal"
	}
	switch e.Status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusNotImplemented:
		if os.Getenv("BINDDEBUG") != "" {
			t.Logf("%s: %v", name, err)
		}
		return fmt.Sprint(e.Status)
	}
	t.Errorf("%s: status %d: %v", name, e.Status, err)
	return "other"
}

// conformanceDir finds ../shared/conformance/odata-abnf beside the module root.
func conformanceDir(t *testing.T) string {
	return testenv.SharedDir(t, "conformance", "odata-abnf")
}
