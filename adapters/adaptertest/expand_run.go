package adaptertest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/expand"
	"odatagw/metadata"
)

// Counting wraps a source and counts the statements run through it.
type Counting struct {
	adapters.Source
	n atomic.Int64
}

func (c *Counting) Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	c.n.Add(1)
	return c.Source.Query(ctx, q)
}

func (c *Counting) Count(ctx context.Context, q *adapters.Query) (int64, error) {
	c.n.Add(1)
	return c.Source.Count(ctx, q)
}

// Statements returns the statements counted since the last call and restarts the count.
func (c *Counting) Statements() int64 { return c.n.Swap(0) }

func runExpandCase(t *testing.T, ctx context.Context, src adapters.Source, m *metadata.Model, c ExpandCase) {
	q, levels, err := PlanExpand(m, c.Request)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	cs := &Counting{Source: src}
	got, err := readExpanded(ctx, cs, q, levels, 0)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if got != c.Want {
		t.Errorf("got  %s\nwant %s", got, c.Want)
	}
	if n := cs.Statements(); n != c.Statements {
		t.Errorf("%d statements, want %d", n, c.Statements)
	}
	// Fewer parents, the same statements: no statement per parent.
	if q.Top < 0 || q.Top > 2 {
		if _, err := readExpanded(ctx, cs, q, levels, 2); err != nil {
			t.Fatalf("read two parents: %v", err)
		}
		if n := cs.Statements(); n != c.Statements {
			t.Errorf("two parents: %d statements, want %d", n, c.Statements)
		}
	}
}

// readExpanded reads the parents (the first top of them when top > 0) and
// their expansions, and renders them as ExpandCase.Want.
func readExpanded(ctx context.Context, src adapters.Source, q *adapters.Query, levels []*expand.Level, top int64) (string, error) {
	pq := *q
	if top > 0 {
		pq.Top = top
	}
	parents, err := readParents(ctx, src, &pq)
	if err != nil {
		return "", err
	}
	r := &expand.Reader{Source: src}
	cols := q.Columns()
	if err := r.Fill(ctx, levels, parents, len(cols)); err != nil {
		return "", err
	}
	var keyIdx []int
	for _, k := range q.Set.Type.Key {
		for i, c := range cols {
			if c == k {
				keyIdx = append(keyIdx, i)
			}
		}
	}
	var sb strings.Builder
	for i, p := range parents {
		if i > 0 {
			sb.WriteByte(' ')
		}
		renderExpanded(&sb, p, keyIdx, levels)
	}
	return sb.String(), nil
}

func renderExpanded(sb *strings.Builder, row []any, keyIdx []int, levels []*expand.Level) {
	for i, k := range keyIdx {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprint(sb, row[k])
	}
	if len(levels) == 0 {
		return
	}
	x := row[len(row)-1].(*expand.Related)
	sb.WriteByte('(')
	for i, l := range levels {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(l.Nav.Name + "[")
		for j, r := range x.Rows[i] {
			if j > 0 {
				sb.WriteByte(' ')
			}
			renderExpanded(sb, r, l.KeyIdx, l.Levels)
		}
		sb.WriteByte(']')
		if l.Count {
			fmt.Fprintf(sb, "#%d", x.Counts[i])
		}
	}
	sb.WriteByte(')')
}

// checkExpandBudget expects the error of an expansion beyond its budget.
func checkExpandBudget(t *testing.T, ctx context.Context, src adapters.Source, m *metadata.Model) {
	q, levels, err := PlanExpand(m, "Categories?$expand=Products")
	if err != nil {
		t.Fatal(err)
	}
	parents, err := readParents(ctx, src, q)
	if err != nil {
		t.Fatal(err)
	}
	r := &expand.Reader{Source: src, MaxRows: 6}
	err = r.Fill(ctx, levels, parents, len(q.Columns()))
	if !errors.Is(err, expand.ErrTooManyRows) {
		t.Fatalf("7 related products with a budget of 6: %v, want ErrTooManyRows", err)
	}
	r = &expand.Reader{Source: src, MaxRows: 7}
	if err := r.Fill(ctx, levels, parents, len(q.Columns())); err != nil {
		t.Fatalf("7 related products with a budget of 7: %v", err)
	}
}

// readParents reads and buffers the rows of q.
func readParents(ctx context.Context, src adapters.Source, q *adapters.Query) ([][]any, error) {
	rows, err := src.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	var parents [][]any
	for rows.Next() {
		parents = append(parents, expand.Buffer(rows.Values()))
	}
	return parents, errors.Join(rows.Err(), rows.Close())
}
