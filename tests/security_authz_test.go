package tests

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/auth"
	"odatagw/cache"
	"odatagw/config"
	"odatagw/gateway"
)

// The authorization fixture: customers and their orders in two regions,
// with order lines. Order regions do not follow customer regions, so a row
// filter on one set and another on the related set disagree on purpose.
func authzFixture(kind string) []string {
	stmts := []string{
		"CREATE TABLE customers (id VARCHAR(10) NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, region VARCHAR(10) NOT NULL, secret VARCHAR(40))",
		"CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id VARCHAR(10) REFERENCES customers(id), region VARCHAR(10) NOT NULL, amount DECIMAL(10,2) NOT NULL, note VARCHAR(40))",
		"CREATE TABLE order_lines (order_id INTEGER NOT NULL REFERENCES orders(id), line_no INTEGER NOT NULL, qty INTEGER NOT NULL, PRIMARY KEY (order_id, line_no))",
	}
	for i := 1; i <= 6; i++ {
		region := "EMEA"
		if i > 3 {
			region = "APAC"
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO customers VALUES ('C%d', 'Customer %d', '%s', 'secret-%d')", i, i, region, i))
	}
	for i := 1; i <= 30; i++ {
		region := "EMEA"
		if i%3 == 0 {
			region = "APAC"
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO orders VALUES (%d, 'C%d', '%s', %d.25, 'note %d')", i, i%6+1, region, i*10, i))
		for l := 1; l <= 2; l++ {
			stmts = append(stmts, fmt.Sprintf("INSERT INTO order_lines VALUES (%d, %d, %d)", i, l, i+l))
		}
	}
	return stmts
}

// authzRoles: emea and apac see their region's rows of every set; emea does
// not see customers' secrets nor orders' notes.
var authzRoles = map[string]config.Role{
	"emea": {Sets: map[string]config.SetRule{
		"Customers":  {Filter: "Region eq 'EMEA'", Hide: []string{"Secret"}},
		"Orders":     {Filter: "Region eq 'EMEA'", Hide: []string{"Note"}},
		"OrderLines": {Filter: "Order/Region eq 'EMEA'"},
	}},
	"apac": {Sets: map[string]config.SetRule{
		"Customers":  {Filter: "Region eq 'APAC'"},
		"Orders":     {Filter: "Region eq 'APAC'"},
		"OrderLines": {Filter: "Order/Region eq 'APAC'"},
	}},
}

// authzKeys are the API keys of the principals, by role list.
var authzKeys = map[string][]string{"key-emea": {"emea"}, "key-apac": {"apac"}, "key-both": {"emea", "apac"}, "key-none": nil}

// authzEnv serves src as the service "shop" behind API keys and authzRoles,
// with the response cache on.
func authzEnv(t *testing.T, src *sqldb.Source, db *sql.DB) *demoEnv {
	t.Helper()
	g := authzGuard(t, src, authzRoles, authzKeys)
	e := newEnv(t, gateway.Config{Guard: g, Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}}, "",
		gateway.Service{Name: "shop", Source: src})
	e.db = db
	return e
}

// authzGuard authenticates the API keys of keys (key → its roles) and
// authorizes them by roles on src, served as "shop".
func authzGuard(t *testing.T, src adapters.Source, roles map[string]config.Role, keys map[string][]string) *auth.Guard {
	t.Helper()
	return serviceGuard(t, "shop", src, roles, keys)
}

// serviceGuard is authzGuard for the service of another name.
func serviceGuard(t *testing.T, service string, src adapters.Source, roles map[string]config.Role, keys map[string][]string) *auth.Guard {
	t.Helper()
	var ks []config.APIKey
	for k, r := range keys {
		h := sha256.Sum256([]byte(k))
		ks = append(ks, config.APIKey{Name: k, Hash: "sha256:" + hex.EncodeToString(h[:]), Roles: r})
	}
	a, err := auth.NewAuthenticator(&config.Auth{APIKeys: &config.APIKeys{Keys: ks}}, "security.auth", nil)
	if err != nil {
		t.Fatal(err)
	}
	return auth.NewGuard(a, nil, map[string]*auth.Policy{service: authzPolicy(t, service, src, roles)}, nil)
}

// authzPolicy compiles roles for src served as service.
func authzPolicy(t *testing.T, service string, src adapters.Source, roles map[string]config.Role) *auth.Policy {
	t.Helper()
	pol, err := auth.NewPolicy(service, `source "`+service+`"`, roles)
	if err != nil {
		t.Fatal(err)
	}
	m, err := src.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := pol.Check(m); err != nil {
		t.Fatal(err)
	}
	return pol
}

// TestSecurityRowFiltersSQLite, …MariaDB, …PostgreSQL: the same scenario
// on each engine.
func TestSecurityRowFiltersSQLite(t *testing.T) {
	_, src, db := openAuthzSQLite(t)
	rowFilterScenario(t, authzEnv(t, src, db))
}

// openAuthzSQLite creates the authorization fixture in a new SQLite file and
// opens it as the source "shop".
func openAuthzSQLite(t *testing.T) (string, *sqldb.Source, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, s := range authzFixture("sqlite") {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	src, err := sqlite.Open(context.Background(), path, schema.Options{Namespace: "shop", Naming: schema.NamingPascal}, sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return path, src, db
}

func TestSecurityRowFiltersEngines(t *testing.T) {
	eachEngine(t, engineFixture{mysql: authzFixture("mysql"), postgres: authzFixture("postgres")}, func(t *testing.T, d *engineDB) {
		src := d.open(t, schema.Options{Namespace: "shop", Naming: schema.NamingPascal}, sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second})
		rowFilterScenario(t, authzEnv(t, src, d.db))
	})
}

// propStrings renders one property of every row (numbers and strings alike).
func propStrings(t *testing.T, rows []map[string]any, prop string) []string {
	t.Helper()
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprint(r[prop]))
	}
	return out
}

func sortedEqual(t *testing.T, what string, got, want []string) {
	t.Helper()
	got, want = slices.Clone(got), slices.Clone(want)
	slices.Sort(got)
	slices.Sort(want)
	sameStrings(t, what, got, want)
}

// rowFilterScenario proves the row filters and hidden properties on every
// read shape, against the expected rows computed with hand-written SQL.
func rowFilterScenario(t *testing.T, e *demoEnv) {
	as := func(key string) func(url string) *response {
		return func(url string) *response { return e.get(t, url, "X-API-Key", key) }
	}
	emea, apac, both := as("key-emea"), as("key-apac"), as("key-both")
	db := e.db
	emeaOrders := queryStrings(t, db, "SELECT id FROM orders WHERE region = 'EMEA'")
	if len(emeaOrders) != 20 {
		t.Fatalf("fixture: %d EMEA orders", len(emeaOrders))
	}

	// Collections and $count: only the role's rows, hidden properties absent.
	rows := emea("Orders?$count=true").mustStatus(t, 200).collection(t)
	sortedEqual(t, "emea Orders", propStrings(t, rows.rows(t), "Id"), emeaOrders)
	if *rows.Count != 20 {
		t.Fatalf("@odata.count %d", *rows.Count)
	}
	for _, r := range rows.rows(t) {
		if _, ok := r["Note"]; ok || r["Region"] != "EMEA" {
			t.Fatalf("emea row %v", r)
		}
	}
	if got := string(emea("Orders/$count").mustStatus(t, 200).body); got != "20" {
		t.Fatalf("Orders/$count = %s", got)
	}
	if got := string(emea("Orders/$count?$filter=Amount%20gt%20100").mustStatus(t, 200).body); got != fmt.Sprint(len(queryStrings(t, db, "SELECT id FROM orders WHERE region = 'EMEA' AND amount > 100"))) {
		t.Fatalf("filtered $count = %s", got)
	}
	// Entities, properties and raw values outside the filter do not exist.
	emea("Orders(3)").mustStatus(t, 404)
	emea("Orders(3)/Amount").mustStatus(t, 404)
	emea("Orders(3)/Amount/$value").mustStatus(t, 404)
	emea("Orders(1)").mustStatus(t, 200)
	apac("Orders(3)").mustStatus(t, 200)

	// $expand: the expanded set's filter applies to the related rows.
	rows = emea("Customers?$expand=Orders($select=Id;$count=true)").mustStatus(t, 200).collection(t)
	sortedEqual(t, "emea Customers", propStrings(t, rows.rows(t), "Id"), []string{"C1", "C2", "C3"})
	var expanded []string
	for _, c := range rows.rows(t) {
		for _, o := range c["Orders"].([]any) {
			expanded = append(expanded, fmt.Sprint(o.(map[string]any)["Id"]))
		}
		if _, ok := c["Secret"]; ok {
			t.Fatalf("hidden Secret in %v", c)
		}
	}
	sortedEqual(t, "expanded orders", expanded, queryStrings(t, db,
		"SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.region = 'EMEA' AND c.region = 'EMEA'"))
	rows = emea("Orders?$expand=Customer($select=Id)").mustStatus(t, 200).collection(t)
	for _, o := range rows.rows(t) {
		want := queryStrings(t, db, fmt.Sprintf("SELECT c.region FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = %v", o["Id"]))[0]
		if (o["Customer"] != nil) != (want == "EMEA") {
			t.Fatalf("order %v: expanded customer %v, customer region %s", o["Id"], o["Customer"], want)
		}
	}
	rows = emea("Orders?$filter=Id%20eq%201&$expand=OrderLines").mustStatus(t, 200).collection(t)
	if n := len(rows.rows(t)[0]["OrderLines"].([]any)); n != 2 {
		t.Fatalf("lines of order 1: %d", n)
	}

	// $apply: the input is the role's rows.
	rows = emea("Orders?$apply=groupby((CustomerId),aggregate($count%20as%20N))").mustStatus(t, 200).collection(t)
	var groups []string
	for _, r := range rows.rows(t) {
		groups = append(groups, fmt.Sprintf("%v=%v", r["CustomerId"], r["N"]))
	}
	sortedEqual(t, "emea groups", groups, queryStrings(t, db,
		"SELECT CONCAT(customer_id, '=', COUNT(*)) FROM orders WHERE region = 'EMEA' GROUP BY customer_id"))

	// Navigation paths: from a visible entity, the related rows the role sees;
	// from an invisible one, nothing (404), as the entity itself.
	rows = emea("Customers('C1')/Orders").mustStatus(t, 200).collection(t)
	sortedEqual(t, "C1 orders", propStrings(t, rows.rows(t), "Id"), queryStrings(t, db,
		"SELECT id FROM orders WHERE customer_id = 'C1' AND region = 'EMEA'"))
	emea("Customers('C4')/Orders").mustStatus(t, 404)
	emea("Customers('C4')/Orders/$count").mustStatus(t, 404)
	if got := string(emea("Customers('C1')/Orders/$count").mustStatus(t, 200).body); got != fmt.Sprint(len(rows.rows(t))) {
		t.Fatalf("C1 orders $count %s", got)
	}
	// Order 4 is EMEA; its customer C5 is APAC: no related entity for emea.
	emea("Orders(4)/Customer").mustStatus(t, 204)
	both("Orders(4)/Customer").mustStatus(t, 200)
	apac("Orders(4)/Customer").mustStatus(t, 404) // order 4 is not APAC
	rows = emea("Orders(1)/OrderLines").mustStatus(t, 200).collection(t)
	if len(rows.rows(t)) != 2 {
		t.Fatalf("Orders(1)/OrderLines: %d", len(rows.rows(t)))
	}
	emea("Orders(3)/OrderLines").mustStatus(t, 404)
	// Paths of several hops: every set on the way is the role's rows. Order 4
	// (EMEA) belongs to C5 (APAC): emea cannot pass through C5 to C5's EMEA
	// orders, though it sees those orders in Orders.
	emea("Orders(4)/Customer/Orders").mustStatus(t, 404)
	emea("Orders(4)/Customer/Orders/$count").mustStatus(t, 404)
	emea("OrderLines(OrderId=4,LineNo=1)/Order/Customer/Orders").mustStatus(t, 404)
	emea("OrderLines(OrderId=4,LineNo=1)/Order/Customer").mustStatus(t, 204)
	emea("OrderLines(OrderId=3,LineNo=1)/Order/Customer").mustStatus(t, 404) // order 3 is APAC: so is its line
	rows = both("Orders(4)/Customer/Orders").mustStatus(t, 200).collection(t)
	sortedEqual(t, "both: orders of the customer of order 4", propStrings(t, rows.rows(t), "Id"),
		queryStrings(t, db, "SELECT id FROM orders WHERE customer_id = 'C5'"))
	apac("Orders(4)/Customer/Orders").mustStatus(t, 404) // order 4 is not APAC
	// A key after a collection-valued navigation property: only an entity
	// related to the parent (order 1 is C2's, order 2 is C3's; both EMEA).
	if got := string(emea("Customers('C2')/Orders(1)/OrderLines/$count").mustStatus(t, 200).body); got != "2" {
		t.Fatalf("lines of C2's order 1: %s", got)
	}
	emea("Customers('C2')/Orders(2)/OrderLines").mustStatus(t, 404)
	emea("Customers('C2')/Orders(2)").mustStatus(t, 404)
	emea("Orders(2)").mustStatus(t, 200)
	apac("Customers('C4')/Orders(3)/Amount").mustStatus(t, 200)
	emea("Customers('C4')/Orders(3)/Amount").mustStatus(t, 404)
	// Lines' filter crosses a navigation property itself (Order/Region).
	if got := string(emea("OrderLines/$count").mustStatus(t, 200).body); got != "40" {
		t.Fatalf("OrderLines/$count %s", got)
	}

	// Hidden properties do not exist for the role: not selectable,
	// filterable, orderable or searchable, and absent from $metadata.
	for _, u := range []string{"Orders?$select=Note", "Orders?$filter=Note%20eq%20'x'", "Orders?$orderby=Note",
		"Customers?$select=Secret", "Orders?$apply=groupby((Note))", "Orders?$expand=Customer($select=Secret)"} {
		emea(u).mustStatus(t, 400)
	}
	if n := len(emea("Customers?$search=secret").mustStatus(t, 200).collection(t).rows(t)); n != 0 {
		t.Fatalf("$search found %d customers through a hidden property", n)
	}
	md := string(emea("$metadata").mustStatus(t, 200).body)
	if strings.Contains(md, `"Note"`) || strings.Contains(md, `"Secret"`) || !strings.Contains(md, `Name="Amount"`) {
		t.Fatalf("emea $metadata shows hidden properties:\n%s", md)
	}
	if md := string(apac("$metadata").mustStatus(t, 200).body); !strings.Contains(md, `Name="Note"`) {
		t.Fatal("apac $metadata lacks Note")
	}
	// The OpenAPI document and the landing page show the same view.
	if doc := string(emea("openapi.json").mustStatus(t, 200).body); strings.Contains(doc, `"Note"`) || strings.Contains(doc, `"Secret"`) || !strings.Contains(doc, `"Amount"`) {
		t.Fatalf("emea openapi.json shows hidden properties")
	}
	page := string(e.get(t, e.srv.URL+"/", "X-API-Key", "key-emea", "Accept", "text/html").mustStatus(t, 200).body)
	if strings.Contains(page, "Secret") || strings.Contains(page, ">Note<") || !strings.Contains(page, "Amount") {
		t.Fatalf("the landing page shows emea hidden properties")
	}

	// Expressions crossing into a row-filtered set are refused: their
	// results would reveal the related rows.
	for _, u := range []string{"Orders?$filter=Customer/Name%20eq%20'x'", "Orders?$orderby=Customer/Name",
		"Customers?$filter=Orders/any(o:o/Amount%20gt%200)", "Customers?$filter=Orders/$count%20gt%201",
		"Orders?$apply=groupby((Customer/Region))", "Customers?$expand=Orders($filter=Customer/Name%20eq%20'x')"} {
		if r := emea(u); r.status != 403 {
			t.Fatalf("%s: status %d, want 403: %s", u, r.status, trunc(r.body))
		}
	}

	// Several roles: the union of their rows and properties.
	rows = both("Orders?$select=Id,Note").mustStatus(t, 200).collection(t)
	if len(rows.rows(t)) != 30 || rows.rows(t)[0]["Note"] == nil {
		t.Fatalf("emea+apac: %d rows, %v", len(rows.rows(t)), rows.rows(t)[0])
	}
	// No role: 403 on the whole service.
	if r := as("key-none")("Orders"); r.status != 403 {
		t.Fatalf("no role: %d", r.status)
	}

	// The response cache never serves one principal's answer to another:
	// the same URL, each twice, each principal its own rows.
	for range 2 {
		for _, c := range []struct {
			get    func(string) *response
			region string
		}{{emea, "EMEA"}, {apac, "APAC"}} {
			r := c.get("Customers?$select=Id,Region").mustStatus(t, 200)
			for _, row := range r.collection(t).rows(t) {
				if row["Region"] != c.region {
					t.Fatalf("%s got %v (Age %q)", c.region, row, r.header.Get("Age"))
				}
			}
		}
	}
	if r := apac("Customers?$select=Id,Region"); r.header.Get("Age") == "" {
		t.Fatal("the repeated request was not served from the cache; the cache test proves nothing")
	}
}
