package bound

import (
	"net/url"
	"strings"
	"testing"

	"odatagw/gateway/query"
	"odatagw/internal/testenv"
	"odatagw/odataerr"
)

// FuzzBindApply parses arbitrary $apply text followed by a $filter and an
// $orderby on the result, and binds them on every entity type of the test
// model: binding must never panic, every error must be a 400 or 501
// *odataerr.Error, and every bound pipeline's shape must be consistent.
func FuzzBindApply(f *testing.F) {
	for _, s := range []string{
		"groupby((Customer/Country),aggregate(Freight with sum as T))", "aggregate($count as N)",
		"filter(Price gt 1)/groupby((Name,Rating),aggregate(Weight with average as W))",
		"compute(Price mul 2 as P2)/aggregate(P2 with max as M)", "concat(top(1),aggregate(Views with sum as T))",
		"groupby((Country),aggregate($count as N))/groupby((N))", "search(a OR b)/top(2)", "topcount(1,Price)",
	} {
		f.Add(s, "T gt 1", "N desc")
	}
	for _, q := range testenv.LoadABNFSeeds(f).Queries {
		for _, opt := range strings.Split(q, "&") {
			if a, ok := strings.CutPrefix(opt, "$apply="); ok {
				if u, err := url.PathUnescape(a); err == nil {
					f.Add(u, "T gt 1", "N desc")
				}
			}
		}
	}
	model := testModel()
	f.Fuzz(func(t *testing.T, apply, filter, orderby string) {
		o, err := query.ParseQuery("$apply=" + url.PathEscape(apply) + "&$filter=" + url.PathEscape(filter) + "&$orderby=" + url.PathEscape(orderby))
		if err != nil || o.ApplyTree == nil {
			return
		}
		b := &Binder{Model: model}
		check := func(err error) {
			if e := odataerr.As(err); err != nil && (e == nil || e.Status != 400 && e.Status != 501) {
				t.Fatalf("%q: %v", apply, err)
			}
		}
		for _, et := range model.Types {
			a, err := b.Apply(et, o.ApplyTree)
			check(err)
			if err != nil {
				continue
			}
			if a.Out == nil || a.Out.Type != et {
				t.Fatalf("%q: bad output shape", apply)
			}
			for _, d := range a.Out.Dynamic {
				if d.T == "" || d.Name == "" {
					t.Fatalf("%q: untyped dynamic property %+v", apply, d)
				}
			}
			_, err = b.FilterOn(a.Out, o.Filter)
			check(err)
			_, err = b.OrderByOn(a.Out, o.OrderBy)
			check(err)
		}
	})
}

func BenchmarkBindApply(b *testing.B) {
	o, err := query.ParseQuery("$apply=" + url.PathEscape("filter(OrderDate ge 2024-01-01)/groupby((Customer/Country,ShipCity),"+
		"aggregate(Freight with sum as Total,Freight with average as Avg,$count as N))/filter(Total gt 100)/orderby(Total desc)/top(10)"))
	if err != nil {
		b.Fatal(err)
	}
	bd := testBinder(nil)
	orders := bd.Model.EntitySet("Orders").Type
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bd.Apply(orders, o.ApplyTree); err != nil {
			b.Fatal(err)
		}
	}
}
