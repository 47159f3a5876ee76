package cache

import (
	"sync"
	"time"
)

// Sweep drops every expired entry, so that source data does not outlive its
// TTL in memory even when nobody asks for it again. It returns how many went.
// Its cost is proportional to the number of expired entries.
func (c *Cache[V]) Sweep() int {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for len(c.expiry) > 0 && !now.Before(c.expiry[0].Expires) {
		e := c.expiry[0]
		c.remove(e.key, removeExpire)
		if len(c.expiry) > 0 && c.expiry[0] == e { // not in the list: never loop on it
			c.expiry.remove(e)
		}
		n++
	}
	return n
}

// StartSweeper runs Sweep every interval (wall-clock time) until stop is called.
func (c *Cache[V]) StartSweeper(interval time.Duration) (stop func()) {
	t := time.NewTicker(interval)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				c.Sweep()
			case <-done:
				t.Stop()
				return
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done) }) }
}

// Stats are the cache's counters since it was created.
type Stats struct {
	Hits          int64 // lookups answered from the cache
	Misses        int64 // lookups that ran a load
	Coalesced     int64 // lookups that waited for another lookup's load
	Refreshes     int64 // forced fresh loads (Refresh)
	Evictions     int64 // entries dropped to stay within MaxBytes
	Expirations   int64 // entries dropped after their TTL
	Invalidations int64 // entries dropped by InvalidateTag or Purge
	Uncached      int64 // loaded values not kept (too large, TTL 0, invalidated while loading)
	Bytes         int64 // bytes held now (values, keys and per-entry overhead)
	Entries       int64 // entries held now
}

// Stats returns a snapshot of the counters.
func (c *Cache[V]) Stats() Stats {
	c.mu.Lock()
	bytes, entries := c.bytes, int64(c.lru.Len())
	c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Coalesced: c.coalesced.Load(),
		Refreshes: c.refreshes.Load(), Evictions: c.evictions.Load(), Expirations: c.expirations.Load(),
		Invalidations: c.invalidations.Load(), Uncached: c.uncached.Load(), Bytes: bytes, Entries: entries}
}
