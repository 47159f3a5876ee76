package main

import (
	"testing"

	"odatagw/config"
)

// TestMetricsOnMainListener: unauthenticated /metrics stays off a
// network-facing listener whose callers must authenticate, unless the
// configuration turns it on explicitly.
func TestMetricsOnMainListener(t *testing.T) {
	on, off := true, false
	basic := &config.Auth{Basic: &config.Basic{}}
	cases := []struct {
		name string
		cfg  *config.Config
		addr string
		want bool
	}{
		{"demo", nil, "0.0.0.0:8080", true},
		{"no auth on loopback", &config.Config{}, "127.0.0.1:8080", true},
		{"anonymous on a network address", &config.Config{Security: config.Security{Auth: &config.Auth{Anonymous: true}}}, "0.0.0.0:8080", true},
		{"auth on loopback", &config.Config{Security: config.Security{Auth: basic}}, "[::1]:8080", true},
		{"auth on a network address", &config.Config{Security: config.Security{Auth: basic}}, "0.0.0.0:8080", false},
		{"auth on a network address, enabled explicitly", &config.Config{Security: config.Security{Auth: basic}, Metrics: config.Metrics{Enabled: &on}}, "0.0.0.0:8080", true},
		{"disabled", &config.Config{Metrics: config.Metrics{Enabled: &off}}, "127.0.0.1:8080", false},
		{"own listener", &config.Config{Metrics: config.Metrics{Listen: "127.0.0.1:9100"}}, "127.0.0.1:8080", false},
	}
	for _, c := range cases {
		if got := metricsOnMainListener(c.cfg, c.addr); got != c.want {
			t.Errorf("%s: metricsOnMainListener = %v, want %v", c.name, got, c.want)
		}
	}
}
