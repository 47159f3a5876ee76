package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"odatagw/adapters"
	"odatagw/metadata"
)

// Loader reads the entity data model of a database; the engine package
// supplies it (introspection).
type Loader func(ctx context.Context) (*metadata.Model, error)

// Config configures a Source.
type Config struct {
	// Name is the source's name, used in error messages and logs (never the DSN).
	Name string
	// QueryTimeout is the deadline of every statement; 0 means none beyond
	// the request's context.
	QueryTimeout time.Duration
	// RefreshInterval > 0 reloads the model when it is older than this.
	RefreshInterval time.Duration
	// Logger receives warnings and, at debug level, the SQL (arguments redacted).
	Logger *slog.Logger
	// Observer, when set, is told of every statement (metrics, traces,
	// the request log's backend time); see adapters.CallObserver.
	Observer adapters.CallObserver
	// PreparedStatements is how many prepared statements a MySQL source keeps
	// per connection it holds (its driver otherwise prepares, runs and closes
	// a statement for every query with arguments), and a SQLite source in all
	// (preparing costs SQLite more than a by-key read); 0 means 128, negative
	// disables the cache. PostgreSQL needs none (pgx caches per connection).
	PreparedStatements int
	// Pool overrides the engine's connection pool settings (pool.go).
	Pool Pool
}

// Source serves one database as an adapters.Source.
type Source struct {
	db   *sql.DB
	d    Dialect
	load Loader
	cfg  Config
	log  *slog.Logger

	mu         sync.Mutex
	model      *metadata.Model
	loadedAt   time.Time
	refreshing bool
	now        func() time.Time

	writeOnce sync.Once
	writeOpts WriteOptions // what writes may use (write_errors.go)

	sessions *sessionPool        // MySQL only: statements run on held connections (session.go)
	stmts    *sharedStmts        // SQLite only: prepared statements (nil when disabled)
	limit    func(string) string // MySQL only: adds the server-side time limit to a statement
	selects  selectMemo          // select lists of reads (select_memo.go)
}

var _ adapters.Source = (*Source)(nil)

// NewSource loads the model once and returns a Source over db. A load error
// is returned as is (the caller names the source in its message).
func NewSource(ctx context.Context, db *sql.DB, d Dialect, load Loader, cfg Config) (*Source, error) {
	if db == nil || d == nil || load == nil {
		return nil, errors.New("sqldb: NewSource needs a database, a dialect and a loader")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Source{db: db, d: d, load: load, cfg: cfg, log: log.With("source", cfg.Name), now: time.Now}
	cfg.Pool.Apply(db)
	m, err := load(ctx)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("sqldb: loader returned no model")
	}
	s.model, s.loadedAt = m, s.now()
	if d.Name() == "mysql" {
		s.sessions = newSessionPool(db, s.log, max(0, cmp.Or(cfg.PreparedStatements, 128)))
		s.limit = s.serverTimeLimit(ctx)
	}
	if n := cmp.Or(cfg.PreparedStatements, 128); d.Name() == "sqlite" && n > 0 {
		s.stmts = newSharedStmts(db, n)
	}
	s.checkSessionZone(ctx)
	return s, nil
}

// Dialect returns the source's dialect.
func (s *Source) Dialect() Dialect { return s.d }

// Model returns the current model. When it is older than RefreshInterval, the
// first caller reloads it (others keep getting the current one meanwhile);
// a failed reload is logged and the last good model stays in service.
func (s *Source) Model(ctx context.Context) (*metadata.Model, error) {
	s.mu.Lock()
	m := s.model
	stale := s.cfg.RefreshInterval > 0 && !s.refreshing && s.now().Sub(s.loadedAt) >= s.cfg.RefreshInterval
	if stale {
		s.refreshing = true
	}
	s.mu.Unlock()
	if !stale {
		return m, nil
	}
	fresh, err := s.load(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refreshing = false
	s.loadedAt = s.now() // also after a failure: retry after another interval
	if err != nil || fresh == nil {
		s.log.Warn("model refresh failed; serving the previous model", "error", err)
		return s.model, nil
	}
	s.model = fresh
	return fresh, nil
}

// Query runs q and streams its rows. The statement's deadline is
// QueryTimeout from now, within ctx: cancelling ctx cancels the query.
func (s *Source) Query(ctx context.Context, q *adapters.Query) (_ adapters.Rows, err error) {
	stmt, args, err := build(s.d, q, &s.selects)
	if err != nil {
		return nil, err
	}
	cols, err := resultColumns(q)
	if err != nil {
		return nil, err
	}
	qctx, cancel := s.queryContext(ctx)
	if s.log.Enabled(ctx, slog.LevelDebug) {
		s.log.DebugContext(ctx, "sql query", "sql", stmt, "args", redact(args))
	}
	qctx, end := s.observe(qctx, "query")
	defer func() { end(err) }()
	rs, done, err := s.run(qctx, stmt, args)
	if err != nil {
		err = s.classify(qctx, err)
		cancel()
		return nil, err
	}
	return newRows(s, rs, func() { done(); cancel() }, qctx, cols), nil
}

// Count runs the COUNT statement of q.
func (s *Source) Count(ctx context.Context, q *adapters.Query) (_ int64, err error) {
	stmt, args, err := BuildCount(s.d, q)
	if err != nil {
		return 0, err
	}
	qctx, cancel := s.queryContext(ctx)
	defer cancel()
	if s.log.Enabled(ctx, slog.LevelDebug) {
		s.log.DebugContext(ctx, "sql count", "sql", stmt, "args", redact(args))
	}
	qctx, end := s.observe(qctx, "count")
	defer func() { end(err) }()
	rs, done, err := s.run(qctx, stmt, args)
	if err != nil {
		return 0, s.classify(qctx, err)
	}
	defer done()
	defer rs.Close()
	var n int64
	if !rs.Next() {
		if err := rs.Err(); err != nil {
			return 0, s.classify(qctx, err)
		}
		return 0, s.classify(qctx, sql.ErrNoRows)
	}
	if err := rs.Scan(&n); err != nil {
		return 0, s.classify(qctx, err)
	}
	return n, nil
}

// Close gives back the held connections (with their prepared statements)
// and closes the database handle.
func (s *Source) Close() error {
	if s.sessions != nil {
		s.sessions.close()
	}
	if s.stmts != nil {
		s.stmts.close()
	}
	return s.db.Close()
}

// run starts a statement (see runOnce). A connection that breaks before the
// first row (a pooled connection whose server session or network path died)
// is retried on another connection: every statement is a read-only SELECT,
// so running it again is safe. The context's deadline bounds the retries.
func (s *Source) run(ctx context.Context, stmt string, args []any) (*sql.Rows, func(), error) {
	for attempt := 1; ; attempt++ {
		rs, done, err := s.runOnce(ctx, stmt, args)
		if err == nil || attempt == 3 || ctx.Err() != nil || !isConnError(err) {
			return rs, done, err
		}
		s.log.Debug("retrying the statement on another connection", "attempt", attempt, "error", err)
	}
}

// runOnce starts a statement; done must be called once the rows are closed.
// MySQL statements run on a session, which ends the statement in the
// database when ctx ends before the statement finished (session.go).
func (s *Source) runOnce(ctx context.Context, stmt string, args []any) (*sql.Rows, func(), error) {
	if s.sessions == nil {
		var rs *sql.Rows
		var err error
		if s.stmts != nil {
			rs, err = s.stmts.query(ctx, stmt, args)
		} else {
			rs, err = s.db.QueryContext(ctx, stmt, args...)
		}
		return rs, func() {}, err
	}
	sess, err := s.sessions.acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	cancelled := s.sessions.watch(ctx, sess)
	rs, err := sess.query(ctx, s.limit(stmt), args)
	if err != nil {
		s.sessions.release(sess, cancelled(), err)
		return nil, nil, err
	}
	return rs, func() { s.sessions.release(sess, cancelled(), rs.Err()) }, nil
}

func (s *Source) queryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.cfg.QueryTimeout > 0 {
		return context.WithTimeout(ctx, s.cfg.QueryTimeout)
	}
	return context.WithCancel(ctx)
}

// redact describes arguments without their values (they may be personal data).
func redact(args []any) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = fmt.Sprintf("%T", a)
	}
	return out
}

// checkSessionZone warns when the session time zone is not UTC, which the
// dialects assume for date-time comparisons and extraction.
func (s *Source) checkSessionZone(ctx context.Context) {
	var stmt string
	switch s.d.Name() {
	case "postgres":
		stmt = "SELECT current_setting('TimeZone')"
	case "mysql":
		stmt = "SELECT @@session.time_zone"
	default:
		return
	}
	var zone string
	if err := s.db.QueryRowContext(ctx, stmt).Scan(&zone); err != nil {
		s.log.Warn("cannot read the session time zone", "error", err)
		return
	}
	switch zone {
	case "UTC", "Etc/UTC", "+00:00", "GMT", "Z":
		return
	}
	s.log.Warn("session time zone is not UTC; date-time filters may be off by the zone's offset", "zone", zone)
}
