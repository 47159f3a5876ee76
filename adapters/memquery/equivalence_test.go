package memquery_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/adapters/memquery"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/odataerr"
)

// The evaluator must answer exactly as the SQL translation does. These
// tests load the shared fixture into SQLite, copy every row into a
// memquery.Store over the same model, and run the same plans through both.

// fixture returns the SQLite source over the adapter suite's fixture and a
// Store holding the same rows.
func fixture(t *testing.T) (adapters.Source, *memquery.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "suite.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range adaptertest.Fixture("sqlite") {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%.60s: %v", s, err)
		}
	}
	db.Close()
	ctx := context.Background()
	src, err := sqlite.Open(ctx, path, schema.Options{Namespace: "suite"}, sqldb.Config{Name: "suite"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	m, err := src.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][][]any{}
	for _, set := range m.Sets {
		got, err := adaptertest.ReadRows(ctx, src, &adapters.Query{Set: set, Top: -1})
		if err != nil {
			t.Fatal(err)
		}
		rows[set.Name] = got
	}
	store, err := memquery.NewStore(m, rows)
	if err != nil {
		t.Fatal(err)
	}
	return src, store
}

// TestStoreSuite runs the shared adapter suite (every non-$apply case with
// its expected rows, value types, keyset paging) on the evaluator.
func TestStoreSuite(t *testing.T) {
	_, store := fixture(t)
	adaptertest.RunReads(t, store)
}

// extraRequests widen the suite's cases: logic with nulls, arithmetic,
// functions in $orderby, casts, dates, navigation, lambdas, search, paging.
var extraRequests = []string{
	"Products?$filter=Price gt 10 and Stock lt 20",
	"Products?$filter=Price gt 10 or Weight eq null",
	"Products?$filter=not (Price gt 10 or Weight eq null)",
	"Products?$filter=(Price gt 10) eq (Stock gt 20)",
	"Products?$filter=(Price gt 10) ne false",
	"Products?$filter=Price sub Stock lt 0",
	"Products?$filter=Stock mul 2 add 1 gt 30",
	"Products?$filter=-Stock gt 0",
	"Products?$filter=Weight mul 2 eq 1",
	"Products?$filter=Weight div 2 gt 0.2",
	"Products?$filter=Price divby 4 gt 4",
	"Products?$filter=Stock mod 3 eq 0",
	"Products?$filter=Stock div 3 eq 1",
	"Products?$filter=Stock mod -4 eq -3",
	"Products?$filter=round(Weight) eq 1",
	"Products?$filter=ceiling(Price) eq 19",
	"Products?$filter=floor(Price) eq 0",
	"Products?$filter=round(Price add 0.005) eq 0",
	"Products?$orderby=tolower(Name),ProductID",
	"Products?$orderby=length(Name) desc,ProductID",
	"Products?$orderby=Weight",
	"Products?$orderby=Weight desc",
	"Products?$orderby=Updated desc",
	"Products?$orderby=Guid",
	"Products?$orderby=Price add Stock",
	"Products?$orderby=Released,Updated desc",
	"Products?$filter=startswith(tolower(Name),'c') and not endswith(Name,' ')",
	"Products?$filter=contains(Name,Name)",
	"Products?$filter=startswith(Name,substring(Name,0,1))",
	"Products?$filter=indexof(Name,'x') eq -1",
	"Products?$filter=substring(Name,0,2) eq 'Ch'",
	"Products?$filter=substring(Name,2,100) eq 'ai'",
	"Products?$filter=concat(Name,cast(Stock,Edm.String)) eq 'Chai39'",
	"Products?$filter=cast(Stock,Edm.Double) gt 10.5",
	"Products?$filter=cast(Weight,Edm.Int32) eq 1",
	"Products?$filter=cast(Stock,Edm.Decimal) ge 17",
	"Products?$filter=year(Released) eq 2024 and month(Released) ge 2",
	"Products?$filter=Released ge 2024-02-01 and Released le 2024-12-31",
	"Products?$filter=Updated gt 2024-03-01",
	"Products?$filter=Released lt 2024-02-01T12:00:00Z",
	"Products?$filter=Released gt 2024-02-01T12:00:00Z",
	"Products?$filter=day(Updated) eq 1",
	"Products?$filter=time(Updated) gt 12:00:00",
	"Products?$filter=Updated ne 2024-03-01T10:00:00Z",
	"Products?$filter=Name in ('Chai','chai','nothing')",
	"Products?$filter=Price in (18, 0.2, 23.25)",
	"Products?$filter=CategoryID in (1,null)",
	"Products?$filter=not (CategoryID in (1,null))",
	"Products?$filter=Discontinued eq true and Price ne null",
	"Products?$filter=Discontinued ne true",
	"Shipments?$filter=Shipped ne true",
	"Shipments?$filter=Shipped eq false",
	"Shipments?$filter=not Shipped",
	"Shipments?$filter=Shipped or OrderID eq 101",
	"Shipments?$filter=Shipped and OrderID eq 100",
	"Shipments?$filter=not (Shipped and OrderID eq 100)",
	"Shipments?$orderby=Shipped,ShipmentID",
	"Shipments?$orderby=Shipped desc,ShipmentID",
	"Categories?$filter=Products/any(p: p/Stock eq null)",
	"Categories?$filter=Products/all(p: p/Stock ne null)",
	"Categories?$filter=not Products/any(p: p/Price gt 20)",
	"Categories?$orderby=Products/$count,CategoryID",
	"Products?$filter=Category/Products/$count gt 2",
	"OrderLines?$filter=Product/Price gt 20",
	"OrderLines?$orderby=Product/Name desc",
	"Products?$search=NOT (chai OR tofu) AND c",
	"Products?$search=ae",
	"Categories?$search=drinks",
	"Products?$filter=Stock gt 0&$orderby=Stock&$top=3&$skip=1",
	"Products?$orderby=Name&$skip=2&$top=100",
	"Products?$select=Name,Price&$orderby=Price desc",
	"Products?$filter=Guid ne null",
	"Products?$filter=Weight lt 1 or Weight gt 1",
	"Products(3)?$select=Price,Weight",
	"Products/$count?$filter=Weight ne null and Stock lt 30",
	"Categories/$count?$search=NOT drinks",
}

// TestEquivalence runs every suite case and the extra requests through SQL
// and through the evaluator and expects identical rows (values and order)
// and counts.
func TestEquivalence(t *testing.T) {
	src, store := fixture(t)
	ctx := context.Background()
	m, _ := src.Model(ctx)
	reqs := slices.Clone(extraRequests)
	for _, c := range adaptertest.Cases {
		reqs = append(reqs, c.Request)
	}
	for _, req := range reqs {
		t.Run(req, func(t *testing.T) {
			q, kind, err := adaptertest.Plan(m, req)
			if err != nil {
				t.Fatalf("plan: %v", err)
			}
			if kind == adaptertest.KindCount {
				want, err := src.Count(ctx, q)
				if err != nil {
					t.Fatalf("SQL: %v", err)
				}
				got, err := store.Count(ctx, q)
				if err != nil {
					t.Fatalf("evaluator: %v", err)
				}
				if got != want {
					t.Errorf("count %d, SQL says %d", got, want)
				}
				return
			}
			want, err := adaptertest.ReadRows(ctx, src, q)
			if err != nil {
				t.Fatalf("SQL: %v", err)
			}
			got, err := adaptertest.ReadRows(ctx, store, q)
			if err != nil {
				t.Fatalf("evaluator: %v", err)
			}
			if !sameRows(got, want) {
				t.Errorf("evaluator rows\n%v\nSQL rows\n%v", got, want)
			}
		})
	}
}

func sameRows(a, b [][]any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			x, y := a[i][j], b[i][j]
			if tx, ok := x.(time.Time); ok {
				ty, ok := y.(time.Time)
				if !ok || !tx.Equal(ty) {
					return false
				}
				continue
			}
			if !reflect.DeepEqual(x, y) {
				return false
			}
		}
	}
	return true
}

// TestApplyIsNotImplemented: $apply answers 501, not wrong rows.
func TestApplyIsNotImplemented(t *testing.T) {
	_, store := fixture(t)
	m, _ := store.Model(context.Background())
	q, _, err := adaptertest.Plan(m, "Products?$apply=aggregate(Stock with sum as S)")
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Query(context.Background(), q)
	if oe := odataerr.As(err); oe == nil || oe.Status != 501 {
		t.Fatalf("want a 501, got %v", err)
	}
}
