package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"odatagw/gateway/batch/batchtest"
	"odatagw/odataerr"
)

// fuzzServe serves body as a batch of the given Content-Type against a
// handler that echoes, and checks the invariants: no panic; a 400 or 413
// OData error, or a 200 whose body parses back in the request's format.
func fuzzServe(t *testing.T, contentType string, body []byte) {
	lim := Limits{MaxRequests: 20, MaxBodyBytes: 64 << 10}
	if _, err := Parse(contentType, body, lim); err != nil {
		if e := odataerr.As(err); e == nil || (e.Status != 400 && e.Status != 413) {
			t.Fatalf("Parse error %v is not a 400 or 413", err)
		}
	}
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Location", "http://h/odata/svc/E(1)")
		w.Header().Set("Content-Type", r.Header.Get("Content-Type"))
		w.WriteHeader(200 + len(b)%5*100)
		w.Write(b)
	})
	atomic := func(ctx context.Context, _ int, run func(context.Context) error) error { return run(ctx) }
	r := httptest.NewRequest(http.MethodPost, "http://h/odata/svc/$batch", bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("Prefer", "odata.continue-on-error")
	w := httptest.NewRecorder()
	Serve(w, r, Config{Handler: echo, Atomic: atomic, Limits: lim})
	switch w.Code {
	case 400, 413:
		var e struct {
			Error struct{ Code, Message string }
		}
		if json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Error.Message == "" {
			t.Fatalf("error response is not an OData error: %s", w.Body)
		}
	case 200:
		checkResponse(t, w)
	default:
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
}

// checkResponse parses a batch response back: valid JSON, or multipart
// whose parts are application/http or nested change sets.
func checkResponse(t *testing.T, w *httptest.ResponseRecorder) {
	mt, params, err := mime.ParseMediaType(w.Header().Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q", w.Header().Get("Content-Type"))
	}
	if mt == "application/json" {
		var doc struct{ Responses []batchtest.Response }
		if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
			t.Fatalf("JSON response: %v\n%s", err, w.Body)
		}
		return
	}
	var walk func(body []byte, boundary string, depth int)
	walk = func(body []byte, boundary string, depth int) {
		mr := multipart.NewReader(bytes.NewReader(body), boundary)
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("multipart response: %v\n%q", err, body)
			}
			content, _ := io.ReadAll(p)
			mt, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			if mt == "multipart/mixed" && depth == 0 {
				walk(content, params["boundary"], 1)
			} else if mt != "application/http" {
				t.Fatalf("part of type %q", mt)
			}
		}
	}
	walk(w.Body.Bytes(), params["boundary"], 0)
}

func FuzzServeMultipart(f *testing.F) {
	f.Add([]byte(crlf(changeSet)))
	f.Add([]byte(gets(2)))
	f.Add([]byte("--b1\nContent-Type: application/http\n\nGET Items(2) HTTP/1.1\n\n\n--b1--\n"))
	f.Fuzz(func(t *testing.T, body []byte) { fuzzServe(t, mpType, body) })
}

func FuzzServeJSON(f *testing.F) {
	f.Add([]byte(`{"requests":[{"id":"1","atomicityGroup":"g","method":"post","url":"Items","body":{"Name":"p"}},` +
		`{"id":"2","atomicityGroup":"g","dependsOn":["1"],"method":"post","url":"$1/Children","body":{"Name":"c"}},` +
		`{"id":"3","dependsOn":["g"],"method":"get","url":"Items","headers":{"if-match":"$1"}}]}`))
	f.Add([]byte(`{"requests":[{"id":"t","method":"post","url":"/odata/svc/I","headers":{"content-type":"text/plain"},"body":"x"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) { fuzzServe(t, jsonType, body) })
}
