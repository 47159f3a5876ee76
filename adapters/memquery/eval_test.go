package memquery

import (
	"context"
	"math/big"
	"testing"
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

func TestNavigationWithoutNavigatorIs501(t *testing.T) {
	target := &metadata.EntityType{Name: "T", Properties: []*metadata.Property{{Name: "X", Type: metadata.EdmInt32}}}
	nav := &metadata.NavigationProperty{Name: "Rel", Target: target}
	src := &metadata.EntityType{Name: "S", Properties: []*metadata.Property{{Name: "Y", Type: metadata.EdmInt32}}, Navigation: []*metadata.NavigationProperty{nav}}
	var ev Evaluator
	_, err := ev.Filter(context.Background(), src, []any{int64(1)}, &bound.Lambda{Nav: []*metadata.NavigationProperty{nav}})
	if oe := odataerr.As(err); oe == nil || oe.Status != 501 {
		t.Fatalf("want 501, got %v", err)
	}
}

func TestValuesOutsideTheSQLCases(t *testing.T) {
	c := func(t metadata.EdmType, v any) bound.Expr { return &bound.Const{T: t, Value: v} }
	day := metadata.Date{Year: 2024, Month: 2, Day: 28}
	cases := []struct {
		name string
		x    bound.Expr
		want any
	}{
		{"date sub date", &bound.Binary{Op: bound.Sub, Left: c(metadata.EdmDate, metadata.Date{Year: 2024, Month: 3, Day: 1}), Right: c(metadata.EdmDate, day), T: metadata.EdmDuration}, 48 * time.Hour},
		{"time of day order", &bound.Binary{Op: bound.Lt, Left: c(metadata.EdmTimeOfDay, metadata.TimeOfDay{Hour: 9}), Right: c(metadata.EdmTimeOfDay, metadata.TimeOfDay{Hour: 10}), T: metadata.EdmBoolean}, true},
		{"decimal third", &bound.Binary{Op: bound.DivBy, Left: c(metadata.EdmDecimal, metadata.Decimal("1")), Right: c(metadata.EdmDecimal, metadata.Decimal("4")), T: metadata.EdmDecimal}, metadata.Decimal("0.25")},
		{"null and false", &bound.Binary{Op: bound.And, Left: c(metadata.EdmBoolean, nil), Right: c(metadata.EdmBoolean, false), T: metadata.EdmBoolean}, false},
		{"null or false", &bound.Binary{Op: bound.Or, Left: c(metadata.EdmBoolean, nil), Right: c(metadata.EdmBoolean, false), T: metadata.EdmBoolean}, nil},
		{"guid case", &bound.Binary{Op: bound.Eq, Left: c(metadata.EdmGuid, "7C9E6679-7425-40DE-944B-E07FC1F90AE7"), Right: c(metadata.EdmGuid, "7c9e6679-7425-40de-944b-e07fc1f90ae7"), T: metadata.EdmBoolean}, true},
		{"round half away", &bound.Call{Fn: bound.FnRound, Args: []bound.Expr{c(metadata.EdmDecimal, metadata.Decimal("-2.5"))}, T: metadata.EdmDecimal}, metadata.Decimal("-3")},
	}
	for _, tc := range cases {
		var ev Evaluator
		got, err := ev.Value(context.Background(), &metadata.EntityType{}, nil, tc.x)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %#v, %v; want %#v", tc.name, got, err, tc.want)
		}
	}
	if s := ratText(big.NewRat(1, 3)); s != "0.3333333333333333333333333333" {
		t.Errorf("ratText(1/3) = %s", s)
	}
}
