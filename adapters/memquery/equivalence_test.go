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

// TestStoreSuite runs the shared adapter suite (every case with its
// expected rows, value types, keyset paging, and every $apply case) on the
// evaluator.
func TestStoreSuite(t *testing.T) {
	_, store := fixture(t)
	adaptertest.Run(t, store)
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

// applyRequests widen the suite's $apply cases: every aggregation method
// on every type, nulls, empty groups, instants and exact strings as keys,
// paging inside the pipeline, computes before and after aggregation, and
// concat.
var applyRequests = []string{
	"Products?$apply=aggregate(Weight with sum as S,Weight with average as A,Weight with min as Mn,Weight with max as Mx)",
	"Products?$apply=aggregate(Price with average as A,Stock with average as S,Price with min as Mn,Stock with max as Mx)",
	"Products?$apply=groupby((Discontinued),aggregate(Name with min as Mn,Name with max as Mx,Released with min as R,Updated with max as U))",
	"Products?$apply=groupby((Released),aggregate($count as N))",
	"Products?$apply=groupby((Updated),aggregate($count as N))",
	"Products?$apply=groupby((Guid),aggregate($count as N))&$orderby=N desc",
	"Products?$apply=groupby((Weight,Discontinued))",
	"Products?$apply=aggregate(Released with countdistinct as R,Updated with countdistinct as U,Weight with countdistinct as W,Guid with countdistinct as G)",
	"Products?$apply=groupby((CategoryID),aggregate(Price with countdistinct as P,Stock with average as A))",
	"Products?$apply=filter(Stock eq null)/groupby((Name),aggregate(Stock with sum as S,Stock with average as A))",
	"Products?$apply=filter(ProductID gt 100)/groupby((Name),aggregate($count as C))",
	"Products?$apply=filter(ProductID gt 100)/aggregate(Price with sum as S,Weight with average as A,Name with countdistinct as D)",
	"Products?$apply=groupby((Category/Name,Category/Description),aggregate(Price with sum as S))",
	"OrderLines?$apply=groupby((Product/Category/Name),aggregate(Quantity with sum as Q,$count as N))",
	"OrderLines?$apply=groupby((OrderID),aggregate(Quantity with average as A))&$orderby=A desc",
	"Products?$apply=groupby((Discontinued),aggregate(Stock with sum as Q))/orderby(Q desc)/top(1)",
	"Products?$apply=groupby((Category/Name),aggregate(Stock with sum as Q))/top(3)/orderby(Q)",
	"Products?$apply=groupby((Category/Name),aggregate(Stock with sum as Q))/orderby(Q desc)/skip(1)/top(2)/filter(Q gt 5)",
	"Products?$apply=groupby((Category/Name),aggregate(Stock with sum as Q))/orderby(Q desc)/top(3)/skip(1)&$orderby=Category/Name desc",
	"Products?$apply=groupby((Name),aggregate($count as N))&$skip=2&$top=3",
	"Products?$apply=compute(Price div 3 as P3)/aggregate(P3 with sum as S,P3 with average as A)",
	"Products?$apply=compute(Stock div 3 as S3,Weight mul 2 as W2)/groupby((S3),aggregate(W2 with sum as W))",
	"Products?$apply=compute(tolower(Name) as L)/groupby((L),aggregate($count as N))",
	"Products?$apply=groupby((Discontinued),aggregate(Price with sum as S,$count as N))/compute(S div N as Avg,S mul 2 as S2)",
	"Products?$apply=groupby((Category/Name),aggregate(Price with max as M))/compute(M as M2)&$orderby=M2",
	"Products?$apply=concat(groupby((Discontinued),aggregate($count as N)),groupby((Category/Name),aggregate($count as N)),aggregate($count as N))",
	"Products?$apply=concat(aggregate(Stock with sum as Q),aggregate(Price with sum as P))/filter(Q ne null)",
	"Products?$apply=concat(groupby((Name),aggregate($count as N))/filter(N gt 1),aggregate($count as N)/compute(N mul 10 as N10))/orderby(N desc)/top(3)",
	"Products?$apply=compute(Stock add 1 as Q1)/concat(aggregate(Q1 with sum as S),groupby((Discontinued),aggregate(Q1 with sum as S)))&$skip=1&$top=2",
	"Products?$apply=concat(aggregate($count as N),groupby((Discontinued),aggregate($count as N)))/compute(N add 1 as N1)&$select=N1&$orderby=N1",
	"Products/$count?$apply=groupby((Name))/filter(Name ne 'Chai')",
	"Products/$count?$apply=concat(groupby((Name)),aggregate($count as N))&$filter=N eq null",
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
	reqs = append(reqs, applyRequests...)
	for _, c := range adaptertest.ApplyCases {
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

// TestApplyNotServed: what the SQL sources answer 501 is 501 here too,
// naming the transformation, never other rows.
func TestApplyNotServed(t *testing.T) {
	src, store := fixture(t)
	ctx := context.Background()
	m, _ := store.Model(ctx)
	for _, req := range []string{
		"Products?$apply=top(2)/aggregate($count as N)",
		"Products?$apply=groupby((Discontinued))/groupby((Discontinued))",
		"Products?$apply=concat(top(2),aggregate($count as N))",
		"Products?$apply=aggregate($count as N)/concat(aggregate(N with sum as S),aggregate(N with max as M))",
	} {
		t.Run(req, func(t *testing.T) {
			q, _, err := adaptertest.Plan(m, req)
			if oe := odataerr.As(err); oe != nil && oe.Status == 501 {
				t.Logf("binder: %v", err)
				return // refused by the binder for every source
			}
			if err != nil {
				t.Fatal(err)
			}
			_, sqlErr := src.Query(ctx, q)
			_, err = store.Query(ctx, q)
			oe := odataerr.As(err)
			if oe == nil || oe.Status != 501 {
				t.Fatalf("want a 501, got %v (SQL: %v)", err, sqlErr)
			}
			if se := odataerr.As(sqlErr); se == nil || se.Message != oe.Message {
				t.Errorf("evaluator says %q, SQL %v", oe.Message, sqlErr)
			}
		})
	}
}
