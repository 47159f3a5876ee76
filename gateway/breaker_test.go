package gateway

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"odatagw/odataerr"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestBreakerOpensProbesAndCloses(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1e9, 0)}
	var up atomic.Bool
	var pings atomic.Int32
	ping := func(context.Context) error {
		pings.Add(1)
		if up.Load() {
			return nil
		}
		return odataerr.Unavailable(errors.New("refused"), "down")
	}
	b := newBreaker(3, 10*time.Second, ping, time.Second)
	b.now = clk.now
	state := func() string { s, _, _ := b.snapshot(); return s }

	b.failure("unavailable")
	b.failure("unavailable")
	b.success() // a success in between resets the count
	b.failure("unavailable")
	b.failure("unavailable")
	if ok, _ := b.allow(); !ok || state() != breakerClosed {
		t.Fatalf("opened after 2 consecutive failures: %s", state())
	}
	b.failure("unavailable")
	ok, wait := b.allow()
	if ok || state() != breakerOpen || wait != 10*time.Second {
		t.Fatalf("after 3 failures: allow %v wait %v state %s", ok, wait, state())
	}
	clk.advance(4 * time.Second)
	if ok, wait := b.allow(); ok || wait != 6*time.Second {
		t.Fatalf("4s later: allow %v wait %v", ok, wait)
	}
	if pings.Load() != 0 {
		t.Fatalf("pinged while open")
	}
	// The open period ends: a ping probes; it fails, so it opens again.
	clk.advance(6 * time.Second)
	if ok, _ := b.allow(); ok {
		t.Fatal("a request passed before the probe answered")
	}
	waitFor(t, "the failed probe to reopen", func() bool { return state() == breakerOpen && pings.Load() == 1 })
	if ok, wait := b.allow(); ok || wait != 10*time.Second {
		t.Fatalf("after the failed probe: allow %v wait %v", ok, wait)
	}
	// The source is back: the next probe closes it.
	up.Store(true)
	clk.advance(10 * time.Second)
	b.allow()
	waitFor(t, "the probe to close", func() bool { return state() == breakerClosed })
	if ok, _ := b.allow(); !ok {
		t.Fatal("closed but not allowing")
	}
	if _, last, at := b.snapshot(); last != "unavailable" || at.IsZero() {
		t.Errorf("last error %q at %v", last, at)
	}
}

// A timeout alone (an expensive query) does not count unless a ping fails.
func TestBreakerTimeoutNeedsFailedPing(t *testing.T) {
	var up atomic.Bool
	up.Store(true)
	var pings atomic.Int32
	b := newBreaker(2, time.Minute, func(context.Context) error {
		pings.Add(1)
		if up.Load() {
			return nil
		}
		return odataerr.Timeout(context.DeadlineExceeded, "slow")
	}, time.Second)
	for i := 0; i < 5; i++ {
		b.confirmTimeout()
		waitFor(t, "the probe", func() bool { return pings.Load() == int32(i+1) })
		waitFor(t, "the probe to finish", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return !b.probing })
	}
	if s, _, _ := b.snapshot(); s != breakerClosed {
		t.Fatalf("slow queries on a healthy source opened the breaker: %s", s)
	}
	up.Store(false)
	for i := 0; i < 2; i++ {
		b.confirmTimeout()
		waitFor(t, "the probe to finish", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return !b.probing && b.failures == i+1 })
	}
	if s, last, _ := b.snapshot(); s != breakerOpen || last != "timeout" {
		t.Fatalf("timeouts confirmed by failed pings: state %s, last %q", s, last)
	}
}

// Without a ping, the request after the open period is the probe.
func TestBreakerWithoutPing(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1e9, 0)}
	b := newBreaker(1, time.Second, nil, time.Second)
	b.now = clk.now
	b.failure("unavailable")
	if ok, _ := b.allow(); ok {
		t.Fatal("open but allowing")
	}
	clk.advance(time.Second)
	if ok, _ := b.allow(); !ok {
		t.Fatal("half-open without ping must let the probe request through")
	}
	b.failure("unavailable") // the probe failed
	if ok, _ := b.allow(); ok {
		t.Fatal("a failed probe must reopen")
	}
	clk.advance(time.Second)
	b.allow()
	b.success()
	if s, _, _ := b.snapshot(); s != breakerClosed {
		t.Fatalf("state %s after a successful probe", s)
	}
	never := newBreaker(0, time.Second, nil, time.Second)
	for i := 0; i < 100; i++ {
		never.failure("unavailable")
	}
	if ok, _ := never.allow(); !ok {
		t.Fatal("a breaker with threshold 0 opened")
	}
}

// Every 503 tells the client when to try again: its own delay (busy, breaker
// open) or a second for a source that could not be reached; other errors none.
func TestRetryAfterSeconds(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
		ok   bool
	}{
		{retryLater(2500*time.Millisecond, ErrCircuitOpen, "open"), 3, true},
		{retryLater(time.Millisecond, ErrSourceBusy, "busy"), 1, true},
		{odataerr.Unavailable(errors.New("too many connections"), "down"), unavailableRetryAfter, true},
		{odataerr.Timeout(errors.New("slow"), "slow"), 0, false},
		{odataerr.New(400, "BadRequest", "bad"), 0, false},
		{errors.New("bug"), 0, false},
	} {
		if got, ok := retryAfterSeconds(tc.err); got != tc.want || ok != tc.ok {
			t.Errorf("%v: %d %v, want %d %v", tc.err, got, ok, tc.want, tc.ok)
		}
	}
}
