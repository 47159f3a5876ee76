package main

import (
	"context"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"odatagw/adapters/rest/resttest"
	"odatagw/config"
	"odatagw/gateway"
)

// TestRESTWritesFromConfig: a rest source's writes (source switches,
// per-entity overrides, the write mapping) open a service with that
// policy and model; the mistakes name the key.
func TestRESTWritesFromConfig(t *testing.T) {
	api := resttest.New(t, 5)
	lookup := func(k string) (string, bool) { return api.URL, k == "SHIP_URL" }
	c, err := config.Parse([]byte(`
version: 1
sources:
  - name: shipping
    kind: rest
    writes: {insert: true, update: true, delete: true}
    rest:
      base_url: ${SHIP_URL}
      entities:
        - name: Shipments
          path: /api/none/shipments
          key_path: /api/none/shipments/{TrackingNumber}
          entity: /shipment
          key: [TrackingNumber]
          writes: {delete: false}
          write: {update_method: PUT, created: /shipment, send: [TrackingNumber, Carrier, OrderID, Fragile]}
          properties:
            - {name: TrackingNumber, field: tracking_number}
            - {name: Carrier, field: carrier, nullable: false}
            - {name: OrderID, type: Edm.Int32, field: order_id, nullable: false}
            - {name: Fragile, type: Edm.Boolean, field: fragile, nullable: false}
            - {name: Status, field: status}
`), lookup)
	if err != nil {
		t.Fatal(err)
	}
	services, closeAll, err := openServices(context.Background(), c, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	if got, want := services[0].Writes.Sets["Shipments"], (gateway.SetWrites{Insert: true, Update: true}); got != want {
		t.Errorf("policy of Shipments: %+v, want %+v", got, want)
	}
	m, _ := services[0].Source.Model(context.Background())
	if typ := m.EntitySet("Shipments").Type; !typ.Property("Status").Computed || typ.Property("Carrier").Computed {
		t.Error("write.send does not decide which properties are computed")
	}
	ent := "kind: rest\n    rest: {base_url: 'http://h', entities: [{name: A, path: /a, key: [Id], properties: [{name: Id}, {name: B}]"
	for _, bad := range []struct{ yaml, want string }{
		{"writes: {update: true}\n    " + ent + "}]}", "rest.entities[0] (A) takes updates or deletes: it needs key_path or write.item_path"},
		{ent + ", write: {item_path: /a/x}}]}", "rest.entities[0].write.item_path"},
		{ent + ", write: {update_method: POST}}]}", "rest.entities[0].write.update_method"},
		{ent + ", write: {reread: body}}]}", "rest.entities[0].write.reread"},
		{ent + ", write: {send: [C]}}]}", "rest.entities[0].write.send[0]"},
		{ent + ", write: {created: data}}]}", "rest.entities[0].write.created"},
		{ent + ", writes: {etag: B}}]}", "rest.entities[0].writes.etag"},
	} {
		_, err := config.Parse([]byte("version: 1\nsources:\n  - name: s\n    "+bad.yaml+"\n"), lookup)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want one naming %s", bad.yaml, err, bad.want)
		}
	}
}

// TestRESTConfigTranslation: every setting of the file's rest block
// reaches the adapter's description (a field added to one side only
// leaves a zero value here).
func TestRESTConfigTranslation(t *testing.T) {
	var set func(v reflect.Value)
	set = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).Type != reflect.TypeFor[*config.Writes]() {
					set(v.Field(i))
				}
			}
		case reflect.String:
			v.SetString("x")
		case reflect.Int, reflect.Int64:
			v.SetInt(1)
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			set(v.Elem())
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			set(v.Index(0))
		case reflect.Map:
			v.Set(reflect.MakeMap(v.Type()))
			v.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf("v"))
		}
	}
	var in config.REST
	set(reflect.ValueOf(&in).Elem())
	out := restConfig(in)
	var check func(path string, v reflect.Value)
	check = func(path string, v reflect.Value) {
		if v.IsZero() {
			t.Errorf("%s is not translated", path)
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				check(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Pointer:
			check(path, v.Elem())
		case reflect.Slice:
			check(path+"[0]", v.Index(0))
		}
	}
	check("rest.Config", reflect.ValueOf(out))
}
