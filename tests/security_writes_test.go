package tests

import (
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"odatagw/config"
	"odatagw/gateway"
)

// securityWritesEnv serves the authorization fixture in SQLite, every set
// writable, behind two API keys: key-writer (emea-writer: Orders within
// Region eq 'EMEA', the rest read-only) and key-reader (read only).
func securityWritesEnv(t *testing.T) (*writesEnv, *sql.DB) {
	path, src, db := openAuthzSQLite(t)
	roles := map[string]config.Role{
		"emea-writer": {Sets: map[string]config.SetRule{
			"Customers":  {Access: "read"},
			"Orders":     {Access: "write", Filter: "Region eq 'EMEA'"},
			"OrderLines": {Access: "read"},
		}},
		"reader": {Sets: map[string]config.SetRule{
			"Customers": {Access: "read"}, "Orders": {Access: "read"}, "OrderLines": {Access: "read"},
		}},
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-writer": {"emea-writer"}, "key-reader": {"reader"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, path,
		gateway.Service{Name: "shop", Source: src, Writes: gateway.WritePolicy{Default: all}}), kind: "sqlite"}
	return e, db
}

// TestSecurityWrites: on a writable service, a role with read access cannot
// change anything (403), and a role with write access limited by a filter
// can only change, create and delete rows within it — before and after the
// change, with nothing left behind when a change is refused.
func TestSecurityWrites(t *testing.T) {
	e, db := securityWritesEnv(t)
	count := func(where string) int {
		t.Helper()
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM orders WHERE " + where).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	writer := []string{"X-API-Key", "key-writer"}
	reader := []string{"X-API-Key", "key-reader"}

	// Order 1 is EMEA, order 3 APAC (authzFixture: every third order).
	e.send(t, "PATCH", "Orders(1)", `{"Note":"by reader"}`, reader...).wantError(t, 403, "Forbidden", "")
	e.send(t, "DELETE", "Orders(1)", "", reader...).wantError(t, 403, "Forbidden", "")
	e.send(t, "POST", "Orders", `{"Id":100,"CustomerId":"C1","Region":"EMEA","Amount":1}`, reader...).wantError(t, 403, "Forbidden", "")
	e.send(t, "PATCH", "Customers('C1')", `{"Name":"x"}`, writer...).wantError(t, 403, "Forbidden", "")
	if count("note = 'by reader' OR id = 100") != 0 {
		t.Fatal("a refused write changed the database")
	}

	// Within the filter: allowed.
	e.send(t, "PATCH", "Orders(1)", `{"Note":"by writer"}`, writer...).mustStatus(t, 204)
	if count("id = 1 AND note = 'by writer'") != 1 {
		t.Fatal("the allowed update did not land")
	}
	e.send(t, "POST", "Orders", `{"Id":101,"CustomerId":"C1","Region":"EMEA","Amount":1}`, writer...).mustStatus(t, 201)

	// Outside the filter: a row the role cannot see is 404, a change that
	// would move a row out of it or create one outside it is 403 and leaves
	// nothing behind.
	e.send(t, "PATCH", "Orders(3)", `{"Note":"apac"}`, writer...).wantError(t, 404, "", "")
	e.send(t, "DELETE", "Orders(3)", "", writer...).wantError(t, 404, "", "")
	e.send(t, "PATCH", "Orders(1)", `{"Region":"APAC"}`, writer...).wantError(t, 403, "Forbidden", "")
	e.send(t, "POST", "Orders", `{"Id":102,"CustomerId":"C1","Region":"APAC","Amount":1}`, writer...).wantError(t, 403, "Forbidden", "")
	if count("id = 1 AND region = 'EMEA'") != 1 || count("id = 102") != 0 || count("id = 3 AND note = 'note 3'") != 1 {
		t.Fatal("a refused write changed the database")
	}
	e.send(t, "DELETE", "Orders(101)", "", writer...).mustStatus(t, 204)
	if count("id = 101") != 0 {
		t.Fatal("the allowed delete did not land")
	}

	// The OpenAPI document offers each caller the writes it may make.
	posts := func(headers ...string) []string {
		t.Helper()
		var doc struct {
			Paths map[string]map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(e.get(t, "openapi.json", headers...).mustStatus(t, 200).body, &doc); err != nil {
			t.Fatal(err)
		}
		var out []string
		for p, ops := range doc.Paths {
			for op := range ops {
				if op == "post" || op == "patch" || op == "delete" {
					out = append(out, op+" "+p)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	if got := posts(reader...); len(got) != 0 {
		t.Errorf("the reader's OpenAPI document offers writes: %v", got)
	}
	got := posts(writer...)
	if len(got) == 0 || slices.ContainsFunc(got, func(s string) bool { return !strings.Contains(s, "/Orders") }) {
		t.Errorf("the writer's OpenAPI document offers %v, want writes on Orders only", got)
	}
}

// TestSecurityNavigationWrites: writes through navigation paths and of
// references are authorized like the updates and inserts they are, on the
// entity set that holds the foreign key; the Allow header of a 405 names
// what the caller may do.
func TestSecurityNavigationWrites(t *testing.T) {
	e, db := securityWritesEnv(t)
	writer := []string{"X-API-Key", "key-writer"}
	reader := []string{"X-API-Key", "key-reader"}
	customerOf := func(order int) string {
		t.Helper()
		var c *string
		if err := db.QueryRow("SELECT customer_id FROM orders WHERE id = ?", order).Scan(&c); err != nil {
			return "missing"
		}
		if c == nil {
			return "null"
		}
		return *c
	}

	// POST to a navigation path: the foreign key comes from the parent; the
	// role's write filter still holds for the new entity.
	e.send(t, "POST", "Customers('C1')/Orders", `{"Id":110,"Region":"EMEA","Amount":1}`, reader...).wantError(t, 403, "Forbidden", "")
	e.send(t, "POST", "Customers('C1')/Orders", `{"Id":110,"Region":"EMEA","Amount":1}`, writer...).mustStatus(t, 201)
	e.send(t, "POST", "Customers('C1')/Orders", `{"Id":111,"Region":"APAC","Amount":1}`, writer...).wantError(t, 403, "Forbidden", "")
	if customerOf(110) != "C1" || customerOf(111) != "missing" {
		t.Fatalf("orders 110/111: %s/%s", customerOf(110), customerOf(111))
	}

	// References: an update of the order, which the writer may change within its filter.
	e.send(t, "PUT", "Orders(1)/Customer/$ref", `{"@odata.id":"Customers('C3')"}`, reader...).wantError(t, 403, "Forbidden", "")
	e.send(t, "PUT", "Orders(1)/Customer/$ref", `{"@odata.id":"Customers('C3')"}`, writer...).mustStatus(t, 204)
	e.send(t, "PUT", "Orders(3)/Customer/$ref", `{"@odata.id":"Customers('C3')"}`, writer...).wantError(t, 404, "", "")
	e.send(t, "POST", "Customers('C3')/Orders/$ref", `{"@odata.id":"Orders(3)"}`, writer...).wantError(t, 400, "", "")
	e.send(t, "DELETE", "Customers('C3')/Orders/$ref?$id=Orders(1)", "", writer...).mustStatus(t, 204)
	if customerOf(1) != "null" || customerOf(3) == "C3" {
		t.Fatalf("order 1's customer %s, order 3's %s", customerOf(1), customerOf(3))
	}

	// 405: Allow states what this caller may do here.
	allow := func(method, url string, headers []string, want string) {
		t.Helper()
		r := e.send(t, method, url, `{"@odata.id":"Customers('C1')"}`, headers...)
		r.mustStatus(t, 405)
		if got := r.header.Get("Allow"); got != want {
			t.Errorf("%s %s: Allow %q, want %q", method, url, got, want)
		}
	}
	allow("POST", "Orders(1)/Customer/$ref", writer, "GET, HEAD, PUT, DELETE")
	allow("POST", "Orders(1)/Customer/$ref", reader, "GET, HEAD")
	allow("PUT", "Customers('C1')/Orders/$ref", writer, "GET, HEAD, POST, DELETE")
	allow("DELETE", "Customers('C1')/Orders", writer, "GET, HEAD, POST")
	allow("POST", "Customers('C1')/Orders/$count", writer, "GET, HEAD")
	allow("POST", "Orders(1)", writer, "GET, HEAD, PUT, PATCH, DELETE")
}

// TestSecurityMetadataCapabilities: $metadata states per set what the
// caller may do: Salesforce Connect builds writable external objects from
// it, so a read-only principal must not be offered writes that answer 403.
func TestSecurityMetadataCapabilities(t *testing.T) {
	e, _ := securityWritesEnv(t)
	restricted := func(key, set string) []string {
		doc := string(e.get(t, "$metadata", "X-API-Key", key).mustStatus(t, 200).body)
		i := strings.Index(doc, `<EntitySet Name="`+set+`"`)
		if i < 0 {
			t.Fatalf("%s: no entity set %s in $metadata", key, set)
		}
		end := strings.Index(doc[i:], "</EntitySet>")
		var out []string
		for _, r := range []string{"InsertRestrictions", "UpdateRestrictions", "DeleteRestrictions"} {
			if strings.Contains(doc[i:i+end], r) {
				out = append(out, r)
			}
		}
		return out
	}
	all := []string{"InsertRestrictions", "UpdateRestrictions", "DeleteRestrictions"}
	// Twice each, alternating: the rendered documents are kept per view.
	for range 2 {
		if got := restricted("key-writer", "Orders"); len(got) != 0 {
			t.Errorf("writer, Orders: restrictions %v, want none", got)
		}
		if got := restricted("key-writer", "Customers"); !slices.Equal(got, all) {
			t.Errorf("writer, Customers: restrictions %v, want %v", got, all)
		}
		if got := restricted("key-reader", "Orders"); !slices.Equal(got, all) {
			t.Errorf("reader, Orders: restrictions %v, want %v", got, all)
		}
	}
}
