// Package observe is the gateway's instrumentation: one record per request,
// filled in while it is served and turned at its end into one log line,
// Prometheus metrics and (when tracing is on) a span; and the observer
// sources report their backend calls to.
package observe

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"odatagw/internal/tracing"
)

// Label values for requests that address no entity set of the model.
const (
	SetNone    = "_none"    // the service document, $metadata, $batch, the index, /metrics
	SetUnknown = "_unknown" // a path the model does not know (404, 400)
	NoService  = "_none"    // a request outside /odata/{service}/, or to an unknown service
)

// Cache outcomes of a request.
const (
	CacheHit    = "hit"
	CacheMiss   = "miss"
	CacheBypass = "bypass" // caching is on but this request is not cached (no-store, not cacheable, TTL 0)
)

// Request is what is known about one request. The gateway fills in the
// fields as it learns them; sources add their backend time through the
// context (StartCall). Fields other than the backend counters are written by
// the request's goroutine only.
type Request struct {
	Start     time.Time
	ID        string
	Method    string
	Path      string // URL path, without the query string (values there may be personal data)
	Principal string
	Service   string // "" until the service is known
	Set       string // entity set label ("" until known; see SetNone, SetUnknown)
	Status    int
	Code      string // OData error code of an error response
	Cause     error  // hidden cause of a server error (logged, never sent)
	Rows      int64  // entities (or aggregated rows) written
	Bytes     int64  // response body bytes written (compressed size when gzipped)
	Cache     string // "", CacheHit, CacheMiss, CacheBypass

	backendNanos atomic.Int64
	backendCalls atomic.Int64
	span         *tracing.Span // nil when tracing is off
}

// Traceparent returns the W3C traceparent of the request's span, "" when
// tracing is off.
func (r *Request) Traceparent() string { return r.span.Traceparent() }

// Backend returns the summed time until the backend answered each call, and
// the number of calls.
func (r *Request) Backend() (time.Duration, int64) {
	return time.Duration(r.backendNanos.Load()), r.backendCalls.Load()
}

type requestKey struct{}

// WithRequest returns ctx carrying rec.
func WithRequest(ctx context.Context, rec *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, rec)
}

// RequestFrom returns the record of the request ctx belongs to, or nil.
func RequestFrom(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// methodLabel bounds the method label to the methods the gateway serves.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

func statusClass(code int) string {
	if code < 100 || code > 599 {
		return "other"
	}
	return string(rune('0'+code/100)) + "xx"
}

// rejection names the reason of a status that rejects a caller or a
// request's size, or "".
func rejection(code int) string {
	switch code {
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusRequestEntityTooLarge:
		return "body_too_large"
	case http.StatusRequestURITooLong:
		return "uri_too_long"
	case http.StatusTooManyRequests:
		return "rate_limited"
	case http.StatusServiceUnavailable:
		return "unavailable"
	}
	return ""
}
