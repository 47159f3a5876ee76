package gateway

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"odatagw/adapters"
	"odatagw/odataerr"
)

// writeOnly hides a source's transactions: it writes, one change at a time.
type writeOnly struct {
	adapters.Source
	adapters.Writer
}

// TestAtomicWithoutTransactions: for a source that writes without
// transactions, a run of one write runs (and its write is visible at
// once), a run announcing more is refused before it runs, and a run that
// writes more than it announced is stopped at the write over budget.
func TestAtomicWithoutTransactions(t *testing.T) {
	_, src := newTxGateway(t)
	g, err := New(Config{}, Service{Name: "demo", Source: writeOnly{Source: src, Writer: src}, Writes: WritePolicy{Default: SetWrites{Insert: true}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	ctx := context.Background()
	m, _ := src.Model(ctx)
	set := m.EntitySet("Categories")
	insert := func(ctx context.Context, id int64) error {
		q := &request{g: g, svc: g.services["demo"], r: (&http.Request{}).WithContext(ctx)}
		w, err := q.writer()
		if err != nil {
			return err
		}
		_, err = w.Insert(ctx, &adapters.Insert{Set: set, Values: []adapters.PropertyValue{
			{Prop: set.Type.Property("CategoryID"), Value: id}, {Prop: set.Type.Property("CategoryName"), Value: "single"}}})
		return err
	}
	ran := false
	err = g.AtomicWrites(ctx, "demo", 2, func(context.Context) error { ran = true; return nil })
	if oe, ok := err.(*odataerr.Error); !ok || oe.Status != 501 || ran || !strings.Contains(oe.Message, "cannot apply 2 changes") {
		t.Fatalf("two writes: %v (ran %v)", err, ran)
	}
	if err := g.Atomic(ctx, "demo", func(context.Context) error { ran = true; return nil }); err == nil || ran {
		t.Fatalf("unknown writes: %v (ran %v)", err, ran)
	}
	err = g.AtomicWrites(ctx, "demo", 1, func(ctx context.Context) error {
		if err := insert(ctx, 901); err != nil {
			return err
		}
		return insert(ctx, 902)
	})
	if oe, ok := err.(*odataerr.Error); !ok || oe.Status != 501 || !strings.Contains(oe.Message, "the change before this one was applied") {
		t.Fatalf("a second write over budget: %v", err)
	}
	count := func(id int64) int64 {
		n, err := src.Count(ctx, &adapters.Query{Set: set, Key: []adapters.KeyValue{{Prop: set.Type.Property("CategoryID"), Value: id}}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count(901) != 1 || count(902) != 0 {
		t.Fatalf("the write within budget is missing or the one over it reached the source: %d %d", count(901), count(902))
	}
}
