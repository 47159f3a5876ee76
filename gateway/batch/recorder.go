package batch

import (
	"bytes"
	"net/http"
)

// recorder is the http.ResponseWriter an individual request is served into:
// it keeps the status, the headers as they were when the status was written,
// and the body.
type recorder struct {
	header  http.Header
	snap    http.Header
	status  int
	body    bytes.Buffer
	written bool
}

var _ http.Flusher = (*recorder)(nil)

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.written || (code >= 100 && code < 200) {
		return // informational responses are not part of a batch response
	}
	r.written, r.status, r.snap = true, code, r.header.Clone()
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.written {
		r.WriteHeader(http.StatusOK)
	}
	return r.body.Write(p)
}

// WriteString avoids a copy for handlers that use io.StringWriter.
func (r *recorder) WriteString(s string) (int, error) {
	if !r.written {
		r.WriteHeader(http.StatusOK)
	}
	return r.body.WriteString(s)
}

// Flush does nothing: the response is written when the request is done.
func (r *recorder) Flush() {}

// result returns what was recorded; a handler that wrote nothing answered 200.
func (r *recorder) result() *result {
	if !r.written {
		r.WriteHeader(http.StatusOK)
	}
	return &result{status: r.status, header: r.snap, body: r.body.Bytes()}
}
