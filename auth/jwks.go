package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// JWKS fetching.
const (
	defaultJWKSRefresh = time.Hour
	defaultJWKSRetry   = time.Minute
	maxJWKSBytes       = 1 << 20
	jwksFetchTimeout   = 10 * time.Second
)

// Options are the authenticators' runtime dependencies; the zero value is
// fine for production.
type Options struct {
	// HTTPClient fetches JWKS URLs (default: a client with a 10s timeout).
	HTTPClient *http.Client
	// Logger receives JWKS fetch failures.
	Logger *slog.Logger
	// Now is the clock (tests).
	Now func() time.Time
	// JWKSRetry is the least time between two fetches caused by tokens
	// naming an unknown key (default 1m).
	JWKSRetry time.Duration
}

func (o *Options) now() func() time.Time {
	if o.Now != nil {
		return o.Now
	}
	return time.Now
}

func (o *Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// keySet holds the keys a token may be verified with.
type keySet struct {
	static []*verifyKey
	remote *remoteKeys
}

// verify checks sig with the keys of alg that the token's kid selects. A kid
// no key has makes the remote set refetch (rate-limited) before giving up:
// that is how a rotation at the identity provider reaches the gateway.
func (s *keySet) verify(ctx context.Context, alg, kid string, signed, sig []byte) error {
	cands := s.candidates(alg, kid)
	if len(cands) == 0 && s.remote != nil && kid != "" {
		s.remote.refetch(ctx)
		cands = s.candidates(alg, kid)
	}
	if len(cands) == 0 {
		return errTokenKey
	}
	for _, k := range cands {
		if verifySignature(k, signed, sig) {
			return nil
		}
	}
	return errTokenSignature
}

func (s *keySet) candidates(alg, kid string) []*verifyKey {
	var out []*verifyKey
	add := func(keys []*verifyKey) {
		for _, k := range keys {
			if k.alg == alg && (kid == "" || k.kid == "" || k.kid == kid) {
				out = append(out, k)
			}
		}
	}
	add(s.static)
	if s.remote != nil {
		add(s.remote.current())
	}
	return out
}

// remoteKeys is a JWKS document fetched from a URL, refreshed when older than
// refresh (on the next token that needs it) and when a token names a key it
// does not have. A failed fetch keeps the previous keys.
type remoteKeys struct {
	url     string
	refresh time.Duration
	retry   time.Duration
	client  *http.Client
	log     *slog.Logger
	now     func() time.Time

	mu      sync.Mutex // serialises fetches
	keysMu  sync.RWMutex
	keys    []*verifyKey
	fetched time.Time // last successful fetch
	tried   time.Time // last attempt
}

func newRemoteKeys(rawURL string, refresh time.Duration, opts *Options) (*remoteKeys, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("must be an http(s) URL")
	}
	r := &remoteKeys{url: rawURL, refresh: refresh, retry: opts.JWKSRetry, client: opts.HTTPClient,
		log: opts.logger(), now: opts.now()}
	if r.refresh <= 0 {
		r.refresh = defaultJWKSRefresh
	}
	if r.retry <= 0 {
		r.retry = defaultJWKSRetry
	}
	if r.client == nil {
		r.client = &http.Client{Timeout: jwksFetchTimeout}
	}
	ctx, cancel := context.WithTimeout(context.Background(), jwksFetchTimeout)
	defer cancel()
	r.refetch(ctx) // a failure is logged; tokens fail until a fetch succeeds
	return r, nil
}

// current returns the keys, refreshing them first when they are stale.
func (r *remoteKeys) current() []*verifyKey {
	r.keysMu.RLock()
	keys, fetched := r.keys, r.fetched
	r.keysMu.RUnlock()
	if r.now().Sub(fetched) > r.refresh {
		ctx, cancel := context.WithTimeout(context.Background(), jwksFetchTimeout)
		r.refetch(ctx)
		cancel()
		r.keysMu.RLock()
		keys = r.keys
		r.keysMu.RUnlock()
	}
	return keys
}

// refetch fetches the document unless an attempt was made less than retry ago.
func (r *remoteKeys) refetch(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if !r.tried.IsZero() && now.Sub(r.tried) < r.retry {
		return
	}
	r.tried = now
	keys, err := r.fetch(ctx)
	if err != nil {
		r.log.Warn("JWKS fetch failed; keeping the previous keys", "url", r.url, "error", err.Error())
		return
	}
	r.keysMu.Lock()
	r.keys, r.fetched = keys, now
	r.keysMu.Unlock()
}

func (r *remoteKeys) fetch(ctx context.Context) ([]*verifyKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxJWKSBytes {
		return nil, fmt.Errorf("document larger than %d bytes", maxJWKSBytes)
	}
	return parseJWKS(data)
}
