package rest

import (
	"sync"
	"time"
)

// breaker is a circuit breaker for one upstream: closed (calls go through)
// until failures consecutive calls fail; then open (calls fail at once)
// for cooldown; then half-open: one trial call goes through, its success
// closes the circuit, its failure opens it again.
type breaker struct {
	failures int
	cooldown time.Duration
	now      func() time.Time

	mu       sync.Mutex
	count    int       // consecutive failures
	openTill time.Time // zero when closed
	trial    bool      // a half-open trial call is under way
}

// allow reports whether a call may go; when not, it returns how long the
// circuit stays open.
func (b *breaker) allow() (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openTill.IsZero() {
		return true, 0
	}
	if wait := b.openTill.Sub(b.now()); wait > 0 {
		return false, wait
	}
	if b.trial {
		return false, b.cooldown
	}
	b.trial = true
	return true, 0
}

// done records a call's outcome (failed: 5xx, timeout, unreachable).
func (b *breaker) done(failed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !failed {
		b.count, b.openTill, b.trial = 0, time.Time{}, false
		return
	}
	b.count++
	if b.trial || b.count >= b.failures {
		b.openTill, b.trial = b.now().Add(b.cooldown), false
	}
}
