package query

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"odatagw/odataerr"
)

var fuzzSeeds = []string{
	"$filter=contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true&$top=26&$count=true",
	"$filter=ContactTitle%20eq%20'Sales%20Representative'&$select=CustomerID,Country",
	"$filter=Orders/any(o:o/Freight gt 5 and o/Lines/all(l:l/Qty ge 1))&$orderby=Name desc",
	"$expand=Items($select=Quantity;$expand=Product($select=Name,Price);@c=15;$search=a%3Bb)",
	"$search=(foo OR that) AND (bar OR baz) AND NOT quux",
	"$filter=d gt 2012-09-03T14:53:01.5%2B02:00 and g eq 01234567-89ab-cdef-0123-456789abcdef and t lt 12:00",
	"@p=(1,2,3)&$filter=ID in @p&@q={\"a\":[1,{\"b\":null}]}",
	"$filter=cast(Price,Edm.String) eq '5' and isof(Model.Customer) and x has Ns.E'A,1'",
	"$compute=case(X gt 0:1,true:0) as S&$apply=groupby((A))",
}

// FuzzParseQuery checks that no query string makes the parser panic and that
// every rejection is a 400 *odataerr.Error.
func FuzzParseQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, s := range abnfSeedInputs(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		o, err := ParseQuery(raw)
		if err != nil {
			if e := odataerr.As(err); e == nil || e.Status != 400 {
				t.Fatalf("%q: error %v is not a 400 *odataerr.Error", raw, err)
			}
			return
		}
		_ = Format(o.Filter)
		_ = FormatSearch(o.Search)
		for _, it := range o.OrderBy {
			_ = Format(it.Expr)
		}
	})
}

// FuzzParsePath does the same for resource paths.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"Orders(10248)/Customer/$ref", "Order_Details(OrderID=10248,ProductID=11)",
		"Customers('O''Neil')", "$crossjoin(A,B)", "Products/$filter(Age gt 3)/$count", "Fn(a=1)(2)/x/$value"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		rp, err := ParsePath(raw)
		if err != nil {
			if e := odataerr.As(err); e == nil || e.Status != 400 {
				t.Fatalf("%q: error %v is not a 400 *odataerr.Error", raw, err)
			}
			return
		}
		_ = rp.CheckOptions(&Options{})
	})
}

// abnfSeedInputs returns the query parts of the ABNF test-case inputs.
func abnfSeedInputs(f *testing.F) []string {
	wd, _ := os.Getwd()
	b, err := os.ReadFile(filepath.Join(wd, "..", "..", "..", "shared", "conformance", "odata-abnf", "odata-abnf-testcases.yaml"))
	if err != nil {
		return nil
	}
	var suite abnfSuite
	if err := yaml.Unmarshal(b, &suite); err != nil {
		f.Fatal(err)
	}
	var out []string
	for _, tc := range suite.TestCases {
		in := tc.Input
		if _, q, ok := strings.Cut(in, "?"); ok {
			in = q
		}
		switch tc.Rule {
		case "commonExpr", "boolCommonExpr", "firstMemberExpr":
			in = "$filter=" + in
		case "searchExpr":
			in = "$search=" + in
		}
		out = append(out, in)
	}
	return out
}
