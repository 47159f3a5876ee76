package tests

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/config"
	"odatagw/gateway"
)

// Error messages name no hidden property. A unique constraint over a
// hidden column and a visible one (accounts unique per tenant, the tenant
// hidden) fails an insert with a 409 that named the constraint, and
// PostgreSQL and MariaDB name constraints after their columns
// (accounts_tenant_email_key, or the first column): the hidden column's
// name reached the caller. The caller who sees every column still gets
// the constraint's name.

var accountsFixture = []string{
	"CREATE TABLE accounts (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(40) NOT NULL, tenant VARCHAR(10) NOT NULL DEFAULT 't1', UNIQUE (tenant, email))",
	"INSERT INTO accounts (id, email, tenant) VALUES (1, 'a@x', 't1')",
}

func TestSecurityErrorsNameNoHiddenSQLite(t *testing.T) {
	src, _, _ := openSQLiteFixture(t, accountsFixture, schema.Options{Namespace: "shop", Naming: schema.NamingPascal})
	hiddenErrorsScenario(t, src)
}

// openSQLiteFixture runs stmts in a new SQLite file and opens it with opts
// as the source "shop"; it returns the source, a direct handle and the path.
func openSQLiteFixture(t *testing.T, stmts []string, opts schema.Options) (*sqldb.Source, *sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	src, err := sqlite.Open(context.Background(), path, opts, sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src, db, path
}

func TestSecurityErrorsNameNoHiddenEngines(t *testing.T) {
	eachEngine(t, engineFixture{mysql: accountsFixture, postgres: accountsFixture}, func(t *testing.T, d *engineDB) {
		hiddenErrorsScenario(t, d.open(t, schema.Options{Namespace: "shop", Naming: schema.NamingPascal}, sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second}))
	})
}

func hiddenErrorsScenario(t *testing.T, src *sqldb.Source) {
	roles := map[string]config.Role{
		"clerk": {Sets: map[string]config.SetRule{"Accounts": {Access: "write", Hide: []string{"Tenant"}}}},
		"admin": {Sets: map[string]config.SetRule{"Accounts": {Access: "write"}}},
	}
	g := authzGuard(t, src, roles, map[string][]string{"key-clerk": {"clerk"}, "key-admin": {"admin"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, "", gateway.Service{Name: "shop", Source: src, Writes: gateway.WritePolicy{Default: all}})}

	r := e.send(t, "POST", "Accounts", `{"Id":2,"Email":"a@x","Tenant":"t1"}`, "X-API-Key", "key-admin")
	r.mustStatus(t, 409)
	if msg := r.odataError(t).Error.Message; !strings.Contains(strings.ToLower(msg), "tenant") {
		t.Errorf("the admin's error names neither the constraint nor its columns: %s", msg)
	}
	r = e.send(t, "POST", "Accounts", `{"Id":3,"Email":"a@x"}`, "X-API-Key", "key-clerk")
	r.mustStatus(t, 409)
	if body := strings.ToLower(string(r.body)); strings.Contains(body, "tenant") {
		t.Errorf("the clerk's error names the hidden Tenant: %s", r.body)
	}
	e.send(t, "POST", "Accounts", `{"Id":3,"Email":"b@x"}`, "X-API-Key", "key-clerk").mustStatus(t, 201)
	r = e.send(t, "PATCH", "Accounts(3)", `{"Email":"a@x"}`, "X-API-Key", "key-clerk")
	r.mustStatus(t, 409)
	if body := strings.ToLower(string(r.body)); strings.Contains(body, "tenant") {
		t.Errorf("the clerk's error names the hidden Tenant: %s", r.body)
	}
}
