package cache

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitCoalesced waits until n callers are waiting on loads.
func waitCoalesced(c *Cache[string], n int64) {
	for c.Stats().Coalesced < n {
		runtime.Gosched()
	}
}

func TestCoalescingOneLoadManyWaiters(t *testing.T) {
	c := New[string](Config{Clock: newFakeClock()})
	const n = 50
	var calls atomic.Int64
	release := make(chan struct{})
	load := func(context.Context) (Item[string], error) {
		calls.Add(1)
		<-release
		return Item[string]{Value: "v", Size: 1, TTL: time.Minute}, nil
	}
	var wg sync.WaitGroup
	outcomes := make([]Outcome, n)
	vals := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			e, o, err := c.Do(context.Background(), "k", load)
			outcomes[i], errs[i] = o, err
			if e != nil {
				vals[i] = e.Value
			}
		})
	}
	waitCoalesced(c, n-1)
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("loader calls = %d, want 1", calls.Load())
	}
	loaded := 0
	for i := range n {
		if errs[i] != nil || vals[i] != "v" {
			t.Fatalf("caller %d: %q %v", i, vals[i], errs[i])
		}
		if outcomes[i] == Loaded {
			loaded++
		}
	}
	if loaded != 1 {
		t.Errorf("%d callers loaded, want 1", loaded)
	}
	if s := c.Stats(); s.Misses != 1 || s.Coalesced != n-1 {
		t.Errorf("stats %+v", s)
	}
}

func TestFailedLoadIsNotCachedAndEveryWaiterGetsTheError(t *testing.T) {
	c := New[string](Config{Clock: newFakeClock()})
	boom := errors.New("backend down")
	release := make(chan struct{})
	var calls atomic.Int64
	load := func(context.Context) (Item[string], error) {
		calls.Add(1)
		<-release
		return Item[string]{}, boom
	}
	const n = 10
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, _, errs[i] = c.Do(context.Background(), "k", load) })
	}
	waitCoalesced(c, n-1)
	close(release)
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, boom) {
			t.Errorf("caller %d: %v, want %v", i, err, boom)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("loader calls = %d, want 1", calls.Load())
	}
	e, o := mustDo(t, c, "k", value("ok", 1, time.Minute, nil))
	if o != Loaded || e.Value != "ok" {
		t.Errorf("after failure: %v %q, want a fresh load", o, e.Value)
	}
}

func TestWaiterHonoursItsOwnContext(t *testing.T) {
	c := New[string](Config{Clock: newFakeClock()})
	release := make(chan struct{})
	started := make(chan struct{})
	leader := make(chan error, 1)
	go func() {
		_, _, err := c.Do(context.Background(), "k", func(context.Context) (Item[string], error) {
			close(started)
			<-release
			return Item[string]{Value: "v", Size: 1, TTL: time.Minute}, nil
		})
		leader <- err
	}()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := c.Do(ctx, "k", value("never", 1, time.Minute, nil))
		done <- err
	}()
	waitCoalesced(c, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled waiter: %v, want context.Canceled", err)
	}
	close(release)
	if err := <-leader; err != nil {
		t.Fatal(err)
	}
	if e, o := mustDo(t, c, "k", value("never", 1, time.Minute, nil)); o != Hit || e.Value != "v" {
		t.Errorf("leader's value not cached: %v %q", o, e.Value)
	}
}

func TestWaitersReloadWhenTheLeaderWentAway(t *testing.T) {
	c := New[string](Config{Clock: newFakeClock()})
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	leader := make(chan error, 1)
	go func() {
		_, _, err := c.Do(ctx, "k", func(ctx context.Context) (Item[string], error) {
			close(started)
			<-ctx.Done()
			return Item[string]{}, ctx.Err()
		})
		leader <- err
	}()
	<-started
	var calls atomic.Int64
	done := make(chan *Entry[string], 1)
	go func() {
		e, _, err := c.Do(context.Background(), "k", value("fresh", 1, time.Minute, &calls))
		if err != nil {
			t.Error(err)
		}
		done <- e
	}()
	waitCoalesced(c, 1)
	cancel()
	if err := <-leader; !errors.Is(err, context.Canceled) {
		t.Errorf("leader: %v", err)
	}
	if e := <-done; e == nil || e.Value != "fresh" {
		t.Errorf("waiter got %+v, want its own fresh load", e)
	}
	if calls.Load() != 1 {
		t.Errorf("waiter's loader calls = %d, want 1", calls.Load())
	}
}

func TestLoaderPanicReleasesWaiters(t *testing.T) {
	c := New[string](Config{Clock: newFakeClock()})
	started := make(chan struct{})
	release := make(chan struct{})
	panicked := make(chan any, 1)
	go func() {
		defer func() { panicked <- recover() }()
		c.Do(context.Background(), "k", func(context.Context) (Item[string], error) {
			close(started)
			<-release
			panic("boom")
		})
	}()
	<-started
	done := make(chan string, 1)
	go func() {
		e, _, err := c.Do(context.Background(), "k", value("again", 1, time.Minute, nil))
		if err != nil {
			t.Error(err)
			done <- ""
			return
		}
		done <- e.Value
	}()
	waitCoalesced(c, 1)
	close(release)
	if p := <-panicked; p != "boom" {
		t.Errorf("panic = %v, want it to continue in the loading goroutine", p)
	}
	if v := <-done; v != "again" {
		t.Errorf("waiter got %q, want its own load", v)
	}
}
