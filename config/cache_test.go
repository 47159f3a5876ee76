package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseCache(t *testing.T) {
	src := `
version: 1
cache: {ttl: 30s, max_bytes: 128MiB, max_entry_bytes: 512KiB}
sources:
  - name: erp
    kind: sqlite
    dsn: /x.db
    cache:
      ttl: 0s
      sets: {Orders: 5s}
  - name: crm
    kind: sqlite
    dsn: /y.db
`
	c, err := Parse([]byte(src), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Cache.TTL != 30*time.Second || c.Cache.MaxBytes != 128<<20 || c.Cache.MaxEntryBytes != 512<<10 {
		t.Errorf("cache = %+v", c.Cache)
	}
	erp, crm := c.Sources[0].Cache, c.Sources[1].Cache
	if erp.TTL == nil || *erp.TTL != 0 || erp.Sets["Orders"] != 5*time.Second {
		t.Errorf("erp cache = %+v", erp)
	}
	if crm.TTL != nil || crm.Sets != nil {
		t.Errorf("crm cache = %+v, want no overrides", crm)
	}
}

func TestCacheDefaults(t *testing.T) {
	c, err := Parse([]byte("version: 1\nsources: [{name: a, kind: sqlite, dsn: x}]"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Cache.TTL != 0 || c.Cache.MaxBytes != DefaultCacheMaxBytes || c.Cache.MaxEntryBytes != DefaultCacheMaxEntryBytes {
		t.Errorf("defaults = %+v; want off, 64MiB, 1MiB", c.Cache)
	}
}

func TestCacheErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"cache: {ttl: -1s}", "cache.ttl"},
		{"cache: {max_bytes: 12XB}", `unknown unit "XB"`},
		{"cache: {max_bytes: lots}", "not a size in bytes"},
		{"cache: {max_bytes: 1MiB, max_entry_bytes: 2MiB}", "cache.max_entry_bytes"},
		{"cache: {tll: 1s}", "tll"},
	} {
		_, err := Parse([]byte("version: 1\n"+tc.src+"\nsources: [{name: a, kind: sqlite, dsn: x}]"), env(nil))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to mention %q", tc.src, err, tc.want)
		}
	}
	_, err := Parse([]byte("version: 1\nsources: [{name: a, kind: sqlite, dsn: x, cache: {sets: {Orders: -2s}}}]"), env(nil))
	if err == nil || !strings.Contains(err.Error(), `source "a": cache.sets.Orders`) {
		t.Errorf("negative set TTL: %v", err)
	}
}

func TestParseByteSize(t *testing.T) {
	for in, want := range map[string]ByteSize{"0": 0, "1048576": 1 << 20, "64MiB": 64 << 20, "512 KiB": 512 << 10, "2GB": 2e9, "10B": 10} {
		if got, err := ParseByteSize(in); err != nil || got != want {
			t.Errorf("ParseByteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1.5MiB", "MiB", "99999999999GiB"} {
		if _, err := ParseByteSize(in); err == nil {
			t.Errorf("ParseByteSize(%q) accepted", in)
		}
	}
}
