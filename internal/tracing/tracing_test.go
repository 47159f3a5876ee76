package tracing_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"odatagw/internal/testenv"
	"odatagw/internal/tracing"
	"odatagw/internal/tracing/otlptest"
)

func flush(t *testing.T, tr *tracing.Tracer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestServerAndClientSpansReachTheCollector(t *testing.T) {
	rv := otlptest.NewReceiver()
	defer rv.Close()
	tr := tracing.New(tracing.Config{Endpoint: rv.URL(), ServiceName: "gw-test", ServiceVersion: "v9", SampleRatio: 0,
		Headers: map[string]string{"X-Collector-Key": "k1"}, FlushInterval: time.Hour})

	// An incoming traceparent (sampled) is continued even with ratio 0.
	r := httptest.NewRequest("GET", "/odata/demo/Orders", nil)
	r.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	ctx, srv := tr.StartServer(r, "GET")
	cctx, cl := tr.StartClient(ctx, "query demo")
	out := http.Header{}
	tracing.Inject(cctx, out)
	cl.SetAttr(tracing.Attr{Key: "db.operation.name", Value: "query"})
	cl.SetError("timeout")
	cl.End()
	srv.SetName("GET demo/Orders")
	srv.SetAttr(tracing.Attr{Key: "http.response.status_code", Value: 200}, tracing.Attr{Key: "odatagw.rows", Value: int64(3)},
		tracing.Attr{Key: "ratio", Value: 0.5}, tracing.Attr{Key: "hit", Value: true})
	srv.End()
	srv.End() // a second End exports nothing more
	flush(t, tr)

	spans := rv.Spans()
	if bad := rv.Rejected(); len(bad) > 0 || len(spans) != 2 {
		t.Fatalf("received %d spans, rejected %v", len(spans), bad)
	}
	c, s := spans[0], spans[1]
	if s.TraceID != "4bf92f3577b34da6a3ce929d0e0e4736" || s.ParentSpanID != "00f067aa0ba902b7" || s.Kind != 2 || s.Name != "GET demo/Orders" || s.Service != "gw-test" {
		t.Errorf("server span %+v", s)
	}
	if s.Attributes["http.response.status_code"] != "200" || s.Attributes["odatagw.rows"] != "3" || s.Attributes["ratio"] != 0.5 || s.Attributes["hit"] != true {
		t.Errorf("server attributes %v", s.Attributes)
	}
	if c.TraceID != s.TraceID || c.ParentSpanID != s.SpanID || c.Kind != 3 || c.StatusCode != 2 || c.StatusMsg != "timeout" || c.Attributes["db.operation.name"] != "query" {
		t.Errorf("client span %+v (server %s)", c, s.SpanID)
	}
	if len(s.SpanID) != 16 || s.SpanID == "00f067aa0ba902b7" || s.Start == "" || s.End < s.Start {
		t.Errorf("ids/times %+v", s)
	}
	if want := "00-" + c.TraceID + "-" + c.SpanID + "-01"; out.Get("traceparent") != want {
		t.Errorf("injected %q, want %q", out.Get("traceparent"), want)
	}
	if h := rv.Headers(); h[0].Get("X-Collector-Key") != "k1" {
		t.Errorf("export headers %v", h[0])
	}
}

func TestSamplingAndTraceparentParsing(t *testing.T) {
	rv := otlptest.NewReceiver()
	defer rv.Close()
	tr := tracing.New(tracing.Config{Endpoint: rv.URL(), ServiceName: "s", SampleRatio: 0, FlushInterval: time.Hour})
	start := func(tp string) *tracing.Span {
		r := httptest.NewRequest("GET", "/", nil)
		if tp != "" {
			r.Header.Set("traceparent", tp)
		}
		_, s := tr.StartServer(r, "GET")
		s.End()
		return s
	}
	notSampled := start("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
	if notSampled.TraceID() != "4bf92f3577b34da6a3ce929d0e0e4736" || !strings.HasSuffix(notSampled.Traceparent(), "-00") {
		t.Errorf("an unsampled parent's trace must continue unsampled: %s", notSampled.Traceparent())
	}
	for _, bad := range []string{
		"00-00000000000000000000000000000000-00f067aa0ba902b7-01",   // zero trace ID
		"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",   // zero parent
		"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",   // version ff
		"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",   // upper case
		"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", // version 00 with more fields
		"garbage",
	} {
		if s := start(bad); s.TraceID() == "4bf92f3577b34da6a3ce929d0e0e4736" || strings.HasSuffix(s.Traceparent(), "-01") {
			t.Errorf("%q was accepted: %s", bad, s.Traceparent())
		}
	}
	// A later version with extra fields is read by its first four.
	if s := start("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"); s.TraceID() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("version 01: %s", s.Traceparent())
	}
	flush(t, tr)
	if n := len(rv.Spans()); n != 1 { // only the version-01 sampled one
		t.Errorf("%d spans exported with ratio 0, want 1", n)
	}

	all := tracing.New(tracing.Config{Endpoint: rv.URL(), SampleRatio: 1, FlushInterval: time.Hour})
	for range 10 {
		_, s := all.StartServer(httptest.NewRequest("GET", "/", nil), "GET")
		s.End()
	}
	flush(t, all)
	if n := len(rv.Spans()); n != 11 {
		t.Errorf("ratio 1: %d spans in all, want 11", n)
	}
	var nilSpan *tracing.Span // tracing off: every method is a no-op
	nilSpan.SetAttr(tracing.Attr{Key: "k", Value: "v"})
	nilSpan.SetError("x")
	nilSpan.End()
	if nilSpan.Traceparent() != "" {
		t.Error("nil span traceparent")
	}
}

func TestExportFailureAndFullQueue(t *testing.T) {
	arrived, release := make(chan struct{}, 4), make(chan struct{})
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
		http.Error(w, "no", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	var logs testenv.SyncBuffer
	tr := tracing.New(tracing.Config{Endpoint: down.URL + "/v1/traces", SampleRatio: 1, FlushInterval: time.Hour, QueueSize: 2,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	end := func() {
		_, s := tr.StartServer(httptest.NewRequest("GET", "/", nil), "GET")
		s.End()
	}
	end()
	flushed := make(chan error, 1)
	go func() { flushed <- tr.Flush(context.Background()) }()
	<-arrived // the exporter is now busy posting
	for range 5 {
		end()
	}
	if tr.Dropped() != 3 {
		t.Errorf("dropped %d, want 3 beyond the queue of 2", tr.Dropped())
	}
	close(release)
	if err := <-flushed; err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tr.Shutdown(ctx); err != nil { // exports the 2 queued spans (refused as well)
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "the collector refused the export") || !strings.Contains(logs.String(), "status=503") {
		t.Errorf("log: %s", logs.String())
	}
}
