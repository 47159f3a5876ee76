package rest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/rest"
	"odatagw/adapters/rest/resttest"
	"odatagw/odataerr"
)

// insertShipment creates a shipment with carrier through src.
func insertShipment(t *testing.T, src *rest.Source, carrier string) error {
	t.Helper()
	m, _ := src.Model(context.Background())
	set := m.EntitySet("Shipments")
	p := set.Type.Property
	_, err := src.Insert(context.Background(), &adapters.Insert{Set: set, Values: []adapters.PropertyValue{
		{Prop: p("TrackingNumber"), Value: "TNW1"}, {Prop: p("OrderID"), Value: int64(3)},
		{Prop: p("Carrier"), Value: carrier}, {Prop: p("Fragile"), Value: false}}})
	return err
}

// TestWriteErrorMessages: the API's validation message reaches the client,
// cut short when long, and not at all when it holds the gateway's
// upstream credentials (here the OAuth2 token it was issued).
func TestWriteErrorMessages(t *testing.T) {
	a := resttest.New(t, 3)
	a.RequireOAuth2(3600)
	cfg := resttest.Config(a, "none", false)
	cfg.Entities[0].KeyPath = "/api/none/shipments/{TrackingNumber}"
	cfg.Auth = rest.Auth{Type: "oauth2", TokenURL: a.URL + "/oauth/token", ClientID: "gw", ClientSecret: "s3cret"}
	src := openSource(t, cfg, nil)
	message := func(carrier string) string {
		t.Helper()
		var oe *odataerr.Error
		if err := insertShipment(t, src, carrier); !errors.As(err, &oe) || oe.Status != http.StatusBadRequest || oe.Code != "UpstreamRejected" {
			t.Fatalf("carrier %q: %v", carrier, err)
		}
		return oe.Message
	}
	if msg := message("xy!"); !strings.HasSuffix(msg, `(422): carrier "xy!" is invalid`) {
		t.Errorf("message %q", msg)
	}
	if msg := message(strings.Repeat("z", 400) + "!"); !strings.HasSuffix(msg, "…") || len([]rune(msg)) > 400 {
		t.Errorf("long message %d runes: %q", len([]rune(msg)), msg)
	}
	if msg := message("tok-1!"); strings.Contains(msg, "tok-1") || strings.Contains(msg, "invalid") {
		t.Errorf("a message with the token reached the client: %q", msg)
	}
}

// TestCreatedLocationElsewhere: a Location on another host is not
// followed (the gateway's credentials would go with the call).
func TestCreatedLocationElsewhere(t *testing.T) {
	followed := false
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { followed = true }))
	defer elsewhere.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", elsewhere.URL+"/api/none/shipments/TNW1")
		w.WriteHeader(http.StatusCreated)
	}))
	defer api.Close()
	cfg := resttest.Config(&resttest.API{URL: api.URL}, "none", false)
	cfg.Entities[0].KeyPath = "/api/none/shipments/{TrackingNumber}"
	cfg.Entities[0].Write.Reread = "location"
	src := openSource(t, cfg, nil)
	var oe *odataerr.Error
	if err := insertShipment(t, src, "DHL"); !errors.As(err, &oe) || oe.Status != http.StatusBadGateway || !strings.Contains(oe.Message, "another host") || followed {
		t.Fatalf("%v (followed: %v)", err, followed)
	}
}
