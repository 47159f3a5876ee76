// Package tracing records OpenTelemetry spans and exports them to an OTLP
// collector over HTTP in the OTLP JSON encoding, with W3C Trace Context
// (traceparent) propagation.
//
// It is hand-written rather than the OpenTelemetry Go SDK: the gateway needs
// spans with attributes, a ratio sampler, one batching exporter and the
// traceparent header, a few hundred lines, where the SDK and its OTLP
// exporters bring gRPC, protobuf and a dozen modules.
package tracing

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// TraceID and SpanID identify traces and spans (W3C Trace Context).
type (
	TraceID [16]byte
	SpanID  [8]byte
)

func (t TraceID) String() string { return hex.EncodeToString(t[:]) }
func (s SpanID) String() string  { return hex.EncodeToString(s[:]) }

// Kinds of spans (OTLP SpanKind).
const (
	KindServer = 2
	KindClient = 3
)

// Status codes (OTLP Status.code).
const (
	StatusUnset = 0
	StatusOK    = 1
	StatusError = 2
)

// Attr is one span attribute: a string, int64, float64 or bool value.
type Attr struct {
	Key   string
	Value any
}

// Span is one operation. A nil *Span is valid and records nothing, so that
// callers need not check whether tracing is on.
type Span struct {
	t        *Tracer
	trace    TraceID
	id       SpanID
	parent   SpanID // zero for a root span
	sampled  bool
	kind     int
	start    time.Time
	mu       sync.Mutex
	name     string
	end      time.Time
	attrs    []Attr
	status   int
	statusMs string
	ended    bool
}

// TraceID returns the span's trace ID ("" for a nil span).
func (s *Span) TraceID() string {
	if s == nil {
		return ""
	}
	return s.trace.String()
}

// SetName renames the span (the name may only be known at its end).
func (s *Span) SetName(name string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.name = name
	s.mu.Unlock()
}

// SetAttr adds attributes.
func (s *Span) SetAttr(attrs ...Attr) {
	if s == nil || !s.sampled {
		return
	}
	s.mu.Lock()
	s.attrs = append(s.attrs, attrs...)
	s.mu.Unlock()
}

// SetError marks the span failed with msg.
func (s *Span) SetError(msg string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.status, s.statusMs = StatusError, msg
	s.mu.Unlock()
}

// End ends the span and queues it for export when it is sampled. Later
// calls do nothing.
func (s *Span) End() {
	if s == nil {
		return
	}
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return
	}
	s.ended, s.end = true, time.Now()
	s.mu.Unlock()
	if s.sampled {
		s.t.exp.enqueue(s)
	}
}

// traceparent renders the W3C header value of s.
func (s *Span) traceparent() string {
	flags := "00"
	if s.sampled {
		flags = "01"
	}
	return "00-" + s.trace.String() + "-" + s.id.String() + "-" + flags
}

type spanKey struct{}

// ContextWithSpan returns ctx carrying s as the current span.
func ContextWithSpan(ctx context.Context, s *Span) context.Context {
	return context.WithValue(ctx, spanKey{}, s)
}

// SpanFrom returns the current span of ctx, or nil.
func SpanFrom(ctx context.Context) *Span {
	s, _ := ctx.Value(spanKey{}).(*Span)
	return s
}

// Inject sets the traceparent header of an outgoing request to the current
// span of ctx, so that the server called continues the trace.
func Inject(ctx context.Context, h http.Header) {
	if s := SpanFrom(ctx); s != nil {
		h.Set("traceparent", s.traceparent())
	}
}

// parseTraceparent reads a W3C traceparent value. Versions other than 00
// are read by their first four fields, as the recommendation asks; version
// ff, all-zero IDs and malformed values are rejected.
func parseTraceparent(v string) (tr TraceID, parent SpanID, sampled, ok bool) {
	v = strings.TrimSpace(v)
	if len(v) < 55 || v[2] != '-' || v[35] != '-' || v[52] != '-' {
		return tr, parent, false, false
	}
	ver, err := hex.DecodeString(v[:2])
	if err != nil || ver[0] == 0xff || (ver[0] == 0 && len(v) != 55) || (ver[0] != 0 && len(v) > 55 && v[55] != '-') {
		return tr, parent, false, false
	}
	if !isLowerHex(v[3:35]) || !isLowerHex(v[36:52]) || !isLowerHex(v[53:55]) {
		return tr, parent, false, false
	}
	_, _ = hex.Decode(tr[:], []byte(v[3:35]))
	_, _ = hex.Decode(parent[:], []byte(v[36:52]))
	flags, _ := hex.DecodeString(v[53:55])
	if tr == (TraceID{}) || parent == (SpanID{}) {
		return tr, parent, false, false
	}
	return tr, parent, flags[0]&1 == 1, true
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func newTraceID() TraceID {
	var t TraceID
	for t == (TraceID{}) {
		_, _ = rand.Read(t[:])
	}
	return t
}

func newSpanID() SpanID {
	var s SpanID
	for s == (SpanID{}) {
		_, _ = rand.Read(s[:])
	}
	return s
}

// sampledByRatio decides a new trace from its ID: the same ID always gets
// the same answer.
func sampledByRatio(t TraceID, ratio float64) bool {
	switch {
	case ratio >= 1:
		return true
	case ratio <= 0:
		return false
	}
	return binary.BigEndian.Uint64(t[8:]) < uint64(ratio*(1<<63))*2
}
