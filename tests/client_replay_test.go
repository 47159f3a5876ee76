package tests

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"odatagw/gateway"
	"odatagw/metadata/csdltest"
)

// The request sequence Salesforce Connect's OData 4.0 adapter sends: sync
// ($metadata), a list view with row counts and client-driven paging, the
// SOQL-derived filter and order, the default search form, and a record page
// looked up by its External ID.
func TestReplaySalesforceConnect(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{MaxPageSize: 2000})
	sf := []string{"Accept", "application/json", "OData-Version", "4.0", "OData-MaxVersion", "4.0",
		"User-Agent", "SFDC-Callout/60.0", "X-CSRF-Token", "fetch"}

	md := e.get(t, "$metadata", "Accept", "application/xml", "OData-MaxVersion", "4.0").mustStatus(t, 200)
	csdltest.ValidateXML(t, md.body)

	// List view: first 26 rows with the count, then the next batch by $skip.
	first := e.get(t, "Suppliers?$select=SupplierID,CompanyName,Country&$count=true&$top=26", sf...).collection(t)
	total := queryInts(t, e.db, "SELECT COUNT(*) FROM Suppliers")[0]
	if first.Count == nil || *first.Count != total || int64(len(first.Value)) != min(26, total) {
		t.Fatalf("list view: count %v, %d rows", first.Count, len(first.Value))
	}
	next := e.get(t, "Suppliers?$select=SupplierID,CompanyName,Country&$count=false&$top=26&$skip=26", sf...).collection(t)
	if int64(len(next.Value)) != max(0, min(26, total-26)) {
		t.Fatalf("second batch: %d rows", len(next.Value))
	}

	// WHERE Country__c='USA' ORDER BY City__c ASC LIMIT 26
	usa := int(queryInts(t, e.db, "SELECT COUNT(*) FROM Customers WHERE Country = 'USA'")[0])
	if usa == 0 {
		t.Fatal("the demo has no US customers: the case would prove nothing")
	}
	c := e.get(t, "Customers?$filter="+url.QueryEscape("Country eq 'USA'")+"&$orderby="+url.QueryEscape("City asc")+"&$top=26&$select=CustomerID,City", sf...).collection(t)
	if len(c.Value) != min(usa, 26) {
		t.Fatalf("SOQL filter: %d rows, want %d", len(c.Value), min(usa, 26))
	}
	prev := ""
	for _, r := range c.rows(t) {
		city, _ := r["City"].(string)
		if city < prev {
			t.Fatalf("not ordered by City: %q after %q", city, prev)
		}
		prev = city
	}

	// Search box, default form.
	e.get(t, "Customers?$filter="+url.QueryEscape("contains(CompanyName,'Market') eq true or contains(Phone,'Market') eq true")+"&$count=true&$top=25", sf...).collection(t)

	// Record detail by External ID (the key), with all fields: the row must come back with exactly the key filtered on.
	var id string
	if err := e.db.QueryRow("SELECT CustomerID FROM Customers ORDER BY CustomerID DESC LIMIT 1").Scan(&id); err != nil {
		t.Fatal(err)
	}
	rec := e.get(t, "Customers?$filter="+url.QueryEscape("CustomerID eq '"+id+"'"), sf...).collection(t).rows(t)
	if len(rec) != 1 || rec[0]["CustomerID"] != id {
		t.Fatalf("record lookup %v", rec)
	}
	lower := e.get(t, "Customers?$filter="+url.QueryEscape("CustomerID eq '"+strings.ToLower(id)+"'"), sf...).collection(t)
	if len(lower.Value) != 0 {
		t.Fatalf("eq must be exact: %d rows for the lower-case key", len(lower.Value))
	}
}

// The request sequence of Power Query's OData.Feed (Power BI, Excel): service
// root, $metadata, then a folded query followed through every nextLink.
func TestReplayPowerQuery(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{MaxPageSize: 1000})
	pq := []string{"User-Agent", "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)",
		"OData-MaxVersion", "4.0", "MaxDataServiceVersion", "3.0", "Accept-Encoding", "gzip, deflate", "Accept", powerQueryAccept}

	root := e.get(t, strings.TrimSuffix(e.root, "/"), pq...).mustStatus(t, 200)
	var doc struct{ Value []struct{ Name string } }
	if err := json.Unmarshal(root.body, &doc); err != nil || len(doc.Value) == 0 {
		t.Fatalf("service document: %s", trunc(root.body))
	}
	md := e.get(t, "$metadata", pq...).mustStatus(t, 200)
	if !strings.HasPrefix(md.header.Get("Content-Type"), "application/xml") {
		t.Fatalf("$metadata as %s", md.header.Get("Content-Type"))
	}
	// A whole table, page by page, as a refresh reads it.
	want := queryInts(t, e.db, "SELECT OrderID FROM Order_Details ORDER BY OrderID, ProductID")
	got := e.readAllIDs(t, "Order_Details", "OrderID", pq...)
	assertSame(t, "Order_Details through nextLinks", got, want)
	// A folded filter and column choice.
	c := e.get(t, "Customers?$filter="+url.QueryEscape("ContactTitle eq 'Sales Representative'")+"&$select=CustomerID,Country", pq...).collection(t)
	for _, r := range c.rows(t) {
		if len(r) != 2 {
			t.Fatalf("folded $select returned %v", r)
		}
	}
}
