package query

import (
	"testing"

	"odatagw/internal/testenv"
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
	for _, s := range testenv.LoadABNFSeeds(f).Queries {
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
	for _, s := range testenv.LoadABNFSeeds(f).Paths {
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
