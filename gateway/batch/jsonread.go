package batch

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// jsonRequest is one request object of a JSON batch (OData 4.01 JSON format §19).
type jsonRequest struct {
	ID             *string           `json:"id"`
	Method         string            `json:"method"`
	URL            *string           `json:"url"`
	Headers        map[string]string `json:"headers"`
	Body           json.RawMessage   `json:"body"`
	AtomicityGroup string            `json:"atomicityGroup"`
	DependsOn      []string          `json:"dependsOn"`
	If             json.RawMessage   `json:"if"`
}

// jsonMethods are the methods a JSON batch may name (case-insensitive).
var jsonMethods = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true}

// parseJSON reads a JSON batch body: {"requests":[{id, method, url, headers,
// body, atomicityGroup, dependsOn}, …]}.
func parseJSON(body []byte, lim Limits) (*Batch, error) {
	var doc struct {
		Requests []json.RawMessage `json:"requests"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, malformed("the JSON batch is not valid JSON: %s", jsonError(err))
	}
	if doc.Requests == nil {
		return nil, malformed("the JSON batch has no \"requests\" array")
	}
	if len(doc.Requests) > lim.MaxRequests {
		return nil, tooMany(lim)
	}
	b := &Batch{Format: JSON}
	seen := map[string]bool{}   // ids and groups so far, for dependsOn
	closed := map[string]bool{} // atomicity groups already ended
	for i, raw := range doc.Requests {
		where := "request " + strconv.Itoa(i+1) + " of the batch"
		var jr jsonRequest
		if err := json.Unmarshal(raw, &jr); err != nil {
			return nil, malformed("%s is not a valid request object: %s", where, jsonError(err))
		}
		rq, err := jr.request(where)
		if err != nil {
			return nil, err
		}
		g := jr.AtomicityGroup
		var last *Unit
		if n := len(b.Units); n > 0 {
			last = b.Units[n-1]
		}
		if last != nil && last.Group != "" && last.Group != g {
			closed[last.Group] = true // a group ends where another request starts
			seen[last.Group] = true
		}
		for _, d := range jr.DependsOn {
			if !seen[d] {
				return nil, malformed("%s depends on '%s', which is not the id or the completed atomicity group of a preceding request", where, truncate(d, 40))
			}
		}
		rq.DependsOn = jr.DependsOn
		seen[rq.ID] = true
		switch {
		case g == "":
			b.Units = append(b.Units, &Unit{Requests: []*Request{rq}})
		case last != nil && last.Group == g:
			last.Requests = append(last.Requests, rq)
		case closed[g]:
			return nil, malformed("%s is in atomicity group '%s', whose requests are not adjacent", where, truncate(g, 40))
		default:
			if !validID(g) {
				return nil, malformed("%s has an invalid atomicityGroup '%s'", where, truncate(g, 40))
			}
			b.Units = append(b.Units, &Unit{Group: g, Atomic: true, Requests: []*Request{rq}})
		}
	}
	return b, nil
}

// request turns a request object into a Request.
func (jr *jsonRequest) request(where string) (*Request, error) {
	if jr.ID == nil || !validID(*jr.ID) {
		return nil, malformed("%s needs an \"id\": a non-empty string of printable characters without spaces", where)
	}
	m := strings.ToUpper(jr.Method)
	if !jsonMethods[m] {
		return nil, malformed("%s has method '%s': expected get, post, put, patch or delete", where, truncate(jr.Method, 20))
	}
	if jr.URL == nil || *jr.URL == "" {
		return nil, malformed("%s has no \"url\"", where)
	}
	rq := &Request{ID: *jr.ID, Method: m, URL: *jr.URL, Header: http.Header{}}
	for k, v := range jr.Headers {
		if !validToken(k) {
			return nil, malformed("%s has an invalid header name '%s'", where, truncate(k, 40))
		}
		rq.Header.Set(textproto.CanonicalMIMEHeaderKey(k), v)
	}
	if len(jr.If) > 0 && string(jr.If) != "null" {
		rq.Unsupported = "the \"if\" member of batch requests is not supported"
	}
	body, err := jsonBody(jr.Body, rq.Header, where)
	if err != nil {
		return nil, err
	}
	rq.Body = body
	if rq.Body != nil && (m == "GET" || m == "DELETE") {
		return nil, malformed("%s: a %s request cannot have a body", where, m)
	}
	return rq, nil
}

// jsonBody decodes the body member: JSON for JSON media types (the default
// when no content-type is given), a string for text/*, base64url otherwise.
func jsonBody(raw json.RawMessage, h http.Header, where string) ([]byte, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		h.Set("Content-Type", "application/json")
		return raw, nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, malformed("%s has an invalid content-type '%s'", where, truncate(ct, 60))
	}
	if isJSONType(mt) {
		return raw, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, malformed("%s: the body of a %s request must be a string", where, mt)
	}
	if strings.HasPrefix(mt, "text/") {
		return []byte(s), nil
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, malformed("%s: the body of a %s request must be base64url-encoded", where, mt)
	}
	return b, nil
}

// isJSONType reports whether media type mt is application/json or a
// subtype of it (application/…+json).
func isJSONType(mt string) bool {
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// jsonError describes a JSON decoding error without Go type names.
func jsonError(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return "syntax error at byte " + strconv.FormatInt(e.Offset, 10)
	case *json.UnmarshalTypeError:
		if e.Field != "" {
			return "\"" + e.Field + "\" has the wrong type (" + e.Value + ")"
		}
		return "expected an object, found " + e.Value
	}
	return "unexpected end or invalid value"
}
