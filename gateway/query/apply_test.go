package query

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"odatagw/odataerr"
)

func TestParseApply(t *testing.T) {
	cases := []struct{ in, want string }{
		{"aggregate(Amount with sum as Total)", "(aggregate (sum Amount as Total))"},
		{"aggregate($count as N,Amount with countdistinct as D)", "(aggregate ($count as N) (countdistinct Amount as D))"},
		{"aggregate((Amount sub Cost) mul TaxRate with sum as Tax)", "(aggregate (sum (mul (sub Amount Cost) TaxRate) as Tax))"},
		{"aggregate(Customer/Country with countdistinct as C)", "(aggregate (countdistinct Customer/Country as C))"},
		{"aggregate(Sales/$count as N)", "(aggregate (Sales/$count as N))"},
		{"aggregate(Budget)", "(aggregate (custom Budget))"},
		{"aggregate(Sales/Forecast from Time with average as F)", "(aggregate (custom Sales/Forecast from [Time] average as F))"},
		{"aggregate(Amount with sum from Time with average from Product/Name with max as X)",
			"(aggregate (sum Amount from [Time] average from [Product/Name] max as X))"},
		{"aggregate(Amount with average from Time,Product/Name with max as X)",
			"(aggregate (average Amount from [Time Product/Name] max as X))"},
		{"aggregate(Amount with Custom.median as M)", "(aggregate (Custom.median Amount as M))"},
		{"aggregate(Self.DigitalProduct with Custom.discount as D)", "(aggregate (Custom.discount Self.DigitalProduct as D))"},
		{"groupby((Customer/Country,Product/Name),aggregate(Amount with sum as Total))",
			"(groupby [Customer/Country Product/Name] (aggregate (sum Amount as Total)))"},
		{"groupby((Name))", "(groupby [Name])"},
		{"groupby( (Name) , filter(Amount gt 1)/aggregate($count as N) )", "(groupby [Name] (filter (gt Amount 1)) / (aggregate ($count as N)))"},
		{"groupby((rollup(Customer/Country,Customer/Name),Currency/Code))", "(groupby [(rollup [Customer/Country Customer/Name]) Currency/Code])"},
		{"groupby((rollup(CustomerHierarchy)))", "(groupby [(rollup CustomerHierarchy)])"},
		{"groupby((rolluprecursive($root/SalesOrganizations,SalesOrgHierarchy,ID)),aggregate($count as N))",
			"(groupby [(rolluprecursive $root/SalesOrganizations SalesOrgHierarchy ID)] (aggregate ($count as N)))"},
		{"filter(Amount le 1)/aggregate(Amount with sum as Total)", "(filter (le Amount 1)) / (aggregate (sum Amount as Total))"},
		{"filter(Amount gt 3)/orderby(Country asc,Name desc)/skip(5)/top(10)",
			"(filter (gt Amount 3)) / (orderby Country (desc Name)) / (skip 5) / (top 10)"},
		{"compute(Amount mul Product/TaxRate as Tax, day(Time/Date) as D)",
			"(compute ((mul Amount Product/TaxRate) as Tax) ((day Time/Date) as D))"},
		{"compute(Amount div $these/aggregate(Amount with sum) as R)",
			"(compute ((div Amount (aggregate $these (sum Amount))) as R))"},
		{"concat(topcount(2,Amount),bottomcount(2,Amount))", "(concat [(topcount 2 Amount)] [(bottomcount 2 Amount)])"},
		{"identity", "identity"},
		{"identity/top(1)", "identity / (top 1)"},
		{"search(coffee OR tea)", "(search (OR coffee tea))"},
		{"search(')/top(1')/top(1)", "(search \")/top(1\") / (top 1)"},
		{"join(Sales as Sale,filter(Amount gt 1))", "(join Sales as Sale [(filter (gt Amount 1))])"},
		{"outerjoin(Sales as Sale)", "(outerjoin Sales as Sale)"},
		{"addnested(Sales,filter(Amount gt 3) as Filtered)", "(addnested Sales [(filter (gt Amount 3))] as Filtered)"},
		{"nest(groupby((Customer/ID)) as C,groupby((Product/ID)) as P)", "(nest [(groupby [Customer/ID])] as C [(groupby [Product/ID])] as P)"},
		{"ancestors($root/Orgs,Hier,ID,filter(Name eq 'E')/top(3),2,keep start)",
			"(ancestors $root/Orgs Hier ID [(filter (eq Name 'E')) / (top 3)] 2 keep-start)"},
		{"traverse($root/Orgs,Hier,ID,preorder,filter(Name eq 'E'),Name desc)",
			"(traverse $root/Orgs Hier ID preorder [(filter (eq Name 'E'))] (orderby (desc Name)))"},
		{"Custom.TopCountAndBalance(Count=5,Property='Amount')", "(Custom.TopCountAndBalance(Count=5,Property='Amount'))"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			a, err := ParseApply(url.PathEscape(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := FormatApply(a); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestParseApplyPositions(t *testing.T) {
	a, err := ParseApply("filter(A%20gt%201)/groupby((B),aggregate(C%20with%20sum%20as%20D))")
	if err != nil {
		t.Fatal(err)
	}
	f := a.Steps[0].(*FilterTrafo)
	g := a.Steps[1].(*GroupByTrafo)
	it := g.Then.Steps[0].(*AggregateTrafo).Items[0]
	got := []Pos{f.P, f.Cond.Pos(), g.P, g.Elements[0].Path.Pos(), g.Then.P, it.P, it.MethodPos, it.AliasPos}
	want := []Pos{0, 9, 15, 24, 27, 37, 44, 51} // in the decoded text
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("positions %v, want %v", got, want)
			break
		}
	}
}

func TestParseApplyErrors(t *testing.T) {
	cases := []struct {
		in  string
		msg string
		pos int
	}{
		{"", "expected a transformation", 0},
		{"aggregate()", "expected an expression", 10},
		{"aggregate(Amount with sum)", "expected 'as' and an alias", 25},
		{"aggregate(Amount mul 2 as X)", "expected 'with' and an aggregation method", 23},
		{"aggregate(Amount with avg as X)", "expected an aggregation method", 22},
		{"aggregate($count with sum as X)", "a count takes no aggregation method", 17},
		{"aggregate(Amount with sum from Time as X)", "expected 'with' and an aggregation method after the grouping properties", 36},
		{"aggregate(Forecast from Time)", "expected 'as' and an alias", 28},
		{"groupby(Name)", "expected '(' and the grouping properties", 8},
		{"groupby((Name eq 1))", "expected ',' or ')' after a grouping property", 14},
		{"groupby((Sales(1)/Name))", "'Sales' is not allowed in a data aggregation path", 9},
		{"groupby((Price/@Measures.ISOCurrency))", "'@Measures.ISOCurrency' is not allowed", 15},
		{"groupby((rollup(A)/B))", "expected ',' or ')' after a grouping property", 18},
		{"groupby((rollup(A/C)))", "rollup needs a hierarchy name or at least two grouping properties", 16},
		{"frobnicate(x)", "unknown transformation 'frobnicate'", 0},
		{"Aggregate($count as N)", "unknown transformation 'Aggregate'", 0},
		{"top(-1)", "expected a non-negative integer as the argument of top", 4},
		{"top(1)/", "expected a transformation", 7},
		{"top(1) /skip(1)", "expected '/' and a transformation, or the end of $apply", 7},
		{"identity()", "expected '/', ',' or ')' after identity", 8},
		{"filter", "expected '(' after filter", 6},
		{"concat(top(1))", "concat needs at least two", 13},
		{"compute(A add 1)", "'as' and the name of the computed property", 15},
		{"compute(A as B.C)", "an alias (a simple identifier) after 'as'", 13},
		{"ancestors($root/O,H,ID,groupby((A)))", "groupby is not allowed here", 23},
		{"ancestors($root/O,H,ID,identity,filter(A))", "expected a distance or 'keep start'", 32},
		{"addnested(Sales,nest(Products))", "unknown transformation 'Products'", 21},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := ParseApply(url.PathEscape(c.in))
			e := odataerr.As(err)
			if e == nil {
				t.Fatalf("error %v, want a 400 *odataerr.Error", err)
			}
			if e.Status != 400 || e.Target != "$apply" || !strings.Contains(e.Message, c.msg) || e.Pos != c.pos {
				t.Errorf("got %d %s@%d %q, want 400 $apply@%d containing %q", e.Status, e.Target, e.Pos, e.Message, c.pos, c.msg)
			}
		})
	}
}

func TestApplyAndComputeInOptions(t *testing.T) {
	o, err := ParseQuery("$apply=groupby((A),aggregate(B%20with%20sum%20as%20S))&$compute=S%20mul%202%20as%20D&$filter=D%20gt%201")
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatApply(o.ApplyTree); got != "(groupby [A] (aggregate (sum B as S)))" {
		t.Errorf("apply %s", got)
	}
	if got := FormatCompute(o.ComputeItems); got != "((mul S 2) as D)" {
		t.Errorf("compute %s", got)
	}
	o2, err := ParseQuery("$compute=Price%20AS%20P")
	if err != nil || FormatCompute(o2.ComputeItems) != "(Price as P)" {
		t.Errorf("$compute with upper-case AS (core ABNF strings are case-insensitive): %v", err)
	}
	if _, err := ParseApply("compute(Price%20AS%20P)"); err == nil {
		t.Error("compute() with upper-case AS accepted; the aggregation ABNF has a case-sensitive \"as\"")
	}
	if o.Apply == "" || o.Compute == "" {
		t.Error("raw text of $apply and $compute must stay set")
	}
	// nested in $expand: positions count from the start of $expand
	o, err = ParseQuery("$expand=Products($apply=aggregate(Price%20with%20average%20as%20P);$compute=Price%20as%20Q)")
	if err != nil {
		t.Fatal(err)
	}
	n := o.Expand[0].Options
	if got := FormatApply(n.ApplyTree); got != "(aggregate (average Price as P))" {
		t.Errorf("nested apply %s", got)
	}
	if n.ApplyTree.P != 16 || n.ComputeItems[0].AliasPos != 69 {
		t.Errorf("nested positions %d %d", n.ApplyTree.P, n.ComputeItems[0].AliasPos)
	}
	_, err = ParseQuery("$expand=Products($apply=aggregate(Price))")
	if err != nil {
		t.Errorf("custom aggregate in nested $apply: %v", err)
	}
	_, err = ParseQuery("$expand=Products($apply=top(x))")
	if e := odataerr.As(err); e == nil || e.Target != "$expand" || e.Pos != 20 {
		t.Errorf("nested error %v", err)
	}
}

// FuzzParseApply checks that no $apply value makes the parser panic, that
// every rejection is a 400 *odataerr.Error positioned inside the value, and
// that every accepted pipeline can be printed with positions inside it.
func FuzzParseApply(f *testing.F) {
	for _, s := range applySeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		a, err := ParseApply(raw)
		if err != nil {
			e := odataerr.As(err)
			if e == nil || e.Status != 400 {
				t.Fatalf("%q: error %v is not a 400 *odataerr.Error", raw, err)
			}
			if e.Pos > len(raw) {
				t.Fatalf("%q: error position %d beyond the input", raw, e.Pos)
			}
			return
		}
		_ = FormatApply(a)
		for _, st := range a.Steps {
			if st.Pos() < 0 || int(st.Pos()) >= len(raw) {
				t.Fatalf("%q: step %s at position %d", raw, st.Name(), st.Pos())
			}
		}
	})
}

// applySeeds are the $apply values of the OASIS aggregation test cases
// (positive and negative) plus a few of our own.
func applySeeds(tb testing.TB) []string {
	seeds := []string{"groupby((A),aggregate(B%20with%20sum%20as%20S))/filter(S%20gt%201)", "identity", "concat(top(1),skip(1))"}
	wd, _ := os.Getwd()
	b, err := os.ReadFile(filepath.Join(wd, "..", "..", "..", "shared", "conformance", "odata-abnf", "odata-aggregation-testcases.yaml"))
	if err != nil {
		return seeds
	}
	var suite abnfSuite
	if err := yaml.Unmarshal(b, &suite); err != nil {
		tb.Fatal(err)
	}
	for _, tc := range suite.TestCases {
		if i := strings.Index(tc.Input, "$apply="); i >= 0 {
			v, _, _ := strings.Cut(tc.Input[i+len("$apply="):], "&")
			seeds = append(seeds, v)
		}
	}
	return seeds
}

func BenchmarkParseApply(b *testing.B) {
	raw := "filter(OrderDate%20ge%202024-01-01)/groupby((Customer/Country,ShipCity),aggregate(Freight%20with%20sum%20as%20Total," +
		"Freight%20with%20average%20as%20Avg,$count%20as%20N))/filter(Total%20gt%20100)/orderby(Total%20desc)/top(10)"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseApply(raw); err != nil {
			b.Fatal(err)
		}
	}
}
