// Package cache is a short-lived, in-memory, byte-bounded LRU cache with
// per-entry TTLs, request coalescing and invalidation by tag. Nothing is ever
// written to disk; a new process starts empty.
//
// It is built on hashicorp/golang-lru/v2's simplelru (the non-thread-safe
// core) under the Cache's own mutex: the byte accounting, the tag index, the
// in-flight loads and the LRU list must change together atomically, which
// the self-locking lru.Cache cannot offer without a second lock and racy
// eviction callbacks.
package cache

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Clock tells the time. Tests pass a controllable one.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now returns f().
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the wall clock (time.Now).
var SystemClock Clock = ClockFunc(time.Now)

// Defaults for Config.
const (
	DefaultMaxBytes      = 64 << 20
	DefaultMaxEntryBytes = 1 << 20
)

// entryOverhead is charged per entry on top of its value size and key: the
// list element, map slot and bookkeeping, so that many tiny entries are
// bounded too.
const entryOverhead = 160

// Config sizes a Cache.
type Config struct {
	// MaxBytes bounds the sum of entry sizes (value size + key + overhead);
	// 0 means DefaultMaxBytes.
	MaxBytes int64
	// MaxEntryBytes is the largest value size stored; larger values are handed
	// to the caller but not kept. 0 means DefaultMaxEntryBytes.
	MaxEntryBytes int64
	// Clock is the time source; nil means SystemClock.
	Clock Clock
}

// Item is what a loader produces.
type Item[V any] struct {
	Value V
	// Size is the value's size in bytes, charged against MaxBytes.
	Size int64
	// TTL is how long the value may be served; <= 0 means do not store.
	TTL time.Duration
	// Tags name groups of entries for InvalidateTag ("svc/Orders").
	Tags []string
	// NoStore, when true, hands the value to the caller (and to coalesced
	// waiters) without keeping it, e.g. a response too large to cache.
	NoStore bool
}

// Entry is a value as served by the cache.
type Entry[V any] struct {
	Value   V
	Size    int64
	Tags    []string
	Stored  time.Time // when the value was loaded
	Expires time.Time // when it stops being served
	// Cached is false for a value that was handed out but not kept.
	Cached  bool
	charge  int64 // bytes counted against MaxBytes
	key     string
	heapIdx int // position in Cache.expiry; -1 when not stored
}

// Age is how old the entry is at now, in whole seconds (never negative).
func (e *Entry[V]) Age(now time.Time) time.Duration {
	return max(0, now.Sub(e.Stored)).Truncate(time.Second)
}

// Remaining is the time left before expiry at now, in whole seconds.
func (e *Entry[V]) Remaining(now time.Time) time.Duration {
	return max(0, e.Expires.Sub(now)).Truncate(time.Second)
}

// Outcome says how Do produced its entry.
type Outcome int

// Outcomes of Do.
const (
	Hit       Outcome = iota // served from the cache
	Loaded                   // this call ran the loader
	Coalesced                // this call waited for another call's load
)

func (o Outcome) String() string {
	switch o {
	case Hit:
		return "hit"
	case Loaded:
		return "loaded"
	case Coalesced:
		return "coalesced"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Loader produces the value of a missing key. ctx is the context of the call
// that runs it.
type Loader[V any] func(ctx context.Context) (Item[V], error)

// ErrLoaderPanicked is returned to a caller whose loader panicked (the panic
// itself continues in the loading goroutine).
var ErrLoaderPanicked = errors.New("cache: loader panicked")

// Cache maps string keys to values of type V. It is safe for concurrent use.
type Cache[V any] struct {
	maxBytes, maxEntry int64
	clock              Clock

	mu       sync.Mutex
	lru      *simplelru.LRU[string, *Entry[V]]
	bytes    int64
	tags     map[string]map[string]struct{} // tag → keys
	inflight map[string]*call[V]
	expiry   expiryHeap[V] // stored entries by expiry time
	reason   removal       // why the entries being removed under mu go; set before every removal
	gen      uint64        // incremented by invalidations; a load started in an older generation is not stored

	hits, misses, coalesced, evictions, expirations, invalidations, refreshes, uncached atomic.Int64
}

type removal int

const (
	removeEvict removal = iota
	removeExpire
	removeInvalidate
	removeReplace
)

// call is one in-flight load that identical misses wait for.
type call[V any] struct {
	done  chan struct{}
	entry *Entry[V]
	err   error
	// retry tells waiters to try again themselves: the loader failed because
	// its own caller went away (cancelled context or panic), which says
	// nothing about the backend.
	retry bool
	gen   uint64 // c.gen when the load started
}

// New returns an empty cache.
func New[V any](cfg Config) *Cache[V] {
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.MaxEntryBytes <= 0 {
		cfg.MaxEntryBytes = DefaultMaxEntryBytes
	}
	cfg.MaxEntryBytes = min(cfg.MaxEntryBytes, cfg.MaxBytes)
	if cfg.Clock == nil {
		cfg.Clock = SystemClock
	}
	c := &Cache[V]{maxBytes: cfg.MaxBytes, maxEntry: cfg.MaxEntryBytes, clock: cfg.Clock,
		tags: map[string]map[string]struct{}{}, inflight: map[string]*call[V]{}}
	// The byte bound is the real limit; the entry-count limit of simplelru is
	// set beyond anything reachable (every entry costs entryOverhead bytes).
	c.lru, _ = simplelru.NewLRU[string, *Entry[V]](math.MaxInt32, c.onRemove)
	return c
}

// Now returns the cache clock's time.
func (c *Cache[V]) Now() time.Time { return c.clock.Now() }

// MaxEntryBytes is the largest value size the cache keeps.
func (c *Cache[V]) MaxEntryBytes() int64 { return c.maxEntry }

// Get returns the live entry for key, marking it recently used.
func (c *Cache[V]) Get(key string) (*Entry[V], bool) {
	now := c.clock.Now()
	c.mu.Lock()
	e := c.lookup(key, now)
	c.mu.Unlock()
	if e == nil {
		return nil, false
	}
	c.hits.Add(1)
	return e, true
}

// lookup returns the live entry for key or nil, dropping it when expired.
// c.mu is held.
func (c *Cache[V]) lookup(key string, now time.Time) *Entry[V] {
	e, ok := c.lru.Get(key)
	if !ok {
		return nil
	}
	if !now.Before(e.Expires) {
		c.remove(key, removeExpire)
		return nil
	}
	return e
}

// Do returns the entry for key, loading it on a miss. Concurrent misses of
// the same key run load once; the others wait for its result (or for their
// own ctx). A failed load is not stored, and every waiter gets its error,
// except when the loader failed because its own ctx ended: then the waiters
// load again themselves.
func (c *Cache[V]) Do(ctx context.Context, key string, load Loader[V]) (*Entry[V], Outcome, error) {
	for {
		now := c.clock.Now()
		c.mu.Lock()
		if e := c.lookup(key, now); e != nil {
			c.mu.Unlock()
			c.hits.Add(1)
			return e, Hit, nil
		}
		if cl, ok := c.inflight[key]; ok {
			c.mu.Unlock()
			c.coalesced.Add(1)
			select {
			case <-cl.done:
			case <-ctx.Done():
				return nil, Coalesced, ctx.Err()
			}
			if cl.retry {
				continue
			}
			return cl.entry, Coalesced, cl.err
		}
		cl := &call[V]{done: make(chan struct{}), gen: c.gen}
		c.inflight[key] = cl
		c.mu.Unlock()
		c.misses.Add(1)
		c.run(ctx, key, cl, load)
		return cl.entry, Loaded, cl.err
	}
}

// Refresh loads key unconditionally (a client asked for a fresh read) and
// stores the result in place of any entry it had.
func (c *Cache[V]) Refresh(ctx context.Context, key string, load Loader[V]) (*Entry[V], error) {
	c.refreshes.Add(1)
	c.mu.Lock()
	cl := &call[V]{done: make(chan struct{}), gen: c.gen}
	c.mu.Unlock()
	c.run(ctx, key, cl, load)
	return cl.entry, cl.err
}

// run executes load for cl and publishes its result; a panic in load is
// reported to waiters and then continues.
func (c *Cache[V]) run(ctx context.Context, key string, cl *call[V], load Loader[V]) {
	finished := false
	defer func() {
		if !finished {
			cl.err, cl.retry = ErrLoaderPanicked, true
		}
		c.mu.Lock()
		if c.inflight[key] == cl {
			delete(c.inflight, key)
		}
		c.mu.Unlock()
		close(cl.done)
	}()
	it, err := load(ctx)
	finished = true
	if err != nil {
		cl.err = err
		cl.retry = ctx.Err() != nil
		return
	}
	now := c.clock.Now()
	e := &Entry[V]{Value: it.Value, Size: it.Size, Tags: it.Tags, Stored: now, Expires: now.Add(it.TTL), key: key, heapIdx: -1}
	cl.entry = e
	e.charge = it.Size + int64(len(key)) + entryOverhead
	for _, t := range it.Tags {
		e.charge += int64(len(t)) + 16
	}
	if it.NoStore || it.TTL <= 0 || it.Size > c.maxEntry || e.charge > c.maxBytes {
		c.uncached.Add(1)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl.gen != c.gen {
		c.uncached.Add(1) // invalidated while loading
		return
	}
	if _, ok := c.lru.Peek(key); ok {
		c.remove(key, removeReplace)
	}
	e.Cached = true
	c.lru.Add(key, e)
	c.expiry.add(e)
	c.bytes += e.charge
	for _, t := range e.Tags {
		keys := c.tags[t]
		if keys == nil {
			keys = map[string]struct{}{}
			c.tags[t] = keys
		}
		keys[key] = struct{}{}
	}
	c.reason = removeEvict
	for c.bytes > c.maxBytes {
		if _, _, ok := c.lru.RemoveOldest(); !ok {
			break
		}
	}
}

// remove drops key for the given reason; c.mu is held.
func (c *Cache[V]) remove(key string, why removal) {
	c.reason = why
	c.lru.Remove(key)
}

// onRemove is simplelru's eviction callback: it runs under c.mu for every
// entry leaving the list.
func (c *Cache[V]) onRemove(key string, e *Entry[V]) {
	c.bytes -= e.charge
	c.expiry.remove(e)
	for _, t := range e.Tags {
		if keys := c.tags[t]; keys != nil {
			delete(keys, key)
			if len(keys) == 0 {
				delete(c.tags, t)
			}
		}
	}
	switch c.reason {
	case removeEvict:
		c.evictions.Add(1)
	case removeExpire:
		c.expirations.Add(1)
	case removeInvalidate:
		c.invalidations.Add(1)
	}
}

// InvalidateTag drops every entry carrying tag and returns how many went.
// Loads in flight when it is called still answer their waiters but are not
// stored (their data may predate the change that caused the invalidation),
// and later callers do not join them.
func (c *Cache[V]) InvalidateTag(tag string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := c.tags[tag]
	n := len(keys)
	for key := range keys {
		c.remove(key, removeInvalidate)
	}
	c.detachInflight()
	return n
}

// Purge drops every entry.
func (c *Cache[V]) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reason = removeInvalidate
	c.lru.Purge()
	c.detachInflight()
}

// detachInflight makes every load in flight unstorable and invisible to new
// callers; c.mu is held.
func (c *Cache[V]) detachInflight() {
	c.gen++
	clear(c.inflight)
}
