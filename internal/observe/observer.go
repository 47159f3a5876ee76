package observe

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"odatagw/adapters"
	"odatagw/cache"
	"odatagw/internal/buildinfo"
	"odatagw/internal/metrics"
	"odatagw/internal/tracing"
	"odatagw/odataerr"
)

// Config configures an Observer.
type Config struct {
	// Logger receives the request lines; nil discards them.
	Logger *slog.Logger
	// NoRequestLog turns the per-request line off (errors of the server are
	// still logged).
	NoRequestLog bool
	// Tracer, when set, records a span per request and per backend call.
	Tracer *tracing.Tracer
}

// Stats are the values read from the serving gateway at each scrape.
type Stats struct {
	Cache *cache.Stats           // nil when caching is off
	Pools map[string]sql.DBStats // connection pools by source
}

// Observer turns request records and backend calls into log lines and
// metrics. One Observer lives as long as the process (it outlives
// configuration reloads, so counters keep counting). Safe for concurrent use.
type Observer struct {
	cfg   Config
	log   *slog.Logger
	reg   *metrics.Registry
	stats atomic.Pointer[func() Stats]

	requests   *metrics.CounterVec
	duration   *metrics.HistogramVec
	bytes      *metrics.CounterVec
	rows       *metrics.CounterVec
	inFlight   *metrics.GaugeVec
	rejections *metrics.CounterVec
	lookups    *metrics.CounterVec
	backend    *metrics.HistogramVec
	backendErr *metrics.CounterVec
	reloads    *metrics.CounterVec
}

var _ adapters.CallObserver = (*Observer)(nil)

// New returns an Observer with its metrics registered.
func New(cfg Config) *Observer {
	o := &Observer{cfg: cfg, log: cfg.Logger, reg: metrics.NewRegistry()}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	r := o.reg
	o.requests = r.Counter("odatagw_http_requests_total", "HTTP requests answered, by service, entity set, method and status code.", "service", "set", "method", "code")
	o.duration = r.Histogram("odatagw_http_request_duration_seconds", "Time from the request's arrival to the end of its response.", metrics.DefaultBuckets, "service", "set", "method", "class")
	o.bytes = r.Counter("odatagw_http_response_bytes_total", "Response body bytes written (after compression).", "service", "set")
	o.rows = r.Counter("odatagw_rows_served_total", "Entities and aggregated rows written in responses.", "service", "set")
	o.inFlight = r.Gauge("odatagw_http_requests_in_flight", "Requests being served.")
	o.rejections = r.Counter("odatagw_http_rejections_total", "Requests refused for authentication (401, 403), size (413, 414), rate (429) or availability (503).", "service", "reason")
	o.lookups = r.Counter("odatagw_cache_lookups_total", "Requests by response-cache outcome (hit, miss, bypass); absent while caching is off.", "service", "outcome")
	o.backend = r.Histogram("odatagw_backend_duration_seconds", "Time until the backend answered a call (first row of a query, a count, a write).", metrics.DefaultBuckets, "source", "op")
	o.backendErr = r.Counter("odatagw_backend_errors_total", "Backend calls that failed, by kind (timeout, unavailable, canceled, error).", "source", "op", "kind")
	o.reloads = r.Counter("odatagw_config_reloads_total", "Configuration reloads (SIGHUP), by result (ok, error).", "result")
	bi := buildinfo.Read()
	r.Func("odatagw_build_info", "The binary's version, Go release and VCS revision; always 1.", metrics.GaugeType, func(emit func(float64, ...string)) {
		emit(1, bi.Version, bi.GoVersion, bi.Revision)
	}, "version", "go_version", "revision")
	o.registerStats()
	return o
}

// Logger returns the Observer's logger.
func (o *Observer) Logger() *slog.Logger { return o.log }

// MetricsHandler serves the metrics in the Prometheus text format.
func (o *Observer) MetricsHandler() http.Handler { return o.reg.Handler() }

// SetStats sets the function scrapes read the cache and pool values from
// (the serving gateway's; replaced when a reload swaps the gateway).
func (o *Observer) SetStats(f func() Stats) { o.stats.Store(&f) }

// Reloaded counts a configuration reload.
func (o *Observer) Reloaded(err error) {
	if err != nil {
		o.reloads.Inc("error")
		return
	}
	o.reloads.Inc("ok")
}

// StartRequest returns the record of a request arriving now, and the
// request with the record in its context.
func (o *Observer) StartRequest(r *http.Request, id string) (*Request, *http.Request) {
	o.inFlight.Add(1)
	rec := &Request{Start: time.Now(), ID: id, Method: r.Method, Path: r.URL.Path}
	ctx := r.Context()
	if o.cfg.Tracer != nil {
		ctx, rec.span = o.cfg.Tracer.StartServer(r, r.Method)
	}
	return rec, r.WithContext(WithRequest(ctx, rec))
}

// EndRequest writes the request's log line and metrics.
func (o *Observer) EndRequest(rec *Request) {
	o.inFlight.Add(-1)
	d := time.Since(rec.Start)
	svc, set := rec.Service, rec.Set
	if svc == "" {
		svc = NoService
	}
	if set == "" {
		set = SetNone
	}
	method := methodLabel(rec.Method)
	o.requests.Inc(svc, set, method, strconv.Itoa(rec.Status))
	o.duration.Observe(d.Seconds(), svc, set, method, statusClass(rec.Status))
	o.bytes.Add(float64(rec.Bytes), svc, set)
	if rec.Rows > 0 {
		o.rows.Add(float64(rec.Rows), svc, set)
	}
	if reason := rejection(rec.Status); reason != "" {
		o.rejections.Inc(svc, reason)
	}
	if rec.Cache != "" {
		o.lookups.Inc(svc, rec.Cache)
	}
	o.logRequest(rec, d)
	o.endSpan(rec, svc, set)
}

// endSpan names the request's span after what it addressed (low
// cardinality, as the metrics) and ends it.
func (o *Observer) endSpan(rec *Request, svc, set string) {
	s := rec.span
	if s == nil {
		return
	}
	s.SetName(rec.Method + " " + svc + "/" + set)
	s.SetAttr(
		tracing.Attr{Key: "http.request.method", Value: rec.Method},
		tracing.Attr{Key: "url.path", Value: rec.Path},
		tracing.Attr{Key: "http.response.status_code", Value: rec.Status},
		tracing.Attr{Key: "odata.service", Value: rec.Service},
		tracing.Attr{Key: "odata.entity_set", Value: rec.Set},
		tracing.Attr{Key: "odatagw.request_id", Value: rec.ID},
		tracing.Attr{Key: "odatagw.rows", Value: rec.Rows},
		tracing.Attr{Key: "odatagw.cache", Value: rec.Cache},
	)
	if rec.Principal != "" {
		s.SetAttr(tracing.Attr{Key: "enduser.id", Value: rec.Principal})
	}
	if rec.Status >= 500 && rec.Status != http.StatusNotImplemented {
		s.SetError(rec.Code)
	}
	s.End()
}

func (o *Observer) logRequest(rec *Request, d time.Duration) {
	serverFault := rec.Status >= 500 && rec.Status != http.StatusNotImplemented
	if o.cfg.NoRequestLog && !serverFault {
		return
	}
	level := slog.LevelInfo
	if serverFault {
		level = slog.LevelError
	}
	ctx := context.Background()
	if !o.log.Enabled(ctx, level) {
		return
	}
	bt, calls := rec.Backend()
	attrs := make([]slog.Attr, 0, 18)
	attrs = append(attrs,
		slog.String("request_id", rec.ID),
		slog.String("principal", rec.Principal),
		slog.String("service", rec.Service),
		slog.String("set", rec.Set),
		slog.String("method", rec.Method),
		slog.String("path", rec.Path),
		slog.Int("status", rec.Status),
		slog.Float64("duration_ms", ms(d)),
		slog.Int64("rows", rec.Rows),
		slog.Int64("bytes", rec.Bytes),
		slog.String("cache", rec.Cache),
		slog.Float64("backend_ms", ms(bt)),
		slog.Int64("backend_calls", calls),
	)
	if rec.Code != "" {
		attrs = append(attrs, slog.String("code", rec.Code))
	}
	if rec.span != nil {
		attrs = append(attrs, slog.String("trace_id", rec.span.TraceID()))
	}
	if rec.Cause != nil && serverFault {
		attrs = append(attrs, slog.String("cause", rec.Cause.Error()))
	}
	o.log.LogAttrs(ctx, level, "request", attrs...)
}

// ms renders a duration in milliseconds with microsecond precision.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// StartCall implements adapters.CallObserver: it times a backend call until
// end is called, adds the time to the request's record and to the metrics.
func (o *Observer) StartCall(ctx context.Context, source, op string) (context.Context, func(error)) {
	start := time.Now()
	rec := RequestFrom(ctx)
	var span *tracing.Span
	if o.cfg.Tracer != nil {
		ctx, span = o.cfg.Tracer.StartClient(ctx, op+" "+source)
		span.SetAttr(tracing.Attr{Key: "db.operation.name", Value: op}, tracing.Attr{Key: "odatagw.source", Value: source})
	}
	return ctx, func(err error) {
		d := time.Since(start)
		o.backend.Observe(d.Seconds(), source, op)
		if err != nil {
			kind := errorKind(err)
			o.backendErr.Inc(source, op, kind)
			span.SetError(kind)
		}
		span.End()
		if rec != nil {
			rec.backendNanos.Add(int64(d))
			rec.backendCalls.Add(1)
		}
	}
}

func errorKind(err error) string {
	if errors.Is(err, context.Canceled) {
		return "canceled"
	}
	if e := odataerr.As(err); e != nil {
		switch e.Status {
		case http.StatusGatewayTimeout:
			return "timeout"
		case http.StatusServiceUnavailable:
			return "unavailable"
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "error"
}
