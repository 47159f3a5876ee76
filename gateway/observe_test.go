package gateway_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqlite"
	"odatagw/cache"
	"odatagw/demo"
	"odatagw/gateway"
	"odatagw/internal/metrics/metricstest"
	"odatagw/internal/observe"
	"odatagw/internal/testenv"
	"odatagw/internal/tracing"
	"odatagw/internal/tracing/otlptest"
)

// logLines decodes a JSON log.
func logLines(t *testing.T, s *testenv.SyncBuffer) []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(s.Bytes()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
		}
		out = append(out, m)
	}
	return out
}

type observedEnv struct {
	h   http.Handler
	log *testenv.SyncBuffer
	obs *observe.Observer
	src *sqldb.Source
}

// newObservedEnv serves the demo with an observer, the response cache on,
// metrics at /metrics and a JSON debug log.
func newObservedEnv(t *testing.T, tracer ...*tracing.Tracer) *observedEnv {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := demo.Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	buf := &testenv.SyncBuffer{}
	logger := slog.New(observe.LogHandler(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	oc := observe.Config{Logger: logger}
	if len(tracer) > 0 {
		oc.Tracer = tracer[0]
	}
	obs := observe.New(oc)
	src, err := sqlite.Open(ctx, path, demo.Options(), sqldb.Config{Name: "demo", QueryTimeout: 30 * time.Second, Logger: logger, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	gw, err := gateway.New(gateway.Config{Logger: logger, Observer: obs, MetricsPath: "/metrics",
		Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}}, gateway.Service{Name: "demo", Source: src})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	obs.SetStats(gw.Stats)
	return &observedEnv{h: gw.Handler(), log: buf, obs: obs, src: src}
}

func (e *observedEnv) do(t *testing.T, url string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

func TestObserveMetricsAndRequestLog(t *testing.T) {
	e := newObservedEnv(t)
	orders := "/odata/demo/Orders?$top=3&$filter=ShipCountry%20ne%20%27Zanzibar%27&$select=OrderID"
	first := e.do(t, orders, "X-Request-ID", "proxy-id-1")
	if first.Code != 200 || first.Header().Get("X-Request-ID") != "proxy-id-1" {
		t.Fatalf("first: %d, id %q", first.Code, first.Header().Get("X-Request-ID"))
	}
	if r := e.do(t, orders); r.Code != 200 || r.Header().Get("Age") == "" {
		t.Fatalf("second read not from the cache: %d %v", r.Code, r.Header())
	}
	bad := e.do(t, orders, "X-Request-ID", "not ok\"") // an unusable incoming ID is replaced
	if id := bad.Header().Get("X-Request-ID"); len(id) != 16 {
		t.Errorf("replaced request ID %q", id)
	}
	for _, u := range []string{"/odata/demo/Nope", "/odata/nosvc/Orders", "/odata/demo/$metadata", "/odata/demo/Orders?$filter=" + strings.Repeat("x", 41*1024)} {
		e.do(t, u)
	}
	if r := e.do(t, "/odata/demo/Orders(10248)", "Cache-Control", "no-store"); r.Code != 200 {
		t.Fatalf("by key: %d", r.Code)
	}

	for _, probe := range []string{"/healthz", "/readyz"} {
		if r := e.do(t, probe); r.Code != 200 {
			t.Errorf("%s: %d", probe, r.Code)
		}
	}
	m := e.do(t, "/metrics")
	if ct := m.Header().Get("Content-Type"); ct != "text/plain; version=0.0.4; charset=utf-8" {
		t.Errorf("metrics Content-Type %q", ct)
	}
	s, err := metricstest.Parse(m.Body.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, m.Body.String())
	}
	want := func(name string, labels map[string]string, v float64) {
		t.Helper()
		if got, ok := s.Value(name, labels); !ok || got != v {
			t.Errorf("%s%v = %v (present %v), want %v", name, labels, got, ok, v)
		}
	}
	L := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	want("odatagw_http_requests_total", L("service", "demo", "set", "Orders", "method", "GET", "code", "200"), 4)
	want("odatagw_http_requests_total", L("service", "demo", "set", "_unknown", "code", "404"), 1)
	want("odatagw_http_requests_total", L("service", "_none", "set", "_none", "code", "404"), 1)
	want("odatagw_http_requests_total", L("service", "demo", "set", "_none", "code", "200"), 1) // $metadata
	want("odatagw_http_requests_total", L("service", "demo", "code", "414"), 1)
	want("odatagw_http_rejections_total", L("service", "demo", "reason", "uri_too_long"), 1)
	want("odatagw_http_request_duration_seconds_count", L("service", "demo", "set", "Orders", "class", "2xx"), 4)
	want("odatagw_rows_served_total", L("service", "demo", "set", "Orders"), 3+1) // cache hits render no rows
	want("odatagw_cache_lookups_total", L("service", "demo", "outcome", "hit"), 2)
	want("odatagw_cache_lookups_total", L("service", "demo", "outcome", "miss"), 2) // Orders, $metadata
	want("odatagw_cache_lookups_total", L("service", "demo", "outcome", "bypass"), 1)
	want("odatagw_backend_duration_seconds_count", L("source", "demo", "op", "query"), 2)
	want("odatagw_http_requests_in_flight", nil, 0)
	if v, ok := s.Value("odatagw_cache_entries", nil); !ok || v < 1 {
		t.Errorf("cache entries %v %v", v, ok)
	}
	if v, ok := s.Value("odatagw_db_connections_max", L("source", "demo")); !ok || v != 8 {
		t.Errorf("pool max %v %v", v, ok)
	}
	if v, ok := s.Value("odatagw_http_response_bytes_total", L("service", "demo", "set", "Orders")); !ok || v <= 0 {
		t.Errorf("bytes %v", v)
	}
	if _, ok := s.Value("odatagw_build_info", nil); !ok {
		t.Error("no build info")
	}

	// One request line per request (probes and the scrape are not logged), SQL at debug
	// level with the request ID and argument types only.
	var reqs, sqls []map[string]any
	for _, l := range logLines(t, e.log) {
		switch l["msg"] {
		case "request":
			reqs = append(reqs, l)
		case "sql query":
			sqls = append(sqls, l)
		}
	}
	if len(reqs) != 8 {
		t.Fatalf("%d request lines, want 8", len(reqs))
	}
	r0 := reqs[0]
	for k, v := range map[string]any{"request_id": "proxy-id-1", "service": "demo", "set": "Orders", "method": "GET",
		"path": "/odata/demo/Orders", "status": 200.0, "rows": 3.0, "cache": "miss", "backend_calls": 1.0, "principal": ""} {
		if r0[k] != v {
			t.Errorf("request line %s = %v, want %v (%v)", k, r0[k], v, r0)
		}
	}
	for _, k := range []string{"duration_ms", "backend_ms", "bytes"} {
		if f, ok := r0[k].(float64); !ok || f <= 0 {
			t.Errorf("request line %s = %v", k, r0[k])
		}
	}
	if reqs[1]["cache"] != "hit" || reqs[1]["backend_calls"] != 0.0 {
		t.Errorf("second line: %v", reqs[1])
	}
	if reqs[3]["code"] != "NotFound" && reqs[3]["status"] != 404.0 {
		t.Errorf("404 line: %v", reqs[3])
	}
	if len(sqls) == 0 || sqls[0]["request_id"] != "proxy-id-1" {
		t.Fatalf("sql debug lines: %v", sqls)
	}
	all := e.log.String()
	if strings.Contains(all, "Zanzibar") {
		t.Error("a query value reached the log")
	}
	if args, _ := json.Marshal(sqls[0]["args"]); !strings.Contains(string(args), "string") {
		t.Errorf("args %s: want their types", args)
	}
}

func TestObserveBackendFailure(t *testing.T) {
	e := newObservedEnv(t)
	e.src.Close() // every statement now fails: the source is unavailable
	r := e.do(t, "/odata/demo/Orders?$top=1", "Cache-Control", "no-store")
	if r.Code < 500 {
		t.Fatalf("status %d", r.Code)
	}
	var lines []map[string]any
	for _, l := range logLines(t, e.log) {
		if l["msg"] == "request" {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || lines[0]["level"] != "ERROR" || lines[0]["cause"] == nil || lines[0]["code"] == nil {
		t.Fatalf("request lines: %v", lines)
	}
	if strings.Contains(r.Body.String(), "sql:") || !strings.Contains(r.Body.String(), r.Header().Get("X-Request-ID")) {
		t.Errorf("error body: %s", r.Body.String())
	}
	m := e.do(t, "/metrics")
	s, err := metricstest.Parse(m.Body.String())
	if err != nil {
		t.Fatal(err)
	}
	kind := "error"
	if r.Code == http.StatusServiceUnavailable {
		kind = "unavailable"
	}
	if v, ok := s.Value("odatagw_backend_errors_total", map[string]string{"source": "demo", "op": "query", "kind": kind}); !ok || v != 1 {
		t.Errorf("backend errors %v %v\n%s", v, ok, m.Body.String())
	}
}

func TestObserveTracing(t *testing.T) {
	rv := otlptest.NewReceiver()
	defer rv.Close()
	tr := tracing.New(tracing.Config{Endpoint: rv.URL(), ServiceName: "odatagw", SampleRatio: 1, FlushInterval: time.Hour})
	e := newObservedEnv(t, tr)
	const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	r := e.do(t, "/odata/demo/Orders?$top=2&$count=true", "traceparent", parent)
	if r.Code != 200 {
		t.Fatal(r.Code)
	}
	resp := r.Header().Get("traceresponse")
	if !strings.HasPrefix(resp, "00-0af7651916cd43dd8448eb211c80319c-") || !strings.HasSuffix(resp, "-01") {
		t.Errorf("traceresponse %q", resp)
	}
	e.do(t, "/odata/demo/Nope") // a new trace, sampled by the ratio
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	spans := rv.Spans()
	var server *otlptest.ReceivedSpan
	var clients []otlptest.ReceivedSpan
	for i, s := range spans {
		switch {
		case s.Kind == 2 && s.TraceID == "0af7651916cd43dd8448eb211c80319c":
			server = &spans[i]
		case s.Kind == 3:
			clients = append(clients, s)
		}
	}
	if server == nil || len(spans) != 4 {
		t.Fatalf("spans: %+v", spans)
	}
	if server.ParentSpanID != "b7ad6b7169203331" || server.Name != "GET demo/Orders" || server.Attributes["http.response.status_code"] != "200" ||
		server.Attributes["odatagw.rows"] != "2" || server.Attributes["odatagw.request_id"] != r.Header().Get("X-Request-ID") {
		t.Errorf("server span %+v", server)
	}
	if !strings.Contains(resp, server.SpanID) {
		t.Errorf("traceresponse %q does not name the server span %s", resp, server.SpanID)
	}
	ops := map[string]bool{}
	for _, c := range clients {
		if c.TraceID != server.TraceID || c.ParentSpanID != server.SpanID {
			t.Errorf("backend span %+v is not a child of the request's", c)
		}
		ops[c.Name] = true
	}
	if !ops["query demo"] || !ops["count demo"] || len(clients) != 2 {
		t.Errorf("backend spans %v", ops)
	}
	for _, l := range logLines(t, e.log) {
		if l["msg"] == "request" && l["trace_id"] == nil {
			t.Errorf("request line without trace_id: %v", l)
		}
	}
}
