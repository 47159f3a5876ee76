package tests

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/federation"
	"odatagw/adapters/rest"
	"odatagw/adapters/rest/resttest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/gateway"
	"odatagw/internal/testenv"
	"odatagw/metadata/csdltest"
)

// Relationships across sources: Orders in a database, Shipments from a
// JSON API, joined by TrackingNumber under one service root.

// orderRows are the orders of the cross-source fixture: tracking numbers of
// the API's shipments (some shared by two orders), nulls, and one the API
// does not know.
func orderRows(api *resttest.API) [][2]any {
	var out [][2]any
	for i := 1; i <= 40; i++ {
		var tn any = api.Rows[(i*3)%len(api.Rows)].Tracking
		switch {
		case i%7 == 0:
			tn = nil
		case i%11 == 0:
			tn = "TN-MISSING"
		}
		out = append(out, [2]any{i, tn})
	}
	return out
}

func orderInserts(api *resttest.API) []string {
	var out []string
	for _, o := range orderRows(api) {
		tn := "NULL"
		if o[1] != nil {
			tn = "'" + o[1].(string) + "'"
		}
		out = append(out, fmt.Sprintf("INSERT INTO Orders VALUES (%d, 'C%d', %s, %d.50)", o[0], o[0].(int)%5, tn, o[0]))
	}
	return out
}

const ordersDDL = "CREATE TABLE Orders (OrderID INTEGER PRIMARY KEY, Customer VARCHAR(10) NOT NULL, TrackingNumber VARCHAR(20) NULL, Total DECIMAL(10,2) NOT NULL)"

// federate serves orders and the API's shipments as the service "all".
func federate(t *testing.T, api *resttest.API, orders adapters.Source, declareIn bool) *demoEnv {
	t.Helper()
	return federateWrites(t, api, orders, declareIn, gateway.WritePolicy{}, nil)
}

// federateWrites is federate with a write policy and, when guard is set,
// the guard it makes for the federation.
func federateWrites(t *testing.T, api *resttest.API, orders adapters.Source, declareIn bool, writes gateway.WritePolicy, guard func(adapters.Source) gateway.Guard) *demoEnv {
	t.Helper()
	cfg := resttest.Config(api, "page", true)
	cfg.Entities[0].Paging.Size = 50
	if !declareIn {
		cfg.Entities[0].Filters = nil // only key_path: one call per value, bounded concurrency
	}
	ship, err := rest.Open(rest.Options{Name: "shipping"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ship.Close() })
	fed, err := federation.New(context.Background(), "all", []federation.Member{{Name: "erp", Source: orders}, {Name: "shipping", Source: ship}},
		[]federation.Link{{Name: "Shipment", From: "Orders", Properties: []string{"TrackingNumber"}, To: "Shipments", Partner: "Orders"}})
	if err != nil {
		t.Fatal(err)
	}
	var gc gateway.Config
	if guard != nil {
		gc.Guard = guard(fed)
	}
	return newEnv(t, gc, "", gateway.Service{Name: "all", Source: fed, Writes: writes})
}

// checkCrossSource runs the cross-source scenario against a database
// source holding the Orders fixture.
func checkCrossSource(t *testing.T, api *resttest.API, orders adapters.Source) {
	env := federate(t, api, orders, true)
	byTN := map[string]resttest.Shipment{}
	for _, s := range api.Rows {
		byTN[s.Tracking] = s
	}
	want := orderRows(api)

	api.ResetCalls()
	c := env.get(t, "Orders?$orderby=OrderID&$top=30&$select=OrderID,TrackingNumber&$expand=Shipment($select=Status,Carrier)").collection(t)
	rows := c.rows(t)
	if len(rows) != 30 {
		t.Fatalf("%d orders, want 30", len(rows))
	}
	distinct := map[string]bool{}
	for i, r := range rows {
		tn, _ := want[i][1].(string)
		if tn != "" {
			distinct[tn] = true
		}
		got, _ := r["Shipment"].(map[string]any)
		s, known := byTN[tn]
		switch {
		case !known && r["Shipment"] != nil:
			t.Errorf("order %v (%q): shipment %v, want null", r["OrderID"], tn, r["Shipment"])
		case known && (got == nil || got["Carrier"] != s.Carrier):
			t.Errorf("order %v (%q): shipment %v, want carrier %s", r["OrderID"], tn, r["Shipment"], s.Carrier)
		}
	}
	// One upstream call per 10 tracking numbers (the API's `in` list), not one per order.
	if n, wantCalls := api.Calls("/api/page/shipments?"), (len(distinct)+9)/10; n != wantCalls || n == 0 {
		t.Errorf("%d upstream calls for %d distinct tracking numbers, want %d", n, len(distinct), wantCalls)
	}

	// Back from the API to the database: one SQL query for the page.
	c = env.get(t, "Shipments?$orderby=TrackingNumber&$top=5&$expand=Orders($select=OrderID;$orderby=OrderID)").collection(t)
	for _, r := range c.rows(t) {
		var ids []int
		for _, o := range want {
			if o[1] == r["TrackingNumber"] {
				ids = append(ids, o[0].(int))
			}
		}
		got, _ := r["Orders"].([]any)
		if len(got) != len(ids) {
			t.Errorf("shipment %v: %d orders, want %v", r["TrackingNumber"], len(got), ids)
		}
	}

	// Filters and orders that would join across sources: 501, clearly.
	for _, u := range []string{"Orders?$filter=Shipment/Status%20eq%20'shipped'", "Orders?$orderby=Shipment/Carrier", "Shipments?$filter=Orders/any(o:o/Total%20gt%201)", "Orders(1)/Shipment"} {
		r := env.get(t, u)
		r.mustStatus(t, http.StatusNotImplemented)
		if e := r.odataError(t); !strings.Contains(e.Error.Message, "to another source") {
			t.Errorf("%s: %s", u, e.Error.Message)
		}
	}
	md := env.get(t, "$metadata").mustStatus(t, http.StatusOK)
	if !strings.Contains(string(md.body), `<NavigationProperty Name="Shipment" Type="all.Shipments"`) {
		t.Errorf("$metadata lacks the cross-source navigation: %s", trunc(md.body))
	}
	csdltest.ValidateXML(t, md.body)
}

func TestCrossSourceExpandSQLite(t *testing.T) {
	api := resttest.New(t, 30)
	src, _ := openOrdersSQLite(t, api)
	checkCrossSource(t, api, src)

	// Without an `in` parameter: one key_path call per tracking number, at
	// most `concurrency` (4) at once.
	api.SetLatency(20 * time.Millisecond)
	env := federate(t, api, src, false)
	api.ResetCalls()
	c := env.get(t, "Orders?$orderby=OrderID&$top=20&$expand=Shipment").collection(t)
	distinct := map[any]bool{}
	for _, o := range orderRows(api)[:20] {
		if o[1] != nil {
			distinct[o[1]] = true
		}
	}
	if len(c.Value) != 20 || api.Calls("/api/page/shipments/") != len(distinct) {
		t.Errorf("%d orders, %d key calls, want 20 and %d", len(c.Value), api.Calls("/api/page/shipments/"), len(distinct))
	}
	if p := api.PeakConcurrency(); p > rest.DefaultConcurrency || p < 2 {
		t.Errorf("peak upstream concurrency %d, want 2..%d", p, rest.DefaultConcurrency)
	}
}

// openOrdersSQLite creates the Orders fixture in a SQLite file and opens it
// as the source "erp"; the returned database handle reads it directly.
func openOrdersSQLite(t *testing.T, api *resttest.API) (*sqldb.Source, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "erp.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, s := range append([]string{ordersDDL}, orderInserts(api)...) {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	src, err := sqlite.Open(context.Background(), path, schema.Options{Namespace: "erp"}, sqldb.Config{Name: "erp", QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src, db
}

func TestCrossSourceExpandMariaDB(t *testing.T) {
	api := resttest.New(t, 30)
	d := newMySQLDB(t, testenv.DBName("odatagw_test_fed_mysql"), append([]string{ordersDDL}, orderInserts(api)...)...)
	checkCrossSource(t, api, d.open(t, schema.Options{Namespace: "erp"}, sqldb.Config{Name: "erp", QueryTimeout: 30 * time.Second}))
}
