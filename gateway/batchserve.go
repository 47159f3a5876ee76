package gateway

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"

	"odatagw/gateway/batch"
)

// subHandler serves the individual requests of batches: the gateway's OData
// routes, each request observed (logged and counted) on its own; the batch
// request's context, and so its principal, carries over to each of them.
type subHandler struct {
	once sync.Once
	h    http.Handler
}

func (g *Gateway) batchHandler() http.Handler {
	g.sub.once.Do(func() {
		gin.SetMode(gin.ReleaseMode)
		e := gin.New()
		e.UseRawPath, e.UnescapePathValues, e.RedirectTrailingSlash = true, false, false
		e.Use(g.observeRequest, g.recoverPanics)
		g.odataRoutes(e)
		e.NoRoute(func(c *gin.Context) {
			g.writeError(c.Writer, c.Request, requestID(c), errNotFound("no resource at %s", c.Request.URL.Path))
		})
		g.sub.h = e
	})
	return g.sub.h
}

// odataRoutes registers the OData routes on e (the gateway's handler and
// the batch sub-handler share them).
func (g *Gateway) odataRoutes(e *gin.Engine) {
	e.Any("/odata/:service", g.serveOData)
	e.Any("/odata/:service/*path", g.serveOData)
}

// serveBatch answers POST /odata/{service}/$batch (gateway/batch): every
// individual request runs through the gateway's own routes (reads may be
// answered from the cache), change sets run inside one transaction of the
// service's source.
func (q *request) serveBatch() error {
	if err := checkVersionHeaders(q.r); err != nil {
		return err
	}
	w := &gzipOnOK{ResponseWriter: q.w, ok: acceptsGzip(q.r)}
	defer w.close()
	batch.Serve(w, q.r, batch.Config{
		Handler: q.subRequests(),
		Atomic:  q.g.batchAtomic(q.svc.Name),
		Limits:  q.g.cfg.Batch,
		WriteError: func(w http.ResponseWriter, r *http.Request, err error) {
			q.g.writeError(w, r, q.id, err)
		},
	})
	return nil
}

// subRequests returns the handler of the batch's individual requests: they
// get the request IDs <batch request ID>.1, .2, … in the order they run.
func (q *request) subRequests() http.Handler {
	h, n := q.g.batchHandler(), 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		r.Header.Set(requestIDHeader, q.id+"."+strconv.Itoa(n))
		h.ServeHTTP(w, r)
	})
}

// batchAtomic returns the transaction seam of a service for its change
// sets: Gateway.Atomic (tx.go), whose requests read and write through one
// transaction and whose cache invalidations wait for the commit.
func (g *Gateway) batchAtomic(service string) batch.Atomic {
	return func(ctx context.Context, writes int, run func(ctx context.Context) error) error {
		return g.AtomicWrites(ctx, service, writes, run)
	}
}

// gzipOnOK compresses a 200 response when the client accepts gzip; errors
// (written uncompressed by writeError) pass through.
type gzipOnOK struct {
	http.ResponseWriter
	ok bool
	zw *gzip.Writer
}

func (w *gzipOnOK) WriteHeader(code int) {
	if w.ok && code == http.StatusOK {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		w.zw = gzipPool.Get().(*gzip.Writer)
		w.zw.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipOnOK) Write(p []byte) (int, error) {
	if w.zw != nil {
		return w.zw.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

func (w *gzipOnOK) close() {
	if w.zw != nil {
		_ = w.zw.Close()
		w.zw.Reset(io.Discard)
		gzipPool.Put(w.zw)
	}
}
