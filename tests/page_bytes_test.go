package tests

import (
	"encoding/json"
	"testing"

	"odatagw/gateway"
)

// TestPagesEndAtTheirByteBudget: Salesforce Connect refuses responses above
// 8 MB whatever the page size, so a page ends early once its JSON reaches
// Config.MaxPageBytes, with a next link that continues exactly where it
// stopped: following the links yields every entity once, $top still counts
// across pages, for keyset (ordered) and offset continuation alike.
func TestPagesEndAtTheirByteBudget(t *testing.T) {
	const budget = 4096
	e := newDemoEnv(t, gateway.Config{MaxPageBytes: budget})
	for _, c := range []struct {
		url  string
		want int
	}{
		{"Orders?$select=OrderID,ShipName,ShipCity,ShipCountry", 5000},
		{"Orders?$orderby=Freight%20desc&$top=301&$count=true", 301},
		{"Orders?$orderby=ShippedDate&$skip=10&$top=450", 450},
		{"Customers?$search=a&$top=80&$expand=Orders($select=OrderID;$top=3)", 80},
	} {
		seen := map[string]bool{}
		url, pages := c.url, 0
		for url != "" {
			r := e.get(t, url, "Prefer", "odata.maxpagesize=1000")
			c2 := r.collection(t)
			rows := c2.rows(t)
			if len(rows) == 0 {
				t.Fatalf("%s: an empty page", url)
			}
			// One entity may carry the page past the budget, no more.
			if len(r.body) > 2*budget+2048 {
				t.Errorf("%s: a page of %d bytes (budget %d)", url, len(r.body), budget)
			}
			for _, row := range rows {
				k := string(mustJSON(t, row["OrderID"])) + string(mustJSON(t, row["CustomerID"]))
				if seen[k] {
					t.Fatalf("%s: %s twice", c.url, k)
				}
				seen[k] = true
			}
			url, pages = c2.NextLink, pages+1
		}
		if len(seen) != c.want || pages < 3 {
			t.Errorf("%s: %d entities in %d pages, want %d in several", c.url, len(seen), pages, c.want)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
