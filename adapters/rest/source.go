package rest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/memquery"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Defaults for what the configuration leaves unsaid.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultRetries      = 2
	DefaultRetryBackoff = 200 * time.Millisecond
	DefaultMaxRetryWait = 10 * time.Second
	DefaultFailures     = 5
	DefaultCooldown     = 30 * time.Second
	DefaultConcurrency  = 4
	DefaultPageSize     = 100
)

// Options are the settings of a Source that do not come from its
// configuration block.
type Options struct {
	// Name is the source's name: upstream errors say which upstream failed with it.
	Name string
	// Namespace of the model (default: Name).
	Namespace string
	// Client makes the HTTP calls (default: a client without its own timeout;
	// every call has the configured timeout).
	Client *http.Client
	Logger *slog.Logger
	// Now is the clock (default time.Now), for the breaker, tokens and Retry-After dates.
	Now func() time.Time
	// Observer, when set, is told of every upstream call (metrics, traces;
	// rest/observe.go).
	Observer adapters.CallObserver
}

// Source exposes the collections of a JSON HTTP API as entity sets. It is
// safe for concurrent use.
type Source struct {
	name     string
	model    *metadata.Model
	entities map[string]*entity
	base     *url.URL
	client   *http.Client
	log      *slog.Logger
	observer adapters.CallObserver
	now      func() time.Time

	auth         Auth
	tokens       *tokens
	headers      map[string]string
	callTimeout  time.Duration
	maxRows      int
	retries      int
	backoff      time.Duration
	maxRetryWait time.Duration
	concurrency  int
	breaker      *breaker
}

var _ adapters.Source = (*Source)(nil)

// Open returns a Source for the API that cfg describes. It makes no call:
// the model is the declared one, and an API that is down at start only
// fails the requests that need it.
func Open(opts Options, cfg Config) (*Source, error) {
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("rest.base_url: not an http(s) URL")
	}
	ns := opts.Namespace
	if ns == "" {
		ns = strings.ReplaceAll(opts.Name, "-", "_")
	}
	model, entities, err := buildModel(ns, cfg.Entities)
	if err != nil {
		return nil, err
	}
	s := &Source{
		name: opts.Name, model: model, entities: entities, base: base, client: opts.Client, log: opts.Logger, now: opts.Now, observer: opts.Observer,
		auth: cfg.Auth, headers: cfg.Headers, callTimeout: cfg.Timeout, maxRows: cfg.MaxRows, retries: DefaultRetries,
		backoff: cfg.RetryBackoff, maxRetryWait: cfg.MaxRetryWait, concurrency: cfg.Concurrency,
	}
	if s.client == nil {
		s.client = &http.Client{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.callTimeout = orDefault(s.callTimeout, DefaultTimeout)
	s.backoff = orDefault(s.backoff, DefaultRetryBackoff)
	s.maxRetryWait = orDefault(s.maxRetryWait, DefaultMaxRetryWait)
	s.maxRows = orDefault(s.maxRows, DefaultMaxRows)
	s.concurrency = orDefault(s.concurrency, DefaultConcurrency)
	if cfg.Retries != nil {
		s.retries = *cfg.Retries
	}
	s.breaker = &breaker{failures: orDefault(cfg.Breaker.Failures, DefaultFailures),
		cooldown: orDefault(cfg.Breaker.Cooldown, DefaultCooldown), now: s.now}
	if cfg.Auth.Type == "oauth2" {
		s.tokens = &tokens{cfg: cfg.Auth, client: s.client, now: s.now, timeout: s.callTimeout}
	}
	return s, nil
}

func orDefault[T comparable](v, d T) T {
	var zero T
	if v == zero {
		return d
	}
	return v
}

// Model returns the declared model.
func (s *Source) Model(context.Context) (*metadata.Model, error) { return s.model, nil }

// Close releases idle connections.
func (s *Source) Close() error {
	s.client.CloseIdleConnections()
	return nil
}

func (s *Source) entity(set *metadata.EntitySet) (*entity, error) {
	if set == nil {
		return nil, fmt.Errorf("rest: query without entity set")
	}
	e := s.entities[set.Name]
	if e == nil {
		return nil, odataerr.NotFound("entity set %s is not served by upstream %q", set.Name, s.name)
	}
	return e, nil
}

// Query fetches what the API can select and evaluates q over it.
func (s *Source) Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	rows, err := s.query(ctx, q)
	return rows, s.inView(err, q.Set) // view.go
}

func (s *Source) query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	e, err := s.entity(q.Set)
	if err != nil {
		return nil, err
	}
	if q.Apply != nil {
		return s.queryApply(ctx, e, q) // apply.go
	}
	p := e.planQuery(q)
	ev := &memquery.Evaluator{}
	lq := *e.fullQuery(q) // view.go
	var enough func([][]any) (bool, error)
	start := 0
	if p.sort != "" && p.fanOut == nil && q.Top >= 0 && (q.After == nil || p.afterPushed) {
		// The API sorts as requested: read pages until the page is complete.
		if p.exact { // and it selects exactly: start at $skip where the paging style allows
			start = e.startAt(int(q.Skip))
			lq.Skip -= int64(start)
		}
		need, have := lq.Skip+q.Top, int64(0)
		enough = func(page [][]any) (bool, error) {
			m, err := ev.Match(ctx, &lq, page)
			have += int64(len(m))
			return have >= need, err
		}
	}
	rows, err := s.fetch(ctx, e, p, enough, start)
	if err != nil {
		return nil, err
	}
	out, err := ev.Run(ctx, &lq, rows)
	if err != nil {
		return nil, err
	}
	return memquery.NewRows(out), nil
}

// Count counts the entities matching q's Key, Filter and Search: from the
// API's total (the count pointer) for a whole collection, else over the
// fetched rows (pushed-down parameters may match loosely, so their totals
// are not trusted).
func (s *Source) Count(ctx context.Context, q *adapters.Query) (int64, error) {
	n, err := s.count(ctx, q)
	return n, s.inView(err, q.Set) // view.go
}

func (s *Source) count(ctx context.Context, q *adapters.Query) (int64, error) {
	e, err := s.entity(q.Set)
	if err != nil {
		return 0, err
	}
	if q.Apply != nil {
		return s.countApply(ctx, e, q) // apply.go
	}
	if q.Filter == nil && q.Search == nil && len(q.Key) == 0 && e.cfg.Count != "" {
		if n, ok, err := s.total(ctx, e); err != nil || ok {
			return n, err
		}
	}
	p := e.planQuery(&adapters.Query{Set: q.Set, Key: q.Key, Filter: q.Filter, Search: q.Search, Top: -1})
	rows, err := s.fetch(ctx, e, p, nil, 0)
	if err != nil {
		return 0, err
	}
	matched, err := (&memquery.Evaluator{}).Match(ctx, e.fullQuery(q), rows)
	return int64(len(matched)), err
}
