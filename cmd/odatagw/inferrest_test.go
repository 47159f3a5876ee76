package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/rest/resttest"
	"odatagw/config"
)

// TestInferREST: infer-rest samples the test API and prints a configuration
// that parses, guesses the key and the types, and serves the rows.
func TestInferREST(t *testing.T) {
	api := resttest.New(t, 30)
	var out, errOut strings.Builder
	err := run(context.Background(), []string{"infer-rest", "--url", api.URL + "/api/next/shipments?size=10", "--header", "X-Trace: 1"}, &out, &errOut)
	if err != nil {
		t.Fatalf("%v: %s", err, errOut.String())
	}
	text := out.String()
	for _, want := range []string{"name: Shipments", "rows: /data", "- TrackingNumber", "style: next", "next: /links/next",
		"name: Cost\n", "type: Edm.Decimal", "name: ShippedAt", "type: Edm.DateTimeOffset", "type: Edm.Date\n",
		"type: Edm.Boolean", "field: /destination/country", "name: DestinationCountry", "name: OrderId", "type: Edm.Int32"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	c, err := config.Parse([]byte(text), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("the printed configuration does not parse: %v\n%s", err, text)
	}
	services, closeAll, err := openServices(context.Background(), c, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	m, _ := services[0].Source.Model(context.Background())
	set := m.EntitySet("Shipments")
	n, err := services[0].Source.Count(context.Background(), &adapters.Query{Set: set, Top: -1})
	if err != nil || n != 30 {
		t.Fatalf("count through the inferred config: %d, %v", n, err)
	}

	err = run(context.Background(), []string{"infer-rest", "--url", api.URL + "/api/next/shipments", "--pointer", "/nope"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), `no array of rows at "/nope"`) {
		t.Errorf("bad pointer: %v", err)
	}
}
