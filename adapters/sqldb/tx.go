package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"odatagw/adapters"
)

// Tx is a database transaction of a Source (adapters.Tx). Its statements
// run on the transaction's connection with the source's query timeout each.
// SQLite transactions take the database's write lock when they begin
// (the sqlite package opens files with _txlock=immediate), so concurrent
// writers queue instead of failing to upgrade their locks.
type Tx struct {
	s  *Source
	tx *sql.Tx
	// done is set by Commit and Rollback.
	mu   sync.Mutex
	done bool
}

var (
	_ adapters.TxBeginner = (*Source)(nil)
	_ adapters.Tx         = (*Tx)(nil)
	_ adapters.Writer     = (*Source)(nil)
)

// Begin starts a transaction; ctx bounds it.
func (s *Source) Begin(ctx context.Context) (adapters.Tx, error) {
	return s.begin(ctx)
}

func (s *Source) begin(ctx context.Context) (*Tx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.classify(ctx, err)
	}
	return &Tx{s: s, tx: tx}, nil
}

// Query runs q in the transaction.
func (t *Tx) Query(ctx context.Context, q *adapters.Query) (_ adapters.Rows, err error) {
	stmt, args, err := Build(t.s.d, q)
	if err != nil {
		return nil, err
	}
	cols, err := resultColumns(q)
	if err != nil {
		return nil, err
	}
	qctx, cancel := t.s.queryContext(ctx)
	t.s.log.DebugContext(ctx, "sql query (tx)", "sql", stmt, "args", redact(args))
	qctx, end := t.s.observe(qctx, "query")
	defer func() { end(err) }()
	rs, err := t.tx.QueryContext(qctx, stmt, args...)
	if err != nil {
		cancel()
		return nil, t.s.classify(qctx, err)
	}
	return newRows(t.s, rs, cancel, qctx, cols), nil
}

// Count runs the COUNT statement of q in the transaction.
func (t *Tx) Count(ctx context.Context, q *adapters.Query) (_ int64, err error) {
	stmt, args, err := BuildCount(t.s.d, q)
	if err != nil {
		return 0, err
	}
	qctx, cancel := t.s.queryContext(ctx)
	defer cancel()
	qctx, end := t.s.observe(qctx, "count")
	defer func() { end(err) }()
	var n int64
	if err := t.tx.QueryRowContext(qctx, stmt, args...).Scan(&n); err != nil {
		return 0, t.s.classify(qctx, err)
	}
	return n, nil
}

// Commit commits the transaction.
func (t *Tx) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return errors.New("sqldb: transaction already finished")
	}
	t.done = true
	if err := t.tx.Commit(); err != nil {
		return t.s.classifyWrite(context.Background(), err, nil, false)
	}
	return nil
}

// Rollback rolls the transaction back; a no-op after Commit or Rollback.
func (t *Tx) Rollback() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return nil
	}
	t.done = true
	if err := t.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("sqldb: rollback: %w", err)
	}
	return nil
}

// inTx runs f in a transaction of its own: committed when f succeeds,
// rolled back otherwise.
func (s *Source) inTx(ctx context.Context, f func(t *Tx) error) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	if err := f(t); err != nil {
		if rerr := t.Rollback(); rerr != nil {
			s.log.Warn("rollback failed", "error", rerr)
		}
		return err
	}
	return t.Commit()
}

// Insert stores one entity in a transaction of its own.
func (s *Source) Insert(ctx context.Context, ins *adapters.Insert) ([]any, error) {
	var out []any
	err := s.inTx(ctx, func(t *Tx) (err error) {
		out, err = t.Insert(ctx, ins)
		return err
	})
	return out, err
}

// Update changes one entity in a transaction of its own.
func (s *Source) Update(ctx context.Context, upd *adapters.Update) ([]any, error) {
	var out []any
	err := s.inTx(ctx, func(t *Tx) (err error) {
		out, err = t.Update(ctx, upd)
		return err
	})
	return out, err
}

// Delete removes one entity in a transaction of its own.
func (s *Source) Delete(ctx context.Context, del *adapters.Delete) error {
	return s.inTx(ctx, func(t *Tx) error { return t.Delete(ctx, del) })
}
