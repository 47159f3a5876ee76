package main

// The Go identifiers the README names for embedders: renaming one breaks
// this file's build, so the README is updated with it.

import (
	"testing"

	"odatagw/adapters/expand"
	"odatagw/adapters/rest"
	"odatagw/gateway"
	"odatagw/gateway/batch"
)

func TestReadmeGoIdentifiers(t *testing.T) {
	sentinels := []error{gateway.ErrQueryTooLong, gateway.ErrTooManyExprNodes, gateway.ErrExprTooDeep,
		gateway.ErrExpandTooDeep, gateway.ErrTooManyExpands, expand.ErrTooManyRows, gateway.ErrTooManySearchTerm,
		gateway.ErrURLTooLong, batch.ErrTooManyRequests, batch.ErrBodyTooLarge, batch.ErrMalformed}
	for i, e := range sentinels {
		if e == nil {
			t.Errorf("sentinel %d is nil", i)
		}
	}
	var g *gateway.Gateway
	_, _ = g.CacheStats, g.InvalidateSet
	c := gateway.Config{MaxPageBytes: gateway.DefaultMaxPageBytes, BodyTimeout: gateway.DefaultBodyTimeout}
	_, _, _ = c.Limits, c.Batch, c.Principal
	_ = gateway.WithPrincipal
	_ = rest.Config{}
	if expand.MaxRows != 100_000 || rest.MaxResponseBytes != 64<<20 {
		t.Errorf("README: expand.MaxRows 100,000 (is %d), rest.MaxResponseBytes 64 MiB (is %d)", expand.MaxRows, rest.MaxResponseBytes)
	}
	if gateway.DefaultMaxPageBytes != 7<<20 || gateway.DefaultBodyTimeout.Seconds() != 60 {
		t.Errorf("README Limits table: 7 MiB per page (is %d), 60 s body timeout (is %v)", gateway.DefaultMaxPageBytes, gateway.DefaultBodyTimeout)
	}
}
