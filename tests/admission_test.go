package tests

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/gateway"
)

// gatedSource holds every Query of the real source it wraps until the gate
// opens: a source slowed down without touching its data.
type gatedSource struct {
	adapters.Source
	gate    chan struct{}
	entered chan struct{}
}

func (g *gatedSource) Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	g.entered <- struct{}{}
	select {
	case <-g.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.Source.Query(ctx, q)
}

// A slow source takes at most MaxRequests requests at once and MaxQueued
// waiting ones; the rest get 503 with Retry-After at once, and those that
// wait longer than QueueTimeout get it then. Other services, and the slow
// source's $metadata, are served meanwhile; once it speeds up every
// admitted request is answered.
func TestAdmissionBoundsConcurrency(t *testing.T) {
	_, src := openDemo(t)
	slow := &gatedSource{Source: src, gate: make(chan struct{}), entered: make(chan struct{}, 64)}
	e := newEnv(t, gateway.Config{}, "",
		gateway.Service{Name: "slow", Source: slow, Admission: gateway.Admission{MaxRequests: 3, MaxQueued: 2, QueueTimeout: 300 * time.Millisecond}},
		demoService(t))
	root := e.srv.URL + "/odata/slow/"
	type result struct {
		status int
		retry  string
		took   time.Duration
	}
	results := make(chan result, 16)
	get := func() {
		start := time.Now()
		resp, err := http.Get(root + "Orders?$top=1")
		if err != nil {
			results <- result{status: -1}
			return
		}
		resp.Body.Close()
		results <- result{resp.StatusCode, resp.Header.Get("Retry-After"), time.Since(start)}
	}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ { // take every turn
		wg.Add(1)
		go func() { defer wg.Done(); get() }()
	}
	for i := 0; i < 3; i++ {
		<-slow.entered
	}
	// Two may wait; a sixth is refused at once.
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); get() }()
	}
	time.Sleep(50 * time.Millisecond)
	get()
	if r := <-results; r.status != 503 || r.retry != "1" || r.took > 200*time.Millisecond {
		t.Errorf("beyond the queue: %+v, want an immediate 503 with Retry-After: 1", r)
	}
	// The waiting two give up after the queue timeout.
	for i := 0; i < 2; i++ {
		if r := <-results; r.status != 503 || r.retry == "" || r.took < 250*time.Millisecond || r.took > 2*time.Second {
			t.Errorf("queued: %+v, want 503 after about 300ms", r)
		}
	}
	// Others are served meanwhile, and so is the slow source's metadata.
	if c := e.get(t, e.srv.URL+"/odata/demo/Orders?$top=2").collection(t); len(c.Value) != 2 {
		t.Errorf("other service: %d rows", len(c.Value))
	}
	e.get(t, root+"$metadata").mustStatus(t, 200)
	r := e.get(t, root+"Orders?$top=1")
	if r.status != 503 || !strings.Contains(r.odataError(t).Error.Message, `"slow" is busy`) {
		t.Errorf("saturated: %d %s", r.status, trunc(r.body))
	}
	// The source speeds up: the three admitted requests are answered.
	close(slow.gate)
	for i := 0; i < 3; i++ {
		if r := <-results; r.status != 200 {
			t.Errorf("admitted request: %+v", r)
		}
	}
	wg.Wait()
	e.get(t, root+"Orders?$top=1").mustStatus(t, 200)
}

// /healthz answers while the process serves; /readyz reports every source.
func TestHealthEndpoints(t *testing.T) {
	e := newEnv(t, gateway.Config{}, "", demoService(t))
	r := e.get(t, e.srv.URL+"/healthz").mustStatus(t, 200)
	if string(r.body) != `{"status":"alive"}`+"\n" {
		t.Errorf("healthz %s", r.body)
	}
	rd := readiness(t, e, 200)
	if rd.Status != "ready" || len(rd.Sources) != 1 || rd.Sources[0].Name != "demo" || rd.Sources[0].Status != "up" ||
		rd.Sources[0].Breaker != "closed" || rd.Sources[0].LatencyMS < 0 || !rd.Sources[0].Required {
		t.Errorf("readyz %+v", rd)
	}
}

func readiness(t *testing.T, e *demoEnv, want int) *gateway.Readiness {
	t.Helper()
	r := e.get(t, e.srv.URL+"/readyz").mustStatus(t, want)
	var rd gateway.Readiness
	if err := json.Unmarshal(r.body, &rd); err != nil {
		t.Fatalf("readyz %s: %v", r.body, err)
	}
	return &rd
}
