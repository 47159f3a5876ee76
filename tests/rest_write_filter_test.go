package tests

import (
	"net/http"
	"strings"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/rest"
	"odatagw/adapters/rest/resttest"
	"odatagw/config"
	"odatagw/gateway"
)

// A role whose writes are limited by a filter, against an API (no
// transactions): the filter is checked before anything is sent, on the
// entity as created or as the change makes it; what the filter refuses
// never reaches the API.

// restFilterEnv serves the API's shipments to "key-dhl", a role that
// reads every shipment but may change only DHL's.
func restFilterEnv(t *testing.T, api *resttest.API, tune func(*rest.Config)) (*writesEnv, []string) {
	t.Helper()
	roles := map[string]config.Role{
		"reader": {Sets: map[string]config.SetRule{"Shipments": {Access: "read"}}},
		"dhl":    {Sets: map[string]config.SetRule{"Shipments": {Access: "write", Filter: "Carrier eq 'DHL'"}}},
	}
	g := serviceGuard(t, "shipping", openShipping(t, api), roles, map[string][]string{"key-dhl": {"reader", "dhl"}})
	return newRESTWritesEnv(t, api, restWritable, g, tune), []string{"X-API-Key", "key-dhl"}
}

// changes counts the changing calls the API received.
func changes(api *resttest.API) int {
	return api.Requests("POST", "/") + api.Requests("PATCH", "/") + api.Requests("PUT", "/") + api.Requests("DELETE", "/")
}

func carrierRow(api *resttest.API, carrier string) string {
	for _, s := range api.Rows {
		if s.Carrier == carrier {
			return s.Tracking
		}
	}
	return ""
}

// TestRESTWriteFilterWithin: creates, updates and deletes within the
// filter reach the API.
func TestRESTWriteFilterWithin(t *testing.T) {
	api := resttest.New(t, 10)
	e, key := restFilterEnv(t, api, nil)
	e.send(t, "POST", "Shipments", newShipment, key...).mustStatus(t, http.StatusCreated)
	if s := api.Get("TNX1"); s == nil || s.Carrier != "DHL" {
		t.Fatalf("the API holds %+v", s)
	}
	e.send(t, "PATCH", "Shipments('TNX1')", `{"Status":"shipped"}`, key...).mustStatus(t, http.StatusNoContent)
	if s := api.Get("TNX1"); s.Status == nil || *s.Status != "shipped" {
		t.Fatalf("after PATCH the API holds %+v", s)
	}
	put := strings.Replace(newShipment, `"TrackingNumber":"TNX1",`, "", 1)
	put = strings.Replace(put, `"Country":"DE"`, `"Country":"FR"`, 1)
	e.send(t, "PUT", "Shipments('TNX1')", put, key...).mustStatus(t, http.StatusNoContent)
	if s := api.Get("TNX1"); s.Country != "FR" {
		t.Fatalf("after PUT the API holds %+v", s)
	}
	e.send(t, "DELETE", "Shipments('TNX1')", "", key...).mustStatus(t, http.StatusNoContent)
	if api.Get("TNX1") != nil {
		t.Fatal("the delete did not reach the API")
	}
}

// TestRESTWriteFilterOutside: writes outside the filter are refused
// before anything is sent: 403 for a visible entity or a new one outside,
// 404 for one that does not exist, and a PATCH or PUT that would move a
// DHL shipment out of the filter.
func TestRESTWriteFilterOutside(t *testing.T) {
	api := resttest.New(t, 10)
	e, key := restFilterEnv(t, api, nil)
	ups, dhl := carrierRow(api, "UPS"), carrierRow(api, "DHL")
	put := `{"OrderID":5,"Carrier":"UPS","Fragile":true}`
	for _, c := range []struct{ method, path, body string }{
		{"POST", "Shipments", strings.Replace(newShipment, "DHL", "UPS", 1)},
		{"PATCH", "Shipments('" + ups + "')", `{"Status":"x"}`},
		{"PATCH", "Shipments('" + ups + "')", `{"Carrier":"DHL"}`},
		{"DELETE", "Shipments('" + ups + "')", ""},
		{"PATCH", "Shipments('" + dhl + "')", `{"Carrier":"UPS"}`},
		{"PUT", "Shipments('" + dhl + "')", put},
	} {
		e.send(t, c.method, c.path, c.body, key...).wantError(t, http.StatusForbidden, "Forbidden", "")
	}
	e.send(t, "PATCH", "Shipments('NOPE')", `{"Status":"x"}`, key...).wantError(t, http.StatusNotFound, "", "")
	if n := changes(api); n != 0 {
		t.Fatalf("%d changing calls reached the API: %v", n, api.CallLog())
	}
	if api.Get("TNX1") != nil || api.Get(dhl).Carrier != "DHL" || api.Get(ups).Carrier != "UPS" {
		t.Fatal("the API's shipments changed")
	}
}

// TestRESTWriteFilterComputed: a filter on a property the API fills
// (computed: not sent) cannot be checked on a new entity: 501 naming it,
// nothing sent.
func TestRESTWriteFilterComputed(t *testing.T) {
	api := resttest.New(t, 10)
	roles := map[string]config.Role{"dhl": {Sets: map[string]config.SetRule{"Shipments": {Access: "write", Filter: "Status eq 'new'"}}}}
	g := serviceGuard(t, "shipping", openShipping(t, api), roles, map[string][]string{"key-dhl": {"dhl"}})
	e := newRESTWritesEnv(t, api, restWritable, g, func(c *rest.Config) {
		c.Entities[0].Write.Send = []string{"TrackingNumber", "OrderID", "Carrier", "WeightKg", "Cost", "ShippedAt", "Fragile", "Country"}
	})
	r := e.send(t, "POST", "Shipments", newShipment, "X-API-Key", "key-dhl")
	r.wantError(t, http.StatusNotImplemented, "", "")
	if msg := r.odataError(t).Error.Message; !strings.Contains(msg, "'Status'") {
		t.Errorf("message does not name the property: %s", msg)
	}
	if n := changes(api); n != 0 {
		t.Fatalf("%d changing calls reached the API", n)
	}
}

// TestRESTWriteFilterAfter: a change checked before it was sent that the
// API answers with values outside the filter (it renamed the carrier) is
// a 502 naming the service: the API applied it and nothing can undo it.
func TestRESTWriteFilterAfter(t *testing.T) {
	api := resttest.New(t, 10)
	e, key := restFilterEnv(t, api, nil)
	dhl := carrierRow(api, "DHL")
	api.RenameCarrier("DHL", "DHL Express")
	r := e.send(t, "PATCH", "Shipments('"+dhl+"')", `{"Status":"shipped"}`, key...)
	r.wantError(t, http.StatusBadGateway, "", "")
	if msg := r.odataError(t).Error.Message; !strings.Contains(msg, "'shipping'") || !strings.Contains(msg, "cannot be undone") {
		t.Errorf("message: %s", msg)
	}
	if s := api.Get(dhl); s.Carrier != "DHL Express" || s.Status == nil || *s.Status != "shipped" {
		t.Errorf("the API holds %+v", s)
	}
}

// TestFederationWriteFilter: a federation has no transactions either; a
// role's write filter on a member's set is checked before the change.
func TestFederationWriteFilter(t *testing.T) {
	api := resttest.New(t, 30)
	orders, _ := openOrdersSQLite(t, api)
	roles := map[string]config.Role{
		"reader": {Default: "read"},
		"dhl":    {Sets: map[string]config.SetRule{"Shipments": {Access: "write", Filter: "Carrier eq 'DHL'"}}},
	}
	guard := func(src adapters.Source) gateway.Guard {
		return serviceGuard(t, "all", src, roles, map[string][]string{"key-dhl": {"reader", "dhl"}})
	}
	e := &writesEnv{demoEnv: federateWrites(t, api, orders, true, restWritable, guard), kind: "sqlite"}
	key := []string{"X-API-Key", "key-dhl"}
	ups, dhl := carrierRow(api, "UPS"), carrierRow(api, "DHL")
	e.send(t, "PATCH", "Shipments('"+ups+"')", `{"Status":"x"}`, key...).wantError(t, http.StatusForbidden, "Forbidden", "")
	e.send(t, "PATCH", "Shipments('"+dhl+"')", `{"Carrier":"UPS"}`, key...).wantError(t, http.StatusForbidden, "Forbidden", "")
	if n := changes(api); n != 0 {
		t.Fatalf("%d changing calls reached the API", n)
	}
	e.send(t, "PATCH", "Shipments('"+dhl+"')", `{"Status":"shipped"}`, key...).mustStatus(t, http.StatusNoContent)
	if s := api.Get(dhl); s.Status == nil || *s.Status != "shipped" {
		t.Errorf("the API holds %+v", s)
	}
}
