package gateway_test

import "testing"

// A cached $expand response carries the tags of every set it read:
// invalidating the expanded set drops it, invalidating an unrelated set does not.
func TestCacheExpandTagsExpandedSets(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	const u = "Customers?$top=2&$expand=Orders($expand=Order_Details)"
	e.get(t, u).must(t, 200)
	e.get(t, u).must(t, 200)
	e.wantQueries(t, 3) // customers, their orders, the orders' lines: once
	if n := e.gw.InvalidateSet("demo", "Products"); n != 0 {
		t.Errorf("InvalidateSet(Products) removed %d, want 0", n)
	}
	if n := e.gw.InvalidateSet("demo", "Order_Details"); n != 1 {
		t.Errorf("InvalidateSet(Order_Details) removed %d, want 1", n)
	}
	e.get(t, u).must(t, 200)
	e.wantQueries(t, 6)
	if n := e.gw.InvalidateSet("demo", "Orders"); n != 1 {
		t.Errorf("InvalidateSet(Orders) removed %d, want 1", n)
	}
}
