package tests

import (
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// $apply on the demo against hand-written GROUP BY SQL, with the number of
// statements per request.

// cents formats an exact amount of cents as canonical decimal text
// (no trailing fractional zeros), as the gateway writes decimal aggregates.
func cents(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n/100, 10)
	if f := n % 100; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", f), "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// applyRow is one expected result row rendered as text, for comparison.
func applyRows(t *testing.T, db *sql.DB, stmt string) [][]string {
	t.Helper()
	rows, err := db.Query(stmt)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		raw := make([]sql.NullString, len(cols))
		dest := make([]any, len(cols))
		for i := range raw {
			dest[i] = &raw[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		r := make([]string, len(cols))
		for i, v := range raw {
			r[i] = "null"
			if v.Valid {
				r[i] = v.String
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func text(v any) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(v)
}

func TestDemoApplyGroupByNavigation(t *testing.T) {
	e, ss := newCountingDemoEnv(t)
	// The exact sum in cents: SQLite stores DECIMAL as REAL.
	want := applyRows(t, e.db, `SELECT o.ShipCountry, c.Country, SUM(CAST(ROUND(o.Freight*100) AS INTEGER)), COUNT(*),
		COUNT(DISTINCT o.EmployeeID), MAX(o.Freight)
		FROM Orders o LEFT JOIN Customers c ON o.CustomerID = c.CustomerID
		WHERE o.Freight > 10 GROUP BY o.ShipCountry, c.Country ORDER BY o.ShipCountry, c.Country`)
	if len(want) < 5 {
		t.Fatalf("only %d groups in the demo", len(want))
	}
	for i := range want {
		n, _ := strconv.ParseInt(want[i][2], 10, 64)
		want[i][2] = cents(n)
	}
	ss.reset()
	u := "Orders?$apply=" + url.QueryEscape("filter(Freight gt 10)/groupby((ShipCountry,Customer/Country),aggregate(Freight with sum as Total,$count as N,EmployeeID with countdistinct as E,Freight with max as M))")
	c := e.get(t, u).collection(t)
	if n := ss.statements(); n != 1 {
		t.Errorf("%d statements, want 1", n)
	}
	if !strings.HasSuffix(c.Context, "$metadata#Orders(ShipCountry,Customer(Country),Total,N,E,M)") {
		t.Errorf("context %s", c.Context)
	}
	got := c.rows(t)
	if len(got) != len(want) {
		t.Fatalf("%d groups, want %d", len(got), len(want))
	}
	for i, r := range got {
		cust, ok := r["Customer"].(map[string]any)
		if !ok {
			t.Fatalf("row %d: Customer is not nested: %v", i, r)
		}
		m, _ := strconv.ParseFloat(want[i][5], 64)
		g := []string{text(r["ShipCountry"]), text(cust["Country"]), text(r["Total"]), text(r["N"]), text(r["E"]), text(r["M"])}
		w := append(append([]string(nil), want[i][:5]...), text(strconv.FormatFloat(m, 'f', 2, 64)))
		if strings.Join(g, "|") != strings.Join(w, "|") {
			t.Errorf("row %d: got %v, want %v", i, g, w)
		}
	}
}

func TestDemoApplyAggregateAndPaging(t *testing.T) {
	e, ss := newCountingDemoEnv(t)
	// aggregate alone: one row, also on an empty input.
	want := applyRows(t, e.db, `SELECT SUM(CAST(ROUND(Freight*100) AS INTEGER)), COUNT(*) FROM Orders`)
	n, _ := strconv.ParseInt(want[0][0], 10, 64)
	rows := e.get(t, "Orders?$apply="+url.QueryEscape("aggregate(Freight with sum as Total,$count as N)")).collection(t).rows(t)
	if len(rows) != 1 || text(rows[0]["Total"]) != cents(n) || text(rows[0]["N"]) != want[0][1] {
		t.Errorf("aggregate: %v, want %s %s", rows, cents(n), want[0][1])
	}
	rows = e.get(t, "Orders?$apply="+url.QueryEscape("filter(OrderID lt 0)/aggregate(Freight with sum as Total,$count as N)")).collection(t).rows(t)
	if len(rows) != 1 || rows[0]["Total"] != nil || text(rows[0]["N"]) != "0" {
		t.Errorf("aggregate of nothing: %v", rows)
	}

	// filter after aggregation, $orderby on an alias, $count, paging by offset.
	want = applyRows(t, e.db, `SELECT ShipCountry, COUNT(*) FROM Orders GROUP BY ShipCountry HAVING COUNT(*) > 5
		ORDER BY COUNT(*) DESC, ShipCountry`)
	u := "Orders?$apply=" + url.QueryEscape("groupby((ShipCountry),aggregate($count as N))/filter(N gt 5)") +
		"&$orderby=N%20desc&$count=true"
	ss.reset()
	c := e.get(t, u, "Prefer", "odata.maxpagesize=3").collection(t)
	if ss.statements() != 2 {
		t.Errorf("%d statements with $count=true, want 2", ss.statements())
	}
	if c.Count == nil || *c.Count != int64(len(want)) {
		t.Errorf("@odata.count %v, want %d", c.Count, len(want))
	}
	var got [][]string
	for page := c; ; {
		for _, r := range page.rows(t) {
			got = append(got, []string{text(r["ShipCountry"]), text(r["N"])})
		}
		if page.NextLink == "" {
			break
		}
		page = e.get(t, page.NextLink, "Prefer", "odata.maxpagesize=3").collection(t)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("paged groups:\n got %v\nwant %v", got, want)
	}

	// $top and $select on the result; groupby alone is the distinct values.
	rows = e.get(t, "Orders?$apply="+url.QueryEscape("groupby((ShipCountry),aggregate(Freight with sum as S,$count as N))")+
		"&$orderby=N%20desc&$top=2&$select=N").collection(t).rows(t)
	if len(rows) != 2 || len(rows[0]) != 1 || text(rows[0]["N"]) != want[0][1] {
		t.Errorf("$top/$select: %v", rows)
	}
	distinct := applyRows(t, e.db, `SELECT COUNT(DISTINCT ShipCountry) FROM Orders`)
	c = e.get(t, "Orders?$apply=groupby((ShipCountry))&$count=true&$top=0").collection(t)
	if c.Count == nil || strconv.FormatInt(*c.Count, 10) != distinct[0][0] {
		t.Errorf("distinct countries %v, want %s", c.Count, distinct[0][0])
	}
}

func TestDemoApplyNotImplemented(t *testing.T) {
	e, _ := newCountingDemoEnv(t)
	for _, u := range []string{
		"Orders?$apply=" + url.QueryEscape("concat(top(2),aggregate($count as Count))"),
		"Orders?$apply=" + url.QueryEscape("compute(Freight mul 2 as F2)"),
		"Orders?$apply=" + url.QueryEscape("aggregate($count as N)/concat(aggregate(N with sum as S),aggregate(N with max as M))"),
		"Orders?$apply=" + url.QueryEscape("groupby((ShipCountry),aggregate($count as N))/groupby((N),aggregate($count as C))"),
		"Orders?$apply=" + url.QueryEscape("filter(Freight gt 10)"),
		"Orders(10248)?$apply=" + url.QueryEscape("aggregate($count as N)"),
	} {
		r := e.get(t, u)
		if r.status != 501 {
			t.Errorf("%s: status %d, want 501: %s", u, r.status, trunc(r.body))
		}
	}
	for trafo, u := range map[string]string{
		"concat": "concat(top(2),aggregate($count as Count))", "(top)": "concat(top(2),aggregate($count as Count))",
		"compute": "compute(Freight mul 2 as F2)",
	} {
		r := e.get(t, "Orders?$apply="+url.QueryEscape(u))
		if !strings.Contains(r.odataError(t).Error.Message, trafo) {
			t.Errorf("501 does not name %s: %s", trafo, r.body)
		}
	}
}
