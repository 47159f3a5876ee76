package bound

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"odatagw/gateway/query"
	"odatagw/odataerr"
)

// TestBindAggregationCorpus binds the $apply and $compute of every positive
// OASIS aggregation test case the parser accepts, on Orders of the test
// model. The cases name a different model, so most end in 400; what matters
// is no panic, no internal error, and that a pipeline starting with a
// transformation the gateway does not serve is 501 naming it.
func TestBindAggregationCorpus(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(conformanceDir(t), "odata-aggregation-testcases.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var suite struct {
		TestCases []struct {
			Name   string `yaml:"Name"`
			FailAt *int   `yaml:"FailAt"`
			Input  string `yaml:"Input"`
		} `yaml:"TestCases"`
	}
	if err := yaml.Unmarshal(raw, &suite); err != nil {
		t.Fatal(err)
	}
	unserved := map[string]bool{
		"topcount": true, "topsum": true, "toppercent": true, "bottomcount": true, "bottomsum": true,
		"bottompercent": true, "join": true, "outerjoin": true, "nest": true, "addnested": true,
		"ancestors": true, "descendants": true, "traverse": true,
	}
	orders := testModel().EntitySet("Orders").Type
	counts := map[string]int{}
	named := 0
	for _, c := range suite.TestCases {
		_, rawQuery, ok := strings.Cut(c.Input, "?")
		if !ok {
			rawQuery = c.Input
		}
		if c.FailAt != nil || !strings.Contains(rawQuery, "$apply=") && !strings.Contains(rawQuery, "$compute=") {
			continue
		}
		o, err := query.ParseQuery(rawQuery)
		if err != nil {
			continue
		}
		b := testBinder(o.Aliases)
		var applyErr error
		outcome := bindOutcome(t, c.Name, func() error {
			sh := EntityShape(orders)
			a, err := b.Apply(orders, o.ApplyTree)
			applyErr = err
			if err != nil {
				return err
			}
			if a != nil {
				sh = a.Out
			}
			if _, sh, err = b.Compute(sh, o.ComputeItems); err != nil {
				return err
			}
			_, err = b.FilterOn(sh, o.Filter)
			return err
		})
		counts[outcome]++
		if o.ApplyTree == nil {
			continue
		}
		first := o.ApplyTree.Steps[0].Name()
		if unserved[first] || strings.Contains(first, ".") {
			named++
			e := odataerr.As(applyErr)
			if e == nil || e.Status != 501 || !strings.Contains(e.Message, first) {
				t.Errorf("%s: %q: got %v, want 501 naming %s", c.Name, c.Input, applyErr, first)
			}
		}
	}
	t.Logf("aggregation corpus through the binder: %v; %d pipelines start with an unserved transformation", counts, named)
	if named == 0 || counts["panic"] > 0 {
		t.Errorf("corpus not exercised: %v", counts)
	}
}
