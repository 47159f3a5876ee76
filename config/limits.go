package config

import (
	"fmt"
	"time"
)

// Limits bound the work one request may ask for (README: Limits). Zero
// values take the gateway's defaults.
type Limits struct {
	// MaxURLLength bounds the request URL (default 40KiB; 414 beyond it).
	MaxURLLength ByteSize `yaml:"max_url_length"`
	// MaxQueryLength bounds the query string, all options together,
	// percent-encoded (default 32KiB; 414 beyond it).
	MaxQueryLength ByteSize `yaml:"max_query_length"`
	// MaxExprNodes bounds the nodes of all expressions of a request (default 4096).
	MaxExprNodes int `yaml:"max_expr_nodes"`
	// MaxExprDepth bounds expression nesting (default and at most 100).
	MaxExprDepth int `yaml:"max_expr_depth"`
	// MaxExpandDepth bounds $expand nesting (default and at most 4).
	MaxExpandDepth int `yaml:"max_expand_depth"`
	// MaxExpandItems bounds the navigation properties expanded in total (default 32).
	MaxExpandItems int `yaml:"max_expand_items"`
	// MaxSearchTerms bounds the words and phrases of $search (default 32).
	MaxSearchTerms int `yaml:"max_search_terms"`
	// MaxExpandedEntities bounds the related entities $expand holds for one page (default 100000).
	MaxExpandedEntities int `yaml:"max_expanded_entities"`
}

// Ceilings of the limits the gateway enforces regardless of the
// configuration (the parser's nesting bound and the deepest $expand the
// binder answers).
const (
	maxExprDepthCeiling   = 100
	maxExpandDepthCeiling = 4
)

// validate checks the ranges; errors name the key as the file spells it.
func (l *Limits) validate() error {
	for _, c := range []struct {
		key      string
		v, limit int64
	}{
		{"max_url_length", int64(l.MaxURLLength), 1 << 30},
		{"max_query_length", int64(l.MaxQueryLength), 1 << 30},
		{"max_expr_nodes", int64(l.MaxExprNodes), 1 << 30},
		{"max_expr_depth", int64(l.MaxExprDepth), maxExprDepthCeiling},
		{"max_expand_depth", int64(l.MaxExpandDepth), maxExpandDepthCeiling},
		{"max_expand_items", int64(l.MaxExpandItems), 1 << 20},
		{"max_search_terms", int64(l.MaxSearchTerms), 1 << 20},
		{"max_expanded_entities", int64(l.MaxExpandedEntities), 1 << 30},
	} {
		if c.v < 0 || c.v > c.limit {
			return fmt.Errorf("limits.%s: %d is out of range 1..%d", c.key, c.v, c.limit)
		}
	}
	if l.MaxURLLength > 0 && l.MaxQueryLength > l.MaxURLLength {
		return fmt.Errorf("limits.max_query_length: %d is larger than limits.max_url_length (%d)", l.MaxQueryLength, l.MaxURLLength)
	}
	return nil
}

// SourceLimits are one source's connection pool, admission and circuit
// breaker settings; their keys sit directly in the source's entry.
type SourceLimits struct {
	// Pool configures the database connection pool.
	Pool Pool `yaml:"pool"`
	// Concurrency bounds the requests using the source at once.
	Concurrency Concurrency `yaml:"concurrency"`
	// Breaker configures the circuit breaker.
	Breaker Breaker `yaml:"breaker"`
	// Required sources make /readyz answer 503 while they are down (default true).
	Required *bool `yaml:"required"`
}

// Pool configures a source's connection pool (0: the engine's default:
// 16 open, 4 idle, 30m lifetime, 5m idle time; SQLite 8 open).
type Pool struct {
	MaxOpenConns    int           `yaml:"max_open_conns"`
	MaxIdleConns    int           `yaml:"max_idle_conns"`
	ConnMaxLifetime time.Duration `yaml:"conn_max_lifetime"`
	ConnMaxIdleTime time.Duration `yaml:"conn_max_idle_time"`
}

// Concurrency bounds the data requests of one source (0: the defaults:
// 32 at once, 4× that waiting, 2s wait).
type Concurrency struct {
	MaxRequests  int           `yaml:"max_requests"`
	MaxQueued    int           `yaml:"max_queued"` // -1: none wait
	QueueTimeout time.Duration `yaml:"queue_timeout"`
}

// Breaker configures a source's circuit breaker (0: the defaults: opens
// after 5 consecutive failures, for 5s; pings time out after 2s).
type Breaker struct {
	Failures    int           `yaml:"failures"` // -1: never opens
	OpenFor     time.Duration `yaml:"open_for"`
	PingTimeout time.Duration `yaml:"ping_timeout"`
}

// validate checks a source's settings; where names the source.
func (l *SourceLimits) validate(where string) error {
	p, c, b := l.Pool, l.Concurrency, l.Breaker
	switch {
	case p.MaxOpenConns < 0 || p.MaxIdleConns < 0:
		return fmt.Errorf("%s: pool.max_open_conns and pool.max_idle_conns must not be negative", where)
	case p.MaxOpenConns > 0 && p.MaxIdleConns > p.MaxOpenConns:
		return fmt.Errorf("%s: pool.max_idle_conns (%d) is larger than pool.max_open_conns (%d)", where, p.MaxIdleConns, p.MaxOpenConns)
	case p.ConnMaxLifetime < 0 || p.ConnMaxIdleTime < 0:
		return fmt.Errorf("%s: pool.conn_max_lifetime and pool.conn_max_idle_time must not be negative", where)
	case c.MaxRequests < 0 || c.QueueTimeout < 0:
		return fmt.Errorf("%s: concurrency.max_requests and concurrency.queue_timeout must not be negative", where)
	case c.MaxQueued < -1:
		return fmt.Errorf("%s: concurrency.max_queued must be -1 (none wait) or more", where)
	case b.Failures < -1:
		return fmt.Errorf("%s: breaker.failures must be -1 (never opens) or more", where)
	case b.OpenFor < 0 || b.PingTimeout < 0:
		return fmt.Errorf("%s: breaker.open_for and breaker.ping_timeout must not be negative", where)
	}
	return nil
}
