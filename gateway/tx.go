package gateway

import (
	"context"
	"net/http"
	"sync"

	"odatagw/adapters"
	"odatagw/odataerr"
)

// Transactions. Gateway.Atomic runs a function (typically several
// sub-requests of a $batch change set, each served by the normal handler)
// inside one transaction of a service's source. The transaction travels in
// the context: while it is there, the handlers of that service read and
// write through it (reads see the transaction's own writes) and bypass the
// response cache; the entity sets written are invalidated in the cache only
// after the commit.

// txKey is the context key of the running transaction.
type txKey struct{}

// txState is a transaction in progress for one service.
type txState struct {
	service string
	// tx is the source's transaction; nil for a source without
	// transactions (tx_single.go), whose writes go to it directly, at
	// most budget of them.
	tx adapters.Tx

	mu      sync.Mutex
	written []string // entity sets written, invalidated after commit
	budget  int      // writes left when tx is nil
}

// withTx returns ctx carrying st.
func withTx(ctx context.Context, st *txState) context.Context {
	return context.WithValue(ctx, txKey{}, st)
}

// txOf returns the transaction ctx carries for service, or nil.
func txOf(ctx context.Context, service string) *txState {
	st, _ := ctx.Value(txKey{}).(*txState)
	if st == nil || st.service != service {
		return nil
	}
	return st
}

// wrote records that the transaction changed set.
func (st *txState) wrote(set string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, s := range st.written {
		if s == set {
			return
		}
	}
	st.written = append(st.written, set)
}

// Atomic runs run in one transaction of service's source: run's context
// carries the transaction, and every request the gateway's handler serves
// with that context (or one derived from it) for the same service reads and
// writes through it. The transaction commits when run returns nil and rolls
// back when it returns an error (which Atomic returns unchanged) or panics.
// The cache entries of the entity sets written are dropped after the
// commit. Inside a transaction of the same service, Atomic just runs run.
//
// Errors: 404 for an unknown service, 501 when its source has no
// transactions (adapters.TxBeginner; but see AtomicWrites), the source's
// errors when the transaction cannot begin or commit.
func (g *Gateway) Atomic(ctx context.Context, service string, run func(ctx context.Context) error) error {
	return g.AtomicWrites(ctx, service, needsTx, run)
}

// AtomicWrites is Atomic for a run that makes at most writes changes
// (needsTx: unknown, or checks that may have to undo a change). A source
// that can write but has no transactions (an API) makes one change atomic
// on its own: a run of at most one change runs without a transaction;
// more is refused with 501 before anything runs (tx_single.go).
func (g *Gateway) AtomicWrites(ctx context.Context, service string, writes int, run func(ctx context.Context) error) (err error) {
	s := g.services[service]
	if s == nil {
		return errNotFound("service '%s' does not exist", service)
	}
	if st := txOf(ctx, service); st != nil {
		if err := st.reserve(writes); err != nil {
			return err
		}
		return run(ctx)
	}
	tb, ok := s.Source.(adapters.TxBeginner)
	if !ok {
		return runSingle(ctx, s, writes, run)
	}
	tx, err := tb.Begin(ctx)
	if err != nil {
		return err
	}
	st := &txState{service: service, tx: tx}
	defer func() {
		if v := recover(); v != nil {
			_ = tx.Rollback()
			panic(v)
		}
	}()
	if err := run(withTx(ctx, st)); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			g.log.Warn("rollback failed", "service", service, "error", rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, set := range st.written {
		g.InvalidateSet(service, set)
	}
	return nil
}

// reader is what the read handlers need of a source or a transaction.
type reader interface {
	Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error)
	Count(ctx context.Context, q *adapters.Query) (int64, error)
}

// src is what the request reads through: the transaction of its context,
// else the service's source.
func (q *request) src() reader {
	if st := txOf(q.r.Context(), q.svc.Name); st != nil && st.tx != nil {
		return st.tx
	}
	return guardedReader{reader: q.svc.Source, gd: q.svc.adm}
}

// writer is what the request writes through: the transaction of its
// context, else the source itself (each write in a transaction of its own);
// a 405 when the source cannot write.
func (q *request) writer() (adapters.Writer, error) {
	st := txOf(q.r.Context(), q.svc.Name)
	if st != nil && st.tx != nil {
		return st.tx, nil
	}
	w, ok := q.svc.Source.(adapters.Writer)
	if !ok {
		return nil, odataerr.New(http.StatusMethodNotAllowed, "MethodNotAllowed",
			"service '%s' is read-only: its source cannot write", q.svc.Name)
	}
	if st != nil {
		return budgetWriter{Writer: w, st: st}, nil
	}
	return w, nil
}

// written records that the request changed the entity set: the cache
// entries reading it go now, or after the commit inside a transaction.
func (q *request) written(set string) {
	if st := txOf(q.r.Context(), q.svc.Name); st != nil && st.tx != nil {
		st.wrote(set)
		return
	}
	q.g.InvalidateSet(q.svc.Name, set) // without a transaction the change is visible now
}
