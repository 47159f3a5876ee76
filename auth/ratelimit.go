package auth

import (
	"fmt"
	"math"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2/simplelru"
)

// DefaultMaxPrincipals bounds the rate limiter's buckets when the
// configuration says nothing.
const DefaultMaxPrincipals = 10000

// Limited is a request over its principal's rate: the gateway answers 429
// with Retry-After.
type Limited struct {
	RetryAfter time.Duration
}

func (l *Limited) Error() string {
	return fmt.Sprintf("too many requests: retry in %s", l.RetryAfter.Round(time.Second))
}

// RetryAfterSeconds is the Retry-After header's value (at least 1).
func (l *Limited) RetryAfterSeconds() int {
	return max(1, int(math.Ceil(l.RetryAfter.Seconds())))
}

// RateLimiter is a token bucket per key: Rate tokens a second up to Burst.
// Memory is bounded: at most maxKeys buckets, the least recently used one
// is forgotten first (a forgotten bucket starts full again, so the bound
// errs towards admitting).
type RateLimiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets *lru.LRU[string, *bucket]
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewRateLimiter returns a limiter; burst < 1 means ceil(rate), maxKeys < 1
// means DefaultMaxPrincipals; now nil means time.Now.
func NewRateLimiter(rate float64, burst, maxKeys int, now func() time.Time) (*RateLimiter, error) {
	if rate <= 0 || math.IsInf(rate, 0) || math.IsNaN(rate) {
		return nil, fmt.Errorf("rate must be a positive number of requests per second")
	}
	if burst < 1 {
		burst = max(1, int(math.Ceil(rate)))
	}
	if maxKeys < 1 {
		maxKeys = DefaultMaxPrincipals
	}
	if now == nil {
		now = time.Now
	}
	b, err := lru.NewLRU[string, *bucket](maxKeys, nil)
	if err != nil {
		return nil, err
	}
	return &RateLimiter{rate: rate, burst: float64(burst), now: now, buckets: b}, nil
}

// Admit takes a token from key's bucket, or returns *Limited.
func (l *RateLimiter) Admit(key string) error {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets.Get(key)
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets.Add(key, b)
	}
	if el := now.Sub(b.at).Seconds(); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+el*l.rate)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return nil
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return &Limited{RetryAfter: wait}
}

// Len is the number of buckets held.
func (l *RateLimiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buckets.Len()
}
