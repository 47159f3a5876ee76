package tests

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/gateway"
)

// The same data in SQLite, MariaDB and PostgreSQL, the same OData requests
// over HTTP: the responses must be the same rows with the same values on the
// three engines (OData defines the semantics, not the database).

// consistencyRows are the rows of table t: id, s, i, amt, dbl, d, ts, b.
var consistencyRows = []string{
	"(1, 'Acme', 7, 3.500, 2.5, '2024-02-29', '2024-02-29 23:59:58', TRUE)",
	"(2, 'ACME', -7, -3.500, -2.5, '2023-01-01', '2023-01-01 00:00:00', FALSE)",
	"(3, 'acme corp', 0, 0.000, 0, '1999-12-31', '1999-12-31 12:30:45', TRUE)",
	"(4, 'Beta 100%', 10, 10.125, 1e10, '2020-06-15', '2020-06-15 06:07:08', NULL)",
	"(5, 'beta_2', 3, 2.345, 0.125, '2020-06-16', '2020-06-16 18:00:00', FALSE)",
	"(6, '', 1, 1.005, -0.5, '2000-02-29', '2000-02-29 00:00:01', TRUE)",
	"(7, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
	"(8, '  padded  ', 5, 5.555, 3.75, '2024-12-31', '2024-12-31 23:00:00', TRUE)",
	"(9, 'Ünïcödé straße', 12, 12.000, 100, '2010-10-10', '2010-10-10 10:10:10', FALSE)",
	"(10, 'green tea', 2, 0.001, 1.5, '2022-03-04', '2022-03-04 05:06:07', TRUE)",
	"(11, 'tea, green', -1, -0.001, -1.5, '2022-03-05', '2022-03-05 05:06:07', FALSE)",
	"(12, 'x', 100, 999999999.999, 0.1, '0999-01-01', '2038-01-19 03:14:08', TRUE)",
}

const consistencyCols = "(id INT PRIMARY KEY, s VARCHAR(30) NULL, i INT NULL, amt DECIMAL(12,3) NULL, dbl DOUBLE PRECISION NULL, d DATE NULL, ts %s NULL, b BOOLEAN NULL)"

var consistencyFixture = engineFixture{
	mysql: []string{"CREATE TABLE t " + fmt.Sprintf(consistencyCols, "DATETIME"), "INSERT INTO t VALUES " + strings.Join(consistencyRows, ", ")},
	postgres: []string{"CREATE TABLE t " + fmt.Sprintf(consistencyCols, "TIMESTAMP"), "INSERT INTO t VALUES " + strings.Join(consistencyRows, ", "),
		"ALTER TABLE t ALTER COLUMN ts TYPE TIMESTAMPTZ USING ts AT TIME ZONE 'UTC'",
		// A linguistic collation, as most production databases have (en_US.UTF-8).
		`ALTER TABLE t ALTER COLUMN s TYPE VARCHAR(30) COLLATE "en-x-icu"`},
}

// consistencyQueries are requests on entity set t; each filter must select
// some rows but not all (checked), so that it discriminates.
var consistencyQueries = []string{
	// arithmetic: integer division, modulo of negatives, decimal division, mixed types
	"i div 2 eq 3", "i div 2 eq -3", "i mod 3 eq -1", "i mod 3 eq 1", "amt div 2 gt 1.7", "i add amt gt 10",
	"i sub 1 lt 0", "i mul 2 eq 14", "amt mul 2 eq 7", "dbl div 2 eq 1.25", "i div 3 mul 3 eq i", "amt mod 2 eq 1.5",
	"-i gt 0", "(i add 1) div 2 eq 4",
	// rounding
	"round(amt) eq 4", "round(amt) eq -4", "round(dbl) eq 3", "round(dbl) eq -3", "floor(amt) eq -4", "ceiling(amt) eq -3",
	"floor(dbl) eq -1", "ceiling(dbl) eq 4", "round(amt) eq 1",
	// strings
	"length(s) eq 4", "length(s) eq 0", "length(s) eq 14", "indexof(s,'e') eq 3", "indexof(s,'cme') eq 1", "indexof(s,'zz') eq -1",
	"substring(s,1) eq 'cme'", "substring(s,1,2) eq 'CM'", "substring(s,0,2) eq 'be'", "tolower(s) eq 'acme'", "toupper(s) eq 'BETA_2'",
	"trim(s) eq 'padded'", "concat(s,'!') eq 'x!'", "concat(concat(s,' '),'tea') eq 'green tea tea'", "contains(s,'%')", "contains(s,'_')",
	"startswith(s,'tea')", "endswith(s,'tea')", "s eq ''", "s lt 'B'", "s ge 'a'", "s gt 'Acme'", "s lt 'Ü'", "s gt 'acme'", "s le '  padded  '", "tolower(s) eq 'ünïcödé straße'",
	"length(s) eq 14 and startswith(s,'Ü')",
	// dates and times
	"year(d) eq 2024", "month(d) eq 2 and day(d) eq 29", "d gt 2020-06-15", "d le 2000-02-29", "year(ts) eq 2020",
	"hour(ts) eq 23", "minute(ts) eq 6", "second(ts) eq 8", "date(ts) eq 2020-06-16", "ts lt 2000-01-01T00:00:00Z",
	"ts ge 2024-02-29T23:59:58Z", "ts gt 2020-06-15T08:07:08+02:00", "year(d) lt 1000",
	// null semantics and booleans
	"s eq null", "s ne null", "i gt 3 or s eq null", "not (i gt 3)", "i ne 7", "b", "not b", "b eq false", "b ne true", "b eq null",
	// durations, casts, more functions
	"ts add duration'P1D' gt 2024-03-01T00:00:00Z", "d add duration'P2D' eq 2024-03-02", "ts sub duration'PT1H' lt 1999-12-31T12:00:00Z",
	"cast(i,Edm.String) eq '7'", "cast(amt,Edm.Int32) eq 4", "cast(amt,Edm.Int32) eq -4", "cast(b,Edm.String) eq 'true'",
	"cast(d,Edm.String) eq '2024-02-29'", "cast(amt,Edm.String) eq '3.500'", "cast(i,Edm.Decimal) div 2 eq 3.5",
	"fractionalseconds(ts) eq 0 and second(ts) eq 58", "time(ts) eq 23:59:58", "time(ts) lt 01:00:00",
	"concat(s,cast(i,Edm.String)) eq 'Acme7'", "ts lt now()", "ts gt now()", "d lt maxdatetime()", "totaloffsetminutes(ts) eq 0 and i eq 7",
	"i in (1, 3, 5)", "s in ('Acme', 'x', 'nope')", "(i gt 0 and amt lt 3) or b eq false", "amt eq null or amt gt 100",
}

// consistencyErrors are requests whose answer depends on the data (division
// by zero, overflow, casts of non-numeric text): every engine answers the
// same status (400 with an OData error, or 200 with the same rows).
var consistencyErrors = []string{
	"i div 0 eq 1", "amt div 0 gt 1", "i mod 0 eq 1", "amt div (i sub 7) gt 0", "i div 0 eq 1 and false",
	"cast(s,Edm.Int32) eq 1", "cast(s,Edm.Decimal) gt 0",
}

// consistencyOptions are full requests exercising $orderby, $select, $top, $skip, $search, $count.
var consistencyOptions = []string{
	// Strings order by code point on every engine, whatever the column's
	// collation (PostgreSQL's here is ICU en, MariaDB's general_ci).
	"$orderby=s,id", "$orderby=s%20desc,id", "$orderby=" + qe("tolower(s),id"), "$orderby=" + qe("s desc") + "&$top=4",
	"$orderby=i%20desc,id", "$orderby=amt,id%20desc", "$orderby=d%20desc", "$orderby=ts", "$orderby=b,id", "$orderby=dbl%20desc",
	"$orderby=" + qe("i mod 3,id"), "$orderby=" + qe("length(s) desc,id"), "$orderby=" + qe("year(d),id"),
	"$select=s,amt&$orderby=id&$top=5&$skip=2", "$count=true&$top=3&$filter=" + qe("i gt 0"),
	"$search=acme", "$search=" + qe("tea AND green"), "$search=" + qe(`"green tea"`), "$search=" + qe("acme OR beta"),
	"$search=" + qe("NOT acme"), "$search=" + qe("%"), "$search=STRASSE", "$search=straße",
}

func TestEnginesAgree(t *testing.T) {
	my := newMySQLDB(t, e2eMySQLDB, consistencyFixture.mysql...)
	pg := newPostgresDB(t, e2ePostgresDB, consistencyFixture.postgres...)
	envs := map[string]*demoEnv{
		"sqlite":   serveSQLite(t, "CREATE TABLE t "+fmt.Sprintf(consistencyCols, "DATETIME"), "INSERT INTO t VALUES "+strings.Join(consistencyRows, ", ")),
		"mysql":    my.serve(t, schema.Options{}, gateway.Config{}),
		"postgres": pg.serve(t, schema.Options{}, gateway.Config{}),
	}
	total := len(consistencyRows)
	var reqs []string
	for _, f := range consistencyQueries {
		reqs = append(reqs, "t?$orderby=id&$filter="+qe(f))
	}
	for _, f := range consistencyErrors {
		reqs = append(reqs, "t?$orderby=id&$filter="+qe(f))
	}
	for _, o := range consistencyOptions {
		reqs = append(reqs, "t?"+o)
	}
	nErr := len(consistencyQueries) + len(consistencyErrors)
	for i, u := range reqs {
		results := map[string]any{} // rows on 200, "status code" otherwise
		failed := map[string]string{}
		for name, e := range envs {
			r := e.get(t, u)
			if r.status != 200 {
				failed[name] = fmt.Sprintf("%d %s", r.status, trunc(r.body))
				results[name] = fmt.Sprintf("%d %s", r.status, r.odataError(t).Error.Code)
				continue
			}
			c := r.collection(t)
			rows := c.rows(t)
			if c.Count != nil {
				rows = append(rows, map[string]any{"@odata.count": *c.Count})
			}
			results[name] = rows
		}
		isErrCase := i >= len(consistencyQueries) && i < nErr
		if len(failed) > 0 && !isErrCase {
			t.Errorf("%s: failed on %v", u, failed)
			continue
		}
		ref := results["postgres"]
		for _, name := range []string{"mysql", "sqlite"} {
			if !reflect.DeepEqual(results[name], ref) {
				t.Errorf("%s: %s disagrees with postgres:\n  %s: %s\n  postgres: %s", u, name, name, describe(results[name]), describe(ref))
			}
		}
		if rows, ok := ref.([]map[string]any); ok && i < len(consistencyQueries) && (len(rows) == 0 || len(rows) == total) {
			t.Errorf("%s: %d of %d rows; the case does not discriminate", u, len(rows), total)
		}
	}
}

// describe renders a result: the rows, or the status and error code.
func describe(v any) string {
	rows, ok := v.([]map[string]any)
	if !ok {
		return fmt.Sprint(v)
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%v ", r)
	}
	return b.String()
}

// serveSQLite serves a fresh SQLite database holding the statements as the service "sqlite".
func serveSQLite(t *testing.T, stmts ...string) *demoEnv {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("sqlite: %s: %v", s, err)
		}
	}
	db.Close()
	src, err := sqlite.Open(context.Background(), path, schema.Options{Namespace: "sqlite"}, sqldb.Config{Name: "sqlite", QueryTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return newEnv(t, gateway.Config{}, path, gateway.Service{Name: "sqlite", Source: src})
}
