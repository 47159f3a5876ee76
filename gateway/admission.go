package gateway

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"odatagw/adapters"
	"odatagw/odataerr"
)

// Admission protects the gateway from one source and the source from the
// gateway: at most MaxRequests requests use it at once, MaxQueued more may
// wait up to QueueTimeout for a turn (503 with Retry-After beyond), and a
// circuit breaker fails its requests fast while it is unreachable (see
// breaker). A zero field takes its default; the service document and
// $metadata never wait (they are served from the model in memory).
type Admission struct {
	// MaxRequests is how many data requests may use the source at once
	// (default DefaultMaxRequests).
	MaxRequests int
	// MaxQueued is how many more may wait for a turn (default 4×MaxRequests);
	// negative: none wait.
	MaxQueued int
	// QueueTimeout is how long a request waits for a turn (default DefaultQueueTimeout).
	QueueTimeout time.Duration
	// BreakerFailures is how many consecutive failures open the breaker
	// (default DefaultBreakerFailures); negative: the breaker never opens.
	BreakerFailures int
	// BreakerOpen is how long the breaker stays open before it probes the
	// source (default DefaultBreakerOpen).
	BreakerOpen time.Duration
	// PingTimeout bounds a probe and a /readyz ping (default DefaultPingTimeout).
	PingTimeout time.Duration
}

// Admission defaults.
const (
	DefaultMaxRequests     = 32
	DefaultQueueTimeout    = 2 * time.Second
	DefaultBreakerFailures = 5
	DefaultBreakerOpen     = 5 * time.Second
	DefaultPingTimeout     = 2 * time.Second
)

var (
	// ErrSourceBusy is wrapped by the 503 of a request that found no turn.
	ErrSourceBusy = errors.New("gateway: source busy")
	// ErrCircuitOpen is wrapped by the 503 of a request failed fast by an open breaker.
	ErrCircuitOpen = errors.New("gateway: circuit open")
)

func (g Admission) withDefaults() (Admission, error) {
	if g.MaxRequests == 0 {
		g.MaxRequests = DefaultMaxRequests
	}
	if g.MaxQueued == 0 {
		g.MaxQueued = 4 * g.MaxRequests
	}
	if g.QueueTimeout == 0 {
		g.QueueTimeout = DefaultQueueTimeout
	}
	if g.BreakerFailures == 0 {
		g.BreakerFailures = DefaultBreakerFailures
	}
	if g.BreakerOpen == 0 {
		g.BreakerOpen = DefaultBreakerOpen
	}
	if g.PingTimeout == 0 {
		g.PingTimeout = DefaultPingTimeout
	}
	if g.MaxRequests < 0 || g.QueueTimeout < 0 || g.BreakerOpen < 0 || g.PingTimeout < 0 {
		return g, fmt.Errorf("admission: negative value in %+v", g)
	}
	g.MaxQueued = max(g.MaxQueued, 0)
	g.BreakerFailures = max(g.BreakerFailures, 0)
	return g, nil
}

// admission is the admission state of one service's source.
type admission struct {
	cfg     Admission
	service string
	slots   chan struct{}
	queued  atomic.Int64
	brk     *breaker
}

func newAdmission(service string, src adapters.Source, cfg Admission) (*admission, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("service %q: %w", service, err)
	}
	var ping func(context.Context) error
	if p, ok := src.(adapters.Pinger); ok {
		ping = p.Ping
	}
	return &admission{cfg: cfg, service: service, slots: make(chan struct{}, cfg.MaxRequests),
		brk: newBreaker(cfg.BreakerFailures, cfg.BreakerOpen, ping, cfg.PingTimeout)}, nil
}

// admit waits for a turn to use the source; release gives it back.
func (gd *admission) admit(ctx context.Context) (release func(), err error) {
	if ok, wait := gd.brk.allow(); !ok {
		return nil, retryLater(wait, ErrCircuitOpen,
			"the data source %q is unavailable (it failed repeatedly; retrying it shortly)", gd.service)
	}
	select {
	case gd.slots <- struct{}{}:
		return gd.release, nil
	default:
	}
	if gd.queued.Add(1) > int64(gd.cfg.MaxQueued) {
		gd.queued.Add(-1)
		return nil, retryLater(time.Second, ErrSourceBusy, "the data source %q is busy; try again later", gd.service)
	}
	defer gd.queued.Add(-1)
	t := time.NewTimer(gd.cfg.QueueTimeout)
	defer t.Stop()
	select {
	case gd.slots <- struct{}{}:
		return gd.release, nil
	case <-t.C:
		return nil, retryLater(time.Second, ErrSourceBusy, "the data source %q is busy; try again later", gd.service)
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the source: %w", ctx.Err())
	}
}

func (gd *admission) release() { <-gd.slots }

// observe tells the breaker what a statement's error (nil: answered) says
// about the source.
func (gd *admission) observe(err error) {
	switch e := odataerr.As(err); {
	case err == nil:
		gd.brk.success()
	case e == nil:
	case e.Status == http.StatusServiceUnavailable && !errors.Is(err, ErrSourceBusy) && !errors.Is(err, ErrCircuitOpen):
		gd.brk.failure("unavailable")
	case e.Status == http.StatusGatewayTimeout:
		gd.brk.confirmTimeout()
	}
}

// guardedReader reports the outcome of every statement to the admission.
type guardedReader struct {
	reader
	gd *admission
}

func (r guardedReader) Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	rows, err := r.reader.Query(ctx, q)
	r.observe(ctx, err)
	return rows, err
}

func (r guardedReader) Count(ctx context.Context, q *adapters.Query) (int64, error) {
	n, err := r.reader.Count(ctx, q)
	r.observe(ctx, err)
	return n, err
}

// observe reports err unless the client went away (which says nothing
// about the source).
func (r guardedReader) observe(ctx context.Context, err error) {
	if !errors.Is(ctx.Err(), context.Canceled) {
		r.gd.observe(err)
	}
}

// errorClass names the kind of a source error without its detail (for
// /readyz and the breaker): "timeout", "unavailable" or "error".
func errorClass(err error) string {
	e := odataerr.As(err)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || e != nil && e.Status == http.StatusGatewayTimeout:
		return "timeout"
	case e != nil && e.Status == http.StatusServiceUnavailable:
		return "unavailable"
	}
	return "error"
}

// retryAfterError carries the Retry-After of a 503 to writeError.
type retryAfterError struct {
	after    time.Duration
	sentinel error
}

func (e *retryAfterError) Error() string { return e.sentinel.Error() }
func (e *retryAfterError) Unwrap() error { return e.sentinel }

func retryLater(after time.Duration, sentinel error, format string, args ...any) error {
	return odataerr.New(http.StatusServiceUnavailable, "SourceUnavailable", format, args...).
		WithCause(&retryAfterError{after: after, sentinel: sentinel})
}

// unavailableRetryAfter is the Retry-After of a 503 that carries none of its
// own (a source that could not be reached or refused the session): by then
// the breaker or the pool has decided what the next try meets.
const unavailableRetryAfter = 1

// retryAfterSeconds returns the Retry-After of err: its own (at least 1 s),
// unavailableRetryAfter for any other 503, none otherwise.
func retryAfterSeconds(err error) (int, bool) {
	var ra *retryAfterError
	if errors.As(err, &ra) {
		return max(1, int((ra.after+time.Second-1)/time.Second)), true
	}
	if e := odataerr.As(err); e != nil && e.Status == http.StatusServiceUnavailable {
		return unavailableRetryAfter, true
	}
	return 0, false
}
