package tests

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"odatagw/config"
	"odatagw/gateway"
)

// TestSecurityETagsOfViews: an entity's ETag is computed from what its
// caller sees, so it does not move with a hidden property: a caller cannot
// test guesses of a hidden value against it (If-None-Match, or by hashing
// candidate entities), while a caller who sees the property gets a new
// ETag when it changes.
func TestSecurityETagsOfViews(t *testing.T) {
	e := securityBatchEnv(t)
	etag := func(key string) string {
		t.Helper()
		r := e.get(t, "Orders(1)", "X-API-Key", key, "Cache-Control", "no-cache").mustStatus(t, 200)
		if r.header.Get("ETag") == "" {
			t.Fatalf("%s: no ETag", key)
		}
		return r.header.Get("ETag")
	}
	w0, a0 := etag("key-writer"), etag("key-auditor")
	if _, err := e.db.Exec("UPDATE orders SET note = 'changed' WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	if w1 := etag("key-writer"); w1 != w0 {
		t.Errorf("the writer's ETag moved with the hidden Note: %s, %s", w0, w1)
	}
	if a1 := etag("key-auditor"); a1 == a0 {
		t.Errorf("the auditor's ETag did not move with Note")
	}
	// An update through the writer's ETag leaves the hidden value alone.
	e.send(t, "PATCH", "Orders(1)", `{"Amount":3}`, "X-API-Key", "key-writer", "If-Match", w0).mustStatus(t, 204)
	if got := queryStrings(t, e.db, "SELECT note FROM orders WHERE id = 1")[0]; got != "changed" {
		t.Errorf("note of order 1: %q", got)
	}
}

// TestSecurityLevels: $levels repeats an expansion; every level is the
// caller's rows of the set and none shows a hidden property.
func TestSecurityLevels(t *testing.T) {
	path, src := openDemo(t)
	roles := map[string]config.Role{
		"us": {Default: "read", Sets: map[string]config.SetRule{"Employees": {Filter: "EmployeeID le 10", Hide: []string{"BirthDate"}}}},
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-us": {"us"}})
	e := newEnv(t, gateway.Config{Guard: g}, path, gateway.Service{Name: "shop", Source: src})
	seen := map[string]bool{}
	for _, id := range queryStrings(t, e.db, "SELECT EmployeeID FROM Employees WHERE EmployeeID <= 10") {
		seen[id] = true
	}
	if len(seen) == 0 || len(seen) == len(queryStrings(t, e.db, "SELECT EmployeeID FROM Employees")) {
		t.Fatalf("fixture: %d employees of the first ten", len(seen))
	}
	var walk func(where string, v any) int
	walk = func(where string, v any) int {
		n := 0
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				n += walk(where, x)
			}
		case map[string]any:
			if _, ok := v["BirthDate"]; ok {
				t.Fatalf("%s: BirthDate in %v", where, v)
			}
			if id, ok := v["EmployeeID"]; ok {
				if !seen[fmt.Sprint(id)] {
					t.Fatalf("%s: employee %v is outside the role's filter", where, id)
				}
				n++
			}
			for k, x := range v {
				if k == "DirectReports" || k == "Manager" {
					n += walk(where, x)
				}
			}
		}
		return n
	}
	for _, u := range []string{"Employees?$expand=DirectReports($levels=max)", "Employees?$expand=Manager($levels=max)",
		"Employees?$expand=DirectReports($levels=3;$select=EmployeeID,LastName)", "Employees?$expand=DirectReports($levels=max;$expand=Manager)"} {
		rows := e.get(t, strings.ReplaceAll(url.PathEscape(u), "%3F", "?"), "X-API-Key", "key-us").collection(t).rows(t)
		all := make([]any, len(rows))
		for i, r := range rows {
			all[i] = r
		}
		if n := walk(u, all); n <= len(rows) {
			t.Errorf("%s: %d employees in all, %d at the top: the levels expanded nothing", u, n, len(rows))
		}
	}
	e.get(t, "Employees?$expand=DirectReports($levels=max;$select=BirthDate)", "X-API-Key", "key-us").mustStatus(t, 400)
}
