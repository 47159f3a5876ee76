package bound

import (
	"net/url"
	"testing"

	"odatagw/gateway/query"
)

// BenchmarkBindFilter binds typical filters built by hand (parsing excluded).
func BenchmarkBindFilter(b *testing.B) {
	binder := testBinder(map[string]query.Expr{"city": lStr("Berlin")})
	orders := binder.Model.EntitySet("Orders").Type
	customers := binder.Model.EntitySet("Customers").Type
	cases := []struct {
		name string
		on   string
		e    query.Expr
	}{
		{"eq", "Orders", eq(p("ShipCity"), lStr("Berlin"))},
		{"salesforce-search", "Customers", or(eq(fcall("contains", p("CompanyName"), lStr("Acme")), lBool(true)),
			eq(fcall("contains", p("City"), lStr("Acme")), lBool(true)))},
		{"range-and-nav", "Orders", and(and(op2(query.OpGe, p("OrderDate"), lDate(2024, 1, 1)), op2(query.OpLt, p("Freight"), lDec("100.5"))),
			eq(p("Customer/City"), aliasRef("city")))},
		{"in-list", "Orders", inList(p("OrderID"), lInt(1), lInt(2), lInt(3), lInt(4), lInt(5), lInt(6), lInt(7), lInt(8))},
		{"lambda", "Customers", lambdaAny("Orders", "o", op2(query.OpGt, op2(query.OpMul, p("o/Freight"), lInt(2)), lInt(10)))},
	}
	for _, c := range cases {
		t := orders
		if c.on == "Customers" {
			t = customers
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := binder.Filter(t, c.e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseAndBind parses and binds a typical Salesforce Connect query
// string (filter, select, orderby) end to end.
func BenchmarkParseAndBind(b *testing.B) {
	raw := "$filter=" + url.QueryEscape("contains(CompanyName,'Acme') eq true or contains(City,'Acme') eq true") +
		"&$select=CustomerID,CompanyName,City&$orderby=City%20asc&$top=26&$count=true"
	model := testModel()
	customers := model.EntitySet("Customers").Type
	b.ReportAllocs()
	for b.Loop() {
		o, err := query.ParseQuery(raw)
		if err != nil {
			b.Fatal(err)
		}
		binder := &Binder{Model: model, Aliases: o.Aliases}
		if _, err := binder.Filter(customers, o.Filter); err != nil {
			b.Fatal(err)
		}
		if _, err := binder.Select(customers, o.Select); err != nil {
			b.Fatal(err)
		}
		if _, err := binder.OrderBy(customers, o.OrderBy); err != nil {
			b.Fatal(err)
		}
	}
}
