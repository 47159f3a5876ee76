package gateway

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"odatagw/cache"
	"odatagw/gateway/query"
	"odatagw/internal/observe"
	"odatagw/metadata"
)

// CacheConfig configures the response cache (issue 4). Entries live in
// process memory only, for at most their TTL, and are keyed by the caller's
// principal among the rest: one caller's data is never served to another.
type CacheConfig struct {
	// Policy gives each entry's TTL (global, per service, per entity set);
	// where it gives 0 nothing is cached. The zero Policy turns caching off.
	Policy cache.Policy
	// MaxBytes bounds the memory held (default cache.DefaultMaxBytes).
	MaxBytes int64
	// MaxEntryBytes bounds one response body (default cache.DefaultMaxEntryBytes);
	// larger responses stream as usual and are not cached.
	MaxEntryBytes int64
	// Clock is the cache's time source (tests); nil is the wall clock.
	Clock cache.Clock
	// SweepInterval is how often expired entries are dropped from memory
	// (default 1s).
	SweepInterval time.Duration
}

// ServiceTag is the cache tag every entry of a service carries.
func ServiceTag(service string) string { return service }

// SetTag is the cache tag of entries that read an entity set of a service
// (the set addressed and every set an $expand reads).
func SetTag(service, set string) string { return service + "/" + set }

// cachedResponse is one fully encoded, uncompressed response.
type cachedResponse struct {
	status      int
	contentType string
	preferences []string // Preference-Applied values
	body        []byte
	gzipped     []byte // body gzip-compressed once at load time (status 200 only)
	etag        string
}

// responseCache is the gateway's cache of read responses.
type responseCache struct {
	c *cache.Cache[*cachedResponse]
	// aliases map raw request keys to canonical keys (cachefast.go).
	aliases *cache.Cache[cacheAlias]
	policy  cache.Policy
	stop    func()

	mu     sync.Mutex
	models map[string]modelGen // by service
}

// modelGen numbers the models a service has served, so that a schema
// refresh never serves responses rendered from the previous model.
type modelGen struct {
	model *metadata.Model
	gen   int64
}

func newResponseCache(cfg CacheConfig) *responseCache {
	if !cfg.Policy.Enabled() {
		return nil
	}
	rc := &responseCache{
		c:       cache.New[*cachedResponse](cache.Config{MaxBytes: cfg.MaxBytes, MaxEntryBytes: cfg.MaxEntryBytes, Clock: cfg.Clock}),
		aliases: cache.New[cacheAlias](cache.Config{MaxBytes: aliasBytes(cfg.MaxBytes), Clock: cfg.Clock}),
		policy:  cfg.Policy, models: map[string]modelGen{},
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = time.Second
	}
	rc.stop = rc.c.StartSweeper(cfg.SweepInterval)
	return rc
}

// generation returns the number of m among the models of service, dropping
// the service's entries when the model changed.
func (rc *responseCache) generation(service string, m *metadata.Model) int64 {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	mg := rc.models[service]
	if mg.model == m {
		return mg.gen
	}
	if mg.model != nil {
		rc.c.InvalidateTag(ServiceTag(service))
	}
	mg = modelGen{model: m, gen: mg.gen + 1}
	rc.models[service] = mg
	return mg.gen
}

// CacheStats returns the response cache's counters; false when caching is off.
func (g *Gateway) CacheStats() (cache.Stats, bool) {
	if g.cache == nil {
		return cache.Stats{}, false
	}
	return g.cache.c.Stats(), true
}

// InvalidateSet drops the cached responses that read an entity set of a
// service (writes through the gateway call it). It returns how many went.
func (g *Gateway) InvalidateSet(service, set string) int {
	if g.cache == nil {
		return 0
	}
	return g.cache.c.InvalidateTag(SetTag(service, set))
}

// Close stops the gateway's background work (the cache sweeper) and drops
// cached data. The handler keeps working, uncached.
func (g *Gateway) Close() {
	if rc := g.cache; rc != nil {
		rc.stop()
		rc.c.Purge()
		rc.aliases.Purge()
	}
}

// cacheKey identifies a cacheable read: the key, the entity set ("" for the
// service document and $metadata) and its TTL.
type cacheKey struct {
	key string
	set string
	ttl time.Duration
	// also are the other sets a navigation path reads on its way.
	also []string
}

// cacheKeyOf returns the cache key of the request, or ok=false when it is
// not cached (not a GET, caching off for the set, a request the handler will
// reject). Errors are the handler's own (binding the path).
func (q *request) cacheKeyOf(path *query.ResourcePath) (k cacheKey, ok bool, err error) {
	if q.r.Method != http.MethodGet {
		return k, false, nil
	}
	var kb keyBuilder
	kb.b = make([]byte, 0, 256)
	var f format
	switch path.Kind {
	case query.PathServiceDocument:
		kb.b = append(kb.b, 'D')
		f, err = negotiate(q.r, q.opts.Format, formatJSON)
	case query.PathMetadata:
		// The handler's negotiation for $metadata is its own: key on its inputs.
		kb.b = append(kb.b, 'X')
		kb.field('F', strings.ToLower(q.opts.Format))
		kb.field('H', strings.Join(q.r.Header.Values("Accept"), ","))
	case query.PathResource:
		t, berr := q.bindPath(path)
		if berr != nil {
			return k, false, berr
		}
		k.set = t.set.Name
		kb.int('T', int64(t.kind))
		kb.field('E', t.path.Set.Name)
		if t.path.Key != nil {
			kb.field('K', keyPredicate(t.path.Set.Type.Key, boundKeyValues(t.path.Key)))
		}
		for _, h := range t.path.Hops { // the path, not only where it ends
			kb.field('N', h.Nav.Name)
			if h.Key != nil {
				kb.field('K', keyPredicate(h.Nav.Target.Key, boundKeyValues(h.Key)))
			}
			if h.Nav.TargetSet != nil && h.Nav.TargetSet.Name != k.set {
				k.also = append(k.also, h.Nav.TargetSet.Name)
			}
		}
		if t.path.Set != t.set {
			k.also = append(k.also, t.path.Set.Name)
		}
		if t.ref {
			kb.int('r', 1)
		}
		if t.prop != nil {
			kb.field('P', t.prop.Name)
		}
		switch {
		case t.kind == targetCount, t.kind == targetValue && t.prop.Type != metadata.EdmBinary:
			f, err = negotiate(q.r, "", formatText)
		case t.kind == targetValue: // binary: served whatever the Accept header says
		default:
			f, err = negotiate(q.r, q.opts.Format, formatJSON)
		}
	default:
		return k, false, nil
	}
	if err != nil {
		return k, false, nil // the handler answers 406
	}
	if k.ttl = q.g.cache.policy.TTL(q.svc.Name, k.set); k.ttl <= 0 {
		return k, false, nil
	}
	kb.int('f', int64(f.kind)*16+int64(f.metadata)*2+boolInt(f.value.ieee754))
	size, applied := q.pageSize()
	kb.int('z', int64(size)*2+boolInt(applied))
	kb.int('g', q.g.cache.generation(q.svc.Name, q.base))
	kb.field('S', q.svc.Name)
	kb.field('R', q.serviceRoot())
	kb.field('U', q.g.principal(q.r))
	kb.options(q.opts)
	k.key = string(kb.b)
	return k, true, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// serveCached answers a read through the response cache: a hit is written
// from memory; a miss runs the handler (coalesced with identical concurrent
// misses) and keeps its response.
func (q *request) serveCached(path *query.ResourcePath) error {
	k, ok, err := q.cacheKeyOf(path)
	if err != nil {
		return err
	}
	cc := requestCacheControl(q.r)
	if !ok || cc.noStore {
		q.rec().Cache = observe.CacheBypass
		return q.dispatch(path)
	}
	rc := q.g.cache
	load := q.cacheLoader(path, k)
	ctx := q.r.Context()
	q.rememberAlias(ctx, k)
	if cc.noCache {
		_, err := rc.c.Refresh(ctx, k.key, load)
		return err // the fresh response is already written
	}
	e, outcome, err := rc.c.Do(ctx, k.key, load)
	if err == nil && outcome == cache.Hit && cc.maxAge >= 0 && e.Age(rc.c.Now()) > time.Duration(cc.maxAge)*time.Second {
		_, err := rc.c.Refresh(ctx, k.key, load) // older than the client accepts
		return err
	}
	switch {
	case err != nil:
		return err
	case outcome == cache.Loaded:
		return nil // the response is already written
	case e.Value == nil:
		q.rec().Cache = observe.CacheBypass
		return q.dispatch(path) // the response we waited for was too large to share
	}
	return q.writeCached(e)
}

// cacheLoader runs the handler for path, streaming to the client while
// capturing the response for the cache.
func (q *request) cacheLoader(path *query.ResourcePath, k cacheKey) cache.Loader[*cachedResponse] {
	return func(ctx context.Context) (cache.Item[*cachedResponse], error) {
		q.rec().Cache = observe.CacheMiss
		w, r := q.w, q.r
		tw := newTeeWriter(w, r.Method != http.MethodHead && acceptsGzip(r), k.ttl, q.g.cache.c.MaxEntryBytes())
		plain := new(http.Request)
		*plain = *r
		plain.Header = r.Header.Clone()
		plain.Header.Del("Accept-Encoding")
		q.w, q.r = tw, plain
		err := q.dispatch(path)
		q.w, q.r = w, r
		if ferr := tw.finish(); ferr != nil {
			q.g.log.Debug("client went away", "request_id", q.id, "error", ferr)
		}
		if err != nil {
			return cache.Item[*cachedResponse]{}, err
		}
		body, ok := tw.body()
		if !ok {
			return cache.Item[*cachedResponse]{NoStore: true}, nil
		}
		h := w.Header()
		etag := h.Get("ETag") // an entity's own ETag (etag.go), else a hash of the body
		if etag == "" {
			etag = etagOf(body)
		}
		resp := &cachedResponse{status: tw.status, contentType: h.Get("Content-Type"),
			preferences: h.Values("Preference-Applied"), body: body, etag: etag}
		if resp.status == http.StatusOK {
			resp.gzipped = gzipBytes(body)
		}
		tags := []string{ServiceTag(q.svc.Name)}
		if k.set != "" {
			tags = append(tags, SetTag(q.svc.Name, k.set))
		}
		for _, set := range append(k.also, q.touched...) { // the sets the path and $expand read
			if set != k.set && !slices.Contains(tags, SetTag(q.svc.Name, set)) {
				tags = append(tags, SetTag(q.svc.Name, set))
			}
		}
		size := int64(len(body) + len(resp.gzipped) + len(resp.contentType) + len(resp.etag) + 64)
		for _, p := range resp.preferences {
			size += int64(len(p))
		}
		return cache.Item[*cachedResponse]{Value: resp, Size: size, TTL: k.ttl, Tags: tags}, nil
	}
}

// writeCached answers from a cache entry: 304 when the client's
// If-None-Match names its ETag, else the body, gzip-compressed when accepted.
func (q *request) writeCached(e *cache.Entry[*cachedResponse]) error {
	resp := e.Value
	q.rec().Cache = observe.CacheHit
	now := q.g.cache.c.Now()
	h := q.w.Header()
	h.Set("ETag", resp.etag)
	h.Set("Age", strconv.FormatInt(int64(e.Age(now)/time.Second), 10))
	h.Set("Cache-Control", "private, max-age="+strconv.FormatInt(int64(e.Remaining(now)/time.Second), 10))
	for _, p := range resp.preferences {
		h.Add("Preference-Applied", p)
	}
	if etagMatch(q.r.Header.Values("If-None-Match"), resp.etag) {
		h.Add("Vary", "Accept, Accept-Encoding")
		q.w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if resp.status == http.StatusNoContent {
		q.w.WriteHeader(http.StatusNoContent)
		return nil
	}
	if resp.gzipped != nil && q.r.Method != http.MethodHead && acceptsGzip(q.r) {
		// Compressed once when loaded, not per hit.
		h.Set("Content-Type", resp.contentType)
		h.Add("Vary", "Accept, Accept-Encoding")
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(resp.gzipped)))
		q.w.WriteHeader(resp.status)
		if _, err := q.w.Write(resp.gzipped); err != nil {
			q.g.log.Debug("client went away", "request_id", q.id, "error", err)
		}
		return nil
	}
	out := q.startBody(resp.status, resp.contentType)
	_, _ = out.Write(resp.body)
	if err := out.Close(); err != nil {
		q.g.log.Debug("client went away", "request_id", q.id, "error", err)
	}
	return nil
}
