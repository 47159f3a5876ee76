package main

import (
	"testing"
	"time"

	"odatagw/config"
)

func TestCacheConfigFromFile(t *testing.T) {
	if cc := cacheConfig(nil); cc.Policy.Enabled() {
		t.Error("the demo (no file) must not cache")
	}
	c, err := config.Parse([]byte(`
version: 1
cache: {ttl: 20s, max_bytes: 8MiB}
sources:
  - {name: erp, kind: sqlite, dsn: x, cache: {ttl: 0s, sets: {Orders: 5s}}}
  - {name: crm, kind: sqlite, dsn: y}
`), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	cc := cacheConfig(c)
	if cc.MaxBytes != 8<<20 || cc.MaxEntryBytes != 1<<20 {
		t.Errorf("sizes %d %d", cc.MaxBytes, cc.MaxEntryBytes)
	}
	for _, tc := range []struct {
		svc, set string
		want     time.Duration
	}{{"erp", "Orders", 5 * time.Second}, {"erp", "Customers", 0}, {"crm", "Orders", 20 * time.Second}} {
		if got := cc.Policy.TTL(tc.svc, tc.set); got != tc.want {
			t.Errorf("TTL(%s, %s) = %v, want %v", tc.svc, tc.set, got, tc.want)
		}
	}
}
