package sqldb

import (
	"context"
	"sync"
	"testing"

	"odatagw/adapters"
	"odatagw/metadata"
)

// callLog is a CallObserver that records what it is told.
type callLog struct {
	mu    sync.Mutex
	calls []string // "source op ok|err"
}

func (c *callLog) StartCall(ctx context.Context, source, op string) (context.Context, func(error)) {
	return ctx, func(err error) {
		c.mu.Lock()
		defer c.mu.Unlock()
		res := "ok"
		if err != nil {
			res = "err"
		}
		c.calls = append(c.calls, source+" "+op+" "+res)
	}
}

func TestObserverSeesEveryStatement(t *testing.T) {
	e := openSQLite(t)[0]
	tm := newTestModel()
	log := &callLog{}
	src, err := NewSource(context.Background(), e.db, e.d,
		func(context.Context) (*metadata.Model, error) { return tm.m, nil }, Config{Name: "obs", Observer: log})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rows, err := src.Query(ctx, tm.query(nil))
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if _, err := src.Count(ctx, tm.query(nil)); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := src.Query(cancelled, tm.query(nil)); err == nil {
		t.Fatal("a cancelled query succeeded")
	}
	tx, err := src.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set := tm.m.EntitySet("Categories")
	ins := &adapters.Insert{Set: set, Values: []adapters.PropertyValue{
		{Prop: set.Type.Property("ID"), Value: int64(900)}, {Prop: set.Type.Property("Title"), Value: "observed"}}}
	if _, err := tx.(*Tx).Insert(ctx, ins); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.(*Tx).Insert(ctx, ins); err == nil { // the same key again
		t.Fatal("a duplicate key was inserted")
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	want := []string{"obs query ok", "obs count ok", "obs query err", "obs insert ok", "obs insert err"}
	if len(log.calls) != len(want) {
		t.Fatalf("calls %v, want %v", log.calls, want)
	}
	for i := range want {
		if log.calls[i] != want[i] {
			t.Errorf("call %d: %q, want %q", i, log.calls[i], want[i])
		}
	}
}
