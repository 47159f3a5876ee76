package rest_test

import (
	"context"
	"net/http"
	"odatagw/adapters/rest"
	"slices"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/adapters/memquery"
	"odatagw/adapters/rest/resttest"
	"odatagw/metadata"
)

func openSource(t *testing.T, cfg rest.Config, now func() time.Time) *rest.Source {
	t.Helper()
	s, err := rest.Open(rest.Options{Name: "shipping", Now: now, Client: &http.Client{}}, cfg)
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
func referenceStore(t *testing.T, src *rest.Source, rows []resttest.Shipment) *memquery.Store {
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
