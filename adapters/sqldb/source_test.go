package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestEngineValues reads whole rows and checks every value's Go type and
// value: the same on every engine, whatever the driver hands back.
func TestEngineValues(t *testing.T) {
	tm := newTestModel()
	want := map[int64][]any{
		1: {int64(1), "Acme", "A1", metadata.Decimal("10.5000"), int64(5), int64(9007199254740993), 0.1, true,
			metadata.Date{Year: 2024, Month: 1, Day: 15}, ts("2024-03-01T23:30:15.25Z"), "0f8fad5b-d9cb-469f-a165-70867728950e",
			int64(1), int64(2), ts("2024-01-01T10:00:00Z")},
		3: {int64(3), "acme ", "B1", metadata.Decimal("2.5000"), int64(2), int64(0), nil, nil,
			nil, ts("2023-12-31T22:00:00Z"), "7c9e6679-7425-40de-944b-e07fc1f90ae7",
			nil, int64(2), ts("2024-01-01T09:00:00Z")},
		5: {int64(5), "Ünïcödé", "C1", nil, nil, int64(42), 2.5, false,
			metadata.Date{Year: 2024, Month: 12, Day: 31}, ts("2024-03-01T10:00:00Z"), nil,
			nil, int64(1), ts("2023-06-30T23:59:59Z")},
		6: {int64(6), nil, "C2", metadata.Decimal("-2.5000"), int64(-7), nil, 1.5, nil,
			metadata.Date{Year: 2024, Month: 3, Day: 1}, ts("2024-07-04T12:00:00.125Z"), nil,
			nil, int64(3), ts("2024-01-01T10:00:00.001Z")},
	}
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			src := newTestSource(t, e, tm)
			q := tm.query(in(tm.p("ID"), i32(1), i32(3), i32(5), i32(6)))
			rows, err := src.Query(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			var first *any
			for rows.Next() {
				vals := rows.Values()
				if first == nil {
					first = &vals[0]
				} else if first != &vals[0] {
					t.Error("Values() is a new slice for each row; it must be reused")
				}
				id := vals[0].(int64)
				for i, p := range q.Columns() {
					if !sameValue(vals[i], want[id][i]) {
						t.Errorf("row %d %s: got %#v (%T), want %#v", id, p.Name, vals[i], vals[i], want[id][i])
					}
				}
				n++
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if n != len(want) {
				t.Errorf("got %d rows, want %d", n, len(want))
			}
		})
	}
}

func sameValue(got, want any) bool {
	if wt, ok := want.(time.Time); ok {
		gt, ok := got.(time.Time)
		return ok && gt.Equal(wt) && gt.Location() == time.UTC
	}
	return reflect.DeepEqual(got, want)
}

// TestEngineKeysetPaging follows keyset continuation page by page and checks
// that the pages add up to the full order: for numbers, for date-times in
// mixed text forms (SQLite) and for strings under each engine's collation.
func TestEngineKeysetPaging(t *testing.T) {
	tm := newTestModel()
	orders := [][]bound.OrderItem{
		{asc(tm.p("Rank")), desc(tm.p("ID"))},
		{desc(tm.p("Stamp")), asc(tm.p("ID"))},
		{asc(tm.p("Code")), asc(tm.p("ID"))},
		{desc(tm.p("Code"))},
	}
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			src := newTestSource(t, e, tm)
			for _, order := range orders {
				full := tm.query(nil)
				full.OrderBy = order
				want, err := queryIDs(context.Background(), src, full)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				var after []any
				for page := 0; page < 20; page++ {
					q := tm.query(nil)
					q.OrderBy, q.Top, q.After = order, 2, after
					q.Select = []*metadata.Property{tm.p("ID").Prop}
					for _, it := range order {
						q.Select = append(q.Select, it.Expr.(*bound.Property).Prop)
					}
					rows, err := src.Query(context.Background(), q)
					if err != nil {
						t.Fatal(err)
					}
					n := 0
					for rows.Next() {
						v := rows.Values()
						got = append(got, v[0].(int64))
						after = append([]any(nil), v[1:]...)
						n++
					}
					if err := rows.Close(); err != nil {
						t.Fatal(err)
					}
					if n < 2 {
						break
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("order %v: keyset pages give %v, the full order is %v", orderNames(order), got, want)
				}
			}
			rank := tm.query(nil)
			rank.OrderBy = orders[0]
			if ids, _ := queryIDs(context.Background(), src, rank); !reflect.DeepEqual(ids, []int64{8, 5, 2, 7, 3, 1, 9, 6, 4}) {
				t.Errorf("order by Rank, ID desc: %v", ids)
			}
		})
	}
}

func orderNames(items []bound.OrderItem) string {
	var s []string
	for _, it := range items {
		n := it.Expr.(*bound.Property).Prop.Name
		if it.Desc {
			n += " desc"
		}
		s = append(s, n)
	}
	return strings.Join(s, ",")
}

// TestEngineCountKeysText covers Count, key lookups (single and composite)
// and columns read through a text cast.
func TestEngineCountKeysText(t *testing.T) {
	tm := newTestModel()
	qtyText := &metadata.Property{Name: "QtyText", Column: "Qty", Type: metadata.EdmString, Nullable: true, ReadAsText: true}
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			src := newTestSource(t, e, tm)
			ctx := context.Background()
			q := tm.query(eq(tm.p("Active"), boolC(true)))
			q.Search = &bound.SearchTerm{Text: "acme"}
			q.Top, q.Skip = 1, 1 // ignored by Count
			if n, err := src.Count(ctx, q); err != nil || n != 2 {
				t.Errorf("count = %d, %v; want 2", n, err)
			}
			if n, err := src.Count(ctx, tm.query(nil)); err != nil || n != 9 {
				t.Errorf("count all = %d, %v; want 9", n, err)
			}
			byKey := &adapters.Query{Set: tm.items, Top: -1, Key: []adapters.KeyValue{{Prop: tm.p("ID").Prop, Value: int64(3)}}}
			if ids, err := queryIDs(ctx, src, byKey); err != nil || !reflect.DeepEqual(ids, []int64{3}) {
				t.Errorf("Items(3) = %v, %v", ids, err)
			}
			line := &adapters.Query{Set: tm.lines, Top: -1, Key: []adapters.KeyValue{
				{Prop: tm.lines.Type.Key[0], Value: int64(10)}, {Prop: tm.lines.Type.Key[1], Value: int64(2)}}}
			rows, err := src.Query(ctx, line)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]any
			for rows.Next() {
				got = append(got, append([]any(nil), rows.Values()...))
			}
			rows.Close()
			if !reflect.DeepEqual(got, [][]any{{int64(10), int64(2), int64(3)}}) {
				t.Errorf("Lines(10,2) = %v", got)
			}
			tq := tm.query(eq(&bound.Property{Prop: qtyText}, str("-3")))
			tq.Select = []*metadata.Property{tm.p("ID").Prop, qtyText}
			rows, err = src.Query(ctx, tq)
			if err != nil {
				t.Fatal(err)
			}
			got = nil
			for rows.Next() {
				got = append(got, append([]any(nil), rows.Values()...))
			}
			rows.Close()
			if !reflect.DeepEqual(got, [][]any{{int64(2), "-3"}}) {
				t.Errorf("text-cast column: %v", got)
			}
		})
	}
}

// TestEngineErrors checks the error classes: timeout 504, cancellation,
// unreachable 503 (naming the source, not the DSN), broken statements 500
// without SQL, and data errors 400.
func TestEngineErrors(t *testing.T) {
	tm := newTestModel()
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			src, err := NewSource(ctx, e.db, e.d, func(context.Context) (*metadata.Model, error) { return tm.m, nil },
				Config{Name: "erp", QueryTimeout: time.Nanosecond})
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Query(ctx, tm.query(nil))
			if oe := odataerr.As(err); oe == nil || oe.Status != http.StatusGatewayTimeout || !strings.Contains(oe.Message, `"erp"`) {
				t.Errorf("timeout: %v", err)
			}
			if _, err := src.Count(ctx, tm.query(nil)); odataerr.As(err) == nil || odataerr.As(err).Status != http.StatusGatewayTimeout {
				t.Errorf("count timeout: %v", err)
			}

			src = newTestSource(t, e, tm)
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := src.Query(cctx, tm.query(nil)); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled: %v", err)
			}
			if e.d.Name() == "postgres" { // a server-side statement timeout is a 504 too
				tx, err := e.db.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = 1"); err != nil {
					t.Fatal(err)
				}
				_, err = tx.ExecContext(ctx, "SELECT pg_sleep(0.2)")
				tx.Rollback()
				if oe := src.classify(ctx, err); odataerr.As(oe) == nil || odataerr.As(oe).Status != http.StatusGatewayTimeout {
					t.Errorf("statement_timeout: %v", oe)
				}
			}

			missing := &metadata.EntitySet{Name: "Nope", Type: &metadata.EntityType{Name: "Nope", Table: "NoSuchTable",
				Properties: tm.items.Type.Properties[:1], Key: tm.items.Type.Properties[:1]}}
			_, err = src.Query(ctx, &adapters.Query{Set: missing, Top: -1})
			oe := odataerr.As(err)
			if oe == nil || oe.Status != http.StatusInternalServerError || strings.Contains(oe.Message, "NoSuchTable") || strings.Contains(oe.Message, "SELECT") {
				t.Errorf("broken statement: %v", err)
			} else if oe.Cause() == nil {
				t.Error("broken statement: the driver error is not kept as the cause")
			}

			// Division by zero is NULL on every engine: the row does not match.
			ids, err := queryIDs(ctx, src, tm.query(eq(bin(bound.Div, tm.p("Qty"), i32(0)), i32(1))))
			if err != nil || len(ids) != 0 {
				t.Errorf("division by zero: %v, %v", ids, err)
			}
			// An overflow is the data's and the expression's fault: 400 where the engine reports it.
			big := &bound.Const{T: metadata.EdmInt64, Value: int64(9007199254740993)}
			_, err = queryIDs(ctx, src, tm.query(bin(bound.Gt, &bound.Binary{Op: bound.Mul, Left: tm.p("Big"), Right: big, T: metadata.EdmInt64}, &bound.Const{T: metadata.EdmInt64, Value: int64(0)})))
			switch e.d.Name() {
			case "sqlite": // SQLite turns an overflowing integer into a REAL
				if err != nil {
					t.Errorf("overflow: %v", err)
				}
			default:
				if oe := odataerr.As(err); oe == nil || oe.Status != http.StatusBadRequest || strings.Contains(oe.Message, "SELECT") {
					t.Errorf("overflow: %v", err)
				}
			}
		})
	}
}

// TestUnreachable opens sources on servers that are not there.
func TestUnreachable(t *testing.T) {
	tm := newTestModel()
	dsns := []struct {
		driver, dsn string
		d           Dialect
	}{
		{"mysql", "root:secretpw@tcp(127.0.0.1:1)/x?timeout=2s", MySQL},
		{"pgx", "postgres://postgres:secretpw@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", Postgres},
		{"sqlite", "file:" + filepath.Join(t.TempDir(), "no", "such", "dir", "x.db") + "?mode=ro", SQLite},
	}
	for _, c := range dsns {
		t.Run(c.driver, func(t *testing.T) {
			db, err := sql.Open(c.driver, c.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			src, err := NewSource(context.Background(), db, c.d, func(context.Context) (*metadata.Model, error) { return tm.m, nil }, Config{Name: "erp"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Query(context.Background(), tm.query(nil))
			oe := odataerr.As(err)
			if oe == nil || oe.Status != http.StatusServiceUnavailable {
				t.Fatalf("got %v, want 503", err)
			}
			if !strings.Contains(oe.Message, `"erp"`) || strings.Contains(oe.Error(), "127.0.0.1") || strings.Contains(oe.Error(), "secretpw") {
				t.Errorf("message %q must name the source and nothing of the DSN", oe.Error())
			}
		})
	}
}

// TestModelRefresh: the model reloads after the interval, and a failed
// reload keeps the last good model.
func TestModelRefresh(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m1, m2 := newTestModel().m, newTestModel().m
	calls := 0
	results := []struct {
		m   *metadata.Model
		err error
	}{{m1, nil}, {nil, errors.New("schema read failed")}, {m2, nil}}
	load := func(context.Context) (*metadata.Model, error) {
		r := results[calls]
		calls++
		return r.m, r.err
	}
	var logs bytes.Buffer
	src, err := NewSource(context.Background(), db, SQLite, load, Config{Name: "r", RefreshInterval: time.Hour,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	src.now = func() time.Time { return now }
	src.loadedAt = now
	ctx := context.Background()
	if m, _ := src.Model(ctx); m != m1 || calls != 1 {
		t.Fatalf("fresh model: got reload (calls=%d)", calls)
	}
	now = now.Add(2 * time.Hour)
	if m, err := src.Model(ctx); m != m1 || err != nil || calls != 2 {
		t.Fatalf("failed reload: model changed or error %v (calls=%d)", err, calls)
	}
	if !strings.Contains(logs.String(), "schema read failed") {
		t.Errorf("failed reload not logged: %s", logs.String())
	}
	if m, _ := src.Model(ctx); m != m1 || calls != 2 {
		t.Fatalf("retried before the interval (calls=%d)", calls)
	}
	now = now.Add(2 * time.Hour)
	if m, _ := src.Model(ctx); m != m2 || calls != 3 {
		t.Fatalf("reload did not install the new model (calls=%d)", calls)
	}
	if _, err := NewSource(ctx, db, SQLite, func(context.Context) (*metadata.Model, error) { return nil, errors.New("boom") }, Config{}); err == nil {
		t.Error("NewSource must return the first load's error")
	}
}

// TestDebugLogRedactsArgs: SQL is logged at debug level without argument values.
func TestDebugLogRedactsArgs(t *testing.T) {
	tm := newTestModel()
	var logs bytes.Buffer
	e := openSQLite(t)[0]
	src, err := NewSource(context.Background(), e.db, e.d, func(context.Context) (*metadata.Model, error) { return tm.m, nil },
		Config{Name: "s", Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := queryIDs(context.Background(), src, tm.query(eq(tm.p("Name"), str("TopSecretValue")))); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "SELECT") || strings.Contains(out, "TopSecretValue") {
		t.Errorf("debug log must show the SQL and hide the arguments:\n%s", out)
	}
}

// TestModelRefreshSingleFlight: while one caller reloads a stale model, the
// others get the current model at once and do not load again.
func TestModelRefreshSingleFlight(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m1, m2 := newTestModel().m, newTestModel().m
	entered, release := make(chan struct{}), make(chan struct{})
	calls := 0
	load := func(context.Context) (*metadata.Model, error) {
		calls++
		if calls == 1 {
			return m1, nil
		}
		close(entered)
		<-release
		return m2, nil
	}
	src, err := NewSource(context.Background(), db, SQLite, load, Config{RefreshInterval: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	src.now = func() time.Time { return now.Add(time.Hour) }
	done := make(chan *metadata.Model)
	go func() {
		m, _ := src.Model(context.Background())
		done <- m
	}()
	<-entered
	if m, _ := src.Model(context.Background()); m != m1 {
		t.Error("a concurrent caller must get the current model while the reload runs")
	}
	close(release)
	if m := <-done; m != m2 {
		t.Error("the reloading caller must get the new model")
	}
	if calls != 2 {
		t.Errorf("loader called %d times, want 2", calls)
	}
}

// TestPostgresRefusingConnections: a database that stops accepting
// connections (its sessions terminated) is a 503, not a 500.
func TestPostgresRefusingConnections(t *testing.T) {
	admin, err := sql.Open("pgx", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=3")
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		unreachable(t, "PostgreSQL at 127.0.0.1:5432", err)
	}
	defer admin.Close()
	name := testDB + "_refuse"
	for _, s := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		admin.Exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true")
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	db := mustOpen(t, "pgx", "postgres://postgres@127.0.0.1:5432/"+name+"?sslmode=disable&timezone=UTC")
	load(t, db, postgresFixture)
	tm := newTestModel()
	src := newTestSource(t, engine{"postgres", Postgres, db}, tm)
	for _, s := range []string{"ALTER DATABASE " + name + " ALLOW_CONNECTIONS false",
		"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'"} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		_, err := queryIDs(context.Background(), src, tm.query(nil))
		if oe := odataerr.As(err); oe == nil || oe.Status != http.StatusServiceUnavailable {
			t.Fatalf("attempt %d: got %v, want 503", i, err)
		}
	}
}
