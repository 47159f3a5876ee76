package tests

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"odatagw/adapters/rest/resttest"
	"odatagw/config"
)

// TestSecurityRESTView: a role that hides a property of a JSON API's entity
// set and limits it to some rows reads, filters and writes exactly the
// values the API holds for the other properties. The rest source builds
// rows in its own type's order; the caller's view has fewer properties, so
// a row taken as a row of the view shifted every value after the hidden
// one — the hidden Carrier came out as WeightKg, filters on WeightKg
// compared Carrier, and updates failed their ETag check.
func TestSecurityRESTView(t *testing.T) {
	api := resttest.New(t, 20)
	src := openShipping(t, api)
	roles := map[string]config.Role{
		"ops":   {Sets: map[string]config.SetRule{"Shipments": {Access: "read", Filter: "Country eq 'DE'", Hide: []string{"Carrier"}}}},
		"clerk": {Sets: map[string]config.SetRule{"Shipments": {Access: "write", Hide: []string{"Status"}}}},
		"admin": {Sets: map[string]config.SetRule{"Shipments": {Access: "write"}}},
		"ups":   {Sets: map[string]config.SetRule{"Shipments": {Filter: "Carrier eq 'UPS'", Hide: []string{"Carrier"}}}},
	}
	g := serviceGuard(t, "shipping", src, roles, map[string][]string{"key-ops": {"ops"}, "key-clerk": {"clerk"}, "key-admin": {"admin"}, "key-ups": {"ups"}})
	e := newRESTWritesEnv(t, api, restWritable, g, nil)
	ops := []string{"X-API-Key", "key-ops"}
	clerk := []string{"X-API-Key", "key-clerk"}
	admin := []string{"X-API-Key", "key-admin"}

	// The oracle: what the role without restrictions reads, row by row.
	truth := map[string]map[string]any{}
	for _, r := range e.get(t, "Shipments", admin...).collection(t).rows(t) {
		truth[fmt.Sprint(r["TrackingNumber"])] = r
	}
	sameAs := func(what, hidden string, anyRow bool, r map[string]any) {
		t.Helper()
		if _, ok := r[hidden]; ok {
			t.Fatalf("%s: the hidden %s is in %v", what, hidden, r)
		}
		want := truth[fmt.Sprint(r["TrackingNumber"])]
		if want == nil || !anyRow && want["Country"] != "DE" {
			t.Fatalf("%s: row %v is outside the role's rows", what, r)
		}
		for k, v := range r {
			if k[0] != '@' && fmt.Sprint(v) != fmt.Sprint(want[k]) {
				t.Fatalf("%s: %s = %v, the API holds %v (row %v)", what, k, v, want[k], r)
			}
		}
	}
	same := func(what string, r map[string]any) { t.Helper(); sameAs(what, "Carrier", false, r) }
	var de []string
	for tn, r := range truth {
		if r["Country"] == "DE" {
			de = append(de, tn)
		}
	}
	if len(de) == 0 || len(de) == len(truth) {
		t.Fatalf("fixture: %d of %d shipments in DE", len(de), len(truth))
	}
	rows := e.get(t, "Shipments?$orderby=TrackingNumber", ops...).collection(t).rows(t)
	if len(rows) != len(de) {
		t.Fatalf("ops reads %d shipments, %d are in DE", len(rows), len(de))
	}
	for _, r := range rows {
		same("collection", r)
	}
	// A filter on a visible property compares that property.
	w := truth[de[0]]["WeightKg"]
	rows = e.get(t, "Shipments?$filter="+url.QueryEscape(fmt.Sprintf("WeightKg eq %v", w)), ops...).collection(t).rows(t)
	if len(rows) == 0 {
		t.Fatalf("no DE shipment has WeightKg %v for ops", w)
	}
	for _, r := range rows {
		same("filtered", r)
	}
	one := e.get(t, "Shipments('"+de[0]+"')", ops...).mustStatus(t, 200)
	same("entity", one.object(t))

	// $search looks in the caller's properties only.
	if n := len(e.get(t, "Shipments?$search=Poste", ops...).collection(t).rows(t)); n != 0 {
		t.Errorf("ops found %d shipments by the hidden Carrier", n)
	}
	if n := len(e.get(t, "Shipments?$search=Poste", admin...).collection(t).rows(t)); n == 0 {
		t.Errorf("admin found no shipment by Carrier: the search proves nothing")
	}
	// A row filter on the property the role hides.
	var ups []string
	for tn, r := range truth {
		if r["Carrier"] == "UPS" {
			ups = append(ups, tn)
		}
	}
	rows = e.get(t, "Shipments", "X-API-Key", "key-ups").collection(t).rows(t)
	sortedEqual(t, "ups shipments", propStrings(t, rows, "TrackingNumber"), ups)
	for _, r := range rows {
		sameAs("ups", "Carrier", true, r)
	}
	if got := string(e.get(t, "Shipments/$count", "X-API-Key", "key-ups").mustStatus(t, 200).body); got != fmt.Sprint(len(ups)) {
		t.Errorf("ups Shipments/$count = %s, want %d", got, len(ups))
	}

	// $apply: aggregated over the role's rows only, never over a hidden property.
	for key, want := range map[string]int{"key-ops": len(de), "key-ups": len(ups)} {
		rows := e.get(t, "Shipments?$apply=aggregate($count%20as%20N)", "X-API-Key", key).collection(t).rows(t)
		if len(rows) != 1 || fmt.Sprint(rows[0]["N"]) != fmt.Sprint(want) {
			t.Errorf("%s: $apply count %v, want %d", key, rows, want)
		}
		for _, u := range []string{"groupby((Carrier))", "filter(Carrier%20eq%20'UPS')/aggregate($count%20as%20N)", "compute(Carrier%20as%20C)/groupby((C))"} {
			e.get(t, "Shipments?$apply="+u, "X-API-Key", key).mustStatus(t, 400)
		}
	}

	// A write filter needs transactions, which an API has not: refused.
	e.send(t, "PATCH", "Shipments('"+de[0]+"')", `{"Status":"held"}`, ops...).wantError(t, 403, "Forbidden", "")

	// An update with the ETag read answers the entity as the API stores it.
	one = e.get(t, "Shipments('"+de[0]+"')", clerk...).mustStatus(t, 200)
	sameAs("clerk's entity", "Status", true, one.object(t))
	r := e.send(t, "PATCH", "Shipments('"+de[0]+"')", `{"Carrier":"Held"}`, append(clerk, "If-Match", one.header.Get("ETag"), "Prefer", "return=representation")...)
	r.mustStatus(t, 200)
	truth[de[0]]["Carrier"] = "Held"
	sameAs("updated", "Status", true, r.object(t))
	if got := e.get(t, "Shipments('"+de[0]+"')", admin...).object(t); got["Status"] != truth[de[0]]["Status"] {
		t.Fatalf("the update changed the hidden Status from %v to %v", truth[de[0]]["Status"], got["Status"])
	}
	// A created entity is answered in the caller's view too.
	r = e.send(t, "POST", "Shipments", `{"TrackingNumber":"TNX9","OrderID":5,"Carrier":"DHL","Fragile":true,"WeightKg":1.5,"Country":"DE","Cost":12.5}`, append(clerk, "Prefer", "return=representation")...)
	r.mustStatus(t, 201)
	created := r.object(t)
	truth["TNX9"] = e.get(t, "Shipments('TNX9')", admin...).mustStatus(t, 200).object(t)
	sameAs("created", "Status", true, created)
}

// TestSecurityRESTBadHiddenValue: an API value that does not fit its
// property is a 502 naming the property and quoting the value, except to a
// caller whose view hides the property: it learnt the hidden value.
func TestSecurityRESTBadHiddenValue(t *testing.T) {
	api := resttest.New(t, 5)
	bad := "secret-not-a-date"
	api.Rows[0].ShippedAt = &bad
	src := openShipping(t, api)
	roles := map[string]config.Role{
		"ops":   {Sets: map[string]config.SetRule{"Shipments": {Hide: []string{"ShippedAt"}}}},
		"admin": {Sets: map[string]config.SetRule{"Shipments": {}}},
	}
	g := serviceGuard(t, "shipping", src, roles, map[string][]string{"key-ops": {"ops"}, "key-admin": {"admin"}})
	e := newRESTWritesEnv(t, api, restWritable, g, nil)
	for _, u := range []string{"Shipments", "Shipments('" + api.Rows[0].Tracking + "')", "Shipments/$count?$filter=Fragile"} {
		r := e.get(t, u, "X-API-Key", "key-ops")
		r.wantError(t, 502, "UpstreamInvalidData", "")
		if b := string(r.body); strings.Contains(b, "ShippedAt") || strings.Contains(b, bad) {
			t.Errorf("%s: the hidden property in %s", u, b)
		}
		if b := string(e.get(t, u, "X-API-Key", "key-admin").mustStatus(t, 502).body); !strings.Contains(b, "ShippedAt") {
			t.Errorf("%s: the admin's error lost its detail: %s", u, b)
		}
	}
}
