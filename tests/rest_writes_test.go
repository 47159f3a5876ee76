package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/rest"
	"odatagw/adapters/rest/resttest"
	"odatagw/cache"
	"odatagw/config"
	"odatagw/gateway"
)

// Writes to a JSON API through the gateway, end to end over HTTP: the
// gateway's write path (201 + Location, 204, return=representation, ETags,
// the write policy, authorization, the cache) over the rest source's
// POST/PATCH/PUT/DELETE calls to the in-process API.

var restWritable = gateway.WritePolicy{Default: gateway.SetWrites{Insert: true, Update: true, Delete: true}}

// newRESTWritesEnv serves the API's shipments (page style, pushed-down
// filters, by-key reads) writable, with the response cache on; tune
// changes the API's description first.
func newRESTWritesEnv(t *testing.T, api *resttest.API, policy gateway.WritePolicy, guard gateway.Guard, tune func(*rest.Config)) *writesEnv {
	t.Helper()
	cfg := resttest.Config(api, "page", true)
	if tune != nil {
		tune(&cfg)
	}
	src, err := rest.Open(rest.Options{Name: "shipping"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	gc := gateway.Config{Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}, Guard: guard}
	return &writesEnv{demoEnv: newEnv(t, gc, "", gateway.Service{Name: "shipping", Source: src, Writes: policy}), kind: "rest"}
}

const newShipment = `{"TrackingNumber":"TNX1","OrderID":5,"Carrier":"DHL","Fragile":true,"WeightKg":1.5,"Country":"DE","Cost":12.5,"ShippedAt":"2024-05-01T10:00:00Z"}`

// TestRESTWritesCRUD: create, patch, put and delete reach the API as
// POST, PATCH, PUT and DELETE with the configured fields (nested ones
// included), and the gateway answers as for a database.
func TestRESTWritesCRUD(t *testing.T) {
	api := resttest.New(t, 20)
	e := newRESTWritesEnv(t, api, restWritable, nil, nil)

	r := e.send(t, "POST", "Shipments", newShipment).mustStatus(t, 201)
	if loc := r.header.Get("Location"); !strings.HasSuffix(loc, "/odata/shipping/Shipments('TNX1')") {
		t.Errorf("Location %q", loc)
	}
	if r.header.Get("ETag") == "" {
		t.Error("no ETag on the created entity")
	}
	if o := r.object(t); fmt.Sprint(o["Cost"]) != "12.50" || o["Country"] != "DE" || fmt.Sprint(o["WeightKg"]) != "1.5" || o["ShippedAt"] != "2024-05-01T10:00:00Z" {
		t.Errorf("created entity: %v", o)
	}
	s := api.Get("TNX1")
	if s == nil || s.Carrier != "DHL" || s.Weight == nil || *s.Weight != 1.5 || s.Country != "DE" || s.Cost != "12.5" || !s.Fragile {
		t.Fatalf("the API holds %+v", s)
	}
	if api.Requests("POST", "/api/page/shipments") != 1 {
		t.Errorf("POST calls: %d", api.Requests("POST", "/api/page/shipments"))
	}

	e.send(t, "PATCH", "Shipments('TNX1')", `{"Status":"shipped"}`).mustStatus(t, 204)
	if s := api.Get("TNX1"); s.Status == nil || *s.Status != "shipped" || s.Carrier != "DHL" || s.Country != "DE" {
		t.Fatalf("after PATCH the API holds %+v", s)
	}
	if api.Requests("PATCH", "/api/page/shipments/TNX1") != 1 {
		t.Error("the update was not a PATCH")
	}
	r = e.send(t, "PATCH", "Shipments('TNX1')", `{"Carrier":"UPS"}`, "Prefer", "return=representation").mustStatus(t, 200)
	if o := r.object(t); o["Carrier"] != "UPS" || o["Status"] != "shipped" {
		t.Errorf("representation after PATCH: %v", o)
	}

	// PUT replaces: what it does not give is reset (Status to null).
	e.send(t, "PUT", "Shipments('TNX1')", `{"OrderID":6,"Carrier":"GLS","Fragile":false}`).mustStatus(t, 204)
	if s := api.Get("TNX1"); s.Status != nil || s.Carrier != "GLS" || s.OrderID != 6 || s.Weight != nil {
		t.Fatalf("after PUT the API holds %+v", s)
	}

	e.send(t, "DELETE", "Shipments('TNX1')", "").mustStatus(t, 204)
	if api.Get("TNX1") != nil {
		t.Fatal("DELETE did not remove the shipment")
	}
	e.get(t, "Shipments('TNX1')").mustStatus(t, 404)

	// return=minimal: 204 with the entity's id.
	r = e.send(t, "POST", "Shipments", strings.Replace(newShipment, "TNX1", "TNX2", 1), "Prefer", "return=minimal").mustStatus(t, 204)
	if !strings.HasSuffix(r.header.Get("OData-EntityId"), "Shipments('TNX2')") {
		t.Errorf("OData-EntityId %q", r.header.Get("OData-EntityId"))
	}
}

// TestRESTWritesErrors: the API's refusals become the client's errors
// (validation 400 with the API's message unless it holds a credential,
// duplicates 409, missing entities 404, If-Match 412), and nothing changes.
func TestRESTWritesErrors(t *testing.T) {
	api := resttest.New(t, 20)
	api.RequireKey("sekrit-key")
	e := newRESTWritesEnv(t, api, restWritable, nil, func(c *rest.Config) {
		c.Auth = rest.Auth{Type: "header", Header: "X-API-Key", Value: "sekrit-key"}
	})
	n := api.Len()
	tn := api.Rows[0].Tracking

	r := e.send(t, "POST", "Shipments", strings.Replace(newShipment, `"DHL"`, `"bad!"`, 1))
	r.wantError(t, 400, "UpstreamRejected", "")
	if msg := r.odataError(t).Error.Message; !strings.Contains(msg, `carrier \"bad!\" is invalid`) && !strings.Contains(msg, `carrier "bad!" is invalid`) {
		t.Errorf("message %q does not pass the API's on", msg)
	}
	r = e.send(t, "POST", "Shipments", strings.Replace(newShipment, `"DHL"`, `"sekrit-key!"`, 1))
	r.wantError(t, 400, "UpstreamRejected", "")
	if strings.Contains(string(r.body), "sekrit") {
		t.Errorf("the API's message with the credential reached the client: %s", r.body)
	}
	e.send(t, "POST", "Shipments", strings.Replace(newShipment, "TNX1", tn, 1)).wantError(t, 409, "UpstreamConflict", "")
	e.send(t, "PATCH", "Shipments('NOPE')", `{"Status":"x"}`).wantError(t, 404, "", "")
	e.send(t, "DELETE", "Shipments('NOPE')", "").wantError(t, 404, "", "")
	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"OrderID":0}`).wantError(t, 400, "UpstreamRejected", "")
	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Status":"x"}`, "If-Match", `W/"nope"`).wantError(t, 412, "PreconditionFailed", "")
	if api.Len() != n || api.Get(tn).Version != 0 {
		t.Fatal("a refused write changed the API")
	}

	// The API's ETag goes with the change as If-Match; a change made in
	// between is the client's 412, not an overwrite.
	api.WithETags()
	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Status":"shipped"}`).mustStatus(t, 204)
	if im := api.IfMatches(); len(im) == 0 || im[len(im)-1] != `"v0"` {
		t.Errorf("If-Match sent: %q", im)
	}
	api.FailMethod("PATCH", 1, http.StatusPreconditionFailed)
	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Status":"pending"}`).wantError(t, 412, "PreconditionFailed", "")
	if s := api.Get(tn); *s.Status != "shipped" {
		t.Errorf("status %q after a failed precondition", *s.Status)
	}
}

// TestRESTWritesRetries: POST and PATCH are never repeated after a 5xx or
// a timeout (a repeat could apply twice); PUT and DELETE are.
func TestRESTWritesRetries(t *testing.T) {
	api := resttest.New(t, 20)
	e := newRESTWritesEnv(t, api, restWritable, nil, func(c *rest.Config) {
		c.Timeout = 300 * time.Millisecond
		c.Entities[0].Write.UpdateMethod = "PUT"
	})
	n := api.Len()
	tn := api.Rows[0].Tracking

	api.FailMethod("POST", 1, http.StatusInternalServerError)
	e.send(t, "POST", "Shipments", newShipment).wantError(t, 502, "UpstreamError", "")
	if got := api.Requests("POST", "/api/"); got != 1 || api.Len() != n {
		t.Fatalf("POST after a 500: %d calls, %d shipments", got, api.Len())
	}
	api.FailMethod("POST", 1, http.StatusServiceUnavailable)
	e.send(t, "POST", "Shipments", newShipment).wantError(t, 503, "UpstreamUnavailable", "")
	if got := api.Requests("POST", "/api/"); got != 2 || api.Len() != n {
		t.Fatalf("POST after a 503: %d calls in all, %d shipments", got, api.Len())
	}
	api.SetLatency(time.Second)
	e.send(t, "POST", "Shipments", newShipment).wantError(t, 504, "UpstreamTimeout", "")
	api.SetLatency(0)
	if got := api.Requests("POST", "/api/"); got != 3 {
		t.Fatalf("POST after a timeout: %d calls in all", got)
	}

	api.FailMethod("PUT", 1, http.StatusServiceUnavailable)
	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Status":"shipped"}`).mustStatus(t, 204)
	if got := api.Requests("PUT", "/api/page/shipments/"+tn); got != 2 || *api.Get(tn).Status != "shipped" {
		t.Fatalf("PUT after a 503: %d calls", got)
	}
	api.FailMethod("DELETE", 1, http.StatusServiceUnavailable)
	e.send(t, "DELETE", "Shipments('"+tn+"')", "").mustStatus(t, 204)
	if got := api.Requests("DELETE", "/api/"); got != 2 || api.Get(tn) != nil {
		t.Fatalf("DELETE after a 503: %d calls", got)
	}

	// A delete the API made but whose answer was lost: the retry finds
	// nothing, and the client is told the delete happened.
	tn = api.Rows[1].Tracking
	api.LoseAnswers("DELETE", 1, http.StatusBadGateway)
	e.send(t, "DELETE", "Shipments('"+tn+"')", "").mustStatus(t, 204)
	if got := api.Requests("DELETE", "/api/page/shipments/"+tn); got != 2 || api.Get(tn) != nil {
		t.Fatalf("DELETE with a lost answer: %d calls", got)
	}
	// A create the API made but whose answer was lost is the client's 502,
	// not repeated: the README tells to read before repeating.
	api.LoseAnswers("POST", 1, http.StatusBadGateway)
	e.send(t, "POST", "Shipments", strings.Replace(newShipment, "TNX1", "TNL1", 1)).wantError(t, 502, "UpstreamError", "")
	if api.Requests("POST", "/api/") != 4 || api.Get("TNL1") == nil {
		t.Fatalf("POST with a lost answer: %d calls in all", api.Requests("POST", "/api/"))
	}
}

// TestRESTWritesPATCHNotRetried: with update_method PATCH a 503 is the
// client's answer after one call.
func TestRESTWritesPATCHNotRetried(t *testing.T) {
	api := resttest.New(t, 5)
	e := newRESTWritesEnv(t, api, restWritable, nil, nil)
	tn := api.Rows[0].Tracking
	api.FailMethod("PATCH", 1, http.StatusServiceUnavailable)
	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Status":"shipped"}`).wantError(t, 503, "UpstreamUnavailable", "")
	if got := api.Requests("PATCH", "/api/"); got != 1 {
		t.Fatalf("PATCH after a 503: %d calls", got)
	}
}

// TestRESTWritesCreatedEntity: the created entity is read from the
// response, or from the Location header, or by key, as the API answers.
func TestRESTWritesCreatedEntity(t *testing.T) {
	for i, mode := range []string{"location", "id"} {
		api := resttest.New(t, 5)
		api.AnswerCreate(mode)
		e := newRESTWritesEnv(t, api, restWritable, nil, nil)
		tn := "TNC" + string(rune('0'+i))
		o := e.send(t, "POST", "Shipments", strings.Replace(newShipment, "TNX1", tn, 1)).mustStatus(t, 201).object(t)
		if o["TrackingNumber"] != tn || o["Country"] != "DE" || o["Carrier"] != "DHL" {
			t.Errorf("%s: created entity %v", mode, o)
		}
		// An update the API answers without a body: the entity is read again.
		o = e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Carrier":"UPS"}`, "Prefer", "return=representation").mustStatus(t, 200).object(t)
		if o["Carrier"] != "UPS" || o["Country"] != "DE" {
			t.Errorf("%s: updated entity %v", mode, o)
		}
	}
	// A key the API generates: the created entity tells it.
	api := resttest.New(t, 5)
	e := newRESTWritesEnv(t, api, restWritable, nil, func(c *rest.Config) {
		c.Entities[0].Write.Send = []string{"OrderID", "Carrier", "Fragile", "Status"}
	})
	o := e.send(t, "POST", "Shipments", `{"OrderID":7,"Carrier":"DHL","Fragile":false}`).mustStatus(t, 201).object(t)
	if o["TrackingNumber"] != "NEW00001" {
		t.Errorf("generated key: %v", o)
	}
	e.send(t, "POST", "Shipments", `{"OrderID":7,"Carrier":"DHL","Fragile":false,"Cost":3}`).wantError(t, 400, "", "Cost")
	doc := string(e.get(t, "$metadata").mustStatus(t, 200).body)
	if !strings.Contains(section(doc, `<Property Name="Cost"`, `</Property>`), "Core.Computed") {
		t.Error("a property the API does not take is not Core.Computed")
	}
}

// TestRESTWritesPolicyCacheAuthz: the write policy shows in $metadata and
// refuses what it does not allow, a write drops the cached reads of the
// set, and a read-only role gets 403.
func TestRESTWritesPolicyCacheAuthz(t *testing.T) {
	api := resttest.New(t, 20)
	policy := gateway.WritePolicy{Default: gateway.SetWrites{Insert: true, Update: true}}
	src := openShipping(t, api)
	roles := map[string]config.Role{
		"writer": {Sets: map[string]config.SetRule{"Shipments": {Access: "write"}}},
		"reader": {Sets: map[string]config.SetRule{"Shipments": {Access: "read"}}},
	}
	g := serviceGuard(t, "shipping", src, roles, map[string][]string{"key-writer": {"writer"}, "key-reader": {"reader"}})
	e := newRESTWritesEnv(t, api, policy, g, nil)
	writer := []string{"X-API-Key", "key-writer"}
	reader := []string{"X-API-Key", "key-reader"}
	tn := api.Rows[0].Tracking

	doc := string(e.get(t, "$metadata", writer...).mustStatus(t, 200).body)
	set := section(doc, `<EntitySet Name="Shipments"`, `</EntitySet>`)
	if !strings.Contains(set, "DeleteRestrictions") || strings.Contains(set, "InsertRestrictions") || strings.Contains(set, "UpdateRestrictions") {
		t.Errorf("capabilities of Shipments:\n%s", set)
	}
	e.send(t, "DELETE", "Shipments('"+tn+"')", "", writer...).wantError(t, 405, "", "")
	for _, who := range [][]string{writer, reader} { // the OpenAPI document offers the writes the caller may make
		var api3 struct {
			Paths map[string]map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(e.get(t, "openapi.json", who...).mustStatus(t, 200).body, &api3); err != nil {
			t.Fatal(err)
		}
		_, post := api3.Paths["/Shipments"]["post"]
		_, patch := api3.Paths["/Shipments('{TrackingNumber}')"]["patch"]
		_, del := api3.Paths["/Shipments('{TrackingNumber}')"]["delete"]
		if writes := who[1] == "key-writer"; post != writes || patch != writes || del {
			t.Errorf("%s: OpenAPI offers post %v, patch %v, delete %v", who[1], post, patch, del)
		}
	}

	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Status":"by reader"}`, reader...).wantError(t, 403, "Forbidden", "")
	e.send(t, "POST", "Shipments", newShipment, reader...).wantError(t, 403, "Forbidden", "")
	if api.Requests("PATCH", "/") != 0 || api.Requests("POST", "/") != 0 {
		t.Fatal("a refused write reached the API")
	}

	read := func() string {
		t.Helper()
		return string(e.get(t, "Shipments('"+tn+"')?$select=Status", writer...).mustStatus(t, 200).body)
	}
	read()
	calls := api.Calls("/api/")
	read()
	if api.Calls("/api/") != calls {
		t.Fatal("the second read was not answered from the cache")
	}
	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Status":"rerouted"}`, writer...).mustStatus(t, 204)
	if body := read(); !strings.Contains(body, "rerouted") {
		t.Errorf("after the write the cached read is served: %s", body)
	}
}

// openShipping opens the API's shipments (page style, pushed down) as a
// source, closed when the test ends.
func openShipping(t *testing.T, api *resttest.API) *rest.Source {
	t.Helper()
	src, err := rest.Open(rest.Options{Name: "shipping"}, resttest.Config(api, "page", true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}
