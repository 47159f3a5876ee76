package tests

import (
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/config"
	"odatagw/gateway"
)

// A write refers to no hidden row through a foreign key set in part or
// through one to unique columns other than the key. Shipments refer to a
// warehouse by (site, num) and to an account by its unique code. Before,
// a PATCH of num alone (the site kept from the stored row) and any
// account code went to the database unchecked: 204 for a warehouse or
// account the writer cannot see, 400 for a missing one. The part kept may
// be one the writer's view hides: it is read from the stored entity.

var shipmentsFixture = []string{
	"CREATE TABLE warehouses (site VARCHAR(10) NOT NULL, num INTEGER NOT NULL, region VARCHAR(10) NOT NULL, PRIMARY KEY (site, num))",
	"CREATE TABLE accounts (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(10) NOT NULL UNIQUE, region VARCHAR(10) NOT NULL)",
	"CREATE TABLE shipments (id INTEGER NOT NULL PRIMARY KEY, site VARCHAR(10), num INTEGER, account_code VARCHAR(10), qty INTEGER NOT NULL DEFAULT 1, " +
		"FOREIGN KEY (site, num) REFERENCES warehouses (site, num), FOREIGN KEY (account_code) REFERENCES accounts (code))",
	"INSERT INTO warehouses (site, num, region) VALUES ('S1', 1, 'EMEA'), ('S1', 2, 'APAC'), ('S2', 1, 'EMEA')",
	"INSERT INTO accounts (id, code, region) VALUES (1, 'A1', 'EMEA'), (2, 'A2', 'APAC')",
	"INSERT INTO shipments (id, site, num, account_code) VALUES (1, 'S1', 1, 'A1'), (2, 'S1', 2, 'A2')",
}

var shipmentsOptions = schema.Options{Namespace: "shop", Naming: schema.NamingPascal}

func TestSecurityReferencesByPartAndUniqueSQLite(t *testing.T) {
	src, _, _ := openSQLiteFixture(t, shipmentsFixture, shipmentsOptions)
	referenceKeysScenario(t, src)
}

func TestSecurityReferencesByPartAndUnique(t *testing.T) {
	eachEngine(t, engineFixture{mysql: shipmentsFixture, postgres: shipmentsFixture}, func(t *testing.T, d *engineDB) {
		referenceKeysScenario(t, d.open(t, shipmentsOptions, sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second}))
	})
}

func referenceKeysScenario(t *testing.T, src *sqldb.Source) {
	roles := map[string]config.Role{
		"writer": {Sets: map[string]config.SetRule{
			"Warehouses": {Access: "read", Filter: "Region eq 'EMEA'"}, // (S1,1), (S2,1)
			"Accounts":   {Access: "read", Filter: "Region eq 'EMEA'"}, // A1
			"Shipments":  {Access: "write"},
		}},
		"blind": {Sets: map[string]config.SetRule{"Shipments": {Access: "write"}}},
		"hider": {Sets: map[string]config.SetRule{ // the site is kept, unseen
			"Warehouses": {Access: "read", Filter: "Region eq 'EMEA'"},
			"Shipments":  {Access: "write", Hide: []string{"Site"}},
		}},
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-writer": {"writer"}, "key-blind": {"blind"}, "key-hider": {"hider"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, "", gateway.Service{Name: "shop", Source: src, Writes: gateway.WritePolicy{Default: all}})}
	writer := []string{"X-API-Key", "key-writer"}
	refused := func(method, path, body string, header ...string) {
		t.Helper()
		r := e.send(t, method, path, body, header...)
		r.wantError(t, 400, "ForeignKeyViolation", "")
		if msg := r.odataError(t).Error.Message; msg != "a related entity referred to does not exist" {
			t.Errorf("%s %s %s: %q", method, path, body, msg)
		}
	}
	stored := func(want string) {
		t.Helper()
		r := e.send(t, "GET", "Shipments(1)?$select=Site,Num,AccountCode", "", writer...)
		r.mustStatus(t, 200)
		if got := string(r.body); !strings.Contains(got, want) {
			t.Fatalf("shipment 1 is now %s, want %s", got, want)
		}
	}

	// Part of a composite foreign key: the site stays S1, (S1,2) is hidden
	// and (S1,3) missing; both answer alike and change nothing.
	refused("PATCH", "Shipments(1)", `{"Num":2}`, writer...)
	refused("PATCH", "Shipments(1)", `{"Num":3}`, writer...)
	refused("PATCH", "Shipments(1)/Num", `{"value":2}`, writer...)
	// A foreign key to the accounts' unique code, not their key.
	for _, c := range []string{"A2", "A99"} {
		refused("PATCH", "Shipments(1)", `{"AccountCode":"`+c+`"}`, writer...)
		refused("POST", "Shipments", `{"Id":10,"AccountCode":"`+c+`"}`, writer...)
		refused("POST", "Shipments", `{"Id":10,"AccountCode":"`+c+`"}`, "X-API-Key", "key-blind")
	}
	refused("PATCH", "Shipments(1)", `{"Num":1,"AccountCode":"A1"}`, "X-API-Key", "key-blind")
	refused("PATCH", "Shipments(1)", `{"Num":2}`, "X-API-Key", "key-hider")
	refused("PUT", "Shipments(1)", `{"Id":1,"Num":2,"AccountCode":"A1"}`, "X-API-Key", "key-hider")
	e.send(t, "PATCH", "Shipments(1)", `{"Num":1}`, "X-API-Key", "key-hider").mustStatus(t, 204)
	stored(`"Site":"S1","Num":1,"AccountCode":"A1"`)

	// Visible references, a null part, and a write that leaves a hidden
	// stored reference as it is still work.
	e.send(t, "PATCH", "Shipments(1)", `{"Site":"S2"}`, writer...).mustStatus(t, 204)
	stored(`"Site":"S2","Num":1`)
	e.send(t, "PATCH", "Shipments(1)", `{"Site":null,"Num":7}`, writer...).mustStatus(t, 204)
	e.send(t, "PUT", "Shipments(1)", `{"Id":1,"Site":"S1","Num":1,"AccountCode":"A1"}`, writer...).mustStatus(t, 204)
	e.send(t, "PATCH", "Shipments(2)", `{"Qty":5}`, writer...).mustStatus(t, 204)
	e.send(t, "POST", "Shipments", `{"Id":11,"Site":"S2","Num":1,"AccountCode":"A1"}`, writer...).mustStatus(t, 201)
	e.send(t, "POST", "Shipments", `{"Id":12}`, "X-API-Key", "key-blind").mustStatus(t, 201)
}
