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
	tx      adapters.Tx

	mu      sync.Mutex
	written []string // entity sets written, invalidated after commit
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
// transactions (adapters.TxBeginner), the source's errors when the
// transaction cannot begin or commit.
func (g *Gateway) Atomic(ctx context.Context, service string, run func(ctx context.Context) error) (err error) {
	s := g.services[service]
	if s == nil {
		return errNotFound("service '%s' does not exist", service)
	}
	if txOf(ctx, service) != nil {
		return run(ctx)
	}
	tb, ok := s.Source.(adapters.TxBeginner)
	if !ok {
		return odataerr.NotImplemented("the source of service '%s' does not support transactions", service)
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
	if st := txOf(q.r.Context(), q.svc.Name); st != nil {
		return st.tx
	}
	return guardedReader{reader: q.svc.Source, gd: q.svc.adm}
}

// writer is what the request writes through: the transaction of its
// context, else the source itself (each write in a transaction of its own);
// a 405 when the source cannot write.
func (q *request) writer() (adapters.Writer, error) {
	if st := txOf(q.r.Context(), q.svc.Name); st != nil {
		return st.tx, nil
	}
	w, ok := q.svc.Source.(adapters.Writer)
	if !ok {
		return nil, odataerr.New(http.StatusMethodNotAllowed, "MethodNotAllowed",
			"service '%s' is read-only: its source cannot write", q.svc.Name)
	}
	return w, nil
}

// written records that the request changed the entity set: the cache
// entries reading it go now, or after the commit inside a transaction.
func (q *request) written(set string) {
	if st := txOf(q.r.Context(), q.svc.Name); st != nil {
		st.wrote(set)
		return
	}
	q.g.InvalidateSet(q.svc.Name, set)
}
