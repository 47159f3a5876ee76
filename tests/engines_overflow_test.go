package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// Arithmetic a client asks for that overflows, and special values a
// database stores, are answered properly on every engine: an overflow is a
// 400 (never a dropped connection: MariaDB reports a BIGINT overflow only
// when it computes the row, after earlier rows were read), and PostgreSQL's
// numeric NaN and ±Infinity are the strings OData JSON has for them instead
// of a response that breaks off.

var overflowFixture = engineFixture{
	mysql: []string{
		"CREATE TABLE nums (id INT PRIMARY KEY, big BIGINT NULL, d DECIMAL(12,2) NULL)",
		"INSERT INTO nums VALUES (1, 1, 1.5), (2, 2, 2.5), (3, 9223372036854775807, 3.5)",
	},
	postgres: []string{
		"CREATE TABLE nums (id INT PRIMARY KEY, big BIGINT NULL, d NUMERIC(12,2) NULL)",
		"INSERT INTO nums VALUES (1, 1, 1.5), (2, 2, 'NaN'), (3, 9223372036854775807, 3.5)",
		"CREATE TABLE specials (id INT PRIMARY KEY, n NUMERIC NULL)",
		"INSERT INTO specials VALUES (1, 'NaN'), (2, 'Infinity'), (3, '-Infinity'), (4, 2.5), (5, NULL)",
	},
}

func TestEngineOverflowAndSpecialValues(t *testing.T) {
	eachEngine(t, overflowFixture, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{}, gateway.Config{})
		for _, url := range []string{
			// The overflowing row comes after rows that were fine.
			"nums?$compute=big%20add%20big%20as%20x&$select=id,x&$orderby=id",
			"nums?$filter=big%20add%201%20gt%200&$orderby=id",
			"nums?$filter=big%20mul%202%20gt%200&$orderby=id",
			"nums?$compute=-big%20sub%202%20as%20x&$orderby=id",
			"nums(3)?$compute=big%20add%20big%20as%20x",
			"nums/$count?$filter=big%20add%201%20gt%200",
			// The database sums in a wider type; the Int64 result does not hold it.
			"nums?$apply=groupby((id),aggregate(big%20with%20sum%20as%20s))/compute(s%20add%20s%20as%20z)&$orderby=id",
		} {
			r := e.get(t, url)
			if r.status != 400 {
				t.Errorf("%s: status %d, want 400: %s", url, r.status, trunc(r.body))
				continue
			}
			if oe := r.odataError(t); oe.Error.Code != "InvalidData" || !strings.Contains(oe.Error.Message, "out of the range") && !strings.Contains(oe.Error.Message, "out of range") {
				t.Errorf("%s: %s %q", url, oe.Error.Code, oe.Error.Message)
			}
		}
		// Below the overflow, the same arithmetic is exact.
		got := e.get(t, "nums?$compute=big%20add%20big%20as%20x&$select=id,x&$filter=id%20lt%203&$orderby=id").collection(t).rows(t)
		if len(got) != 2 || got[1]["x"] != json.Number("4") {
			t.Errorf("big add big: %v", got)
		}
		if d.kind != "postgres" {
			return
		}
		rows := e.get(t, "specials?$orderby=id").collection(t).rows(t)
		want := []any{"NaN", "INF", "-INF", json.Number("2.5"), nil}
		if len(rows) != len(want) {
			t.Fatalf("specials: %v", rows)
		}
		for i, w := range want {
			if rows[i]["n"] != w {
				t.Errorf("specials(%d).n = %#v, want %#v", i+1, rows[i]["n"], w)
			}
		}
		if v := e.get(t, "nums(2)").entity(t)["d"]; v != "NaN" {
			t.Errorf("nums(2).d = %#v, want \"NaN\"", v)
		}
		// Ordered and paged by the column holding them: every row once.
		var ids []string
		url := "specials?$select=id&$orderby=n%20desc"
		for url != "" {
			c := e.get(t, url, "Prefer", "odata.maxpagesize=2").collection(t)
			for _, r := range c.rows(t) {
				ids = append(ids, string(r["id"].(json.Number)))
			}
			url = c.NextLink
		}
		if strings.Join(ids, ",") != "1,2,4,3,5" {
			t.Errorf("specials ordered by n desc, paged: %v, want 1,2,4,3,5 (NaN above every number, null last)", ids)
		}
	})
}
