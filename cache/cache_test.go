package cache

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a Clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// value returns a loader producing v with the given size and TTL, counting calls.
func value(v string, size int64, ttl time.Duration, calls *atomic.Int64, tags ...string) Loader[string] {
	return func(context.Context) (Item[string], error) {
		if calls != nil {
			calls.Add(1)
		}
		return Item[string]{Value: v, Size: size, TTL: ttl, Tags: tags}, nil
	}
}

func mustDo(t *testing.T, c *Cache[string], key string, load Loader[string]) (*Entry[string], Outcome) {
	t.Helper()
	e, o, err := c.Do(context.Background(), key, load)
	if err != nil {
		t.Fatalf("Do(%s): %v", key, err)
	}
	return e, o
}

func TestTTLExpiry(t *testing.T) {
	clk := newFakeClock()
	c := New[string](Config{Clock: clk})
	var calls atomic.Int64
	e, o := mustDo(t, c, "k", value("v1", 10, 30*time.Second, &calls))
	if o != Loaded || e.Value != "v1" || !e.Cached {
		t.Fatalf("first Do: %v %+v", o, e)
	}
	clk.Advance(29 * time.Second)
	e, o = mustDo(t, c, "k", value("v2", 10, 30*time.Second, &calls))
	if o != Hit || e.Value != "v1" {
		t.Fatalf("within TTL: %v %q, want hit v1", o, e.Value)
	}
	if got := e.Age(clk.Now()); got != 29*time.Second {
		t.Errorf("Age = %v, want 29s", got)
	}
	if got := e.Remaining(clk.Now()); got != time.Second {
		t.Errorf("Remaining = %v, want 1s", got)
	}
	clk.Advance(time.Second) // exactly at expiry: gone
	e, o = mustDo(t, c, "k", value("v2", 10, 30*time.Second, &calls))
	if o != Loaded || e.Value != "v2" {
		t.Fatalf("after TTL: %v %q, want loaded v2", o, e.Value)
	}
	if calls.Load() != 2 {
		t.Errorf("loader calls = %d, want 2", calls.Load())
	}
	s := c.Stats()
	if s.Hits != 1 || s.Misses != 2 || s.Expirations != 1 || s.Entries != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestZeroTTLAndOversizeAreNotStored(t *testing.T) {
	c := New[string](Config{MaxBytes: 10_000, MaxEntryBytes: 100, Clock: newFakeClock()})
	var calls atomic.Int64
	for _, tc := range []struct {
		name string
		load Loader[string]
	}{
		{"ttl0", value("v", 10, 0, &calls)},
		{"oversize", value("v", 101, time.Minute, &calls)},
		{"nostore", func(context.Context) (Item[string], error) {
			calls.Add(1)
			return Item[string]{Value: "v", Size: 1, TTL: time.Minute, NoStore: true}, nil
		}},
	} {
		calls.Store(0)
		for range 2 {
			e, o := mustDo(t, c, tc.name, tc.load)
			if o != Loaded || e.Value != "v" || e.Cached {
				t.Fatalf("%s: %v %+v, want loaded, not cached", tc.name, o, e)
			}
		}
		if calls.Load() != 2 {
			t.Errorf("%s: loader calls %d, want 2", tc.name, calls.Load())
		}
	}
	if s := c.Stats(); s.Entries != 0 || s.Bytes != 0 || s.Uncached != 6 {
		t.Errorf("stats %+v", s)
	}
}

func TestByteBoundEvictsLeastRecentlyUsed(t *testing.T) {
	// Each entry charges 1000 + len(key) + entryOverhead bytes; four fit in 4,800.
	const size = 1000
	charge := int64(size + 2 + entryOverhead)
	c := New[string](Config{MaxBytes: 4 * charge, MaxEntryBytes: 3 * size, Clock: newFakeClock()})
	for i := range 4 {
		mustDo(t, c, fmt.Sprintf("k%d", i), value("v", size, time.Hour, nil))
	}
	if s := c.Stats(); s.Entries != 4 || s.Bytes != 4*charge || s.Evictions != 0 {
		t.Fatalf("after 4: %+v", s)
	}
	// Touch k0 so that k1 is the least recently used.
	if _, ok := c.Get("k0"); !ok {
		t.Fatal("k0 missing")
	}
	mustDo(t, c, "k4", value("v", size, time.Hour, nil))
	if _, ok := c.Get("k1"); ok {
		t.Error("k1 (least recently used) still cached")
	}
	for _, k := range []string{"k0", "k2", "k3", "k4"} {
		if _, ok := c.Get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	// A big entry pushes out as many as needed.
	mustDo(t, c, "k5", value("v", 3*size, time.Hour, nil))
	s := c.Stats()
	if s.Bytes > 4*charge {
		t.Errorf("bytes %d over the bound %d", s.Bytes, 4*charge)
	}
	if s.Evictions != 4 || s.Entries != 2 {
		t.Errorf("evictions = %d, entries = %d; want 4 and 2 (k1, then k0, k2, k3 oldest first)", s.Evictions, s.Entries)
	}
	for k, want := range map[string]bool{"k4": true, "k5": true, "k3": false} {
		if _, ok := c.Get(k); ok != want {
			t.Errorf("%s cached = %v, want %v", k, ok, want)
		}
	}
}

func TestInvalidateTag(t *testing.T) {
	c := New[string](Config{Clock: newFakeClock()})
	mustDo(t, c, "orders1", value("o1", 10, time.Hour, nil, "svc", "svc/Orders"))
	mustDo(t, c, "orders2", value("o2", 10, time.Hour, nil, "svc", "svc/Orders"))
	mustDo(t, c, "expand", value("x", 10, time.Hour, nil, "svc", "svc/Customers", "svc/Orders"))
	mustDo(t, c, "customers", value("c", 10, time.Hour, nil, "svc", "svc/Customers"))
	if n := c.InvalidateTag("svc/Orders"); n != 3 {
		t.Errorf("InvalidateTag removed %d, want 3", n)
	}
	for _, k := range []string{"orders1", "orders2", "expand"} {
		if _, ok := c.Get(k); ok {
			t.Errorf("%s survived invalidation", k)
		}
	}
	if _, ok := c.Get("customers"); !ok {
		t.Error("customers dropped by an Orders invalidation")
	}
	if n := c.InvalidateTag("svc/Orders"); n != 0 {
		t.Errorf("second InvalidateTag removed %d", n)
	}
	if s := c.Stats(); s.Invalidations != 3 || s.Entries != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestLoadInFlightDuringInvalidationIsNotStored(t *testing.T) {
	c := New[string](Config{Clock: newFakeClock()})
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan *Entry[string], 1)
	go func() {
		e, _, _ := c.Do(context.Background(), "k", func(context.Context) (Item[string], error) {
			close(started)
			<-release
			return Item[string]{Value: "old", Size: 1, TTL: time.Hour, Tags: []string{"svc/Orders"}}, nil
		})
		done <- e
	}()
	<-started
	c.InvalidateTag("svc/Orders")
	close(release)
	if e := <-done; e.Value != "old" || e.Cached {
		t.Errorf("loader's caller got %+v, want the value, not cached", e)
	}
	if _, ok := c.Get("k"); ok {
		t.Error("a load that started before the invalidation was stored")
	}
}

func TestRefreshReplacesEntry(t *testing.T) {
	clk := newFakeClock()
	c := New[string](Config{Clock: clk})
	mustDo(t, c, "k", value("v1", 10, time.Minute, nil))
	clk.Advance(30 * time.Second)
	e, err := c.Refresh(context.Background(), "k", value("v2", 20, time.Minute, nil))
	if err != nil || e.Value != "v2" {
		t.Fatalf("Refresh: %+v %v", e, err)
	}
	got, ok := c.Get("k")
	if !ok || got.Value != "v2" || got.Age(clk.Now()) != 0 {
		t.Errorf("after refresh: %+v", got)
	}
	if s := c.Stats(); s.Entries != 1 || s.Bytes != 20+1+entryOverhead {
		t.Errorf("stats %+v", s)
	}
}

func TestSweepDropsExpiredEntries(t *testing.T) {
	clk := newFakeClock()
	c := New[string](Config{Clock: clk})
	mustDo(t, c, "short", value("s", 10, time.Second, nil))
	mustDo(t, c, "long", value("l", 10, time.Hour, nil))
	clk.Advance(2 * time.Second)
	if n := c.Sweep(); n != 1 {
		t.Errorf("Sweep removed %d, want 1", n)
	}
	if s := c.Stats(); s.Entries != 1 || s.Bytes != 10+4+entryOverhead {
		t.Errorf("stats %+v", s)
	}
}

func TestPolicyTTL(t *testing.T) {
	p := &Policy{
		Default:  10 * time.Second,
		Services: map[string]time.Duration{"erp": time.Minute, "off": 0},
		Sets:     map[string]map[string]time.Duration{"erp": {"Orders": 5 * time.Second, "Secrets": 0}},
	}
	for _, tc := range []struct {
		svc, set string
		want     time.Duration
	}{
		{"other", "X", 10 * time.Second},
		{"erp", "", time.Minute},
		{"erp", "Customers", time.Minute},
		{"erp", "Orders", 5 * time.Second},
		{"erp", "Secrets", 0},
		{"off", "Orders", 0},
	} {
		if got := p.TTL(tc.svc, tc.set); got != tc.want {
			t.Errorf("TTL(%s, %s) = %v, want %v", tc.svc, tc.set, got, tc.want)
		}
	}
	if !p.Enabled() || (&Policy{}).Enabled() || (*Policy)(nil).Enabled() {
		t.Error("Enabled wrong")
	}
	if !(&Policy{Sets: map[string]map[string]time.Duration{"a": {"B": time.Second}}}).Enabled() {
		t.Error("a single per-set TTL should enable the cache")
	}
}

func TestSweepManyEntriesWithMixedTTLs(t *testing.T) {
	clk := newFakeClock()
	c := New[string](Config{MaxBytes: 200 * (10 + 4 + entryOverhead + 2 + 16), Clock: clk}) // value, key, overhead, one tag
	// 300 entries with TTLs 1..300s in a scrambled order; the byte bound keeps
	// the 200 most recent, and some are invalidated.
	ttls := map[string]time.Duration{}
	for i := range 300 {
		ttl := time.Duration((i*7919)%300+1) * time.Second
		key := fmt.Sprintf("k%03d", i)
		tag := fmt.Sprintf("t%d", i%2)
		mustDo(t, c, key, value("v", 10, ttl, nil, tag))
		ttls[key] = ttl
	}
	if s := c.Stats(); s.Entries != 200 || s.Evictions != 100 {
		t.Fatalf("stats %+v", s)
	}
	c.InvalidateTag("t1")
	live := map[string]time.Duration{}
	for i := 100; i < 300; i += 2 {
		key := fmt.Sprintf("k%03d", i)
		live[key] = ttls[key]
	}
	for _, step := range []time.Duration{50 * time.Second, 100 * time.Second, 200 * time.Second} {
		clk.Advance(step - (clk.Now().Sub(newFakeClock().Now())))
		want := 0
		for key, ttl := range live {
			if ttl <= step {
				want++
				delete(live, key)
			}
		}
		if got := c.Sweep(); got != want {
			t.Errorf("after %v: Sweep removed %d, want %d", step, got, want)
		}
		if s := c.Stats(); s.Entries != int64(len(live)) {
			t.Errorf("after %v: %d entries, want %d", step, s.Entries, len(live))
		}
	}
	clk.Advance(time.Hour)
	c.Sweep()
	if s := c.Stats(); s.Entries != 0 || s.Bytes != 0 {
		t.Errorf("after all expired: %+v", s)
	}
}
