package sqldb

import (
	"container/list"
	"context"
	"database/sql"
)

// stmtCache keeps the prepared statements of one MySQL session (see
// session.go) by SQL text, least recently used out first. With MySQL, a
// query with arguments is otherwise prepared, executed and closed every
// time: three commands and two round trips instead of one. Only the
// session's current user touches the cache, so it needs no lock.
type stmtCache struct {
	conn  *sql.Conn
	max   int
	items map[string]*list.Element
	lru   *list.List // of *cachedStmt, most recent first
}

type cachedStmt struct {
	query string
	stmt  *sql.Stmt
}

func newStmtCache(conn *sql.Conn, max int) *stmtCache {
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
