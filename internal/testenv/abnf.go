package testenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// ABNFSeeds are the inputs of the OASIS ABNF test cases
// (../shared/conformance/odata-abnf/*-testcases.yaml), split by where they
// enter a request, for seeding the fuzz targets.
type ABNFSeeds struct {
	// Queries are query strings ("$filter=…&$top=2"): the query part of
	// URI cases, and expression cases prefixed with $filter= or $search=.
	Queries []string
	// Paths are resource paths ("Categories(1)/Products"), without the query.
	Paths []string
	// Exprs are common expressions ("Price add 1 gt 2"), as $filter writes them.
	Exprs []string
}

// LoadABNFSeeds reads every test-case file of the OASIS ABNF suite (core,
// aggregation, temporal), positive and negative cases alike: a fuzz target is
// best seeded at the edges of the grammar. A missing suite ends the test
// through Missing.
func LoadABNFSeeds(t testing.TB) *ABNFSeeds {
	t.Helper()
	dir := SharedDir(t, "conformance", "odata-abnf")
	files, err := filepath.Glob(filepath.Join(dir, "*-testcases.yaml"))
	if err != nil || len(files) == 0 {
		Missing(t, "the ABNF test cases in "+dir, err)
	}
	seeds := &ABNFSeeds{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var suite struct {
			TestCases []struct {
				Rule  string `yaml:"Rule"`
				Input string `yaml:"Input"`
			} `yaml:"TestCases"`
		}
		if err := yaml.Unmarshal(b, &suite); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, tc := range suite.TestCases {
			seeds.add(tc.Rule, tc.Input)
		}
	}
	return seeds
}

func (s *ABNFSeeds) add(rule, in string) {
	switch rule {
	case "commonExpr", "boolCommonExpr", "firstMemberExpr", "filter":
		e := strings.TrimPrefix(strings.TrimPrefix(in, "$filter="), "filter=")
		s.Exprs = append(s.Exprs, e)
		s.Queries = append(s.Queries, "$filter="+e)
	case "searchExpr":
		s.Queries = append(s.Queries, "$search="+in)
	case "resourcePath":
		s.Paths = append(s.Paths, in)
	case "odataRelativeUri", "odataUri":
		if _, rest, ok := strings.Cut(in, "://"); ok {
			// scheme://host/service/path?query: keep what follows the service root
			_, rest, _ = strings.Cut(rest, "/")
			_, in, _ = strings.Cut(rest, "/")
		}
		path, q, _ := strings.Cut(in, "?")
		s.Paths = append(s.Paths, path)
		if q != "" {
			s.Queries = append(s.Queries, q)
		}
	default:
		// queryOptions, expand, select, orderby, preference, header… and the
		// literal rules: as a query string, and literals as an expression.
		s.Queries = append(s.Queries, in)
		if !strings.ContainsAny(in, "=&") {
			s.Exprs = append(s.Exprs, in)
		}
	}
}
