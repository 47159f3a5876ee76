package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
)

// A MySQL or MariaDB server does not notice that a client went away while a
// statement computes: go-sql-driver/mysql ends a cancelled statement only by
// closing its socket, and a CPU-bound statement runs on until it next
// writes. So a MySQL source runs every statement on a session, a connection
// it holds with its server connection id, and when the statement's context
// ends first, another connection of the pool sends KILL QUERY <id>.
//
// A session also keeps its prepared statements (stmtCache): a *sql.Stmt
// prepared on a *sql.Conn lives only as long as that *sql.Conn, so the
// source keeps a few sessions between queries instead of giving their
// connections back to the pool after each one. A session idle longer than
// sessionIdleTime or older than sessionMaxLifetime is given back; a session
// whose statement was cancelled, or whose connection broke, is discarded.

const (
	sessionIdleTime    = time.Minute
	sessionMaxLifetime = 30 * time.Minute
	sessionMaxIdle     = 4               // at most half the pool's MaxOpenConns
	killTimeout        = 5 * time.Second // for obtaining a connection and sending KILL QUERY
)

// session is a connection of the pool held by a MySQL source.
type session struct {
	conn  *sql.Conn
	id    int64      // CONNECTION_ID() of the server session
	stmts *stmtCache // nil when statements are not cached
	born  time.Time
	used  time.Time
}

// sessionPool holds the idle sessions of a MySQL source.
type sessionPool struct {
	db       *sql.DB
	log      *slog.Logger
	maxStmts int // prepared statements per session; 0 disables the cache
	now      func() time.Time

	mu     sync.Mutex
	idle   []*session // least recently used first
	closed bool
	kills  sync.WaitGroup
}

func newSessionPool(db *sql.DB, log *slog.Logger, maxStmts int) *sessionPool {
	return &sessionPool{db: db, log: log, maxStmts: maxStmts, now: time.Now}
}

// acquire returns the most recently used idle session, or a new one.
func (p *sessionPool) acquire(ctx context.Context) (*session, error) {
	p.mu.Lock()
	for len(p.idle) > 0 {
		s := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if !p.expired(s) {
			p.mu.Unlock()
			return s, nil
		}
		p.mu.Unlock()
		s.close()
		p.mu.Lock()
	}
	p.mu.Unlock()
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	s := &session{conn: conn, born: p.now()}
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&s.id); err != nil {
		s.discard()
		return nil, err
	}
	if p.maxStmts > 0 {
		s.stmts = newStmtCache(conn, p.maxStmts)
	}
	return s, nil
}

// query starts stmt on the session: through its statement cache when it
// has one and there are arguments.
func (s *session) query(ctx context.Context, stmt string, args []any) (*sql.Rows, error) {
	if s.stmts == nil || len(args) == 0 {
		return s.conn.QueryContext(ctx, stmt, args...)
	}
	ps, err := s.stmts.get(ctx, stmt)
	if err != nil {
		return nil, err
	}
	return ps.QueryContext(ctx, args...)
}

// release ends a use of s. A session whose statement was cancelled (a KILL
// QUERY may be under way for its id) or whose connection is broken is
// discarded; others are kept idle unless too many are.
func (p *sessionPool) release(s *session, cancelled bool, err error) {
	if cancelled || !s.valid() {
		s.discard()
		if !cancelled && err != nil && isConnError(err) {
			p.flush() // the server or the network path went away: the idle sessions are likely dead too
		}
		return
	}
	s.used = p.now()
	p.mu.Lock()
	keep := !p.closed && !p.expired(s) && len(p.idle) < p.maxIdle()
	if keep {
		p.idle = append(p.idle, s)
	}
	var stale []*session
	for len(p.idle) > 0 && p.expired(p.idle[0]) {
		stale = append(stale, p.idle[0])
		p.idle = p.idle[1:]
	}
	p.mu.Unlock()
	if !keep {
		s.close()
	}
	for _, o := range stale {
		o.close()
	}
}

// maxIdle is how many sessions may wait between queries: at most half of
// the pool, so that the pool keeps connections for everything else.
func (p *sessionPool) maxIdle() int {
	if n := p.db.Stats().MaxOpenConnections; n > 0 {
		return min(sessionMaxIdle, n/2)
	}
	return sessionMaxIdle
}

func (p *sessionPool) expired(s *session) bool {
	now := p.now()
	return now.Sub(s.born) >= sessionMaxLifetime || (!s.used.IsZero() && now.Sub(s.used) >= sessionIdleTime)
}

// flush gives the idle sessions back to the pool.
func (p *sessionPool) flush() {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, s := range idle {
		s.close()
	}
}

// close gives the idle sessions back and lets sessions in use go when they
// are released; it waits for KILL QUERY statements under way.
func (p *sessionPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.flush()
	p.kills.Wait()
}

// watch arranges for KILL QUERY to be sent for s when ctx ends; the
// returned function (for the session's user, not concurrent) stops that and
// reports whether ctx ended, in which case the kill is under way.
func (p *sessionPool) watch(ctx context.Context, s *session) (cancelled func() bool) {
	id := s.id
	p.kills.Add(1)
	stop := context.AfterFunc(ctx, func() {
		defer p.kills.Done()
		p.kill(id)
	})
	stopped, ended := false, false
	return func() bool {
		if stopped {
			return ended
		}
		stopped, ended = true, true
		switch {
		case !stop(): // ctx ended: the AfterFunc runs
		case ctx.Err() != nil:
			// ctx ended but stop won the race with it (the driver noticed
			// first, through ctx.Done): kill from here.
			go func() {
				defer p.kills.Done()
				p.kill(id)
			}()
		default:
			p.kills.Done()
			ended = false
		}
		return ended
	}
}

// kill ends the statement running on server session id, from another
// connection of the pool, within killTimeout.
func (p *sessionPool) kill(id int64) {
	ctx, cancel := context.WithTimeout(context.Background(), killTimeout)
	defer cancel()
	// id is the server's own integer, not text from a request.
	_, err := p.db.ExecContext(ctx, "KILL QUERY "+strconv.FormatInt(id, 10))
	var me *mysql.MySQLError
	if err == nil || (errors.As(err, &me) && me.Number == 1094) { // 1094: unknown thread id, it has ended
		p.log.Debug("ended a cancelled statement in the database", "connection", id)
		return
	}
	p.log.Warn("cannot end a cancelled statement in the database", "connection", id, "error", err)
}

// valid reports whether the session's connection can serve another
// statement (the driver closes it when a statement is cancelled).
func (s *session) valid() bool {
	ok := true
	err := s.conn.Raw(func(dc any) error {
		if v, is := dc.(driver.Validator); is {
			ok = v.IsValid()
		}
		return nil
	})
	return ok && err == nil
}

// close closes the session's statements and gives its connection back.
func (s *session) close() {
	if s.stmts != nil {
		s.stmts.close()
	}
	s.conn.Close()
}

// discard closes the session's connection instead of giving it back.
func (s *session) discard() {
	_ = s.conn.Raw(func(any) error { return driver.ErrBadConn })
	if s.stmts != nil {
		s.stmts.close() // the driver closed them with the connection; this frees the handles
	}
	s.conn.Close()
}
