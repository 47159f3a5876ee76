// Package gateway serves OData v4 over HTTP: routing to services, content
// negotiation, the read protocol (entity sets, entities, properties, $count,
// $value, service document, $metadata), server-driven paging and streaming
// JSON. It turns each request into an adapters.Query through the parser
// (gateway/query) and the binder (gateway/query/bound).
package gateway

import (
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"odatagw/adapters"
	"odatagw/gateway/batch"
	"odatagw/internal/observe"
	"odatagw/odataerr"
)

// odataVersion is the protocol version of every response.
const odataVersion = "4.0"

// Limits; each can be overridden in Config.
const (
	// DefaultMaxPageSize is the largest page served when the config says nothing.
	// Salesforce Connect accepts pages of at most 2,000 rows.
	DefaultMaxPageSize = 1000
	// MaxPageSizeCeiling bounds the configurable page size.
	MaxPageSizeCeiling = 2000
	// DefaultMaxURLLength bounds the request URL (414 beyond it).
	DefaultMaxURLLength = 40 * 1024
	// DefaultMaxPageBytes ends a page early once its JSON takes 7 MiB:
	// Salesforce Connect refuses responses above 8 MB.
	DefaultMaxPageBytes = 7 << 20
)

// Config holds the gateway's own settings.
type Config struct {
	// MaxPageSize is the largest number of entities in one response page;
	// 0 means DefaultMaxPageSize.
	MaxPageSize int
	// MaxURLLength bounds the request URL; 0 means DefaultMaxURLLength.
	MaxURLLength int
	// Limits bound the work one request may ask for (gateway/limits.go).
	Limits Limits
	// BaseURL, if set, is the externally visible scheme://host[:port] used in
	// context URLs and next links (for gateways behind a proxy). Otherwise
	// the request's Host and X-Forwarded-Proto are used.
	BaseURL string
	// Logger receives one line per failed request; nil discards.
	Logger *slog.Logger
	// Cache configures the response cache (gateway/cache.go); the zero value is off.
	Cache CacheConfig
	// Principal returns the identity of a request's caller, part of every
	// cache key; nil reads the request context (WithPrincipal), "" is anonymous.
	Principal func(*http.Request) string
	// Guard authenticates callers and limits their rate (gateway/guard.go);
	// nil lets every caller in as anonymous.
	Guard Guard
	// Observer receives every request's record (log line, metrics, span;
	// gateway/observe.go); nil makes one that logs to Logger.
	Observer *observe.Observer
	// MetricsPath, when set, serves the Observer's metrics there (without
	// authentication), e.g. "/metrics".
	MetricsPath string
	// Batch bounds $batch requests (gateway/batch; zero fields: its defaults).
	Batch batch.Limits
	// MaxBodyBytes bounds a request body after decompression (413 beyond);
	// 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxPageBytes ends a page early, with a next link, once its entities
	// take this many bytes of JSON (before compression): Salesforce Connect
	// refuses responses above 8 MB, whatever the page size. 0 means
	// DefaultMaxPageBytes. A page always holds at least one entity.
	MaxPageBytes int64
	// BodyTimeout bounds the reading of a request body from its first byte
	// asked for (408 beyond); 0 means DefaultBodyTimeout.
	BodyTimeout time.Duration
}

// Service is one OData service: a name (its root is /odata/{name}/) and the
// source it exposes.
type Service struct {
	Name   string
	Source adapters.Source
	// Admission bounds the concurrent use of Source and configures its
	// circuit breaker (gateway/admission.go); the zero value takes the defaults.
	Admission Admission
	// Optional services do not make /readyz fail when their source is down.
	Optional bool
	// Writes says which changes the service accepts (writes_policy.go); the
	// zero value is read-only. Writes need a source implementing
	// adapters.Writer; deep inserts and $batch change sets also
	// adapters.TxBeginner.
	Writes WritePolicy
}

// Gateway is the HTTP front of all services. It is safe for concurrent use.
type Gateway struct {
	cfg      Config
	log      *slog.Logger
	services map[string]*service
	names    []string
	cache    *responseCache // nil when caching is off
	obs      *observe.Observer
	sub      subHandler  // serves the requests inside batches (batchserve.go)
	ready    readyzState // the last /readyz report (gateway/health.go)
	// parsed counts the requests whose URL was parsed: a cache hit on the
	// fast path (cachefast.go) is not; the tests read it.
	parsed atomic.Int64
}

// New returns a gateway serving the given services.
func New(cfg Config, services ...Service) (*Gateway, error) {
	if cfg.MaxPageSize == 0 {
		cfg.MaxPageSize = DefaultMaxPageSize
	}
	if cfg.MaxPageSize < 1 || cfg.MaxPageSize > MaxPageSizeCeiling {
		return nil, fmt.Errorf("max page size must be between 1 and %d, got %d", MaxPageSizeCeiling, cfg.MaxPageSize)
	}
	if cfg.MaxURLLength == 0 {
		cfg.MaxURLLength = DefaultMaxURLLength
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxPageBytes <= 0 {
		cfg.MaxPageBytes = DefaultMaxPageBytes
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = DefaultBodyTimeout
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	limits, err := cfg.Limits.withDefaults()
	if err != nil {
		return nil, err
	}
	cfg.Limits = limits
	g := &Gateway{cfg: cfg, log: cfg.Logger, services: map[string]*service{}, cache: newResponseCache(cfg.Cache)}
	if g.log == nil {
		g.log = discardLogger
	}
	if g.obs = cfg.Observer; g.obs == nil {
		g.obs = observe.New(observe.Config{Logger: g.log})
		g.obs.SetStats(g.Stats)
	}
	for i := range services {
		s := services[i]
		if s.Name == "" || strings.ContainsAny(s.Name, "/?#%") {
			return nil, fmt.Errorf("invalid service name %q", s.Name)
		}
		if _, dup := g.services[s.Name]; dup {
			return nil, fmt.Errorf("duplicate service name %q", s.Name)
		}
		adm, err := newAdmission(s.Name, s.Source, s.Admission)
		if err != nil {
			return nil, err
		}
		g.services[s.Name] = &service{Service: s, adm: adm}
		g.names = append(g.names, s.Name)
	}
	sort.Strings(g.names)
	return g, nil
}

// Handler returns the HTTP handler of the gateway.
func (g *Gateway) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	// Keep percent-encoding in path parameters: key predicates such as
	// Customers('A%2FB') are decoded by the OData path parser, not by the router.
	e.UseRawPath = true
	e.UnescapePathValues = false
	e.RedirectTrailingSlash = false
	e.HandleMethodNotAllowed = false
	e.Use(g.observeRequest, g.recoverPanics)
	if g.cfg.MetricsPath != "" {
		e.GET(g.cfg.MetricsPath, gin.WrapH(g.obs.MetricsHandler()))
	}
	e.GET("/healthz", g.serveHealthz) // gateway/health.go
	e.HEAD("/healthz", g.serveHealthz)
	e.GET("/readyz", g.serveReadyz)
	e.HEAD("/readyz", g.serveReadyz)
	e.GET("/", g.serveIndex)
	e.HEAD("/", g.serveIndex)
	g.odataRoutes(e)
	e.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/odata/") && !standardMethod(c.Request.Method) {
			// The OData routes take every standard method: this one is not.
			g.writeError(c.Writer, c.Request, requestID(c), odataerr.New(http.StatusMethodNotAllowed, "MethodNotAllowed",
				"method %s is not supported", c.Request.Method))
			return
		}
		g.writeError(c.Writer, c.Request, requestID(c), errNotFound("no resource at %s; services live under /odata/{service}/", c.Request.URL.Path))
	})
	return e
}

// standardMethod reports whether gin's Any routes take method.
func standardMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return true
	}
	return false
}

// recoverPanics turns a panic in a handler into a 500 with a request ID that
// also appears in the log line. A panic is a bug, never expected.
func (g *Gateway) recoverPanics(c *gin.Context) {
	id := requestID(c)
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			g.log.Error("panic serving request", "request_id", id, "panic", fmt.Sprint(v), "path", c.Request.URL.Path)
			if !c.Writer.Written() {
				g.writeError(c.Writer, c.Request, id, fmt.Errorf("panic: %v", v))
			}
			c.Abort()
		}
	}()
	c.Next()
}

func requestID(c *gin.Context) string {
	if v, ok := c.Get("request_id"); ok {
		return v.(string)
	}
	return newRequestID()
}

// serveIndex lists the services: as JSON, or as the landing page (index.go)
// for browsers.
func (g *Gateway) serveIndex(c *gin.Context) {
	if !g.guard(c, "") {
		return
	}
	if prefersHTML(c.Request) {
		g.serveIndexHTML(c)
		return
	}
	c.Header("Vary", "Accept")
	b := []byte(`{"services":[`)
	for i, n := range g.names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendString(b, n)
		b = append(b, `,"url":`...)
		b = appendString(b, g.baseURL(c.Request)+"/odata/"+n+"/")
		b = append(b, `,"openapi":`...)
		b = appendString(b, g.baseURL(c.Request)+"/odata/"+n+"/"+openAPIPath)
		b = append(b, '}')
	}
	b = append(b, "]}\n"...)
	c.Data(http.StatusOK, "application/json;charset=utf-8", b)
}

// baseURL returns scheme://host of the gateway as clients see it.
func (g *Gateway) baseURL(r *http.Request) string {
	if g.cfg.BaseURL != "" {
		return g.cfg.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return scheme + "://" + r.Host
}
