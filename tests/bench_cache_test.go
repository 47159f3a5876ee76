package tests

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"odatagw/cache"
	"odatagw/gateway"
)

// BenchmarkCache compares a 50-row page end to end through the handler
// without and with the response cache (every iteration after the first is a
// hit), in the same run. Gzip: the client accepts gzip, so a hit compresses
// the cached body again.
func BenchmarkCache(b *testing.B) {
	on := gateway.CacheConfig{Policy: cache.Policy{Default: time.Hour}}
	for _, page := range []struct{ name, url string }{
		{"ByKey", "/odata/demo/Orders(10248)"},
		{"Page50", "/odata/demo/Orders?$top=50"},
		{"Page50Filtered", "/odata/demo/Orders?$filter=Freight%20gt%2010&$orderby=OrderDate%20desc&$top=50"},
	} {
		for _, bc := range []struct {
			name  string
			cache gateway.CacheConfig
			gzip  bool
		}{
			{"Uncached", gateway.CacheConfig{}, false},
			{"Cached", on, false},
			{"UncachedGzip", gateway.CacheConfig{}, true},
			{"CachedGzip", on, true},
		} {
			b.Run(page.name+"/"+bc.name, func(b *testing.B) {
				h := newDemoEnv(b, gateway.Config{MaxPageSize: 2000, Cache: bc.cache}).h
				var headers []string
				if bc.gzip {
					headers = []string{"Accept-Encoding", "gzip"}
				}
				serveOnceWith(b, h, page.url, headers...) // warm: load the entry
				b.ReportAllocs()
				var n int
				for b.Loop() {
					n = serveOnceWith(b, h, page.url, headers...)
				}
				b.SetBytes(int64(n))
			})
		}
	}
}

// serveOnceWith is serveOnce with request header name/value pairs.
func serveOnceWith(b *testing.B, h http.Handler, url string, headers ...string) int {
	req := httptest.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", url, rec.Code, rec.Body.String())
	}
	return rec.Body.Len()
}
