package batch

import (
	"net/http"
	"net/url"
	"strings"

	"odatagw/odataerr"
)

// systemResources are the $-names that are not request references.
var systemResources = map[string]bool{
	"$batch": true, "$crossjoin": true, "$all": true, "$entity": true, "$root": true,
	"$id": true, "$metadata": true, "$count": true, "$value": true, "$ref": true,
}

// resolve turns the URL of an individual request into the URL of the
// sub-request: a $<id> first segment is replaced by the URL of the entity
// request <id> created or read; an absolute URL or path keeps its path from
// the service root on; a relative path is resolved against the service root.
// The URL must stay within the service.
func (x *runner) resolve(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw = raw[:i]
	}
	if strings.HasPrefix(raw, "$") {
		seg := raw[:segmentEnd(raw)]
		if !systemResources[seg] {
			r := x.refs[seg[1:]]
			switch {
			case r == nil:
				return nil, odataerr.BadRequest("the URL '%s' starts with %s, which names no preceding request of the batch", truncate(raw, 80), truncate(seg, 40))
			case !r.ok:
				return nil, failedDependency("it refers to request %s, which failed", truncate(seg, 40))
			case r.location == "":
				return nil, odataerr.BadRequest("the URL '%s' refers to request %s, which returned no entity URL (Location)", truncate(raw, 80), truncate(seg, 40))
			}
			raw = r.location + raw[len(seg):]
		}
	}
	var path string
	switch {
	case hasScheme(raw):
		rest := raw[strings.Index(raw, "://")+3:]
		i := strings.IndexAny(rest, "/?")
		if i < 0 {
			return nil, x.outside(raw)
		}
		path = rest[i:]
	case strings.HasPrefix(raw, "/"):
		path = raw
	default:
		path = x.root + raw
	}
	i := strings.Index(path, x.root)
	if i < 0 {
		return nil, x.outside(raw)
	}
	path = escapeURL(path[i:])
	p, _, _ := strings.Cut(path, "?")
	for _, s := range strings.Split(p, "/") {
		if s == "." || s == ".." {
			return nil, odataerr.BadRequest("the URL '%s' contains a '%s' segment", truncate(raw, 80), s)
		}
	}
	u, err := url.ParseRequestURI(path)
	if err != nil {
		return nil, odataerr.BadRequest("the URL '%s' of a request in the batch is not a valid URL", truncate(raw, 80))
	}
	return u, nil
}

func (x *runner) outside(raw string) error {
	return odataerr.BadRequest("the URL '%s' is outside the service root %s: a batch addresses the resources of its own service", truncate(raw, 80), x.root)
}

// segmentEnd returns the end of the first path segment of s.
func segmentEnd(s string) int {
	if i := strings.IndexAny(s, "/?"); i >= 0 {
		return i
	}
	return len(s)
}

// hasScheme reports whether s starts with http:// or https:// (any case).
func hasScheme(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// escapeURL percent-encodes the bytes that may not appear in a URL (spaces,
// controls, non-ASCII, and a few delimiters clients leave unencoded in
// query options); everything else, percent-escapes included, is kept.
func escapeURL(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			if b.Len() == 0 {
				b.WriteString(s[:i])
			}
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// notInherited are the batch request's headers that do not apply to its
// individual requests: they describe the batch itself or are per-request
// conditions and preferences.
var notInherited = map[string]bool{
	"Content-Type": true, "Content-Length": true, "Content-Encoding": true, "Transfer-Encoding": true,
	"Accept": true, "Accept-Encoding": true, "Prefer": true, "Odata-Version": true, "Content-Id": true,
	"If-Match": true, "If-None-Match": true, "If-Modified-Since": true, "If-Unmodified-Since": true,
	"Range": true, "If-Range": true, "Expect": true, "Te": true, "Connection": true, "Upgrade": true,
	"Keep-Alive": true, "X-Http-Method": true, "X-Http-Method-Override": true,
}

// credentials are never taken from an individual request (OData forbids
// them there): the batch request's own apply.
var credentials = []string{"Authorization", "Proxy-Authorization", "Cookie"}

// header returns the headers of rq's sub-request: the batch request's
// headers that apply to every request (credentials, forwarding, cache
// control…), overridden by rq's own, with $<id> ETag references resolved.
func (x *runner) header(rq *Request) (http.Header, error) {
	h := http.Header{}
	for k, v := range x.outer.Header {
		if !notInherited[k] {
			h[k] = v
		}
	}
	for k, v := range rq.Header {
		h[k] = v
	}
	for _, k := range credentials {
		if v, ok := x.outer.Header[k]; ok {
			h[k] = v
		} else {
			delete(h, k)
		}
	}
	h.Del("Accept-Encoding") // the batch response is compressed as a whole, if at all
	for _, k := range []string{"If-Match", "If-None-Match"} {
		v := strings.TrimSpace(h.Get(k))
		if !strings.HasPrefix(v, "$") {
			continue
		}
		r := x.refs[v[1:]]
		switch {
		case r == nil:
			return nil, odataerr.BadRequest("%s %s names no preceding request of the batch", k, truncate(v, 40))
		case !r.ok:
			return nil, failedDependency("its %s refers to request %s, which failed", k, truncate(v, 40))
		case r.etag == "":
			return nil, odataerr.BadRequest("%s %s refers to a request whose response has no ETag", k, truncate(v, 40))
		}
		h.Set(k, r.etag)
	}
	return h, nil
}
