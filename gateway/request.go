package gateway

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"odatagw/auth"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// request is the per-request state shared by the handlers.
type request struct {
	g     *Gateway
	w     http.ResponseWriter
	r     *http.Request
	id    string
	svc   *service
	model *metadata.Model
	// base is the source's model before the caller's view: the cache's
	// model generation follows it (every view of one model shares it).
	base *metadata.Model
	// rawKey is the request's raw cache key (cachefast.go), "" when it
	// cannot take the cache's fast path.
	rawKey  string
	opts    *query.Options
	binder  *bound.Binder
	rawPath string // resource path after the service root, still percent-encoded
	method  string // the effective method (X-HTTP-Method tunnels through POST)
	// touched are the entity sets read besides the addressed one ($expand),
	// for the cache tags.
	touched []string
	// view is what the caller may see (gateway/authz.go); nil: everything.
	view *auth.View
	// full is the service's model when view narrows it (authz_write.go).
	full *metadata.Model
	// refs is true when the path ends with $ref: reads answer entity
	// references instead of entities (refs.go).
	refs bool
	// body is the request body once read (readBody), bodyRead whether it was.
	body     []byte
	bodyErr  error
	bodyRead bool
}

// serviceRoot returns the absolute URL of the service root, with trailing slash.
func (q *request) serviceRoot() string {
	return q.g.baseURL(q.r) + "/odata/" + q.svc.Name + "/"
}

// serveOData is the entry point for everything under /odata/{service}.
func (g *Gateway) serveOData(c *gin.Context) {
	if !g.guard(c, c.Param("service")) {
		return
	}
	q := &request{g: g, w: c.Writer, r: c.Request, id: requestID(c)}
	defer limitBodyTime(q.w, q.r, g.cfg.BodyTimeout)()
	if err := q.serve(c.Param("service"), strings.TrimPrefix(c.Param("path"), "/")); err != nil {
		g.writeError(q.w, q.r, q.id, err)
	}
}

func (q *request) serve(service, rawPath string) error {
	q.svc = q.g.services[service]
	if q.svc == nil {
		return errNotFound("service '%s' does not exist", service)
	}
	if rawPath == "$batch" {
		return q.serveBatch() // gateway/batchserve.go
	}
	method, err := effectiveMethod(q.r)
	if err != nil {
		return err
	}
	q.method = method
	if err := checkVersionHeaders(q.r); err != nil {
		return err
	}
	if len(q.r.RequestURI) > q.g.cfg.MaxURLLength {
		return odataerr.New(http.StatusRequestURITooLong, "URITooLong", "the request URL is longer than %d bytes", q.g.cfg.MaxURLLength).WithCause(ErrURLTooLong)
	}
	q.w.Header().Set("OData-Version", odataVersion)
	q.rawPath = rawPath
	if rawPath == openAPIPath {
		return q.serveOpenAPI()
	}
	if q.g.cache != nil { // a repeated read is answered before it is parsed
		if q.rawKey = q.rawCacheKey(q.r.Context()); q.rawKey != "" {
			if done, err := q.serveCachedFast(); done {
				return err
			}
		}
	}
	q.g.parsed.Add(1)
	path, err := query.ParsePath(rawPath)
	if err != nil {
		return err
	}
	opts, err := query.ParseQuery(q.r.URL.RawQuery)
	if err != nil {
		return err
	}
	if err := path.CheckOptions(opts); err != nil {
		return err
	}
	if err := q.g.cfg.Limits.checkQuery(q.r.URL.RawQuery, opts, path); err != nil {
		return err
	}
	q.opts = opts
	model, err := q.svc.Source.Model(q.r.Context())
	if err != nil {
		return err
	}
	q.base = model
	if model, err = q.authorize(model); err != nil { // the caller's view (authz.go)
		return err
	}
	q.model = model
	q.observePath(path)
	q.binder = &bound.Binder{Model: model, Aliases: opts.Aliases, MaxExpandDepth: q.g.cfg.Limits.MaxExpandDepth}
	if q.method == http.MethodOptions {
		return q.serveOptions(path) // allow.go
	}

	// Reads go through the response cache (gateway/cache.go), except inside
	// a transaction, whose reads must see its own writes (gateway/tx.go).
	if q.g.cache != nil && txOf(q.r.Context(), q.svc.Name) == nil {
		return q.serveCached(path)
	}
	return q.dispatch(path)
}

// dispatch runs the handler of the resource path.
func (q *request) dispatch(path *query.ResourcePath) error {
	if isWrite(q.method) && path.Kind != query.PathResource && path.Kind != query.PathBatch {
		return errMethod("method %s is not allowed on this resource", q.method)
	}
	switch path.Kind {
	case query.PathServiceDocument:
		return q.serveServiceDocument()
	case query.PathMetadata:
		return q.serveMetadata()
	case query.PathBatch:
		return odataerr.New(http.StatusMethodNotAllowed, "MethodNotAllowed", "$batch requests use POST")
	case query.PathResource:
		if isWrite(q.method) {
			// The body first: a client sending it slowly must not hold
			// one of the source's turns meanwhile.
			if _, err := q.readBody(); err != nil {
				return err
			}
		}
		release, err := q.svc.adm.admit(q.r.Context()) // gateway/admission.go
		if err != nil {
			return err
		}
		defer release()
		if isWrite(q.method) {
			return q.serveWrite(path)
		}
		return q.serveResource(path)
	}
	return odataerr.NotImplemented("this kind of resource path is not supported")
}

// checkVersionHeaders rejects clients that cannot accept an OData 4.0 answer.
func checkVersionHeaders(r *http.Request) error {
	if v := r.Header.Get("OData-MaxVersion"); v != "" {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return odataerr.BadRequest("invalid OData-MaxVersion header '%s'", v)
		}
		if f < 4.0 {
			return odataerr.BadRequest("OData-MaxVersion %s is not supported: this service speaks OData 4.0", v)
		}
	}
	if v := r.Header.Get("OData-Version"); v != "" {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 4.0 || f >= 5 {
			return odataerr.BadRequest("OData-Version %s is not supported: this service speaks OData 4.0", v)
		}
	}
	return nil
}

func errNotFound(format string, args ...any) error { return odataerr.NotFound(format, args...) }
