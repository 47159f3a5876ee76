package gateway

import (
	"context"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Sources that write without transactions (adapters.Writer without
// adapters.TxBeginner: a REST API, a federation). Each of their writes is
// atomic on its own (one change upstream), but nothing can undo it. So a
// change set, deep insert or @odata.bind that makes one change runs as
// usual; one that would make several is refused with 501 before anything
// is sent: never a half-applied change presented as atomic. A role's write
// filter, checked afterwards inside a transaction elsewhere, is checked
// before the change here (authz_prewrite.go). The count comes from the caller (the change set's
// requests, the request's entities and links); budgetWriter enforces it
// as a second line should a request write more than it announced.

// needsTx is the write count of a run that needs a real transaction: an
// unknown number of writes, or checks that may have to undo one.
const needsTx = -1

// runSingle runs run for a source without transactions: with a budget of
// writes when that is at most one.
func runSingle(ctx context.Context, s *service, writes int, run func(ctx context.Context) error) error {
	if _, ok := s.Source.(adapters.Writer); !ok {
		return odataerr.NotImplemented("the source of service '%s' does not support transactions", s.Name)
	}
	if writes < 0 || writes > 1 {
		return errNotAtomic(s.Name, writes)
	}
	return run(withTx(ctx, &txState{service: s.Name, budget: writes}))
}

// errNotAtomic refuses a run a source without transactions cannot make atomic.
func errNotAtomic(service string, writes int) error {
	if writes < 0 {
		return odataerr.NotImplemented("the source of service '%s' has no transactions, which this change needs "+
			"(the number of changes it makes is not known in advance); nothing was applied", service)
	}
	return odataerr.NotImplemented("the source of service '%s' has no transactions: it cannot apply %d changes "+
		"all or nothing, so none was applied; send them as separate requests (each is applied on its own)", service, writes)
}

// reserve checks that a run of writes fits the transaction: always for a
// real one; for a source without transactions, when the writes left cover it.
func (st *txState) reserve(writes int) error {
	if st.tx != nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if writes < 0 || writes > st.budget {
		return errNotAtomic(st.service, writes)
	}
	return nil
}

// spend takes one write off the budget.
func (st *txState) spend() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.budget < 1 {
		// Not reached while the counts are right; if it is, the message
		// must not claim that nothing was applied.
		return odataerr.NotImplemented("the source of service '%s' has no transactions: this request makes more changes "+
			"than it announced, and the change before this one was applied", st.service)
	}
	st.budget--
	return nil
}

// budgetWriter writes to a source without transactions within a budget.
type budgetWriter struct {
	adapters.Writer
	st *txState
}

func (w budgetWriter) Insert(ctx context.Context, ins *adapters.Insert) ([]any, error) {
	if err := w.st.spend(); err != nil {
		return nil, err
	}
	return w.Writer.Insert(ctx, ins)
}

func (w budgetWriter) Update(ctx context.Context, upd *adapters.Update) ([]any, error) {
	if err := w.st.spend(); err != nil {
		return nil, err
	}
	return w.Writer.Update(ctx, upd)
}

func (w budgetWriter) Delete(ctx context.Context, del *adapters.Delete) error {
	if err := w.st.spend(); err != nil {
		return err
	}
	return w.Writer.Delete(ctx, del)
}

// writesOf is the write count of a request making writes changes to set:
// needsTx when the caller's write filter must be checked afterwards (a
// source without transactions checks it before instead, authz_prewrite.go).
func (q *request) writesOf(set *metadata.EntitySet, writes int) int {
	if q.writeFiltered(set) && !q.preChecked(set) {
		return needsTx
	}
	return writes
}

// writes counts the changes creating e makes: e, the entities created
// with it, and the links that update existing entities.
func (e *entityBody) writes() int {
	n := 1
	for _, d := range e.deep {
		for _, it := range d.items {
			n += it.writes()
		}
	}
	for _, b := range e.binds {
		if principalSide(b.nav) {
			n += len(b.keys)
		}
	}
	return n
}
