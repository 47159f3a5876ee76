package tests

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"odatagw/adapters/rest"
	"odatagw/adapters/rest/resttest"
	"odatagw/gateway"
)

// A JSON API served as an OData entity set, end to end over HTTP.

func newRESTEnv(t *testing.T, api *resttest.API, style string, pushdown bool, maxRows int) *demoEnv {
	t.Helper()
	cfg := resttest.Config(api, style, pushdown)
	cfg.MaxRows = maxRows
	src, err := rest.Open(rest.Options{Name: "shipping"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return newEnv(t, gateway.Config{}, "", gateway.Service{Name: "shipping", Source: src})
}

// TestRESTServerPaging reads the whole set through @odata.nextLink: every
// shipment exactly once, in key order, and each gateway page costs a
// bounded number of upstream calls (keyset continuation is pushed down as
// after_tn with the sort), not a re-read of everything before it.
func TestRESTServerPaging(t *testing.T) {
	api := resttest.New(t, 120)
	env := newRESTEnv(t, api, "offset", true, 0)
	seen := map[string]bool{}
	last := ""
	next := "Shipments?$select=TrackingNumber,Cost"
	pages := 0
	for next != "" {
		api.ResetCalls()
		c := env.get(t, next, "Prefer", "odata.maxpagesize=25").collection(t)
		for _, r := range c.rows(t) {
			tn := r["TrackingNumber"].(string)
			if seen[tn] || tn <= last {
				t.Fatalf("page %d: %s repeated or out of order", pages, tn)
			}
			seen[tn], last = true, tn
		}
		if n := api.Calls("/api/"); n > 5 {
			t.Errorf("page %d cost %d upstream calls, want at most 5 (26 rows in pages of 7)", pages, n)
		}
		next, pages = c.NextLink, pages+1
	}
	if len(seen) != 120 || pages != 5 {
		t.Errorf("%d shipments in %d pages, want 120 in 5", len(seen), pages)
	}
}

func TestRESTServerQueries(t *testing.T) {
	api := resttest.New(t, 60)
	env := newRESTEnv(t, api, "page", true, 0)
	c := env.get(t, "Shipments?$filter="+url.QueryEscape("Status eq 'shipped' and Fragile")+"&$orderby=Cost%20desc&$count=true&$select=TrackingNumber,Status,Cost").collection(t)
	rows := c.rows(t)
	want := 0
	for _, s := range api.Rows {
		if s.Status != nil && *s.Status == "shipped" && s.Fragile {
			want++
		}
	}
	if c.Count == nil || int(*c.Count) != want || len(rows) != want || want == 0 {
		t.Fatalf("count %v, %d rows, want %d", c.Count, len(rows), want)
	}
	for _, r := range rows {
		if r["Status"] != "shipped" { // the API matches case-insensitively; the gateway exactly
			t.Errorf("row %v", r)
		}
	}
	tn := api.Rows[3].Tracking
	one := env.get(t, "Shipments('"+tn+"')").mustStatus(t, http.StatusOK)
	if !strings.Contains(string(one.body), `"TrackingNumber":"`+tn+`"`) || !strings.Contains(string(one.body), `"Country":"`) {
		t.Errorf("entity: %s", one.body)
	}
	env.get(t, "Shipments('nope')").mustStatus(t, http.StatusNotFound)
	if r := env.get(t, "$metadata").mustStatus(t, http.StatusOK); !strings.Contains(string(r.body), `<EntitySet Name="Shipments"`) {
		t.Errorf("$metadata: %s", trunc(r.body))
	}
}

func TestRESTServerErrors(t *testing.T) {
	api := resttest.New(t, 60)
	env := newRESTEnv(t, api, "page", true, 40)
	r := env.get(t, "Shipments?$filter=contains(Carrier,'P')")
	r.mustStatus(t, http.StatusBadRequest)
	if e := r.odataError(t); e.Error.Code != "UpstreamRowLimit" || !strings.Contains(e.Error.Message, `upstream "shipping"`) {
		t.Errorf("row limit: %+v", e.Error)
	}
	api.Fail(100, http.StatusInternalServerError)
	r = env.get(t, "Shipments?$top=3")
	r.mustStatus(t, http.StatusBadGateway)
	if e := r.odataError(t); e.Error.Code != "UpstreamError" || !strings.Contains(e.Error.Message, `upstream "shipping": answered 500`) {
		t.Errorf("upstream failure: %+v", e.Error)
	}
}
