package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"odatagw/adapters/federation"
	"odatagw/adapters/rest/resttest"
	"odatagw/config"
	"odatagw/gateway"
)

// TestSecurityFederation: a federation served behind roles. The caller's
// view is a copy of the federated model, and a filter across the sources
// was recognised by the navigation property's identity in the federation's
// own model: in a view it went to the database as it was (500 from the
// member) instead of the 501 every caller without roles gets. Expanding
// across the sources keeps the target's row filter and hidden property.
func TestSecurityFederation(t *testing.T) {
	api := resttest.New(t, 30)
	orders, _ := openOrdersSQLite(t, api)
	ship := openShipping(t, api)
	fed, err := federation.New(context.Background(), "all", []federation.Member{{Name: "erp", Source: orders}, {Name: "shipping", Source: ship}},
		[]federation.Link{{Name: "Shipment", From: "Orders", Properties: []string{"TrackingNumber"}, To: "Shipments", Partner: "Orders"}})
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]config.Role{
		"open":  {Sets: map[string]config.SetRule{"Orders": {}, "Shipments": {Hide: []string{"Carrier"}}}},
		"dhl":   {Sets: map[string]config.SetRule{"Orders": {Filter: "Total gt 20"}, "Shipments": {Filter: "Carrier eq 'DHL'"}}},
		"admin": {Default: "read"},
	}
	g := serviceGuard(t, "all", fed, roles, map[string][]string{"k-open": {"open"}, "k-dhl": {"dhl"}, "k-admin": {"admin"}})
	e := newEnv(t, gateway.Config{Guard: g}, "", gateway.Service{Name: "all", Source: fed})
	as := func(key string) []string { return []string{"X-API-Key", key} }

	for _, u := range []string{"Orders?$filter=Shipment/Status%20eq%20'shipped'", "Orders?$orderby=Shipment/Status",
		"Shipments?$filter=Orders/any(o:o/Total%20gt%201)", "Shipments?$filter=Orders/$count%20gt%201"} {
		r := e.get(t, u, as("k-open")...)
		r.mustStatus(t, http.StatusNotImplemented)
		if msg := r.odataError(t).Error.Message; !strings.Contains(msg, "to another source") {
			t.Errorf("%s: %s", u, msg)
		}
	}

	// The oracle: what the role without restrictions reads.
	shipments := map[string]map[string]any{}
	for _, s := range e.get(t, "Shipments", as("k-admin")...).collection(t).rows(t) {
		shipments[fmt.Sprint(s["TrackingNumber"])] = s
	}
	for _, key := range []string{"k-open", "k-dhl"} {
		rows := e.get(t, "Orders?$expand=Shipment", as(key)...).collection(t).rows(t)
		if len(rows) == 0 {
			t.Fatalf("%s: no orders", key)
		}
		for _, o := range rows {
			if total, _ := o["Total"].(json.Number).Float64(); key == "k-dhl" && total <= 20 {
				t.Errorf("%s: order %v is outside the role's rows", key, o)
			}
			want := shipments[fmt.Sprint(o["TrackingNumber"])]
			if key == "k-dhl" && want != nil && want["Carrier"] != "DHL" {
				want = nil
			}
			got, _ := o["Shipment"].(map[string]any)
			if (got == nil) != (want == nil) {
				t.Fatalf("%s: order %v: shipment %v, want %v", key, o["OrderID"], got, want)
			}
			for k, v := range got {
				if key == "k-open" && k == "Carrier" {
					t.Fatalf("%s: the hidden Carrier in %v", key, got)
				}
				if fmt.Sprint(v) != fmt.Sprint(want[k]) {
					t.Fatalf("%s: order %v: shipment's %s = %v, the API holds %v", key, o["OrderID"], k, v, want[k])
				}
			}
		}
	}
}
