// Command handwritten is the benchmark's ceiling for a Go server: a minimal
// net/http handler per benchmark query that runs the same SQL as the gateway
// against the same SQLite file (database/sql with modernc.org/sqlite, the
// gateway's driver, statements prepared once and kept, as the gateway keeps
// them) and writes the same OData JSON with strconv appends. It
// parses no URL grammar, binds nothing to a model and checks nothing: what it
// costs is what any Go server must pay for the query.
//
//	go run ./bench/handwritten -db bench/.data/bench.db -listen 127.0.0.1:18082
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	_ "modernc.org/sqlite"
)

// orderCols selects the date columns as +col, as the gateway does (the
// driver then hands their text over without trying its time layouts).
const orderCols = `OrderID, CustomerID, EmployeeID, +OrderDate, +RequiredDate, +ShippedDate, Freight, ShipName, ShipCity, ShipCountry`

// pageSize is the export's page, the gateway's max_page_size in the benchmark.
const pageSize = 2000

type server struct {
	db *sql.DB
	// stmts holds every statement prepared once (SQL text → *sql.Stmt), as
	// the gateway keeps its SQLite statements: preparing costs SQLite more
	// than a by-key read.
	stmts sync.Map
}

// query runs a statement, prepared on its first use.
func (s *server) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, ok := s.stmts.Load(q)
	if !ok {
		p, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		if st, ok = s.stmts.LoadOrStore(q, p); ok {
			p.Close()
		}
	}
	return st.(*sql.Stmt).QueryContext(ctx, args...)
}

func main() {
	path := flag.String("db", "", "SQLite database (bench/mkdb)")
	listen := flag.String("listen", "127.0.0.1:18082", "listen address")
	flag.Parse()
	db, err := sql.Open("sqlite", "file:"+*path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(8) // the gateway's pool size for SQLite
	db.SetMaxIdleConns(8)
	s := &server{db: db}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page50", s.page50)
	mux.HandleFunc("GET /Orders/{id}", s.byKey)
	mux.HandleFunc("GET /expand", s.expand)
	mux.HandleFunc("GET /apply", s.apply)
	mux.HandleFunc("GET /export", s.export)
	fmt.Fprintln(os.Stderr, "handwritten: listening on", *listen)
	log.Fatal(http.ListenAndServe(*listen, mux))
}

// order is one Orders row.
type order struct {
	id, employee                   int64
	customer, required, shipName   sql.NullString
	shipCity, shipCountry, shipped sql.NullString
	orderDate                      string
	freight                        float64
}

func (o *order) scan(rows *sql.Rows) error {
	return rows.Scan(&o.id, &o.customer, &o.employee, &o.orderDate, &o.required, &o.shipped, &o.freight,
		&o.shipName, &o.shipCity, &o.shipCountry)
}

func (o *order) appendJSON(b []byte) []byte {
	b = append(b, `{"OrderID":`...)
	b = strconv.AppendInt(b, o.id, 10)
	b = append(b, `,"CustomerID":`...)
	b = appendNullString(b, o.customer)
	b = append(b, `,"EmployeeID":`...)
	b = strconv.AppendInt(b, o.employee, 10)
	b = append(b, `,"OrderDate":`...)
	b = strconv.AppendQuote(b, isoUTC(o.orderDate))
	b = append(b, `,"RequiredDate":`...)
	b = appendNullString(b, o.required)
	b = append(b, `,"ShippedDate":`...)
	if o.shipped.Valid {
		b = strconv.AppendQuote(b, isoUTC(o.shipped.String))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"Freight":`...)
	b = strconv.AppendFloat(b, o.freight, 'f', -1, 64)
	b = append(b, `,"ShipName":`...)
	b = appendNullString(b, o.shipName)
	b = append(b, `,"ShipCity":`...)
	b = appendNullString(b, o.shipCity)
	b = append(b, `,"ShipCountry":`...)
	b = appendNullString(b, o.shipCountry)
	return append(b, '}')
}

// isoUTC turns the stored "2022-01-03 17:54:49" into "2022-01-03T17:54:49Z".
func isoUTC(s string) string {
	if len(s) >= 19 && s[10] == ' ' {
		return s[:10] + "T" + s[11:19] + "Z"
	}
	return s
}

func appendNullString(b []byte, s sql.NullString) []byte {
	if !s.Valid {
		return append(b, "null"...)
	}
	return strconv.AppendQuote(b, s.String) // ASCII and Latin letters: as JSON as Go quoting
}

func fail(w http.ResponseWriter, err error) {
	http.Error(w, `{"error":{"code":"InternalError","message":"`+strings.ReplaceAll(err.Error(), `"`, `'`)+`"}}`, 500)
}

// writeOrders runs an Orders query and writes the collection.
func (s *server) writeOrders(w http.ResponseWriter, r *http.Request, next func(lastID int64, n int) string, query string, args ...any) {
	rows, err := s.query(r.Context(), query, args...)
	if err != nil {
		fail(w, err)
		return
	}
	defer rows.Close()
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal")
	bw := bufio.NewWriterSize(w, 32<<10)
	b := make([]byte, 0, 512)
	b = append(b, `{"@odata.context":"http://`+r.Host+`/$metadata#Orders","value":[`...)
	var o order
	n := 0
	for rows.Next() {
		if err := o.scan(rows); err != nil {
			fail(w, err)
			return
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = o.appendJSON(b)
		n++
		if len(b) > 16<<10 {
			bw.Write(b)
			b = b[:0]
		}
	}
	if err := rows.Err(); err != nil {
		fail(w, err)
		return
	}
	b = append(b, ']')
	if next != nil {
		if link := next(o.id, n); link != "" {
			b = append(b, `,"@odata.nextLink":`...)
			b = strconv.AppendQuote(b, "http://"+r.Host+link)
		}
	}
	b = append(b, "}\n"...)
	bw.Write(b)
	bw.Flush()
}

// page50: Orders?$filter=ShipCountry eq 'Germany'&$orderby=OrderDate desc,OrderID desc&$top=50
func (s *server) page50(w http.ResponseWriter, r *http.Request) {
	s.writeOrders(w, r, nil, `SELECT `+orderCols+` FROM Orders WHERE (ShipCountry = ? AND ShipCountry = ? COLLATE BINARY)
		ORDER BY OrderDate DESC, OrderID DESC LIMIT ?`, "Germany", "Germany", 50)
}

// byKey: Orders(10248)
func (s *server) byKey(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad key", 400)
		return
	}
	var o order
	rows, err := s.query(r.Context(), `SELECT `+orderCols+` FROM Orders WHERE OrderID = ? ORDER BY OrderID LIMIT ?`, id, 2)
	if err != nil {
		fail(w, err)
		return
	}
	defer rows.Close()
	if !rows.Next() {
		http.Error(w, "not found", 404)
		return
	}
	if err := o.scan(rows); err != nil {
		fail(w, err)
		return
	}
	b := append([]byte(`{"@odata.context":"http://`+r.Host+`/$metadata#Orders/$entity",`), o.appendJSON(nil)[1:]...)
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal")
	w.Write(append(b, '\n'))
}

// apply: Orders?$apply=filter(CustomerID eq 'HANAR')/groupby((EmployeeID),aggregate(Freight with sum as Total))
func (s *server) apply(w http.ResponseWriter, r *http.Request) {
	rows, err := s.query(r.Context(),
		`SELECT g0, a0 FROM (SELECT EmployeeID AS g0, ROUND(SUM(Freight), 10) AS a0 FROM Orders
		WHERE ((CustomerID = ? AND CustomerID = ? COLLATE BINARY)) GROUP BY EmployeeID) t1 ORDER BY g0 LIMIT ?`, "HANAR", "HANAR", 2001)
	if err != nil {
		fail(w, err)
		return
	}
	defer rows.Close()
	b := []byte(`{"@odata.context":"http://` + r.Host + `/$metadata#Orders(EmployeeID,Total)","value":[`)
	first := true
	for rows.Next() {
		var employee int64
		var total float64
		if err := rows.Scan(&employee, &total); err != nil {
			fail(w, err)
			return
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, `{"EmployeeID":`...)
		b = strconv.AppendInt(b, employee, 10)
		b = append(b, `,"Total":`...)
		b = strconv.AppendFloat(b, total, 'f', -1, 64)
		b = append(b, '}')
	}
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal")
	w.Write(append(b, "]}\n"...))
}

// export: Orders?$top=N in pages of 2,000 by key (?after=ID&remaining=N).
func (s *server) export(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	remaining, err := strconv.Atoi(r.URL.Query().Get("remaining"))
	if err != nil || remaining <= 0 {
		http.Error(w, "remaining must be positive", 400)
		return
	}
	limit := min(remaining, pageSize)
	next := func(last int64, n int) string {
		if n < limit || remaining == n {
			return ""
		}
		return "/export?after=" + strconv.FormatInt(last, 10) + "&remaining=" + strconv.Itoa(remaining-n)
	}
	s.writeOrders(w, r, next, `SELECT `+orderCols+` FROM Orders WHERE OrderID > ? ORDER BY OrderID LIMIT ?`, after, limit)
}
