package tracing

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Config configures a Tracer.
type Config struct {
	// Endpoint is the OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces.
	Endpoint string
	// Headers are sent with every export.
	Headers map[string]string
	// ServiceName is the service.name resource attribute.
	ServiceName string
	// ServiceVersion is the service.version resource attribute.
	ServiceVersion string
	// SampleRatio is the fraction of new traces recorded (0..1); a request
	// whose traceparent is sampled is always recorded, one whose traceparent
	// is not sampled never.
	SampleRatio float64
	// Timeout bounds one export request (default 10s).
	Timeout time.Duration
	// BatchSize is the number of spans that triggers an export (default 512);
	// FlushInterval exports what is queued at least this often (default 2s).
	BatchSize     int
	FlushInterval time.Duration
	// QueueSize bounds the spans waiting for export (default 4096); spans
	// beyond it are dropped and counted.
	QueueSize int
	// Logger receives export failures.
	Logger *slog.Logger
	// Client sends the exports (default: a client with Timeout).
	Client *http.Client
}

// Tracer starts spans and exports the sampled ones. Safe for concurrent use.
type Tracer struct {
	ratio float64
	exp   *exporter
}

// New returns a Tracer exporting to cfg.Endpoint; Shutdown flushes it.
func New(cfg Config) *Tracer {
	return &Tracer{ratio: cfg.SampleRatio, exp: newExporter(cfg)}
}

// StartServer starts the span of an incoming request, continuing the trace
// of its traceparent header when it has a valid one.
func (t *Tracer) StartServer(r *http.Request, name string) (context.Context, *Span) {
	s := &Span{t: t, id: newSpanID(), kind: KindServer, start: time.Now(), name: name}
	if tr, parent, sampled, ok := parseTraceparent(r.Header.Get("traceparent")); ok {
		s.trace, s.parent, s.sampled = tr, parent, sampled
	} else {
		s.trace = newTraceID()
		s.sampled = sampledByRatio(s.trace, t.ratio)
	}
	return ContextWithSpan(r.Context(), s), s
}

// StartClient starts a span for a call to another system, as a child of the
// current span of ctx; without one (or with t nil) it returns nil.
func (t *Tracer) StartClient(ctx context.Context, name string) (context.Context, *Span) {
	parent := SpanFrom(ctx)
	if t == nil || parent == nil {
		return ctx, nil
	}
	s := &Span{t: t, trace: parent.trace, parent: parent.id, id: newSpanID(), sampled: parent.sampled,
		kind: KindClient, start: time.Now(), name: name}
	return ContextWithSpan(ctx, s), s
}

// Traceparent returns the W3C traceparent value of s ("" for nil), for a
// response header that lets a client find the trace.
func (s *Span) Traceparent() string {
	if s == nil {
		return ""
	}
	return s.traceparent()
}

// Dropped returns the number of spans dropped because the queue was full.
func (t *Tracer) Dropped() int64 { return t.exp.dropped.Load() }

// Shutdown exports the queued spans and stops the exporter; ctx bounds the wait.
func (t *Tracer) Shutdown(ctx context.Context) error { return t.exp.shutdown(ctx) }
