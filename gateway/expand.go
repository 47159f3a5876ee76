package gateway

import (
	"context"

	"odatagw/adapters"
	"odatagw/adapters/expand"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// $expand runs without N+1 and pages nested $top/$skip per parent in the
// source: see package adapters/expand. The gateway plans the levels, reads
// and buffers the page of parents, lets an expand.Reader fill in the
// related rows, and writes them (expand_write.go).

// expandPlan is one expanded navigation property of a plan: the level read
// by package expand and the plan its entities are written with.
type expandPlan struct {
	*expand.Level
	child *plan
}

// planExpands turns bound expand items into expand plans of p, fetching the
// parent-side constraint columns through index (which adds a column to p's
// Select when it is not there yet, hidden from the output).
func (q *request) planExpands(p *plan, xs []*bound.Expand, index func(*metadata.Property) int) {
	q.restrictExpands(xs) // the caller's rows only (authz.go)
	for _, l := range expand.Plan(xs, index) {
		p.expands = append(p.expands, q.expandPlanOf(l))
	}
}

// expandPlanOf wraps a level (and its nested levels) for writing.
func (q *request) expandPlanOf(l *expand.Level) *expandPlan {
	c := &plan{query: l.Query, out: l.Out, selected: l.Selected, dynamic: l.Dynamic, keyIdx: l.KeyIdx, top: l.Top, skip: l.Skip, count: l.Count}
	for _, sub := range l.Levels {
		c.expands = append(c.expands, q.expandPlanOf(sub))
	}
	q.touched = append(q.touched, l.Nav.TargetSet.Name)
	return &expandPlan{Level: l, child: c}
}

// levels returns the expand levels of p.
func (p *plan) levels() []*expand.Level {
	out := make([]*expand.Level, len(p.expands))
	for i, ep := range p.expands {
		out[i] = ep.Level
	}
	return out
}

// expandRows drains the parent rows of a page (the query's Top bounds them),
// closes them so the connection is free for the related reads, expands the
// first limit rows and returns the buffered rows.
func (q *request) expandRows(ctx context.Context, p *plan, rows adapters.Rows, limit int64) (adapters.Rows, error) {
	var buf [][]any
	for rows.Next() {
		buf = append(buf, expand.Buffer(rows.Values()))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	page := buf
	if int64(len(page)) > limit {
		page = page[:limit]
	}
	if err := q.expandPage(ctx, p, page); err != nil {
		return nil, err
	}
	return &bufferedRows{rows: buf, i: -1}, nil
}

// expandPage reads the related entities of rows (buffered rows of plan p).
func (q *request) expandPage(ctx context.Context, p *plan, rows [][]any) error {
	r := &expand.Reader{Source: q.src(), MaxRows: q.g.cfg.Limits.MaxExpandedEntities}
	return r.Fill(ctx, p.levels(), rows, len(p.query.Columns()))
}

// bufferedRows serves buffered rows as adapters.Rows.
type bufferedRows struct {
	rows [][]any
	i    int
}

var _ adapters.Rows = (*bufferedRows)(nil)

func (b *bufferedRows) Next() bool    { b.i++; return b.i < len(b.rows) }
func (b *bufferedRows) Values() []any { return b.rows[b.i] }
func (b *bufferedRows) Err() error    { return nil }
func (b *bufferedRows) Close() error  { return nil }
