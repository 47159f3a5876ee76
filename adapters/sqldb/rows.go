package sqldb

import (
	"context"
	"database/sql"

	"odatagw/metadata"
)

// rows streams a result set, converting each row in place: the value slice
// is reused from row to row, so memory does not grow with the page size.
type rows struct {
	s      *Source
	rs     *sql.Rows
	cancel context.CancelFunc
	ctx    context.Context
	cols   []*metadata.Property
	raw    []any // driver values
	dest   []any // pointers into raw
	vals   []any // converted values, valid until the next Next
	err    error
	closed bool
}

func newRows(s *Source, rs *sql.Rows, cancel context.CancelFunc, ctx context.Context, cols []*metadata.Property) *rows {
	r := &rows{s: s, rs: rs, cancel: cancel, ctx: ctx, cols: cols,
		raw: make([]any, len(cols)), dest: make([]any, len(cols)), vals: make([]any, len(cols))}
	for i := range r.raw {
		r.dest[i] = &r.raw[i]
	}
	return r
}

func (r *rows) Next() bool {
	if r.err != nil || r.closed {
		return false
	}
	if !r.rs.Next() {
		if err := r.rs.Err(); err != nil {
			r.err = r.s.classify(r.ctx, err)
		}
		return false
	}
	if err := r.rs.Scan(r.dest...); err != nil {
		r.err = r.s.classify(r.ctx, err)
		return false
	}
	for i, p := range r.cols {
		v, err := convert(r.raw[i], p)
		if err != nil {
			r.err = r.s.valueError(p, err)
			return false
		}
		r.vals[i] = v
		r.raw[i] = nil
	}
	return true
}

func (r *rows) Values() []any { return r.vals }
func (r *rows) Err() error    { return r.err }

func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.rs.Close()
	r.cancel()
	if err != nil && r.err == nil {
		return r.s.classify(r.ctx, err)
	}
	return nil
}
