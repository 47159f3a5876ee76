package memquery_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/adapters/memquery"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// TestApplyIntegerSumOverflow: an integer sum that leaves Int64 is 400
// InvalidData (as on the SQL sources), not a wrapped-around number.
func TestApplyIntegerSumOverflow(t *testing.T) {
	src, _ := fixture(t)
	ctx := context.Background()
	m, _ := src.Model(ctx)
	set := m.EntitySet("Products")
	rows, err := adaptertest.ReadRows(ctx, src, &adapters.Query{Set: set, Top: -1})
	if err != nil {
		t.Fatal(err)
	}
	stock := slices.IndexFunc(set.Type.Properties, func(p *metadata.Property) bool { return p.Name == "Stock" })
	rows[0][stock], rows[1][stock] = int64(math.MaxInt64-1000), int64(2000) // the others add 106 at most
	id := slices.IndexFunc(set.Type.Properties, func(p *metadata.Property) bool { return p.Name == "ProductID" })
	without := fmt.Sprintf("Products?$apply=filter(ProductID ne %d)/aggregate(Stock with sum as S)", rows[1][id])
	store, err := memquery.NewStore(m, map[string][][]any{"Products": rows})
	if err != nil {
		t.Fatal(err)
	}
	for req, want := range map[string]int{
		"Products?$apply=aggregate(Stock with sum as S)":                         400,
		"Products?$apply=groupby((Discontinued),aggregate(Stock with sum as S))": 400,
		without: 200,
		"Products?$apply=aggregate(Stock with max as M,Stock with average as A)": 200,
	} {
		q, _, err := adaptertest.Plan(m, req)
		if err != nil {
			t.Fatal(err)
		}
		_, err = adaptertest.ReadRows(ctx, store, q)
		oe := odataerr.As(err)
		switch {
		case want == 200 && err != nil:
			t.Errorf("%s: %v", req, err)
		case want == 400 && (oe == nil || oe.Status != 400 || oe.Code != "InvalidData"):
			t.Errorf("%s: want 400 InvalidData, got %v", req, err)
		}
	}
}
