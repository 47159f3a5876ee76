package gateway

import (
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// DefaultBodyTimeout bounds the reading of a request body when
// Config.BodyTimeout is 0: a client that announces a body and sends it
// slowly, or never, would otherwise hold its connection and goroutine for
// ever (the server has no ReadTimeout: it would also cut off long reads).
// 8 MiB, the body limit, arrives within it at 140 KB/s.
const DefaultBodyTimeout = 60 * time.Second

// deadlineBody is a request body whose reading must end within timeout of
// its first Read: the connection's read deadline is set then and lifted
// when the body has been read to its end, so that the rest of the request
// (the server watching the connection while a long answer streams) is not
// cut off. After a failed read it stays, so that the server, which reads
// what is left of the body before it answers, gives up too.
type deadlineBody struct {
	io.ReadCloser
	rc      *http.ResponseController
	timeout time.Duration
	mu      sync.Mutex
	state   bodyState
}

type bodyState int

const (
	bodyUnread bodyState = iota
	bodyReading
	bodyDone // read to its end: no deadline
)

// limitBodyTime installs the deadline on r's body, if it has one; the
// returned function must run when the handler ends: a body the handler did
// not read to its end is then read (and dropped) by the server within the
// timeout as well. The server sets its own deadlines again for the next
// request on the connection.
func limitBodyTime(w http.ResponseWriter, r *http.Request, timeout time.Duration) func() {
	if r.Body == nil || r.Body == http.NoBody || timeout <= 0 {
		return func() {}
	}
	b := &deadlineBody{ReadCloser: r.Body, rc: http.NewResponseController(w), timeout: timeout}
	r.Body = b
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.state == bodyUnread {
			b.start()
		}
	}
}

// start sets the deadline; writers that cannot (test recorders) get none.
func (b *deadlineBody) start() {
	_ = b.rc.SetReadDeadline(time.Now().Add(b.timeout))
	b.state = bodyReading
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	if b.state == bodyUnread {
		b.start()
	}
	b.mu.Unlock()
	n, err := b.ReadCloser.Read(p)
	if errors.Is(err, io.EOF) {
		b.mu.Lock()
		if b.state == bodyReading {
			_ = b.rc.SetReadDeadline(time.Time{})
		}
		b.state = bodyDone
		b.mu.Unlock()
	}
	return n, err
}
