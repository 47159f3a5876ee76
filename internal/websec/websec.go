// Package websec holds the HTTP-level protections configured under
// security: the TLS settings of the listener, Strict-Transport-Security and
// CORS (cross-origin requests from browsers, off unless origins are listed).
package websec

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"odatagw/config"
)

// TLSConfig returns the server TLS configuration of t, or nil when t names
// no certificate. Errors name the key, never the key's content.
func TLSConfig(t config.TLS) (*tls.Config, error) {
	if t.CertFile == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("security.tls: cert_file %s and key_file %s: %v", t.CertFile, t.KeyFile, err)
	}
	c := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if t.MinVersion == "1.3" {
		c.MinVersion = tls.VersionTLS13
	}
	return c, nil
}

// Defaults of CORS when the configuration lists origins but not these.
var (
	defaultCORSMethods = []string{http.MethodGet, http.MethodHead}
	defaultCORSHeaders = []string{"Accept", "Authorization", "Content-Type", "OData-Version", "OData-MaxVersion", "Prefer", "If-Match", "If-None-Match", "X-API-Key"}
	defaultCORSExposed = []string{"OData-Version", "ETag", "Location", "Preference-Applied", "Retry-After", "WWW-Authenticate", "X-Request-ID"}
)

// Wrap returns h behind HSTS (when TLS is on and hsts.max_age is set) and
// CORS (when origins are configured); h itself when neither applies.
func Wrap(h http.Handler, sec config.Security) http.Handler {
	if sec.TLS.CertFile != "" && sec.TLS.HSTS.MaxAge > 0 {
		v := "max-age=" + strconv.FormatInt(int64(sec.TLS.HSTS.MaxAge.Seconds()), 10)
		if sec.TLS.HSTS.IncludeSubdomains {
			v += "; includeSubDomains"
		}
		next := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Strict-Transport-Security", v)
			next.ServeHTTP(w, r)
		})
	}
	if len(sec.CORS.AllowedOrigins) > 0 {
		h = newCORS(sec.CORS, h)
	}
	return h
}

// cors answers preflight requests itself and adds the CORS headers to the
// answers of allowed origins; requests from other origins get no CORS
// headers (the browser then withholds the answer from the page).
type cors struct {
	next        http.Handler
	origins     []string
	any         bool
	methods     []string
	headers     []string // canonical
	allowMeth   string
	allowHdrs   string
	exposed     string
	credentials bool
	maxAge      string
}

func newCORS(c config.CORS, next http.Handler) *cors {
	x := &cors{next: next, origins: c.AllowedOrigins, any: slices.Contains(c.AllowedOrigins, "*"),
		methods: slices.Clone(c.AllowedMethods), credentials: c.AllowCredentials}
	if len(x.methods) == 0 {
		x.methods = slices.Clone(defaultCORSMethods)
	}
	for i, m := range x.methods {
		x.methods[i] = strings.ToUpper(m)
	}
	hdrs := c.AllowedHeaders
	if len(hdrs) == 0 {
		hdrs = defaultCORSHeaders
	}
	for _, h := range hdrs {
		x.headers = append(x.headers, http.CanonicalHeaderKey(h))
	}
	exposed := append(slices.Clone(defaultCORSExposed), c.ExposedHeaders...)
	x.allowMeth, x.allowHdrs, x.exposed = strings.Join(x.methods, ", "), strings.Join(x.headers, ", "), strings.Join(exposed, ", ")
	if c.MaxAge > 0 {
		x.maxAge = strconv.FormatInt(int64(c.MaxAge.Seconds()), 10)
	}
	return x
}

func (c *cors) allowed(origin string) bool {
	return origin != "" && (c.any || slices.Contains(c.origins, origin))
}

func (c *cors) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	h := w.Header()
	h.Add("Vary", "Origin")
	preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
	if !c.allowed(origin) {
		if preflight {
			http.Error(w, "cross-origin requests from this origin are not allowed", http.StatusForbidden)
			return
		}
		c.next.ServeHTTP(w, r)
		return
	}
	if c.any && !c.credentials {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	if c.credentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if !preflight {
		h.Set("Access-Control-Expose-Headers", c.exposed)
		c.next.ServeHTTP(w, r)
		return
	}
	// Preflight: answered here, before authentication (browsers send no credentials with it).
	if !slices.Contains(c.methods, strings.ToUpper(r.Header.Get("Access-Control-Request-Method"))) {
		http.Error(w, "this method is not allowed for cross-origin requests", http.StatusForbidden)
		return
	}
	for _, rh := range strings.Split(r.Header.Get("Access-Control-Request-Headers"), ",") {
		if rh = strings.TrimSpace(rh); rh != "" && !slices.Contains(c.headers, http.CanonicalHeaderKey(rh)) {
			http.Error(w, "header "+strconv.Quote(rh)+" is not allowed for cross-origin requests", http.StatusForbidden)
			return
		}
	}
	h.Add("Vary", "Access-Control-Request-Method")
	h.Add("Vary", "Access-Control-Request-Headers")
	h.Set("Access-Control-Allow-Methods", c.allowMeth)
	h.Set("Access-Control-Allow-Headers", c.allowHdrs)
	if c.maxAge != "" {
		h.Set("Access-Control-Max-Age", c.maxAge)
	}
	w.WriteHeader(http.StatusNoContent)
}
