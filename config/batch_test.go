package config

import (
	"strings"
	"testing"
)

func TestParseBatch(t *testing.T) {
	c, err := Parse([]byte("version: 1\nbatch: {max_requests: 20, max_body_size: 2MiB}\nsources: [{name: a, kind: sqlite, dsn: x}]"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Batch.MaxRequests != 20 || c.Batch.MaxBodySize != 2<<20 {
		t.Errorf("batch = %+v", c.Batch)
	}
	c, err = Parse([]byte("version: 1\nsources: [{name: a, kind: sqlite, dsn: x}]"), env(nil))
	if err != nil || c.Batch != (Batch{}) {
		t.Errorf("no batch key: %+v, %v; want zero values (the gateway's defaults)", c.Batch, err)
	}
	for _, tc := range []struct{ src, want string }{
		{"batch: {max_requests: -1}", "batch.max_requests"},
		{"batch: {max_requests: 10001}", "batch.max_requests"},
		{"batch: {max_body_size: 2GiB}", "batch.max_body_size"},
		{"batch: {max_body_size: big}", "not a size in bytes"},
		{"batch: {max_request: 5}", "max_request"},
	} {
		_, err := Parse([]byte("version: 1\n"+tc.src+"\nsources: [{name: a, kind: sqlite, dsn: x}]"), env(nil))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to mention %q", tc.src, err, tc.want)
		}
	}
}
