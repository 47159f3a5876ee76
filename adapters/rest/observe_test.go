package rest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"odatagw/adapters/rest"
	"strings"
	"sync"
	"testing"
	"time"

	"odatagw/adapters/adaptertest"
	"odatagw/adapters/rest/resttest"
	"odatagw/internal/metrics/metricstest"
	"odatagw/internal/observe"
	"odatagw/internal/tracing"
	"odatagw/internal/tracing/otlptest"
)

// Every upstream call, retries included, is timed, counted and traced, and
// carries the trace onward in its traceparent header.
func TestUpstreamCallsAreObservedAndTraced(t *testing.T) {
	a := resttest.New(t, 5)
	var mu sync.Mutex
	var parents []string
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		parents = append(parents, r.Header.Get("traceparent"))
		mu.Unlock()
		a.ServeHTTP(w, r)
	}))
	defer front.Close()
	rv := otlptest.NewReceiver()
	defer rv.Close()
	tr := tracing.New(tracing.Config{Endpoint: rv.URL(), SampleRatio: 1, FlushInterval: time.Hour})
	obs := observe.New(observe.Config{Tracer: tr})

	cfg := resttest.Config(a, "none", false)
	cfg.BaseURL = front.URL
	src, err := rest.Open(rest.Options{Name: "shipping", Client: &http.Client{}, Observer: obs}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rec, r := obs.StartRequest(httptest.NewRequest("GET", "/odata/shipping/Shipments", nil), "req-1")
	q, _ := planReq(t, src, "Shipments")
	a.Fail(1, http.StatusServiceUnavailable) // one retry
	rows, err := adaptertest.ReadRows(r.Context(), src, q)
	if err != nil || len(rows) != 5 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	rec.Status = 200
	obs.EndRequest(rec)

	if _, calls := rec.Backend(); calls != 2 {
		t.Errorf("backend calls %d, want 2", calls)
	}
	m := httptest.NewRecorder()
	obs.MetricsHandler().ServeHTTP(m, httptest.NewRequest("GET", "/metrics", nil))
	s, err := metricstest.Parse(m.Body.String())
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Value("odatagw_backend_duration_seconds_count", map[string]string{"source": "shipping", "op": "get"}); v != 2 {
		t.Errorf("upstream calls timed: %v", v)
	}
	if v, _ := s.Value("odatagw_backend_errors_total", map[string]string{"source": "shipping", "op": "get", "kind": "error"}); v != 1 {
		t.Errorf("upstream failures: %v", v)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	byID := map[string]otlptest.ReceivedSpan{}
	var server otlptest.ReceivedSpan
	for _, sp := range rv.Spans() {
		byID[sp.SpanID] = sp
		if sp.Kind == tracing.KindServer {
			server = sp
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(parents) != 2 || len(byID) != 3 {
		t.Fatalf("traceparents %v, spans %d", parents, len(byID))
	}
	for i, p := range parents {
		f := strings.Split(p, "-")
		if len(f) != 4 || f[1] != server.TraceID {
			t.Fatalf("call %d traceparent %q, trace %s", i, p, server.TraceID)
		}
		c, ok := byID[f[2]]
		if !ok || c.Kind != tracing.KindClient || c.ParentSpanID != server.SpanID || c.Name != "get shipping" {
			t.Errorf("call %d: its span %+v is not the request's child", i, c)
		}
		if wantErr := i == 0; (c.StatusCode == tracing.StatusError) != wantErr {
			t.Errorf("call %d: status %d", i, c.StatusCode)
		}
	}
}
