package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"odatagw/adapters/rest/resttest"
	"odatagw/config"
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
	services, closeAll, err := openServices(context.Background(), c, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	m, err := services[0].Source.Model(context.Background())
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
