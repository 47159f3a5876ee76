package bound

import (
	"net/url"
	"testing"

	"odatagw/gateway/query"
	"odatagw/internal/testenv"
	"odatagw/odataerr"
)

// FuzzBindFilter parses arbitrary $filter text (with an alias @p) and binds
// it on every entity type of the test model: binding must never panic and
// every error must be an *odataerr.Error client error.
func FuzzBindFilter(f *testing.F) {
	for _, s := range []string{
		"Name eq 'x'", "Price add 1 gt 2", "contains(Name,'a') eq true", "Orders/any(o:o/Freight gt 5)",
		"Priority in (1, 2.5)", "cast(Price,Edm.String) eq '1'", "isof(Name,Edm.String)", "-Rating lt -3",
		"Released lt 2024-01-02T10:00:00Z", "Code eq @p", "Orders/$count gt 1", "not (Featured eq false)",
		"year(LastSold) eq 2024 and hour(OpensAt) lt 9", "Warranty add duration'P1D' gt duration'PT1H'",
		"null eq null", "Views divby 3 gt 1.5", "substring(Name,1,2) eq 'x'", "round(Views) eq 1",
	} {
		f.Add(s, "'0f8fad5b-d9cb-469f-a165-70867728950e'")
	}
	for _, s := range testenv.LoadABNFSeeds(f).Exprs {
		f.Add(s, "1")
	}
	model := testModel()
	f.Fuzz(func(t *testing.T, filter, alias string) {
		o, err := query.ParseQuery("$filter=" + url.QueryEscape(filter) + "&@p=" + url.QueryEscape(alias))
		if err != nil || o.Filter == nil {
			return
		}
		b := &Binder{Model: model, Aliases: o.Aliases}
		for _, et := range model.Types {
			if _, err := b.Filter(et, o.Filter); err != nil {
				if e := odataerr.As(err); e == nil || e.Status >= 500 && e.Status != 501 {
					t.Fatalf("%q on %s: %v", filter, et.Name, err)
				}
			}
		}
	})
}

// FuzzBindPath parses and binds arbitrary resource paths (with an alias @k).
func FuzzBindPath(f *testing.F) {
	for _, s := range []string{
		"Orders(10248)", "Order_Details(OrderID=1,ProductID=2)", "Customers('ALFKI')/City/$value", "Orders/$count",
		"Devices(0f8fad5b-d9cb-469f-a165-70867728950e)", "Holidays(2024-12-25)", "Orders/10248/Customer", "Orders(@k)",
		"Customers/ALFKI", "$metadata", "Orders(1)/demo.Orders/Freight", "Orders(1)/$ref",
	} {
		f.Add(s, "5")
	}
	for _, s := range testenv.LoadABNFSeeds(f).Paths {
		f.Add(s, "1")
	}
	model := testModel()
	f.Fuzz(func(t *testing.T, path, alias string) {
		p, err := query.ParsePath(path)
		if err != nil {
			return
		}
		o, err := query.ParseQuery("@k=" + url.QueryEscape(alias))
		if err != nil {
			return
		}
		b := &Binder{Model: model, Aliases: o.Aliases}
		if _, err := b.Path(p); err != nil {
			if e := odataerr.As(err); e == nil || e.Status >= 500 && e.Status != 501 {
				t.Fatalf("%q: %v", path, err)
			}
		}
	})
}
