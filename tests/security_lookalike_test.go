package tests

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/config"
	"odatagw/gateway"
)

// Row filters compare as OData does on every engine: "Region eq 'EMEA'"
// admits neither 'emea' (MariaDB's default collations ignore case) nor
// 'EMEA ' (they ignore trailing spaces too), for reads and for the checks
// of writes, which would otherwise let a writer create rows that pass its
// filter in the database's eyes but not in the filter's.

var lookalikeRows = []string{
	"INSERT INTO customers VALUES ('C7', 'Customer 7', 'emea', 'secret-7')",
	"INSERT INTO customers VALUES ('C8', 'Customer 8', 'EMEA ', 'secret-8')",
	"INSERT INTO orders VALUES (107, 'C7', 'emea', 1, 'x')",
	"INSERT INTO orders VALUES (108, 'C8', 'EMEA ', 1, 'x')",
}

func TestSecurityRowFilterLookalikesSQLite(t *testing.T) {
	path, src, db := openAuthzSQLite(t)
	for _, s := range lookalikeRows {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	lookalikeScenario(t, src, path, db)
}

func TestSecurityRowFilterLookalikesEngines(t *testing.T) {
	eachEngine(t, engineFixture{mysql: append(authzFixture("mysql"), lookalikeRows...), postgres: append(authzFixture("postgres"), lookalikeRows...)}, func(t *testing.T, d *engineDB) {
		src := d.open(t, schema.Options{Namespace: "shop", Naming: schema.NamingPascal}, sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second})
		lookalikeScenario(t, src, "", d.db)
	})
}

func lookalikeScenario(t *testing.T, src *sqldb.Source, path string, db *sql.DB) {
	roles := map[string]config.Role{"emea": {Sets: map[string]config.SetRule{
		"Customers":  {Access: "write", Filter: "Region eq 'EMEA'"},
		"Orders":     {Access: "write", Filter: "Region eq 'EMEA'"},
		"OrderLines": {Access: "read", Filter: "Order/Region eq 'EMEA'"},
	}}}
	g := authzGuard(t, src, roles, map[string][]string{"key-emea": {"emea"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, path, gateway.Service{Name: "shop", Source: src, Writes: gateway.WritePolicy{Default: all}})}
	emea := []string{"X-API-Key", "key-emea"}

	ids := propStrings(t, e.get(t, "Customers", emea...).collection(t).rows(t), "Id")
	sortedEqual(t, "emea customers", ids, []string{"C1", "C2", "C3"})
	e.get(t, "Customers('C7')", emea...).mustStatus(t, 404)
	e.get(t, "Customers('C8')", emea...).mustStatus(t, 404)
	e.get(t, "Orders(107)", emea...).mustStatus(t, 404)
	e.get(t, "Orders(108)", emea...).mustStatus(t, 404)
	if n := string(e.get(t, "Orders/$count", emea...).mustStatus(t, 200).body); n != "20" {
		t.Errorf("emea Orders/$count = %s, want 20", n)
	}
	// A key in another case or with a trailing space finds a row only
	// where the engine's key comparison does, and then one of the role's.
	for _, k := range []string{"c1", "C1 "} {
		if r := e.get(t, "Customers('"+strings.ReplaceAll(k, " ", "%20")+"')", emea...); r.status == 200 && !strings.Contains(string(r.body), `"Region":"EMEA"`) {
			t.Errorf("Customers('%s'): %s", k, r.body)
		}
	}

	// Writes: what the filter does not admit is refused and left undone.
	e.send(t, "POST", "Customers", `{"Id":"C10","Name":"n","Region":"emea"}`, emea...).wantError(t, 403, "Forbidden", "")
	e.send(t, "POST", "Customers", `{"Id":"C11","Name":"n","Region":"EMEA "}`, emea...).wantError(t, 403, "Forbidden", "")
	e.send(t, "PATCH", "Customers('C1')", `{"Region":"Emea"}`, emea...).wantError(t, 403, "Forbidden", "")
	e.send(t, "PATCH", "Orders(1)", `{"Region":"EMEA  "}`, emea...).wantError(t, 403, "Forbidden", "")
	e.send(t, "PATCH", "Orders(107)", `{"Amount":5}`, emea...).wantError(t, 404, "", "")
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM customers WHERE id IN ('C10', 'C11')").Scan(&n); err != nil || n != 0 {
		t.Fatalf("refused inserts: %d rows, %v", n, err)
	}
	for table, id := range map[string]string{"customers": "'C1'", "orders": "1"} {
		var region string
		if err := db.QueryRow(fmt.Sprintf("SELECT region FROM %s WHERE id = %s", table, id)).Scan(&region); err != nil || region != "EMEA" {
			t.Fatalf("%s %s: region %q, %v", table, id, region, err)
		}
	}
}
