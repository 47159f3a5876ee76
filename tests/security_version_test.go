package tests

import (
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/config"
	"odatagw/gateway"
)

// TestSecurityHiddenVersion: a role that hides a set's version property
// gets ETags that do not show the version (a hash of what it sees), but
// its changes still move the version. Before, they left it alone, so
// another caller's stale If-Match (the version it had read) still matched
// and its update overwrote the change unseen.
func TestSecurityHiddenVersion(t *testing.T) {
	src, db, path := openSQLiteFixture(t, []string{
		`CREATE TABLE "Tickets" ("TicketID" INT PRIMARY KEY, "Subject" VARCHAR(40) NOT NULL, "Version" INTEGER NOT NULL DEFAULT 1)`,
		`INSERT INTO "Tickets" VALUES (1, 'a', 1)`,
	}, schema.Options{Namespace: "w", TableOptions: map[string]schema.TableOptions{"Tickets": {Version: "Version"}}})
	roles := map[string]config.Role{
		"clerk": {Sets: map[string]config.SetRule{"Tickets": {Access: "write", Hide: []string{"Version"}}}},
		"admin": {Sets: map[string]config.SetRule{"Tickets": {Access: "write"}}},
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-clerk": {"clerk"}, "key-admin": {"admin"}})
	policy := gateway.WritePolicy{Sets: map[string]gateway.SetWrites{"Tickets": {Insert: true, Update: true, Delete: true, RequireIfMatch: true, VersionColumn: "Version"}}}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, path, gateway.Service{Name: "shop", Source: src, Writes: policy})}
	admin := []string{"X-API-Key", "key-admin"}
	clerk := []string{"X-API-Key", "key-clerk"}
	adminTag := e.get(t, "Tickets(1)", admin...).mustStatus(t, 200).header.Get("ETag")
	clerkTag := e.get(t, "Tickets(1)", clerk...).mustStatus(t, 200).header.Get("ETag")
	if adminTag != `W/"1"` || clerkTag == adminTag {
		t.Fatalf("ETags: admin %s, clerk %s", adminTag, clerkTag)
	}
	e.send(t, "PATCH", "Tickets(1)", `{"Subject":"by clerk"}`, append(clerk, "If-Match", clerkTag)...).mustStatus(t, 204)
	e.send(t, "PUT", "Tickets(1)/Subject", `{"value":"again"}`, append(clerk, "If-Match", "*")...).mustStatus(t, 204)
	if got := queryStrings(t, db, `SELECT "Subject" || ':' || "Version" FROM "Tickets"`); got[0] != "again:3" {
		t.Fatalf("ticket 1 after the clerk's changes: %s, want again:3", got[0])
	}
	e.send(t, "PATCH", "Tickets(1)", `{"Subject":"by admin"}`, append(admin, "If-Match", adminTag)...).wantError(t, 412, "PreconditionFailed", "")
	e.send(t, "POST", "Tickets", `{"TicketID":2,"Subject":"new"}`, clerk...).mustStatus(t, 201)
	if got := queryStrings(t, db, `SELECT "Version" FROM "Tickets" WHERE "TicketID" = 2`); got[0] != "1" {
		t.Fatalf("the clerk's ticket has version %s", got[0])
	}
}

// A bind made while creating an entity (Team with Members@odata.bind) changes
// the bound entities' foreign key: their version moves on, whether the caller
// sees it or not, so a client holding a member's old ETag gets 412 instead of
// silently undoing the new reference.
func TestBindMovesVersion(t *testing.T) {
	src, db, path := openSQLiteFixture(t, []string{
		`CREATE TABLE "Teams" ("TeamID" INT PRIMARY KEY, "Name" VARCHAR(40) NOT NULL)`,
		`CREATE TABLE "Members" ("MemberID" INT PRIMARY KEY, "TeamID" INT REFERENCES "Teams"("TeamID"), "Version" INTEGER NOT NULL DEFAULT 1)`,
		`INSERT INTO "Teams" VALUES (1, 'one')`,
		`INSERT INTO "Members" VALUES (1, 1, 1), (2, 1, 1)`,
	}, schema.Options{Namespace: "w", TableOptions: map[string]schema.TableOptions{"Members": {Version: "Version"}}})
	roles := map[string]config.Role{
		"lead":  {Sets: map[string]config.SetRule{"Teams": {Access: "write"}, "Members": {Access: "write", Hide: []string{"Version"}}}},
		"admin": {Sets: map[string]config.SetRule{"Teams": {Access: "write"}, "Members": {Access: "write"}}},
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-lead": {"lead"}, "key-admin": {"admin"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	policy := gateway.WritePolicy{Default: all, Sets: map[string]gateway.SetWrites{"Members": {Insert: true, Update: true, Delete: true, VersionColumn: "Version"}}}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, path, gateway.Service{Name: "shop", Source: src, Writes: policy})}
	admin := []string{"X-API-Key", "key-admin"}
	lead := []string{"X-API-Key", "key-lead"}
	tag1 := e.get(t, "Members(1)", admin...).mustStatus(t, 200).header.Get("ETag")
	tag2 := e.get(t, "Members(2)", admin...).mustStatus(t, 200).header.Get("ETag")

	// The admin sees the version; the lead does not: both binds move it.
	e.send(t, "POST", "Teams", `{"TeamID":2,"Name":"two","Members@odata.bind":["Members(1)"]}`, admin...).mustStatus(t, 201)
	e.send(t, "POST", "Teams", `{"TeamID":3,"Name":"three","Members@odata.bind":["Members(2)"]}`, lead...).mustStatus(t, 201)
	if got := queryStrings(t, db, `SELECT "MemberID" || ':' || "TeamID" || ':' || "Version" FROM "Members" ORDER BY 1`); strings.Join(got, " ") != "1:2:2 2:3:2" {
		t.Fatalf("members after the binds: %v, want 1:2:2 2:3:2", got)
	}
	for _, c := range []struct{ key, tag string }{{"Members(1)", tag1}, {"Members(2)", tag2}} {
		e.send(t, "PATCH", c.key, `{"TeamID":1}`, append(admin, "If-Match", c.tag)...).wantError(t, 412, "PreconditionFailed", "")
	}
}
