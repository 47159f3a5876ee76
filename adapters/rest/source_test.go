package rest_test

import (
	"context"
	"net/http"
	"odatagw/adapters/rest"
	"strings"
	"testing"

	"odatagw/adapters/rest/resttest"
	"odatagw/metadata"
	"odatagw/metadata/csdltest"
	"odatagw/odataerr"
)

// requests over the shipments that every configuration must answer alike.
var requests = []string{
	"Shipments",
	"Shipments?$filter=Status eq 'shipped'",
	"Shipments?$filter=Status eq 'Shipped' and Carrier eq 'DHL'",
	"Shipments?$filter=Status ne 'shipped'&$orderby=Cost desc&$top=12",
	"Shipments?$filter=Status eq null",
	"Shipments?$filter=Carrier eq 'dhl' or WeightKg gt 3.5",
	"Shipments?$filter=ShippedAt ge 2024-02-01T00:00:00Z and ShippedAt le 2024-02-10T00:00:00Z",
	"Shipments?$filter=ShippedAt ge 2024-02-01T00:00:00Z&$orderby=TrackingNumber&$top=5&$skip=3",
	"Shipments?$filter=TrackingNumber in ('TN007919','TN015838','TN999999','TN023757')",
	"Shipments?$filter=TrackingNumber eq 'TN015838'",
	"Shipments?$filter=OrderID eq 10007&$orderby=Cost,TrackingNumber",
	"Shipments?$filter=contains(tolower(Carrier),'post') and Fragile",
	"Shipments?$filter=year(DeliveredOn) eq 2024 and month(DeliveredOn) eq 3",
	"Shipments?$filter=Cost add 1 gt 39.5",
	"Shipments?$filter=Country eq 'FR' and WeightKg eq null",
	"Shipments?$search=österreichische",
	"Shipments?$orderby=TrackingNumber desc&$top=9",
	"Shipments?$orderby=TrackingNumber&$top=10&$skip=140",
	"Shipments?$orderby=ShippedAt desc,TrackingNumber&$top=20",
	"Shipments?$orderby=Status,WeightKg desc&$select=Status,WeightKg",
	"Shipments('TN015838')",
	"Shipments('TN015838')?$select=Cost,Country",
	"Shipments('nope')",
	"Shipments/$count",
	"Shipments/$count?$filter=Status eq 'shipped'",
	"Shipments/$count?$search=dhl",
	// $compute: evaluated over the fetched rows; pushable conditions beside it still reach the API.
	"Shipments?$compute=Cost mul 2 as C2&$filter=Status eq 'shipped' and C2 gt 50&$orderby=C2 desc&$top=5",
	"Shipments?$compute=concat(Carrier,Country) as CC&$select=TrackingNumber,CC&$orderby=CC,TrackingNumber&$top=7&$skip=2",
	"Shipments/$count?$compute=Cost add 1 as C1&$filter=C1 gt 30",
	// $apply: aggregated over the fetched rows; a leading filter reaches the API.
	"Shipments?$apply=groupby((Carrier),aggregate(Cost with sum as S,Cost with average as A,WeightKg with sum as W,$count as N))",
	"Shipments?$apply=filter(Status eq 'shipped' and Carrier eq 'DHL')/groupby((Country),aggregate(Cost with max as M,OrderID with countdistinct as O))",
	"Shipments?$apply=filter(Status eq 'shipped')/filter(Cost gt 20)/aggregate(Cost with sum as S,ShippedAt with min as First,$count as N)",
	"Shipments?$apply=filter(Carrier eq 'nobody')/aggregate(Cost with sum as S,$count as N)",
	"Shipments?$apply=compute(year(ShippedAt) as Y)/groupby((Y,Fragile),aggregate(WeightKg with average as A))&$orderby=A desc&$top=3",
	"Shipments?$apply=groupby((Status,Carrier),aggregate($count as N))/filter(N gt 3)/orderby(N desc)/top(5)&$skip=1&$compute=N mul 2 as N2",
	"Shipments?$apply=concat(aggregate(Cost with sum as S),groupby((Carrier),aggregate(Cost with sum as S)))&$select=S",
	"Shipments/$count?$apply=filter(Country eq 'FR')/groupby((Carrier))",
}

// TestIdenticalEitherWay: for every paging style, the API with push-down
// declarations, the API without any, and the evaluator over the same rows
// in memory answer every request identically.
func TestIdenticalEitherWay(t *testing.T) {
	for style := range resttest.Paging {
		t.Run(style, func(t *testing.T) {
			a := resttest.New(t, 150)
			pushed := openSource(t, resttest.Config(a, style, true), nil)
			plain := openSource(t, resttest.Config(a, style, false), nil)
			ref := referenceStore(t, pushed, a.Rows)
			for _, req := range requests {
				want, err := answer(t, ref, req)
				if err != nil {
					t.Fatalf("%s: reference: %v", req, err)
				}
				for name, src := range map[string]*rest.Source{"pushed": pushed, "plain": plain} {
					got, err := answer(t, src, req)
					if err != nil {
						t.Fatalf("%s (%s): %v", req, name, err)
					}
					if !equalRows(got, want) {
						t.Errorf("%s (%s): %d rows\n%v\nwant %d rows\n%v", req, name, len(got), got, len(want), want)
					}
				}
			}
		})
	}
}

// TestPushDown: declared filters, sorting and paging reach the API, so a
// narrow request reads few rows and pages.
func TestPushDown(t *testing.T) {
	a := resttest.New(t, 250)
	src := openSource(t, resttest.Config(a, "offset", true), nil)
	cases := []struct {
		req       string
		wantParam []string // in the first call
		maxCalls  int
	}{
		{"Shipments?$filter=Status eq 'shipped' and Carrier eq 'UPS'", []string{"status=shipped", "carrier=UPS"}, 5},
		{"Shipments?$filter=ShippedAt ge 2024-02-01T00:00:00Z and ShippedAt le 2024-02-03T00:00:00Z", []string{"from=2024-02-01T00%3A00%3A00Z", "to=2024-02-03T00%3A00%3A00Z"}, 2},
		{"Shipments?$orderby=TrackingNumber&$top=3&$skip=20", []string{"sort=tracking_number", "offset=20", "limit=7"}, 1},
		{"Shipments?$orderby=TrackingNumber desc&$top=10", []string{"sort=-tracking_number"}, 2},
		{"Shipments?$filter=Status eq 'shipped'&$orderby=TrackingNumber&$top=2", []string{"status=shipped", "sort=tracking_number", "offset=0"}, 1},
		// $apply's leading filters are conditions on the rows fetched.
		{"Shipments?$apply=filter(Status eq 'shipped')/filter(Carrier eq 'UPS')/aggregate(Cost with sum as S)", []string{"status=shipped", "carrier=UPS"}, 5},
		{"Shipments?$apply=filter(Carrier eq 'UPS')/concat(aggregate($count as N),groupby((Status),aggregate($count as N)))", []string{"carrier=UPS"}, 8}, // 50 of 250 rows, 7 a page,
	}
	for _, c := range cases {
		a.ResetCalls()
		if _, err := answer(t, src, c.req); err != nil {
			t.Fatalf("%s: %v", c.req, err)
		}
		calls := a.CallLog()
		if len(calls) == 0 || len(calls) > c.maxCalls {
			t.Errorf("%s: %d calls %v, want 1..%d", c.req, len(calls), calls, c.maxCalls)
			continue
		}
		for _, p := range c.wantParam {
			if !strings.Contains(calls[0], p) {
				t.Errorf("%s: first call %s lacks %s", c.req, calls[0], p)
			}
		}
	}
	// A key read uses key_path; a list of keys one `in` call per 10 values.
	a.ResetCalls()
	if _, err := answer(t, src, "Shipments('TN015838')"); err != nil {
		t.Fatal(err)
	}
	if n := a.Calls("/api/offset/shipments/TN015838"); n != 1 {
		t.Errorf("key read: %d calls to the key path, want 1", n)
	}
	var keys []string
	for _, s := range a.Rows[:25] {
		keys = append(keys, "'"+s.Tracking+"'")
	}
	a.ResetCalls()
	rows, err := answer(t, src, "Shipments?$filter=TrackingNumber in ("+strings.Join(keys, ",")+")")
	if err != nil {
		t.Fatal(err)
	}
	// Chunks of 10, 10 and 5 values; the first two take two pages of 7 rows each.
	if len(rows) != 25 || a.Calls("/api/offset/shipments?") != 5 || a.Calls("/api/offset/shipments?limit=7&offset=0&tracking=") != 3 {
		t.Errorf("in list of 25: %d rows in %d calls, want 25 rows in 3 chunks, 5 calls", len(rows), a.Calls("/api/offset/shipments?"))
	}
}

// TestRowCeiling: a request that needs more rows than max_rows fails with
// a clear 400 naming the upstream and the filters it can push down, rather
// than answering from a truncated read; pushed-down requests stay under it.
func TestRowCeiling(t *testing.T) {
	a := resttest.New(t, 250)
	cfg := resttest.Config(a, "page", true)
	cfg.MaxRows = 100
	src := openSource(t, cfg, nil)
	_, err := answer(t, src, "Shipments?$filter=contains(Carrier,'P')")
	oe := odataerr.As(err)
	if oe == nil || oe.Status != http.StatusBadRequest || oe.Code != "UpstreamRowLimit" ||
		!strings.Contains(oe.Message, `more than 100 rows from upstream "shipping"`) || !strings.Contains(oe.Message, "Status eq") {
		t.Fatalf("want the row-limit error, got %v", err)
	}
	// $apply: the ceiling holds for the rows aggregated, before aggregation
	// (an aggregate of one row over 250 fetched rows is refused, not summed
	// over the first 100).
	_, err = answer(t, src, "Shipments?$apply=aggregate(Cost with sum as S)")
	if oe := odataerr.As(err); oe == nil || oe.Status != http.StatusBadRequest || oe.Code != "UpstreamRowLimit" {
		t.Fatalf("$apply over 250 rows: want the row-limit error, got %v", err)
	}
	if _, err := answer(t, src, "Shipments/$count?$apply=groupby((Carrier))"); odataerr.As(err) == nil || odataerr.As(err).Code != "UpstreamRowLimit" {
		t.Fatalf("$count of $apply over 250 rows: want the row-limit error, got %v", err)
	}
	for _, req := range []string{
		"Shipments?$apply=filter(Carrier eq 'UPS')/groupby((Status),aggregate(Cost with sum as S))", // 50 rows pushed down
		"Shipments?$filter=Carrier eq 'UPS'",                 // 50 rows pushed down
		"Shipments?$orderby=TrackingNumber&$top=20&$skip=40", // early stop
		"Shipments/$count",                                   // the API's total
	} {
		if _, err := answer(t, src, req); err != nil {
			t.Errorf("%s: %v", req, err)
		}
	}
}

// TestBadUpstreamData: a value that does not fit its declared type is a
// 502 naming the upstream, the set and the property.
func TestBadUpstreamData(t *testing.T) {
	a := resttest.New(t, 5)
	a.Rows[2].Cost = "12,50" // not a number (written as a JSON number token by the API: invalid JSON)
	src := openSource(t, resttest.Config(a, "none", false), nil)
	_, err := answer(t, src, "Shipments")
	if oe := odataerr.As(err); oe == nil || oe.Status != http.StatusBadGateway || !strings.Contains(oe.Message, `upstream "shipping"`) {
		t.Fatalf("want a 502 naming the upstream, got %v", err)
	}
	a.Rows[2].Cost = "1.5"
	cfg := resttest.Config(a, "none", false)
	cfg.Entities[0].Properties = append([]rest.Property(nil), resttest.Properties...)
	cfg.Entities[0].Properties[9].Type = "Edm.Int32" // Country is text
	src = openSource(t, cfg, nil)
	_, err = answer(t, src, "Shipments")
	oe := odataerr.As(err)
	if oe == nil || oe.Status != http.StatusBadGateway || oe.Code != "UpstreamInvalidData" || !strings.Contains(oe.Message, "property Country") {
		t.Fatalf("want a 502 naming property Country, got %v", err)
	}
}

// TestModelIsValidCSDL: the declared model passes the metadata validator
// and both CSDL writers.
func TestModelIsValidCSDL(t *testing.T) {
	a := resttest.New(t, 1)
	src := openSource(t, resttest.Config(a, "page", true), nil)
	m, _ := src.Model(context.Background())
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	var sb, js strings.Builder
	if err := metadata.WriteXML(&sb, m); err != nil {
		t.Fatal(err)
	}
	if err := metadata.WriteJSON(&js, m); err != nil {
		t.Fatal(err)
	}
	csdltest.ValidateXML(t, []byte(sb.String()))
	csdltest.ValidateJSON(t, []byte(js.String()))
	for _, want := range []string{`<Property Name="Cost" Type="Edm.Decimal" Precision="10" Scale="2"/>`, `<PropertyRef Name="TrackingNumber"/>`} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("$metadata lacks %s:\n%s", want, sb.String())
		}
	}
}
