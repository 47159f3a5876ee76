package main

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"odatagw/adapters/rest/resttest"
	"odatagw/config"
	"odatagw/metadata"
)

// TestRESTSourceFromConfig: a rest block in the configuration file opens a
// service whose entity sets are the declared API collections, and the
// configuration's mistakes name the key.
func TestRESTSourceFromConfig(t *testing.T) {
	api := resttest.New(t, 10)
	env := map[string]string{"SHIP_URL": api.URL, "SHIP_KEY": "k"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	c, err := config.Parse([]byte(`
version: 1
sources:
  - name: shipping
    kind: rest
    rest:
      base_url: ${SHIP_URL}
      auth: {type: header, header: X-API-Key, value: "${SHIP_KEY}"}
      timeout: 5s
      max_rows: 500
      entities:
        - name: Shipments
          path: /api/page/shipments
          key_path: /api/page/shipments/{TrackingNumber}
          entity: /shipment
          rows: /data
          key: [TrackingNumber]
          paging: {style: page, size: 50}
          filters:
            - {property: Status, op: eq, param: status}
          properties:
            - {name: TrackingNumber, field: tracking_number}
            - {name: Status, field: status}
            - {name: Cost, type: Edm.Decimal, field: cost, precision: 10, scale: 2}
`), lookup)
	if err != nil {
		t.Fatal(err)
	}
	m, err := modelOf(t, c, 0)
	if err != nil || m.EntitySet("Shipments") == nil || len(m.EntitySet("Shipments").Type.Properties) != 3 {
		t.Fatalf("model: %v %v", m, err)
	}
	for _, bad := range []struct{ yaml, want string }{
		{"kind: rest\n    dsn: x\n    rest: {base_url: 'http://h', entities: [{name: A, path: /a, key: [Id], properties: [{name: Id}]}]}", "dsn does not apply to kind rest"},
		{"kind: rest", "rest is missing"},
		{"kind: rest\n    rest: {base_url: 'ftp://h', entities: []}", "rest.base_url"},
		{"kind: rest\n    rest: {base_url: 'http://h', entities: [{name: A, path: /a, key: [Nope], properties: [{name: Id}]}]}", "rest.entities[0].key[0]"},
		{"kind: rest\n    rest: {base_url: 'http://h', auth: {type: oauth2}, entities: [{name: A, path: /a, key: [Id], properties: [{name: Id}]}]}", "rest.auth.token_url"},
		{"kind: rest\n    rest: {base_url: 'http://h', entities: [{name: A, path: /a, key: [Id], paging: {style: cursor}, properties: [{name: Id}]}]}", "rest.entities[0].paging.cursor"},
		{"kind: rest\n    rest: {base_url: 'http://h', entities: [{name: A, path: /a, key: [Id], filters: [{property: Id, op: like, param: q}], properties: [{name: Id}]}]}", "rest.entities[0].filters[0].op"},
	} {
		_, err := config.Parse([]byte("version: 1\nsources:\n  - name: s\n    "+bad.yaml+"\n"), lookup)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want one naming %s", bad.yaml, err, bad.want)
		}
	}
}

// TestFederationFromConfig: a federation source serves its members' sets
// and the declared cross-source navigation; its mistakes name the key.
func TestFederationFromConfig(t *testing.T) {
	api := resttest.New(t, 10)
	path := erpDB(t)
	env := map[string]string{"SHIP_URL": api.URL, "ERP": path}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	head := `
version: 1
sources:
  - name: erp
    kind: sqlite
    dsn: ${ERP}
  - name: shipping
    kind: rest
    rest:
      base_url: ${SHIP_URL}
      entities:
        - {name: Shipments, path: /api/none/shipments, key: [TrackingNumber], properties: [{name: TrackingNumber, field: tracking_number}]}
`
	c, err := config.Parse([]byte(head+`
  - name: all
    kind: federation
    federation:
      sources: [erp, shipping]
      links:
        - {name: Shipment, from: Orders, properties: [TrackingNumber], to: Shipments, partner: Orders}
`), lookup)
	if err != nil {
		t.Fatal(err)
	}
	m, err := modelOf(t, c, 2)
	if err != nil || m.EntitySet("Orders") == nil || m.EntitySet("Orders").Type.NavigationProperty("Shipment") == nil {
		t.Fatalf("federated model: %v", err)
	}
	for _, bad := range []struct{ yaml, want string }{
		{"federation: {sources: [erp, nope]}", `federation.sources[1]: no source named "nope"`},
		{"federation: {sources: [erp], links: [{name: X, from: Orders, to: Shipments}]}", "federation.links[0].properties"},
		{"dsn: x\n    federation: {sources: [erp]}", "do not apply to kind federation"},
	} {
		_, err := config.Parse([]byte(head+"  - name: all\n    kind: federation\n    "+bad.yaml+"\n"), lookup)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want one naming %s", bad.yaml, err, bad.want)
		}
	}
	c.Sources[2].Federation.Links[0].To = "Nope"
	if _, _, err := openServices(context.Background(), c, slog.New(slog.DiscardHandler), nil); err == nil || !strings.Contains(err.Error(), `source "all"`) || !strings.Contains(err.Error(), `no entity set "Nope"`) {
		t.Errorf("bad link: %v", err)
	}
}

// modelOf opens the services of c (closed when the test ends) and returns
// the model of service i.
func modelOf(t *testing.T, c *config.Config, i int) (*metadata.Model, error) {
	t.Helper()
	services, closeAll, err := openServices(context.Background(), c, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeAll)
	if len(services) <= i || services[i].Name != c.Sources[i].Name {
		t.Fatalf("services %v", services)
	}
	return services[i].Source.Model(context.Background())
}

// TestMetadataOfFederation: `odatagw metadata --service` of a federation
// opens its members too and prints the merged CSDL.
func TestMetadataOfFederation(t *testing.T) {
	api := resttest.New(t, 1)
	path := erpDB(t)
	cfgPath := filepath.Join(t.TempDir(), "gw.yaml")
	yaml := "version: 1\nsources:\n  - {name: erp, kind: sqlite, dsn: " + path + "}\n" +
		"  - name: shipping\n    kind: rest\n    rest:\n      base_url: " + api.URL + "\n      entities:\n" +
		"        - {name: Shipments, path: /api/none/shipments, key: [TrackingNumber], properties: [{name: TrackingNumber, field: tracking_number}]}\n" +
		"  - name: all\n    kind: federation\n    federation:\n      sources: [erp, shipping]\n      links: [{name: Shipment, from: Orders, properties: [TrackingNumber], to: Shipments}]\n"
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	if err := run(context.Background(), []string{"metadata", "--config", cfgPath, "--service", "all"}, &out, &errOut); err != nil {
		t.Fatalf("%v: %s", err, errOut.String())
	}
	for _, want := range []string{`<EntitySet Name="Orders"`, `<EntitySet Name="Shipments"`, `<NavigationProperty Name="Shipment"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("metadata lacks %s:\n%s", want, out.String())
		}
	}
}

// erpDB creates the federation tests' SQLite database (Orders with the
// TrackingNumber the shipping API is joined on) and returns its path.
func erpDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "erp.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE Orders (OrderID INTEGER PRIMARY KEY, TrackingNumber TEXT)"); err != nil {
		t.Fatal(err)
	}
	return path
}
