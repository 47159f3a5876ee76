package config

import (
	"fmt"
	"net"
	"strings"
)

// Metrics configures the Prometheus endpoint.
type Metrics struct {
	// Enabled turns the endpoint on (default true).
	Enabled *bool `yaml:"enabled"`
	// Path is where the metrics are served (default /metrics).
	Path string `yaml:"path"`
	// Listen, when set, serves the metrics on this host:port only, apart from
	// the OData listener (e.g. a private interface); default: the main listener.
	Listen string `yaml:"listen"`
}

// Defaults of the observability settings.
const (
	DefaultMetricsPath = "/metrics"
)

// MetricsOn reports whether the metrics endpoint is on.
func (m Metrics) MetricsOn() bool { return m.Enabled == nil || *m.Enabled }

// RequestLogOn reports whether each request is logged (log.requests, default true).
func (l Log) RequestLogOn() bool { return l.Requests == nil || *l.Requests }

func (m *Metrics) validate() error {
	if m.Path == "" {
		m.Path = DefaultMetricsPath
	}
	if !strings.HasPrefix(m.Path, "/") || strings.HasPrefix(m.Path, "/odata/") || m.Path == "/odata" || m.Path == "/" {
		return fmt.Errorf("metrics.path: %q must start with / and lie outside / and /odata/", m.Path)
	}
	if m.Listen != "" {
		if _, _, err := net.SplitHostPort(m.Listen); err != nil {
			return fmt.Errorf("metrics.listen: %q is not host:port", m.Listen)
		}
	}
	return nil
}
