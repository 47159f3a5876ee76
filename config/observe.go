package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
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

// Tracing configures OpenTelemetry tracing (OTLP over HTTP, JSON encoding).
type Tracing struct {
	// Endpoint is the collector's OTLP/HTTP traces URL, e.g.
	// http://127.0.0.1:4318/v1/traces; empty (the default) turns tracing off.
	Endpoint string `yaml:"endpoint"`
	// Headers are sent with every export (e.g. an API key of the collector).
	Headers map[string]string `yaml:"headers"`
	// ServiceName is the service.name resource attribute (default odatagw).
	ServiceName string `yaml:"service_name"`
	// SampleRatio is the fraction of new traces recorded, 0..1 (default 1);
	// a request whose traceparent says sampled is always recorded, one whose
	// traceparent says not sampled never.
	SampleRatio *float64 `yaml:"sample_ratio"`
	// Timeout bounds one export (default 10s).
	Timeout time.Duration `yaml:"timeout"`
}

// Defaults of the observability settings.
const (
	DefaultMetricsPath        = "/metrics"
	DefaultTracingServiceName = "odatagw"
	DefaultTracingTimeout     = 10 * time.Second
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

func (t *Tracing) validate() error {
	if t.Endpoint != "" {
		u, err := url.Parse(t.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("tracing.endpoint: %q is not an http(s) URL", t.Endpoint)
		}
	}
	if t.ServiceName == "" {
		t.ServiceName = DefaultTracingServiceName
	}
	if t.SampleRatio != nil && (*t.SampleRatio < 0 || *t.SampleRatio > 1) {
		return fmt.Errorf("tracing.sample_ratio: %v is out of range 0..1", *t.SampleRatio)
	}
	if t.Timeout < 0 {
		return fmt.Errorf("tracing.timeout: must not be negative")
	}
	if t.Timeout == 0 {
		t.Timeout = DefaultTracingTimeout
	}
	for k := range t.Headers {
		if k == "" || strings.ContainsAny(k, " :\r\n") {
			return fmt.Errorf("tracing.headers: %q is not a header name", k)
		}
	}
	return nil
}
