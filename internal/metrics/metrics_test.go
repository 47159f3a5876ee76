package metrics

import (
	"bytes"
	"math"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"odatagw/internal/metrics/metricstest"
)

func TestExpositionParsesStrictly(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("test_requests_total", "Requests.\nSecond line with a \\ backslash.", "path", "code")
	c.Inc("/a", "200")
	c.Add(2.5, `we"ird\`+"\nvalue", "500")
	g := r.Gauge("test_in_flight", "In flight.")
	g.Set(3)
	g.Add(-1)
	h := r.Histogram("test_latency_seconds", "Latency.", []float64{0.1, 1}, "op")
	for _, x := range []float64{0.05, 0.1, 0.5, 2, 100} {
		h.Observe(x, "q")
	}
	r.Func("test_pool_connections", "Pool.", GaugeType, func(emit func(float64, ...string)) {
		emit(4, "erp", "idle")
		emit(1, "erp", "in_use")
	}, "source", "state")

	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); ct != ContentType {
		t.Errorf("Content-Type %q", ct)
	}
	text := rec.Body.String()
	s, err := metricstest.Parse(text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	check := func(name string, labels map[string]string, want float64) {
		t.Helper()
		if v, ok := s.Value(name, labels); !ok || v != want {
			t.Errorf("%s%v = %v (present %v), want %v", name, labels, v, ok, want)
		}
	}
	check("test_requests_total", map[string]string{"path": "/a", "code": "200"}, 1)
	check("test_requests_total", map[string]string{"path": "we\"ird\\\nvalue"}, 2.5)
	check("test_in_flight", nil, 2)
	check("test_latency_seconds_bucket", map[string]string{"le": "0.1"}, 2) // 0.05 and 0.1 (le is inclusive)
	check("test_latency_seconds_bucket", map[string]string{"le": "1"}, 3)
	check("test_latency_seconds_bucket", map[string]string{"le": "+Inf"}, 5)
	check("test_latency_seconds_count", nil, 5)
	check("test_latency_seconds_sum", nil, 102.65)
	check("test_pool_connections", map[string]string{"state": "in_use"}, 1)
	if s["test_requests_total"].Help != `Requests.\nSecond line with a \\ backslash.` || s["test_latency_seconds"].Type != "histogram" {
		t.Errorf("help/type: %+v", s["test_requests_total"])
	}
	// Families are written in name order.
	if strings.Index(text, "test_in_flight") > strings.Index(text, "test_latency_seconds") {
		t.Error("families out of order")
	}
}

func TestParserRejectsMalformed(t *testing.T) {
	for _, bad := range []string{
		"x 1\n", // no TYPE
		"# HELP x h\n# TYPE x counter\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n",        // duplicate series
		"# HELP x h\n# TYPE x counter\nx{a=\"1\\q\"} 1\n",                   // bad escape
		"# HELP x h\n# TYPE x counter\nx -1\n",                              // negative counter
		"# HELP x h\n# TYPE x histogram\nx_bucket{le=\"1\"} 1\nx_count 1\n", // no +Inf, no sum
		"# HELP x h\n# TYPE x gauge\nx 1",                                   // no final newline
	} {
		if _, err := metricstest.Parse(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestConcurrentUpdates(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c_total", "c", "k")
	h := r.Histogram("h_seconds", "h", DefaultBuckets, "k")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				c.Inc(string(rune('a' + i%2)))
				h.Observe(0.003, "x")
			}
		}()
	}
	// Scrapes while updating stay well formed.
	for range 20 {
		var b bytes.Buffer
		_ = r.WriteText(&b)
		if _, err := metricstest.Parse(b.String()); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if c.Value("a")+c.Value("b") != 8000 || h.Count("x") != 8000 {
		t.Errorf("counts %v %v %d", c.Value("a"), c.Value("b"), h.Count("x"))
	}
}

func TestInvalidDefinitionsPanic(t *testing.T) {
	r := NewRegistry()
	r.Counter("ok_total", "x")
	for name, f := range map[string]func(){
		"bad name":     func() { r.Counter("bad-name", "x") },
		"le label":     func() { r.Counter("y_total", "x", "le") },
		"duplicate":    func() { r.Counter("ok_total", "x") },
		"inf buckets":  func() { r.Histogram("z", "x", []float64{1, math.Inf(1)}) },
		"label values": func() { r.Counter("w_total", "x", "a").Inc() },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
