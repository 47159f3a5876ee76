package gateway

import (
	"context"
	"sync"
	"time"
)

// Breaker states, as /readyz shows them.
const (
	breakerClosed   = "closed"    // requests pass; failures are counted
	breakerOpen     = "open"      // requests fail fast with 503 until the open period ends
	breakerHalfOpen = "half-open" // probing: a ping (or the next request) decides
)

// breaker is the circuit breaker of one source. Consecutive failures (the
// source unreachable, or a timeout confirmed by a failed ping) open it: for
// the open period every data request of the source fails at once with 503
// instead of waiting for its deadline. Then it is half-open: a ping probes
// the source in the background (requests still fail fast meanwhile); a
// successful ping closes it, a failed one opens it again. Sources without a
// ping let requests through while half-open: the first outcome decides.
type breaker struct {
	threshold int           // consecutive failures that open it; 0 = never opens
	openFor   time.Duration // how long it stays open before a probe
	ping      func(context.Context) error
	pingLimit time.Duration // deadline of one probe
	now       func() time.Time

	mu        sync.Mutex
	state     string
	failures  int
	openUntil time.Time
	probing   bool
	lastErr   string    // class of the last failure ("unavailable", "timeout")
	lastErrAt time.Time // when it happened
}

func newBreaker(threshold int, openFor time.Duration, ping func(context.Context) error, pingLimit time.Duration) *breaker {
	return &breaker{threshold: threshold, openFor: openFor, ping: ping, pingLimit: pingLimit, now: time.Now, state: breakerClosed}
}

// allow reports whether a data request may go to the source; when not, how
// long until the breaker will probe again (for Retry-After).
func (b *breaker) allow() (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case breakerClosed:
		return true, 0
	case breakerOpen:
		if wait := b.openUntil.Sub(b.now()); wait > 0 {
			return false, wait
		}
		b.state = breakerHalfOpen
		if b.ping == nil {
			return true, 0 // the request is the probe
		}
		b.startProbe()
		return false, time.Second
	default: // half-open
		if b.ping == nil {
			return true, 0
		}
		b.startProbe()
		return false, time.Second
	}
}

// startProbe pings the source in the background, once at a time; b.mu is held.
func (b *breaker) startProbe() {
	if b.probing {
		return
	}
	b.probing = true
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), b.pingLimit)
		err := b.ping(ctx)
		cancel()
		b.mu.Lock()
		b.probing = false
		b.mu.Unlock()
		if err != nil {
			b.failure(errorClass(err))
		} else {
			b.success()
		}
	}()
}

// success records a request or probe the source answered.
func (b *breaker) success() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures = 0
	if b.state != breakerClosed {
		b.state = breakerClosed
	}
}

// failure records that the source could not answer (class: see errorClass).
func (b *breaker) failure(class string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lastErr, b.lastErrAt = class, b.now()
	if b.threshold <= 0 {
		return
	}
	b.failures++
	if b.state == breakerHalfOpen || b.failures >= b.threshold {
		b.state = breakerOpen
		b.openUntil = b.now().Add(b.openFor)
	}
}

// confirmTimeout is told about a request that timed out: a slow query is
// not a failure of the source unless a ping fails too (so one expensive
// query cannot open the breaker for everybody). Without a ping it counts.
func (b *breaker) confirmTimeout() {
	if b.ping == nil {
		b.failure("timeout")
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.startProbe()
}

// snapshot returns the state, the last failure's class and time.
func (b *breaker) snapshot() (state, lastErr string, lastErrAt time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state, b.lastErr, b.lastErrAt
}
