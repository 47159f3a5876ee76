package tests

import (
	"testing"

	"odatagw/config"
	"odatagw/gateway"
)

// TestSecurityReferences: a write may only refer to entities the caller
// can see. Orders' foreign key to Customers, set directly, through
// Customer@odata.bind or a reference, naming a customer outside the
// writer's row filter answers exactly as for a customer that does not
// exist, and writes nothing. Before, the bind and the foreign key were
// written as given, so a writer linked orders to customers it cannot see
// and told them apart from missing ones (201 against 400); a role without
// access to the related set told its rows apart by the database's answer.
func TestSecurityReferences(t *testing.T) {
	path, src, db := openAuthzSQLite(t)
	roles := map[string]config.Role{
		"writer": {Sets: map[string]config.SetRule{
			"Customers":  {Access: "read", Filter: "Region eq 'EMEA'"}, // C1–C3
			"Orders":     {Access: "write", Filter: "Region eq 'EMEA'"},
			"OrderLines": {Access: "read"},
		}},
		"clerk": {Sets: map[string]config.SetRule{"Customers": {Access: "read"}, "Orders": {Access: "write"}, "OrderLines": {Access: "read"}}},
		"blind": {Sets: map[string]config.SetRule{"Orders": {Access: "write"}, "OrderLines": {Access: "read"}}}, // Customers: none
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-writer": {"writer"}, "key-clerk": {"clerk"}, "key-blind": {"blind"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, path,
		gateway.Service{Name: "shop", Source: src, Writes: gateway.WritePolicy{Default: all}}), kind: "sqlite"}
	writer := []string{"X-API-Key", "key-writer"}
	customerOf := func(order string) string {
		t.Helper()
		got := queryStrings(t, db, "SELECT COALESCE(customer_id, 'null') FROM orders WHERE id = "+order)
		if len(got) == 0 {
			return "missing"
		}
		return got[0]
	}

	// The same answer for an invisible customer (C4) as for a missing one (C99).
	for _, c := range []string{"C4", "C99"} {
		for _, body := range []string{
			`{"Id":120,"Region":"EMEA","Amount":1,"CustomerId":"` + c + `"}`,
			`{"Id":120,"Region":"EMEA","Amount":1,"Customer@odata.bind":"Customers('` + c + `')"}`,
		} {
			r := e.send(t, "POST", "Orders", body, writer...)
			r.wantError(t, 400, "ForeignKeyViolation", "")
			if msg := r.odataError(t).Error.Message; msg != "a related entity referred to does not exist" {
				t.Errorf("POST %s: %q", body, msg)
			}
		}
		e.send(t, "POST", "Customers('C1')/Orders", `{"Id":120,"Region":"EMEA","Amount":1,"CustomerId":"`+c+`"}`, writer...).mustStatus(t, 400)
		e.send(t, "PATCH", "Orders(1)", `{"CustomerId":"`+c+`"}`, writer...).wantError(t, 400, "ForeignKeyViolation", "")
		e.send(t, "PUT", "Orders(1)", `{"Id":1,"Region":"EMEA","Amount":1,"CustomerId":"`+c+`"}`, writer...).wantError(t, 400, "ForeignKeyViolation", "")
		e.send(t, "PUT", "Orders(1)/Customer/$ref", `{"@odata.id":"Customers('`+c+`')"}`, writer...).mustStatus(t, 400)
	}
	if got := customerOf("120"); got != "missing" {
		t.Fatalf("order 120: %s", got)
	}
	if got := customerOf("1"); got != "C2" {
		t.Fatalf("order 1's customer is now %s", got)
	}

	// Visible customers, no customer, and a role that sees every customer.
	e.send(t, "POST", "Orders", `{"Id":121,"Region":"EMEA","Amount":1,"Customer@odata.bind":"Customers('C1')"}`, writer...).mustStatus(t, 201)
	e.send(t, "POST", "Orders", `{"Id":122,"Region":"EMEA","Amount":1,"CustomerId":"C3"}`, writer...).mustStatus(t, 201)
	e.send(t, "PATCH", "Orders(1)", `{"CustomerId":null}`, writer...).mustStatus(t, 204)
	e.send(t, "PATCH", "Orders(2)", `{"Amount":5}`, writer...).mustStatus(t, 204)
	e.send(t, "POST", "Orders", `{"Id":123,"Region":"APAC","Amount":1,"CustomerId":"C4"}`, "X-API-Key", "key-clerk").mustStatus(t, 201)
	// A role without access to Customers refers to none of them: every
	// customer is as missing to it, existing or not.
	for _, c := range []string{"C1", "C99"} {
		e.send(t, "POST", "Orders", `{"Id":124,"Region":"EMEA","Amount":1,"CustomerId":"`+c+`"}`, "X-API-Key", "key-blind").wantError(t, 400, "ForeignKeyViolation", "")
		e.send(t, "PATCH", "Orders(2)", `{"CustomerId":"`+c+`"}`, "X-API-Key", "key-blind").wantError(t, 400, "ForeignKeyViolation", "")
	}
	e.send(t, "POST", "Orders", `{"Id":124,"Region":"EMEA","Amount":1}`, "X-API-Key", "key-blind").mustStatus(t, 201)
	if customerOf("121") != "C1" || customerOf("122") != "C3" || customerOf("1") != "null" || customerOf("123") != "C4" {
		t.Fatalf("orders 121, 122, 1, 123: %s %s %s %s", customerOf("121"), customerOf("122"), customerOf("1"), customerOf("123"))
	}
}
