package sqldb

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements by SQL text, least recently used out
// first: those of one MySQL session (see session.go), where a query with
// arguments is otherwise prepared, executed and closed every time (three
// commands and two round trips instead of one); and those of a SQLite
// source (sharedStmts), where preparing a statement costs more than running
// a by-key read. Only the session's current user touches a session's cache,
// so it needs no lock.
type stmtCache struct {
	conn  preparer
	max   int
	items map[string]*list.Element
	lru   *list.List // of *cachedStmt, most recent first
}

type cachedStmt struct {
	query string
	stmt  *sql.Stmt
}

// preparer is a *sql.Conn (statements of one connection) or a *sql.DB
// (statements database/sql prepares on each connection that runs them).
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

func newStmtCache(conn preparer, max int) *stmtCache {
	return &stmtCache{conn: conn, max: max, items: map[string]*list.Element{}, lru: list.New()}
}

// get returns the statement prepared for query on the cache's connection,
// preparing it if needed; the least recently used statement beyond max is
// closed.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if e, ok := c.items[query]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt, nil
	}
	stmt, err := c.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.items[query] = c.lru.PushFront(&cachedStmt{query: query, stmt: stmt})
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.items, old.query)
		old.stmt.Close()
	}
	return stmt, nil
}

// close closes every cached statement.
func (c *stmtCache) close() {
	for e := c.lru.Front(); e != nil; e = e.Next() {
		e.Value.(*cachedStmt).stmt.Close()
	}
	c.items = map[string]*list.Element{}
	c.lru.Init()
}

// len is the number of cached statements (for tests).
func (c *stmtCache) len() int { return c.lru.Len() }

// sharedStmts is a stmtCache over a *sql.DB, for concurrent use. Closing an
// evicted statement that a query still reads is safe: database/sql closes it
// when its rows are closed.
type sharedStmts struct {
	mu sync.Mutex
	c  *stmtCache
}

func newSharedStmts(db *sql.DB, max int) *sharedStmts {
	return &sharedStmts{c: newStmtCache(db, max)}
}

// query runs query as a cached prepared statement.
func (s *sharedStmts) query(ctx context.Context, query string, args []any) (*sql.Rows, error) {
	s.mu.Lock()
	stmt, err := s.c.get(ctx, query)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return stmt.QueryContext(ctx, args...)
}

func (s *sharedStmts) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.c.close()
}
