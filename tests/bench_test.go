package tests

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/gateway"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
)

// Benchmarks of the read path, end to end through the HTTP handler (no
// network), with the demo in SQLite. Run:
//
//	go test ./tests -run '^$' -bench . -benchmem
//
// The Direct* benchmarks run the same SQL by hand with database/sql and
// encoding/json: the floor a Go server pays for the same work.

func serveOnce(b *testing.B, h http.Handler, url string) int {
	req := httptest.NewRequest(http.MethodGet, url, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", url, rec.Code, rec.Body.String())
	}
	return rec.Body.Len()
}

func BenchmarkGateway(b *testing.B) {
	h := newDemoEnv(b, gateway.Config{MaxPageSize: 2000}).h
	for _, bc := range []struct{ name, url string }{
		{"Page50", "/odata/demo/Orders?$top=50"},
		{"Page50Filtered", "/odata/demo/Orders?$filter=ShipCountry%20eq%20'Germany'%20and%20Freight%20gt%2010&$orderby=OrderDate%20desc&$top=50&$count=true"},
		// bench/run.sh's page50: served by the Orders_OrderDate index.
		{"Page50Newest", "/odata/demo/Orders?$filter=ShipCountry%20eq%20'Germany'&$orderby=OrderDate%20desc,OrderID%20desc&$top=50"},
		{"ByKey", "/odata/demo/Orders(10500)"},
		{"SalesforceSearch", "/odata/demo/Customers?$filter=contains(CompanyName,'Market')%20eq%20true%20or%20contains(Phone,'Market')%20eq%20true&$count=true&$top=25"},
		{"Page2000", "/odata/demo/Order_Details?$top=2000"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = serveOnce(b, h, bc.url)
			}
			b.SetBytes(int64(n))
		})
	}
}

// BenchmarkDirectPage50 is the hand-written equivalent of Gateway/Page50:
// the same SELECT through database/sql, rows scanned and encoded with
// encoding/json into a buffer.
func BenchmarkDirectPage50(b *testing.B) {
	e := newDemoEnv(b, gateway.Config{})
	b.ReportAllocs()
	for b.Loop() {
		rows, err := e.db.Query(`SELECT OrderID, CustomerID, EmployeeID, OrderDate, RequiredDate, ShippedDate, Freight, ShipName, ShipCity, ShipCountry FROM Orders ORDER BY OrderID LIMIT 51`)
		if err != nil {
			b.Fatal(err)
		}
		var out []map[string]any
		for rows.Next() {
			var id, emp int64
			var cust, shipName, shipCity, shipCountry sql.NullString
			var od, rd, sd sql.NullString
			var freight float64
			if err := rows.Scan(&id, &cust, &emp, &od, &rd, &sd, &freight, &shipName, &shipCity, &shipCountry); err != nil {
				b.Fatal(err)
			}
			out = append(out, map[string]any{"OrderID": id, "CustomerID": cust.String, "EmployeeID": emp, "OrderDate": od.String,
				"RequiredDate": rd.String, "ShippedDate": sd.String, "Freight": freight, "ShipName": shipName.String,
				"ShipCity": shipCity.String, "ShipCountry": shipCountry.String})
		}
		rows.Close()
		if _, err := json.Marshal(map[string]any{"value": out[:50]}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExport100k reads a 100,000-row table through nextLinks in pages of
// 2,000 (Salesforce's and Tableau's way of exporting). Reported per export.
func BenchmarkExport100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	mustExec(b, db, `CREATE TABLE Big (ID INTEGER PRIMARY KEY, Name VARCHAR(40) NOT NULL, Amount DECIMAL(12,2) NOT NULL, Created DATETIME NOT NULL, Note TEXT)`)
	tx, _ := db.Begin()
	st, _ := tx.Prepare(`INSERT INTO Big VALUES (?, ?, ?, ?, ?)`)
	for i := 1; i <= 100000; i++ {
		if _, err := st.Exec(i, fmt.Sprintf("name %06d", i), fmt.Sprintf("%d.%02d", i%10000, i%100),
			time.Date(2024, 1, 1, 0, 0, i, 0, time.UTC).Format(time.RFC3339), strings.Repeat("x", i%50)); err != nil {
			b.Fatal(err)
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	src, err := sqlite.Open(context.Background(), path, schema.Options{Namespace: "big"}, sqldb.Config{Name: "big", QueryTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	gw, err := gateway.New(gateway.Config{MaxPageSize: 2000}, gateway.Service{Name: "big", Source: src})
	if err != nil {
		b.Fatal(err)
	}
	h := gw.Handler()
	b.ReportAllocs()
	var rowsRead int
	for b.Loop() {
		rowsRead = 0
		url := "/odata/big/Big"
		for url != "" {
			req := httptest.NewRequest(http.MethodGet, url, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var page struct {
				Value    []json.RawMessage `json:"value"`
				NextLink string            `json:"@odata.nextLink"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
				b.Fatal(err)
			}
			rowsRead += len(page.Value)
			url = strings.TrimPrefix(page.NextLink, "http://example.com")
		}
	}
	if rowsRead != 100000 {
		b.Fatalf("read %d rows", rowsRead)
	}
	b.ReportMetric(float64(rowsRead)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkParseBindTranslate measures the request front half: parse the
// query string, bind it to the model, and build the SQL for each dialect.
func BenchmarkParseBindTranslate(b *testing.B) {
	e := newDemoEnv(b, gateway.Config{})
	model, err := e.src.Model(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	set := model.EntitySet("Orders")
	for _, bc := range []struct{ name, raw string }{
		{"Salesforce", "$filter=contains(ShipName,'Acme')%20eq%20true%20or%20contains(ShipCity,'Acme')%20eq%20true&$count=true&$top=25&$select=OrderID,ShipName"},
		{"PowerQuery", "$filter=ShipCountry%20eq%20'Germany'&$select=OrderID,CustomerID,Freight"},
		{"Complex", "$filter=(year(OrderDate)%20eq%202023%20and%20Freight%20div%202%20gt%2010.5)%20or%20(ShipCity%20in%20('Berlin','Paris')%20and%20not%20startswith(tolower(ShipName),'a'))&$orderby=OrderDate%20desc,Freight&$top=50"},
	} {
		for _, d := range []struct {
			name string
			d    sqldb.Dialect
		}{{"sqlite", sqldb.SQLite}, {"mysql", sqldb.MySQL}, {"postgres", sqldb.Postgres}} {
			b.Run(bc.name+"/"+d.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					opts, err := query.ParseQuery(bc.raw)
					if err != nil {
						b.Fatal(err)
					}
					bd := &bound.Binder{Model: model, Aliases: opts.Aliases}
					q := adapters.Query{Set: set, Top: 51}
					if opts.Filter != nil {
						if q.Filter, err = bd.Filter(set.Type, opts.Filter); err != nil {
							b.Fatal(err)
						}
					}
					if opts.OrderBy != nil {
						if q.OrderBy, err = bd.OrderBy(set.Type, opts.OrderBy); err != nil {
							b.Fatal(err)
						}
					}
					if opts.Select != nil {
						if q.Select, err = bd.Select(set.Type, opts.Select); err != nil {
							b.Fatal(err)
						}
					}
					if _, _, err := sqldb.Build(d.d, &q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func mustExec(b testing.TB, db *sql.DB, q string) {
	if _, err := db.Exec(q); err != nil {
		b.Fatal(err)
	}
}
