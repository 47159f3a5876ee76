package sqldb

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements by SQL text, least recently used out
// first. With MySQL, every query with arguments is otherwise prepared,
// executed and closed: three commands and two round trips instead of one.
// database/sql re-prepares a cached *sql.Stmt on each pooled connection as
// needed. A statement in use is closed only after its last user releases it.
type stmtCache struct {
	db    *sql.DB
	max   int
	mu    sync.Mutex
	items map[string]*cachedStmt
	lru   *list.List // of *cachedStmt, most recent first
}

type cachedStmt struct {
	query   string
	stmt    *sql.Stmt
	refs    int
	evicted bool
	elem    *list.Element
}

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, items: map[string]*cachedStmt{}, lru: list.New()}
}

// acquire returns the prepared statement for query, preparing it if needed.
// The caller must release it.
func (c *stmtCache) acquire(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if cs, ok := c.items[query]; ok {
		cs.refs++
		c.lru.MoveToFront(cs.elem)
		c.mu.Unlock()
		return cs, nil
	}
	c.mu.Unlock()
	stmt, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if cs, ok := c.items[query]; ok { // prepared concurrently: use the cached one
		cs.refs++
		c.lru.MoveToFront(cs.elem)
		c.mu.Unlock()
		stmt.Close()
		return cs, nil
	}
	cs := &cachedStmt{query: query, stmt: stmt, refs: 1}
	cs.elem = c.lru.PushFront(cs)
	c.items[query] = cs
	var closing []*sql.Stmt
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.items, old.query)
		old.evicted = true
		if old.refs == 0 {
			closing = append(closing, old.stmt)
		}
	}
	c.mu.Unlock()
	for _, s := range closing {
		s.Close()
	}
	return cs, nil
}

// release ends one use of cs, closing it if it was evicted meanwhile.
func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	cs.refs--
	closeNow := cs.evicted && cs.refs == 0
	c.mu.Unlock()
	if closeNow {
		cs.stmt.Close()
	}
}

// close closes every statement not in use; those in use close on release.
func (c *stmtCache) close() {
	c.mu.Lock()
	var closing []*sql.Stmt
	for _, cs := range c.items {
		cs.evicted = true
		if cs.refs == 0 {
			closing = append(closing, cs.stmt)
		}
	}
	c.items = map[string]*cachedStmt{}
	c.lru.Init()
	c.mu.Unlock()
	for _, s := range closing {
		s.Close()
	}
}

// len is the number of cached statements (for tests).
func (c *stmtCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
