package tests

import (
	"strings"
	"testing"
	"time"

	"odatagw/cache"
	"odatagw/config"
	"odatagw/gateway"
)

// securityBatchEnv serves the authorization fixture writable, with the
// response cache on, behind key-writer (Orders within Region eq 'EMEA',
// Note hidden; Customers read within EMEA), key-apac (authzRoles) and
// key-auditor (reads everything).
func securityBatchEnv(t *testing.T) *writesEnv {
	path, src, db := openAuthzSQLite(t)
	roles := map[string]config.Role{
		"writer": {Sets: map[string]config.SetRule{
			"Customers":  {Access: "read", Filter: "Region eq 'EMEA'", Hide: []string{"Secret"}},
			"Orders":     {Access: "write", Filter: "Region eq 'EMEA'", Hide: []string{"Note"}},
			"OrderLines": {Access: "read", Filter: "Order/Region eq 'EMEA'"},
		}},
		"apac":    authzRoles["apac"],
		"auditor": {Default: "read"},
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-writer": {"writer"}, "key-apac": {"apac"}, "key-auditor": {"auditor"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	cfg := gateway.Config{Guard: g, Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}}
	e := &writesEnv{demoEnv: newEnv(t, cfg, path, gateway.Service{Name: "shop", Source: src, Writes: gateway.WritePolicy{Default: all}}), kind: "sqlite"}
	e.db = db
	return e
}

// TestSecurityBatch: the requests of a batch, multipart or JSON, run as the
// batch's caller whatever their own headers say, each authorized as if sent
// alone: rows outside the filter are 404, hidden properties 400, a change
// set or atomicity group whose later request would move an entity out of
// the caller's rows is rolled back whole, and a $-reference to a request
// that failed is not a way round that.
func TestSecurityBatch(t *testing.T) {
	e := securityBatchEnv(t)
	writer := []string{"X-API-Key", "key-writer"}
	count := func(where string) string {
		t.Helper()
		return queryStrings(t, e.db, "SELECT COUNT(*) FROM orders WHERE "+where)[0]
	}

	rs := e.postBatch(t, "application/json", `{"requests":[
		{"id":"1","method":"get","url":"Orders(3)","headers":{"x-api-key":"key-apac"}},
		{"id":"2","method":"get","url":"Orders(1)?$select=Note"},
		{"id":"3","method":"get","url":"Customers('C4')/Orders"},
		{"id":"4","method":"get","url":"Orders(1)"},
		{"id":"5","dependsOn":["4"],"method":"get","url":"$4/Customer"},
		{"id":"6","method":"get","url":"/odata/shop/Orders(3)/Amount"},
		{"id":"a","atomicityGroup":"g","method":"post","url":"Orders","body":{"Id":200,"CustomerId":"C1","Region":"EMEA","Amount":1}},
		{"id":"b","atomicityGroup":"g","dependsOn":["a"],"method":"patch","url":"$a","body":{"Region":"APAC"}},
		{"id":"c","dependsOn":["g"],"method":"get","url":"$a"},
		{"id":"d","method":"patch","url":"Orders(3)","body":{"Amount":1}},
		{"id":"e","method":"post","url":"Customers","body":{"Id":"C9","Name":"x","Region":"EMEA"}}]}`,
		append(writer, "Prefer", "odata.continue-on-error")...).responses(t)
	want := map[string]int{"1": 404, "2": 400, "3": 404, "4": 200, "5": 200, "6": 404, "a": 424, "b": 403, "c": 424, "d": 404, "e": 403}
	if len(rs) != len(want) {
		t.Fatalf("%d responses, want %d", len(rs), len(want))
	}
	for _, r := range rs {
		if w, ok := want[r.ID]; !ok || r.Status != w {
			t.Errorf("request %s: status %d, want %d: %s", r.ID, r.Status, w, r.Body)
		}
		if strings.Contains(string(r.Body), "note ") || strings.Contains(string(r.Body), `"Note"`) {
			t.Errorf("request %s: a hidden Note in %s", r.ID, r.Body)
		}
	}
	if n := count("id = 200"); n != "0" {
		t.Fatalf("the atomicity group was not rolled back: %s orders 200", n)
	}

	// Multipart: the same change set, its inner API key ignored.
	ps := e.postBatch(t, multipartBatchType, multipartBatch(
		"GET Orders(3) HTTP/1.1\nX-API-Key: key-apac\n",
		[]string{
			"POST Orders HTTP/1.1\nContent-Type: application/json\n\n{\"Id\":201,\"CustomerId\":\"C1\",\"Region\":\"EMEA\",\"Amount\":1}",
			"PATCH $1 HTTP/1.1\nContent-Type: application/json\nX-API-Key: key-apac\n\n{\"Region\":\"APAC\"}",
		}), append(writer, "Prefer", "odata.continue-on-error")...).parts(t)
	var got []int
	for _, p := range ps {
		got = append(got, p.Status)
		for _, c := range p.ChangeSet {
			got = append(got, c.Status)
		}
	}
	if len(got) != 2 || got[0] != 404 || got[1] != 403 {
		t.Fatalf("multipart batch: statuses %v", got)
	}
	if n := count("id = 201"); n != "0" {
		t.Fatalf("the change set was not rolled back")
	}
}

// TestSecurityCachedDocuments: with the response cache on, the service
// document, $metadata, the OpenAPI document and the landing page each show
// their caller's view, whoever asked first.
func TestSecurityCachedDocuments(t *testing.T) {
	e := securityBatchEnv(t)
	writer := []string{"X-API-Key", "key-writer"}
	apac := []string{"X-API-Key", "key-apac"}
	for range 2 {
		for _, u := range []string{"$metadata", "openapi.json", "", e.srv.URL + "/"} {
			hdr := []string{}
			if strings.HasPrefix(u, "http") {
				hdr = []string{"Accept", "text/html"}
			}
			w := string(e.get(t, u, append(writer, hdr...)...).mustStatus(t, 200).body)
			a := string(e.get(t, u, append(apac, hdr...)...).mustStatus(t, 200).body)
			if strings.Contains(w, "Note") || strings.Contains(w, "Secret") {
				t.Errorf("%q: the writer's view shows a hidden property", u)
			}
			if u != "" && !strings.Contains(a, "Note") {
				t.Errorf("%q: apac's view lacks Note", u)
			}
		}
	}
}
