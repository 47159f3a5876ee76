package gateway

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
)

// etagOf is the weak entity tag of a body: a hash of its bytes (weak, since
// the same bytes are also served gzip-encoded).
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `W/"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// etagMatch implements If-None-Match's weak comparison.
func etagMatch(headers []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, h := range headers {
		for _, t := range strings.Split(h, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == want {
				return true
			}
		}
	}
	return false
}

// cacheControl is what a request's Cache-Control (and Pragma) asks of caches.
type cacheControl struct {
	noCache bool // no-cache or max-age=0: read afresh (and refresh the entry)
	noStore bool // no-store: neither read nor keep
	maxAge  int  // max-age=N (N > 0): an entry older than N seconds is read afresh; -1 when absent
}

func requestCacheControl(r *http.Request) cacheControl {
	cc := cacheControl{maxAge: -1}
	for _, v := range r.Header.Values("Cache-Control") {
		for _, d := range strings.Split(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-cache":
				cc.noCache = true
			case "no-store":
				cc.noStore = true
			case "max-age":
				if n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`)); err == nil {
					if n <= 0 {
						cc.noCache = true
					} else if cc.maxAge < 0 || n < cc.maxAge {
						cc.maxAge = n
					}
				}
			}
		}
	}
	if len(r.Header.Values("Cache-Control")) == 0 {
		for _, v := range r.Header.Values("Pragma") {
			if strings.Contains(strings.ToLower(v), "no-cache") {
				cc.noCache = true
			}
		}
	}
	return cc
}
