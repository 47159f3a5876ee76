package tests

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"

	"odatagw/adapters"
	"odatagw/gateway"
)

// panickingSource panics in Query, as a bug in an adapter would.
type panickingSource struct{ adapters.Source }

func (panickingSource) Query(context.Context, *adapters.Query) (adapters.Rows, error) {
	panic("adapter bug: index out of range")
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// A panic while serving a request becomes a 500 whose message carries the
// request ID; the log line with the panic carries the same ID; the panic's
// text is not sent; the gateway keeps serving.
func TestPanicIsA500WithRequestID(t *testing.T) {
	_, src := openDemo(t)
	var log lockedBuffer
	e := newEnv(t, gateway.Config{Logger: slog.New(slog.NewTextHandler(&log, nil))}, "",
		gateway.Service{Name: "bug", Source: panickingSource{src}}, gateway.Service{Name: "demo", Source: src})
	r := e.get(t, e.srv.URL+"/odata/bug/Orders?$top=1")
	if r.status != 500 {
		t.Fatalf("status %d: %s", r.status, trunc(r.body))
	}
	id := r.header.Get("X-Request-ID")
	msg := r.odataError(t).Error.Message
	if id == "" || !strings.Contains(msg, "(request "+id+")") {
		t.Errorf("message %q does not name the request ID %q", msg, id)
	}
	if strings.Contains(string(r.body), "index out of range") || strings.Contains(string(r.body), "goroutine") {
		t.Errorf("the panic leaks into the answer: %s", r.body)
	}
	if !regexp.MustCompile(`msg="panic serving request" request_id=` + id + ` .*index out of range`).MatchString(log.String()) {
		t.Errorf("no log line with the panic and request ID %s:\n%s", id, log.String())
	}
	e.get(t, e.srv.URL+"/odata/demo/Orders?$top=1").mustStatus(t, 200)
	e.get(t, e.srv.URL+"/odata/bug/$metadata").mustStatus(t, 200)
}
