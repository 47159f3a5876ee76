package gateway

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqlite"
	"odatagw/cache"
	"odatagw/demo"
	"odatagw/metadata"
)

// newTxGateway serves a fresh demo database with the response cache on.
func newTxGateway(t *testing.T) (*Gateway, *sqldb.Source) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := demo.Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	src, err := sqlite.Open(ctx, path, demo.Options(), sqldb.Config{Name: "demo", QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	g, err := New(Config{Cache: CacheConfig{Policy: cache.Policy{Default: time.Minute}}}, Service{Name: "demo", Source: src})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	return g, src
}

func getWith(ctx context.Context, h http.Handler, url string) (int, string) {
	req := httptest.NewRequest(http.MethodGet, url, nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// insertCategory inserts category id through the transaction ctx carries.
func insertCategory(t *testing.T, ctx context.Context, g *Gateway, id int64) {
	t.Helper()
	st := txOf(ctx, "demo")
	if st == nil {
		t.Fatal("no transaction in the context")
	}
	m, err := g.services["demo"].Source.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set := m.EntitySet("Categories")
	prop := func(n string) *metadata.Property { return set.Type.Property(n) }
	if _, err := st.tx.Insert(ctx, &adapters.Insert{Set: set, Values: []adapters.PropertyValue{
		{Prop: prop("CategoryID"), Value: id}, {Prop: prop("CategoryName"), Value: "Tx test"}}}); err != nil {
		t.Fatal(err)
	}
	st.wrote("Categories")
}

func TestAtomicCommitAndRollback(t *testing.T) {
	g, _ := newTxGateway(t)
	h := g.Handler()
	bg := context.Background()
	// Cache the answer "no such category" before the transactions.
	if code, _ := getWith(bg, h, "/odata/demo/Categories/$count?$filter=CategoryID%20ge%20900"); code != 200 {
		t.Fatalf("count: %d", code)
	}

	errAbort := errors.New("abort")
	err := g.Atomic(bg, "demo", func(ctx context.Context) error {
		insertCategory(t, ctx, g, 900)
		// Reads inside the transaction see its writes (not the cache).
		if code, body := getWith(ctx, h, "/odata/demo/Categories(900)"); code != 200 || !strings.Contains(body, `"Tx test"`) {
			t.Errorf("read inside the transaction: %d %s", code, body)
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		t.Fatalf("Atomic returned %v, want the run's error", err)
	}
	if code, _ := getWith(bg, h, "/odata/demo/Categories(900)"); code != 404 {
		t.Fatalf("after rollback: status %d, want 404", code)
	}

	if err := g.Atomic(bg, "demo", func(ctx context.Context) error {
		insertCategory(t, ctx, g, 901)
		// Nested Atomic joins the running transaction.
		return g.Atomic(ctx, "demo", func(ctx context.Context) error {
			insertCategory(t, ctx, g, 902)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	if code, body := getWith(bg, h, "/odata/demo/Categories/$count?$filter=CategoryID%20ge%20900"); code != 200 || body != "2" {
		t.Fatalf("after commit the cached count must be gone: %d %q", code, body)
	}
}

func TestAtomicErrors(t *testing.T) {
	g, _ := newTxGateway(t)
	if err := g.Atomic(context.Background(), "nope", func(context.Context) error { return nil }); err == nil ||
		!strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("unknown service: %v", err)
	}
	ro, err := New(Config{}, Service{Name: "ro", Source: readOnlySource{g.services["demo"].Source}})
	if err != nil {
		t.Fatal(err)
	}
	err = ro.Atomic(context.Background(), "ro", func(context.Context) error { return nil })
	if e := toODataError(err); e.Status != http.StatusNotImplemented {
		t.Fatalf("source without transactions: %v", err)
	}
}

// readOnlySource hides the writing and transaction methods of a source.
type readOnlySource struct{ adapters.Source }
