package query

import "testing"

// Typical client queries, as they arrive (percent-encoded).
var benchQueries = []struct{ name, raw string }{
	// Salesforce Connect list view: search box filter, ordering, paging, count.
	{"salesforce", "$filter=contains(CompanyName,'Acme')%20eq%20true%20or%20contains(Phone,'Acme')%20eq%20true" +
		"&$orderby=CompanyName%20asc,CustomerID&$top=26&$skip=0&$count=true&$select=CustomerID,CompanyName,Phone,Country"},
	// Power Query (Power BI / Excel) folding a filter and column selection.
	{"powerquery", "$filter=ContactTitle%20eq%20'Sales%20Representative'&$select=CustomerID,Country"},
	// A complex hand-written filter with functions, dates, lambda, in and arithmetic.
	{"complex", "$filter=(year(OrderDate)%20eq%201997%20and%20month(OrderDate)%20ge%207)%20and%20" +
		"(ShipCountry%20in%20('Germany','France','UK')%20or%20Freight%20mul%201.2%20gt%20100)%20and%20" +
		"not%20startswith(tolower(ShipName),'the')%20and%20Order_Details/any(d:d/Quantity%20gt%2010)%20and%20" +
		"OrderDate%20lt%202012-09-03T14:53:01Z&$orderby=OrderDate%20desc&$top=50&$expand=Customer($select=CompanyName)"},
}

func BenchmarkParseQuery(b *testing.B) {
	for _, q := range benchQueries {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseQuery(q.raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParsePath(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePath("Order_Details(OrderID=10248,ProductID=11)/Product/Category/$ref"); err != nil {
			b.Fatal(err)
		}
	}
}
