package batch

import (
	"bytes"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// parseHTTPRequest reads the application/http content of a body part: a
// request line (METHOD URL [HTTP/1.1]), header lines, an empty line and the
// body. Lines end in CRLF or LF. The Content-ID comes from the part headers,
// or else from the request's own headers (some clients put it there).
func parseHTTPRequest(content []byte, part textproto.MIMEHeader, where string) (*Request, error) {
	rest := content
	var line []byte
	for { // blank lines before the request line are tolerated
		if len(rest) == 0 {
			return nil, malformed("%s holds no request line", where)
		}
		line, rest = cutLine(rest)
		if len(bytes.TrimSpace(line)) > 0 {
			break
		}
	}
	method, target, err := parseRequestLine(string(line), where)
	if err != nil {
		return nil, err
	}
	rq := &Request{Method: method, URL: target, Header: http.Header{}}
	name := ""
	for {
		if len(rest) == 0 {
			break // headers end with the part (no body, no empty line)
		}
		line, rest = cutLine(rest)
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' { // obsolete line folding
			if name == "" {
				return nil, malformed("%s: a header line starts with white space", where)
			}
			vs := rq.Header[name]
			vs[len(vs)-1] += " " + strings.TrimSpace(string(line))
			continue
		}
		k, v, ok := strings.Cut(string(line), ":")
		if !ok || !validToken(k) {
			return nil, malformed("%s: invalid header line '%s'", where, truncate(string(line), 80))
		}
		name = textproto.CanonicalMIMEHeaderKey(k)
		rq.Header[name] = append(rq.Header[name], strings.TrimSpace(v))
	}
	rq.Body, err = requestBody(rest, rq.Header, where)
	if err != nil {
		return nil, err
	}
	rq.ID = part.Get("Content-Id")
	if rq.ID == "" {
		rq.ID = rq.Header.Get("Content-Id")
	}
	rq.Header.Del("Content-Id")
	if rq.ID != "" && !validID(rq.ID) {
		return nil, malformed("%s: invalid Content-ID '%s' (letters, digits and printable characters without spaces)", where, truncate(rq.ID, 40))
	}
	return rq, nil
}

// requestBody returns the body of a request whose remaining content is rest:
// Content-Length bytes when given, else everything (a body of line breaks
// only is no body).
func requestBody(rest []byte, h http.Header, where string) ([]byte, error) {
	if cl := h.Get("Content-Length"); cl != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(cl), 10, 64)
		if err != nil || n < 0 {
			return nil, malformed("%s: invalid Content-Length '%s'", where, truncate(cl, 40))
		}
		if n > int64(len(rest)) {
			return nil, malformed("%s: Content-Length %d is more than the %d bytes the part holds", where, n, len(rest))
		}
		rest = rest[:n]
	}
	if len(bytes.Trim(rest, "\r\n")) == 0 {
		return nil, nil
	}
	return rest, nil
}

// parseRequestLine splits "METHOD URL [HTTP/x.y]". The URL may contain
// spaces (some clients do not encode them in query options); they are
// encoded when the URL is resolved.
func parseRequestLine(line, where string) (method, target string, err error) {
	line = strings.TrimSpace(line)
	method, target, ok := strings.Cut(line, " ")
	if !ok || !validToken(method) {
		return "", "", malformed("%s: invalid request line '%s': expected METHOD URL HTTP/1.1", where, truncate(line, 80))
	}
	target = strings.TrimSpace(target)
	if i := strings.LastIndexByte(target, ' '); i >= 0 && strings.HasPrefix(target[i+1:], "HTTP/") {
		if v := target[i+1:]; v != "HTTP/1.1" && v != "HTTP/1.0" {
			return "", "", malformed("%s: unsupported protocol version '%s'", where, truncate(v, 20))
		}
		target = strings.TrimSpace(target[:i])
	}
	if target == "" {
		return "", "", malformed("%s: the request line '%s' has no URL", where, truncate(line, 80))
	}
	return strings.ToUpper(method), target, nil
}

// cutLine returns the first line of b (without CRLF or LF) and the rest.
func cutLine(b []byte) (line, rest []byte) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil
	}
	line, rest = b[:i], b[i+1:]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, rest
}

// validToken reports whether s is an HTTP token (method or header name).
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// validID reports whether s can be a request id or atomicity group:
// printable ASCII without spaces (OData's request-id is 1*unreserved).
func validID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// truncate shortens s for an error message (and keeps it valid UTF-8).
func truncate(s string, n int) string {
	if len(s) > n {
		s = s[:n] + "…"
	}
	return strings.ToValidUTF8(s, "\ufffd")
}
