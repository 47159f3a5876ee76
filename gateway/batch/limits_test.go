package batch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"odatagw/odataerr"
)

// gets returns a multipart batch of n GETs.
func gets(n int) string {
	var b strings.Builder
	for range n {
		b.WriteString("--b1\r\nContent-Type: application/http\r\n\r\nGET Items HTTP/1.1\r\n\r\n")
	}
	b.WriteString("--b1--\r\n")
	return b.String()
}

// The request and body limits answer 413 before anything runs; at the
// limit the batch runs.
func TestLimits(t *testing.T) {
	s := newStore()
	lim := Limits{MaxRequests: 3, MaxBodyBytes: 400}
	if ps := parseMultipartResponse(t, post(t, s, nil, lim, mpType, gets(3))); len(ps) != 3 {
		t.Fatalf("%d parts at the limit", len(ps))
	}
	cs := "--b1\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n" + strings.Replace(strings.ReplaceAll(gets(2), "--b1", "--c"), "GET", "POST", -1) + "\r\n"
	jsonFour := `{"requests":[` + strings.Repeat(`{"id":"x","method":"get","url":"I"},`, 3) + `{"id":"y","method":"get","url":"I"}]}`
	for name, c := range map[string]struct{ ct, body, code string }{
		"four requests":                 {mpType, gets(4), "TooManyRequests"},
		"change-set members count":      {mpType, cs + gets(2), "TooManyRequests"},
		"four JSON requests":            {jsonType, jsonFour, "TooManyRequests"},
		"a body over the limit":         {mpType, gets(3) + strings.Repeat(" ", 300), "BatchTooLarge"},
		"a JSON body over the limit":    {jsonType, `{"requests":[]}` + strings.Repeat(" ", 400), "BatchTooLarge"},
		"a gzipped body over the limit": {mpType, gets(3) + strings.Repeat("\r\n", 200), "BatchTooLarge"},
	} {
		s.log = nil
		var w *httptest.ResponseRecorder
		if strings.HasPrefix(name, "a gzipped") {
			w = post(t, s, nil, lim, c.ct, gzipped(c.body), "Content-Encoding", "gzip")
		} else {
			w = post(t, s, nil, lim, c.ct, c.body)
		}
		if w.Code != http.StatusRequestEntityTooLarge || errorCode(t, w.Body.Bytes()) != c.code || len(s.log) != 0 {
			t.Errorf("%s: %d %s, %d requests served", name, w.Code, w.Body, len(s.log))
		}
	}
}

// Read wraps the sentinel errors; Content-Length beyond the limit is
// refused before the body is read.
func TestSentinels(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/odata/svc/$batch", strings.NewReader(gets(1)))
	r.Header.Set("Content-Type", mpType)
	r.ContentLength = 1 << 40
	if _, err := Read(r, Limits{}); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("Content-Length 1 TiB: %v", err)
	}
	if _, err := Parse(mpType, []byte(gets(2)), Limits{MaxRequests: 1}); !errors.Is(err, ErrTooManyRequests) {
		t.Errorf("two requests, limit one: %v", err)
	}
	if _, err := Parse(mpType, []byte("junk"), Limits{}); !errors.Is(err, ErrMalformed) || odataerr.As(err).Status != 400 {
		t.Errorf("junk: %v", err)
	}
}

func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// A gzip-compressed batch (Salesforce "Compress Requests") is read.
func TestGzipBody(t *testing.T) {
	s := newStore()
	ps := parseMultipartResponse(t, post(t, s, nil, Limits{}, mpType, gzipped(gets(2)), "Content-Encoding", "gzip"))
	if len(ps) != 2 || ps[0].Status != 200 {
		t.Fatalf("parts %+v", ps)
	}
	for enc, body := range map[string]string{"gzip": "not gzip", "br": gets(1)} {
		if w := post(t, s, nil, Limits{}, mpType, body, "Content-Encoding", enc); w.Code != 400 {
			t.Errorf("Content-Encoding %s: %d %s", enc, w.Code, w.Body)
		}
	}
}

// Malformed multipart batches are refused as a whole with 400 and a message
// saying what is wrong; nothing runs.
func TestMultipartMalformed(t *testing.T) {
	part := "--b1\r\nContent-Type: application/http\r\n\r\n"
	cases := []struct{ ct, body, want string }{
		{"multipart/mixed", gets(1), "needs a boundary"},
		{"text/plain", gets(1), "needs Content-Type multipart/mixed"},
		{"", gets(1), "needs Content-Type multipart/mixed"},
		{"multipart/mixed; boundary=\"unterminated", gets(1), "invalid Content-Type"},
		{mpType, "no parts at all", "no part delimited"},
		{mpType, part + "GET Items HTTP/1.1\r\n", "before its closing boundary"},
		{mpType, "--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1--", "expected application/http"},
		{mpType, part + "\r\n--b1--", "no request line"},
		{mpType, part + "GET\r\n\r\n--b1--", "invalid request line"},
		{mpType, part + "G(T Items HTTP/1.1\r\n\r\n--b1--", "invalid request line"},
		{mpType, part + "GET Items HTTP/2\r\n\r\n--b1--", "unsupported protocol version"},
		{mpType, part + "GET Items HTTP/1.1\r\nno colon\r\n\r\n--b1--", "invalid header line"},
		{mpType, part + "GET Items HTTP/1.1\r\n folded\r\n\r\n--b1--", "starts with white space"},
		{mpType, part + "POST Items HTTP/1.1\r\nContent-Length: 99\r\n\r\n{}\r\n--b1--", "Content-Length 99"},
		{mpType, part + "POST Items HTTP/1.1\r\nContent-Length: x\r\n\r\n{}\r\n--b1--", "invalid Content-Length"},
		{mpType, "--b1\r\nContent-Type: multipart/mixed\r\n\r\n--b1--", "change set without a boundary"},
		{mpType, "--b1\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: multipart/mixed; boundary=d\r\n\r\n--d--\r\n--c--\r\n--b1--", "cannot contain another change set"},
		{mpType, "--b1\r\nContent-ID: 1\r\nContent-Type: application/http\r\n\r\nGET I\r\n\r\n--b1\r\nContent-ID: 1\r\nContent-Type: application/http\r\n\r\nGET I\r\n\r\n--b1--", "used twice"},
		{mpType, "--b1\r\nContent-ID: a b\r\nContent-Type: application/http\r\n\r\nGET I\r\n\r\n--b1--", "invalid Content-ID"},
	}
	for _, c := range cases {
		s := newStore()
		w := post(t, s, nil, Limits{}, c.ct, c.body)
		if w.Code != http.StatusBadRequest {
			t.Errorf("%q: status %d %s", c.body, w.Code, w.Body)
			continue
		}
		if _, msg := odataError(t, w.Body.Bytes()); !strings.Contains(msg, c.want) {
			t.Errorf("%q: message %q, want %q", c.body, msg, c.want)
		}
		if len(s.log) != 0 {
			t.Errorf("%q: %d requests ran", c.body, len(s.log))
		}
	}
}

// The individual request's URL: outside the service, dot segments, unknown
// references answer 400 in place; spaces in query options are encoded.
func TestURLResolution(t *testing.T) {
	s := newStore()
	body := crlf(`--b1

GET /odata/other/Items HTTP/1.1

--b1

GET Items(1)/../../other HTTP/1.1

--b1

GET $7/Children HTTP/1.1

--b1

GET http://host HTTP/1.1

--b1

GET Items?$filter=Name eq 'one' HTTP/1.1

--b1

GET $metadata HTTP/1.1

--b1--
`)
	ps := parseMultipartResponse(t, post(t, s, nil, Limits{}, mpType, body, "Prefer", "odata.continue-on-error"))
	want := []int{400, 400, 400, 400, 200, 405}
	for i, p := range ps {
		if p.Status != want[i] {
			t.Errorf("part %d: %d %s, want %d", i+1, p.Status, string(p.Body), want[i])
		}
	}
	if len(s.log) != 2 || s.log[0].uri != "/odata/svc/Items?$filter=Name%20eq%20'one'" || s.log[1].uri != "/odata/svc/$metadata" {
		t.Errorf("served %+v", s.log)
	}
}

// Sub-requests carry the batch's credentials (never their own), their own
// headers, and none of the batch's representation headers.
func TestSubRequestHeaders(t *testing.T) {
	s := newStore()
	body := crlf(`--b1
Content-Type: application/http

GET Items HTTP/1.1
Authorization: Basic bWFsbG9yeQ==
Accept: application/json;odata.metadata=full
Accept-Encoding: gzip
X-Custom: part

--b1--
`)
	post(t, s, nil, Limits{}, mpType, body, "Authorization", "Bearer outer", "Accept", "multipart/mixed",
		"Accept-Encoding", "gzip", "Prefer", "odata.continue-on-error", "X-Custom", "batch", "X-Tenant", "t1")
	h := s.log[0].header
	for k, want := range map[string]string{
		"Authorization": "Bearer outer", "Accept": "application/json;odata.metadata=full", "Accept-Encoding": "",
		"Prefer": "", "X-Custom": "part", "X-Tenant": "t1", "Content-Type": "",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
}

// A $batch inside a batch is refused, and Serve only answers POST.
func TestNestedBatchAndMethod(t *testing.T) {
	s := newStore()
	inner := httptest.NewRequest(http.MethodPost, "/odata/svc/$batch", strings.NewReader(gets(1)))
	inner = inner.WithContext(context.WithValue(inner.Context(), inBatchKey{}, true))
	inner.Header.Set("Content-Type", mpType)
	w := httptest.NewRecorder()
	Serve(w, inner, Config{Handler: s})
	if w.Code != 400 || len(s.log) != 0 {
		t.Errorf("nested: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	Serve(w, httptest.NewRequest(http.MethodGet, "/odata/svc/$batch", nil), Config{Handler: s})
	if w.Code != 405 || w.Header().Get("Allow") != "POST" {
		t.Errorf("GET $batch: %d %v", w.Code, w.Header())
	}
	// A sub-request's context says it is in a batch, so a handler that
	// routes $batch back to Serve refuses it.
	var sawInBatch bool
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { sawInBatch = InBatch(r.Context()) })
	r := httptest.NewRequest(http.MethodPost, "/odata/svc/$batch", strings.NewReader(gets(1)))
	r.Header.Set("Content-Type", mpType)
	Serve(httptest.NewRecorder(), r, Config{Handler: h})
	if !sawInBatch {
		t.Error("the sub-request's context does not say it is in a batch")
	}
}
