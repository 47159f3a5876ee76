package config

import (
	"strings"
	"testing"
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
	c, err = Parse([]byte(`version: 1
log: {requests: false}
metrics: {enabled: false, path: /internal/metrics, listen: "127.0.0.1:9100"}
`+src), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Metrics.MetricsOn() || c.Metrics.Path != "/internal/metrics" || c.Log.RequestLogOn() {
		t.Errorf("set: %+v %+v", c.Metrics, c.Log)
	}
	for text, key := range map[string]string{
		"metrics: {path: metrics}":  "metrics.path",
		"metrics: {path: /odata/x}": "metrics.path",
		"metrics: {listen: nope}":   "metrics.listen",
		"metrics: {port: 1}":        "port",
		"log: {requests: maybe}":    "maybe", // the YAML decoder names the line and the value
	} {
		_, err := Parse([]byte("version: 1\n"+text+"\n"+src), noEnv)
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%s: %v, want an error naming %s", text, err, key)
		}
	}
}
