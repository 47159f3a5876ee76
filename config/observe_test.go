package config

import (
	"strings"
	"testing"
	"time"
)

func TestObserveSettings(t *testing.T) {
	noEnv := func(string) (string, bool) { return "", false }
	src := "sources:\n  - {name: a, kind: sqlite, dsn: x}\n"
	c, err := Parse([]byte("version: 1\n"+src), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Metrics.MetricsOn() || c.Metrics.Path != "/metrics" || c.Metrics.Listen != "" || !c.Log.RequestLogOn() {
		t.Errorf("defaults: %+v %+v", c.Metrics, c.Log)
	}
	if c.Tracing.Endpoint != "" || c.Tracing.ServiceName != "odatagw" || c.Tracing.Timeout != 10*time.Second || c.Tracing.SampleRatio != nil {
		t.Errorf("tracing defaults: %+v", c.Tracing)
	}
	c, err = Parse([]byte(`version: 1
log: {requests: false}
metrics: {enabled: false, path: /internal/metrics, listen: "127.0.0.1:9100"}
tracing: {endpoint: "http://127.0.0.1:4318/v1/traces", headers: {X-Api-Key: k}, service_name: gw, sample_ratio: 0.25, timeout: 2s}
`+src), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Metrics.MetricsOn() || c.Metrics.Path != "/internal/metrics" || c.Log.RequestLogOn() {
		t.Errorf("set: %+v %+v", c.Metrics, c.Log)
	}
	if tr := c.Tracing; *tr.SampleRatio != 0.25 || tr.Headers["X-Api-Key"] != "k" || tr.ServiceName != "gw" || tr.Timeout != 2*time.Second {
		t.Errorf("tracing: %+v", tr)
	}
	for text, key := range map[string]string{
		"metrics: {path: metrics}":               "metrics.path",
		"metrics: {path: /odata/x}":              "metrics.path",
		"metrics: {listen: nope}":                "metrics.listen",
		"metrics: {port: 1}":                     "port",
		"tracing: {endpoint: \"grpc://x:4317\"}": "tracing.endpoint",
		"tracing: {sample_ratio: 2}":             "tracing.sample_ratio",
		"tracing: {timeout: -1s}":                "tracing.timeout",
		"tracing: {headers: {\"a b\": c}}":       "tracing.headers",
		"log: {requests: maybe}":                 "maybe", // the YAML decoder names the line and the value
	} {
		_, err := Parse([]byte("version: 1\n"+text+"\n"+src), noEnv)
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%s: %v, want an error naming %s", text, err, key)
		}
	}
}
