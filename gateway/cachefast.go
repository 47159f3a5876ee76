package gateway

import (
	"context"
	"net/http"

	"odatagw/auth"
	"odatagw/cache"
)

// The fast path of a cache hit. A read's cache key (cacheKeyOf) is canonical:
// it comes from the parsed and bound request, so that equivalent URLs share
// an entry. Parsing, binding and building the caller's view cost more than
// serving the hit itself, so the gateway also remembers which canonical key a
// raw request had: the raw key below holds every input cacheKeyOf reads (the
// raw path and query, the negotiation and preference headers, the service
// root, the caller's identity and roles, the model's generation), so the same
// raw key always yields the same canonical key, and a repeated request finds
// its entry without being parsed. Everything else about the entry (expiry,
// invalidation by writes, the model generation) is still decided by the
// canonical entry itself.

// cacheAlias is what a raw key maps to: the canonical key and the set label
// the request's record carries (observePath).
type cacheAlias struct {
	key string
	set string
}

// aliasBytes bounds the memory of the raw-key map: a sixteenth of the
// response cache, at least 1 MiB.
func aliasBytes(maxBytes int64) int64 {
	if maxBytes <= 0 {
		maxBytes = cache.DefaultMaxBytes
	}
	return max(maxBytes/16, 1<<20)
}

// rawCacheKey returns the raw key of a plain GET read, or "" when the
// request may not take the fast path: another method, a Cache-Control or
// Pragma directive (the canonical path honours them), or a transaction
// (whose reads must see its own writes).
func (q *request) rawCacheKey(ctx context.Context) string {
	if q.r.Method != http.MethodGet || q.method != http.MethodGet || txOf(ctx, q.svc.Name) != nil {
		return ""
	}
	if len(q.r.Header.Values("Cache-Control")) != 0 || len(q.r.Header.Values("Pragma")) != 0 {
		return ""
	}
	base, err := q.svc.Source.Model(ctx)
	if err != nil {
		return "" // the canonical path reports it
	}
	var kb keyBuilder
	kb.b = make([]byte, 0, 192)
	kb.int('g', q.g.cache.generation(q.svc.Name, base))
	kb.field('S', q.svc.Name)
	kb.field('p', q.rawPath)
	kb.field('q', q.r.URL.RawQuery)
	kb.fields('A', q.r.Header.Values("Accept"))
	kb.fields('P', q.r.Header.Values("Prefer"))
	kb.field('R', q.serviceRoot())
	// The identity the canonical key holds, and the principal (with its
	// roles) the caller's view is built from, when they differ.
	kb.field('U', q.g.principal(q.r))
	if q.g.cfg.Principal != nil {
		kb.field('V', auth.FromContext(ctx).Key())
	}
	return string(kb.b)
}

// serveCachedFast answers a read from the cache by its raw key; false when
// the caller must take the canonical path (no alias, or its entry is gone).
func (q *request) serveCachedFast() (bool, error) {
	rc := q.g.cache
	if q.rawKey == "" {
		return false, nil
	}
	a, ok := rc.aliases.Get(q.rawKey)
	if !ok {
		return false, nil
	}
	e, ok := rc.c.Get(a.Value.key)
	if !ok || e.Value == nil {
		return false, nil
	}
	rec := q.rec()
	rec.Service, rec.Set = q.svc.Name, a.Value.set
	return true, q.writeCached(e)
}

// rememberAlias maps the request's raw key to its canonical key k.
func (q *request) rememberAlias(ctx context.Context, k cacheKey) {
	if q.rawKey == "" {
		return
	}
	a := cacheAlias{key: k.key, set: q.rec().Set}
	size := int64(len(a.key) + len(a.set))
	_, _, _ = q.g.cache.aliases.Do(ctx, q.rawKey, func(context.Context) (cache.Item[cacheAlias], error) {
		return cache.Item[cacheAlias]{Value: a, Size: size, TTL: k.ttl}, nil
	})
}
