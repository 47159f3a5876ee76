package gateway

import (
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"

	"odatagw/gateway/query"
	"odatagw/internal/observe"
)

// observeRequest is the outermost middleware: it gives the request its ID
// (echoed in X-Request-ID), puts its observe.Request record in the context
// and, when the request is over, hands the record to the observer (one log
// line, the metrics, the span).
func (g *Gateway) observeRequest(c *gin.Context) {
	id := incomingRequestID(c.Request)
	c.Set("request_id", id)
	c.Writer.Header().Set(requestIDHeader, id)
	if g.unobserved(c.Request.URL.Path) {
		c.Next()
		return
	}
	rec, r := g.obs.StartRequest(c.Request, id)
	c.Request = r
	if tp := rec.Traceparent(); tp != "" {
		c.Writer.Header().Set("traceresponse", tp) // W3C Trace Context level 2: the client can find the trace
	}
	defer func() {
		rec.Status = c.Writer.Status()
		rec.Bytes = int64(max(c.Writer.Size(), 0))
		rec.Principal = g.principal(c.Request)
		if rec.Service == "" {
			if name := c.Param("service"); g.services[name] != nil {
				rec.Service = name
			}
		}
		g.obs.EndRequest(rec)
	}()
	c.Next()
}

// unobserved reports whether path is a scrape or a probe (metrics, /healthz,
// /readyz): asked every few seconds by machines, they are neither logged nor
// counted.
func (g *Gateway) unobserved(path string) bool {
	return path == "/healthz" || path == "/readyz" || g.cfg.MetricsPath != "" && path == g.cfg.MetricsPath
}

// incomingRequestID keeps a request ID set by a proxy in front when it is
// short and plain; otherwise it returns a new one.
func incomingRequestID(r *http.Request) string {
	v := r.Header.Get(requestIDHeader)
	if v == "" || len(v) > 64 {
		return newRequestID()
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return newRequestID()
		}
	}
	return v
}

// rec returns the request's record (never nil inside the handler chain).
func (q *request) rec() *observe.Request {
	if rec := observe.RequestFrom(q.r.Context()); rec != nil {
		return rec
	}
	return &observe.Request{} // a handler called outside the chain (tests): nothing is reported
}

// observePath records the service and the entity set the path starts at
// (a set of the model, so the label's values are bounded).
func (q *request) observePath(path *query.ResourcePath) {
	rec := q.rec()
	rec.Service = q.svc.Name
	switch {
	case path.Kind != query.PathResource:
		rec.Set = observe.SetNone
	case len(path.Segments) > 0 && q.model.EntitySet(path.Segments[0].Name) != nil:
		rec.Set = path.Segments[0].Name
	default:
		rec.Set = observe.SetUnknown
	}
}

// Stats returns what the metrics read from the gateway at each scrape: the
// response cache's counters and the sources' connection pools.
func (g *Gateway) Stats() observe.Stats {
	var s observe.Stats
	if cs, ok := g.CacheStats(); ok {
		s.Cache = &cs
	}
	for _, name := range g.names {
		if p, ok := g.services[name].Source.(interface{ PoolStats() sql.DBStats }); ok {
			if s.Pools == nil {
				s.Pools = map[string]sql.DBStats{}
			}
			s.Pools[name] = p.PoolStats()
		}
	}
	return s
}
