package rest

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/adapters/memquery"
	"odatagw/config"
	"odatagw/metadata"
)

// shipmentProps are the test API's properties.
var shipmentProps = []config.RESTProperty{
	{Name: "TrackingNumber", Field: "tracking_number"},
	{Name: "OrderID", Type: "Edm.Int32", Field: "order_id", Nullable: new(false)},
	{Name: "Status", Field: "status", MaxLength: 20},
	{Name: "Carrier", Field: "carrier", Nullable: new(false)},
	{Name: "WeightKg", Type: "Edm.Double", Field: "/measures/weight_kg"},
	{Name: "Cost", Type: "Edm.Decimal", Field: "cost", Precision: 10, Scale: 2},
	{Name: "ShippedAt", Type: "Edm.DateTimeOffset", Field: "shipped_at"},
	{Name: "DeliveredOn", Type: "Edm.Date", Field: "delivered_on"},
	{Name: "Fragile", Type: "Edm.Boolean", Field: "fragile", Nullable: new(false)},
	{Name: "Country", Field: "/destination/country"},
}

// pagingFor is the paging configuration of each style the test API serves.
var pagingFor = map[string]config.RESTPaging{
	"none":   {},
	"page":   {Style: "page", Size: 7},
	"offset": {Style: "offset", Size: 7},
	"cursor": {Style: "cursor", Size: 7, SizeParam: "size", Cursor: "/next_cursor"},
	"link":   {Style: "link", Size: 7, SizeParam: "size"},
	"next":   {Style: "next", Size: 7, SizeParam: "size", Next: "/links/next"},
}

var rowsAt = map[string]string{"none": "", "page": "/data", "offset": "/items", "cursor": "/results", "link": "", "next": "/data"}

// apiConfig describes the test API's shipments for a paging style; with
// pushdown it declares the API's filters and sorting.
func apiConfig(a *testAPI, style string, pushdown bool) config.REST {
	e := config.RESTEntity{
		Name: "Shipments", Path: "/api/" + style + "/shipments", KeyPath: "/api/" + style + "/shipments/{TrackingNumber}",
		Entity: "/shipment", Rows: rowsAt[style], Key: []string{"TrackingNumber"}, Properties: shipmentProps,
		Paging: pagingFor[style],
	}
	if style == "page" {
		e.Count = "/meta/total"
	}
	if pushdown {
		e.Filters = []config.RESTFilter{
			{Property: "Status", Op: "eq", Param: "status"},
			{Property: "Carrier", Op: "eq", Param: "carrier"},
			{Property: "TrackingNumber", Op: "in", Param: "tracking", MaxValues: 10},
			{Property: "TrackingNumber", Op: "gt", Param: "after_tn"},
			{Property: "OrderID", Op: "eq", Param: "order"},
			{Property: "ShippedAt", Op: "ge", Param: "from"},
			{Property: "ShippedAt", Op: "le", Param: "to"},
		}
		e.Sort = &config.RESTSort{Param: "sort", Properties: []string{"TrackingNumber"}}
	} else {
		e.KeyPath = ""
	}
	return config.REST{BaseURL: a.srv.URL, Entities: []config.RESTEntity{e}, RetryBackoff: time.Millisecond}
}

func openSource(t *testing.T, cfg config.REST, now func() time.Time) *Source {
	t.Helper()
	s, err := Open(Options{Name: "shipping", Now: now, Client: &http.Client{}}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// plan binds an OData request against the source's model.
func planReq(t *testing.T, src adapters.Source, req string) (*adapters.Query, adaptertest.Kind) {
	t.Helper()
	m, err := src.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	q, kind, err := adaptertest.Plan(m, req)
	if err != nil {
		t.Fatalf("%s: %v", req, err)
	}
	return q, kind
}

// answer runs a planned request: its rows, or its count as a one-value row.
func answer(t *testing.T, src adapters.Source, req string) ([][]any, error) {
	t.Helper()
	q, kind := planReq(t, src, req)
	ctx := context.Background()
	if kind == adaptertest.KindCount {
		n, err := src.Count(ctx, q)
		return [][]any{{n}}, err
	}
	return adaptertest.ReadRows(ctx, src, q)
}

// referenceStore holds the test API's rows as Go values, converted
// independently of the adapter, under the adapter's model.
func referenceStore(t *testing.T, src *Source, rows []shipment) *memquery.Store {
	t.Helper()
	var out [][]any
	for _, s := range rows {
		r := []any{s.Tracking, int64(s.OrderID), nil, s.Carrier, nil, metadata.Decimal(s.Cost), nil, nil, s.Fragile, s.Country}
		if s.Status != nil {
			r[2] = *s.Status
		}
		if s.Weight != nil {
			r[4] = *s.Weight
		}
		if s.ShippedAt != nil {
			tm, _ := time.Parse(time.RFC3339, *s.ShippedAt)
			r[6] = tm.UTC()
		}
		if s.Delivered != nil {
			d, _ := time.Parse(time.DateOnly, *s.Delivered)
			r[7] = metadata.DateOf(d)
		}
		out = append(out, r)
	}
	m, _ := src.Model(context.Background())
	store, err := memquery.NewStore(m, map[string][][]any{"Shipments": out})
	if err != nil {
		t.Fatal(err)
	}
	return store
}

func equalRows(a, b [][]any) bool {
	return slices.EqualFunc(a, b, func(x, y []any) bool {
		return slices.EqualFunc(x, y, func(u, v any) bool {
			if tu, ok := u.(time.Time); ok {
				tv, ok := v.(time.Time)
				return ok && tu.Equal(tv)
			}
			return u == v
		})
	})
}
