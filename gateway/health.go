package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"odatagw/adapters"
)

// readyzCacheFor is how long a /readyz answer is reused: probes from a load
// balancer or orchestrator every few hundred milliseconds ping each database
// at most once per interval.
const readyzCacheFor = time.Second

// slowPing is the ping latency above which a source that answers is
// reported as degraded.
const slowPing = time.Second

// SourceHealth is one source's entry in /readyz.
type SourceHealth struct {
	Name string `json:"name"`
	// Status is "up", "degraded" (answers, but slowly, or its breaker is not
	// closed, or every turn is taken and requests queue) or "down" (no
	// answer to a ping, or its breaker is open).
	Status   string `json:"status"`
	Required bool   `json:"required"`
	// LatencyMS is the round trip of the ping, in milliseconds (-1 when the
	// source has no ping).
	LatencyMS float64 `json:"latency_ms"`
	// Error is the class of the ping's failure: "timeout", "unavailable" or
	// "error" (never a message: messages may carry host names).
	Error string `json:"error,omitempty"`
	// Breaker is the circuit breaker's state: closed, open or half-open.
	Breaker string `json:"breaker"`
	// LastError and LastErrorAt are the class and time of the last failure
	// the breaker saw (requests or probes).
	LastError   string     `json:"last_error,omitempty"`
	LastErrorAt *time.Time `json:"last_error_at,omitempty"`
	// InFlight and Queued are the data requests using the source and
	// waiting for a turn.
	InFlight int   `json:"in_flight"`
	Queued   int64 `json:"queued"`
}

// Readiness is the body of /readyz.
type Readiness struct {
	Status  string         `json:"status"` // "ready", or "unready" when a required source is down
	Sources []SourceHealth `json:"sources"`
}

// readyzState caches the last readiness report.
type readyzState struct {
	mu   sync.Mutex
	at   time.Time
	last *Readiness
}

// serveHealthz answers 200 while the process serves HTTP at all.
func (g *Gateway) serveHealthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/json;charset=utf-8", []byte(`{"status":"alive"}`+"\n"))
}

// serveReadyz pings every source and answers 200, or 503 when a required
// source is down.
func (g *Gateway) serveReadyz(c *gin.Context) {
	rd := g.Readiness(c.Request.Context())
	status := http.StatusOK
	if rd.Status != "ready" {
		status = http.StatusServiceUnavailable
	}
	b, _ := json.Marshal(rd)
	c.Header("Cache-Control", "no-store")
	c.Data(status, "application/json;charset=utf-8", append(b, '\n'))
}

// Readiness reports every source's health (pinging them in parallel, each
// within its Admission.PingTimeout; a report younger than a second is reused).
func (g *Gateway) Readiness(ctx context.Context) *Readiness {
	g.ready.mu.Lock()
	defer g.ready.mu.Unlock()
	if g.ready.last != nil && time.Since(g.ready.at) < readyzCacheFor {
		return g.ready.last
	}
	rd := &Readiness{Status: "ready", Sources: make([]SourceHealth, len(g.names))}
	var wg sync.WaitGroup
	for i, name := range g.names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rd.Sources[i] = g.services[name].health(ctx)
		}()
	}
	wg.Wait()
	for _, s := range rd.Sources {
		if s.Required && s.Status == "down" {
			rd.Status = "unready"
		}
	}
	g.ready.last, g.ready.at = rd, time.Now()
	return rd
}

// health pings the service's source and describes it.
func (s *service) health(ctx context.Context) SourceHealth {
	gd := s.adm
	h := SourceHealth{Name: s.Name, Required: !s.Optional, LatencyMS: -1, Status: "up",
		InFlight: len(gd.slots), Queued: gd.queued.Load()}
	if p, ok := s.Source.(adapters.Pinger); ok {
		pctx, cancel := context.WithTimeout(ctx, gd.cfg.PingTimeout)
		start := time.Now()
		err := p.Ping(pctx)
		cancel()
		lat := time.Since(start)
		h.LatencyMS = float64(lat.Microseconds()) / 1000
		switch {
		case err != nil:
			h.Status, h.Error = "down", errorClass(err)
		case lat > slowPing:
			h.Status = "degraded"
		}
	}
	state, lastErr, lastAt := gd.brk.snapshot()
	h.Breaker, h.LastError = state, lastErr
	if !lastAt.IsZero() {
		h.LastErrorAt = &lastAt
	}
	switch {
	case state == breakerOpen:
		h.Status = "down"
	case h.Status == "up" && (state == breakerHalfOpen || h.Queued > 0):
		h.Status = "degraded"
	}
	return h
}
