package tests

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// Values of every Edm type travel exactly through SQL and JSON: decimals
// never through float64, Int64 beyond 2^53, DateTimeOffset always UTC with Z
// whatever the database's or session's zone, Guid lower-case, Binary base64.

var typesFixture = engineFixture{
	mysql: []string{
		"CREATE TABLE vals (id INT PRIMARY KEY, dec_big DECIMAL(18,4) NULL, dec_small DECIMAL(10,1) NULL, big BIGINT NULL," +
			" dto DATETIME(6) NULL, ts TIMESTAMP(3) NULL DEFAULT NULL, d DATE NULL, g UUID NULL, bin VARBINARY(16) NULL," +
			" flag BOOLEAN NULL, dbl DOUBLE NULL, txt VARCHAR(20) NULL)",
		"INSERT INTO vals VALUES" +
			" (1, 12345678901234.5678, 0.1, 9007199254740993, '2024-02-29 23:59:58.123456', '2024-06-01 12:00:00.5', '2024-02-29'," +
			"  '6F9619FF-8B86-D011-B42D-00C04FC964FF', X'00FF10', TRUE, 0.1, 'x')," +
			" (2, -0.0001, -0.1, -9223372036854775808, '1970-01-01 00:00:00', '1999-12-31 23:59:59', '1999-12-31'," +
			"  '00000000-0000-0000-0000-000000000000', X'', FALSE, 1e300, '')," +
			" (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
		"CREATE TABLE bigkeys (k BIGINT PRIMARY KEY, v VARCHAR(10) NOT NULL)",
		"INSERT INTO bigkeys VALUES (9007199254740992, 'even'), (9007199254740993, 'odd'), (9223372036854775807, 'max')",
	},
	postgres: []string{
		// Sessions default to a zone far from UTC: the gateway must not depend on it.
		"ALTER DATABASE " + e2ePostgresDB + " SET timezone TO 'Asia/Kolkata'",
		"CREATE TABLE vals (id INT PRIMARY KEY, dec_big NUMERIC(18,4), dec_small NUMERIC(10,1), big BIGINT," +
			" dto TIMESTAMPTZ(6), ts TIMESTAMP(3), d DATE, g UUID, bin BYTEA, flag BOOLEAN, dbl DOUBLE PRECISION, txt VARCHAR(20))",
		"INSERT INTO vals VALUES" +
			" (1, 12345678901234.5678, 0.1, 9007199254740993, '2024-03-01 01:59:58.123456+02:00', '2024-06-01 12:00:00.5', '2024-02-29'," +
			"  '6F9619FF-8B86-D011-B42D-00C04FC964FF', '\\x00ff10', TRUE, 0.1, 'x')," +
			" (2, -0.0001, -0.1, -9223372036854775808, '1969-12-31 19:00:00-05:00', '1999-12-31 23:59:59', '1999-12-31'," +
			"  '00000000-0000-0000-0000-000000000000', '\\x', FALSE, 1e300, '')," +
			" (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
		"CREATE TABLE bigkeys (k BIGINT PRIMARY KEY, v VARCHAR(10) NOT NULL)",
		"INSERT INTO bigkeys VALUES (9007199254740992, 'even'), (9007199254740993, 'odd'), (9223372036854775807, 'max')",
	},
}

// typesWant is the JSON of rows 1..3 by property; json.Number for numbers.
var typesWant = []map[string]any{
	{"id": json.Number("1"), "dec_big": json.Number("12345678901234.5678"), "dec_small": json.Number("0.1"),
		"big": json.Number("9007199254740993"), "dto": "2024-02-29T23:59:58.123456Z", "ts": "2024-06-01T12:00:00.5Z",
		"d": "2024-02-29", "g": "6f9619ff-8b86-d011-b42d-00c04fc964ff", "bin": "AP8Q", "flag": true,
		"dbl": json.Number("0.1"), "txt": "x"},
	{"id": json.Number("2"), "dec_big": json.Number("-0.0001"), "dec_small": json.Number("-0.1"),
		"big": json.Number("-9223372036854775808"), "dto": "1970-01-01T00:00:00Z", "ts": "1999-12-31T23:59:59Z",
		"d": "1999-12-31", "g": "00000000-0000-0000-0000-000000000000", "bin": "", "flag": false,
		"dbl": json.Number("1e+300"), "txt": ""},
	{"id": json.Number("3"), "dec_big": nil, "dec_small": nil, "big": nil, "dto": nil, "ts": nil, "d": nil, "g": nil,
		"bin": nil, "flag": nil, "dbl": nil, "txt": nil},
}

func TestEngineTypesOverJSON(t *testing.T) {
	eachEngine(t, typesFixture, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{}, gateway.Config{})
		doc, _ := fetchMetadata(t, e)
		props, _ := doc.props(t, "vals")
		for name, typ := range map[string]string{"dec_big": "Edm.Decimal", "dec_small": "Edm.Decimal", "big": "Edm.Int64",
			"dto": "Edm.DateTimeOffset", "ts": "Edm.DateTimeOffset", "d": "Edm.Date", "g": "Edm.Guid", "bin": "Edm.Binary",
			"flag": "Edm.Boolean", "dbl": "Edm.Double", "txt": "Edm.String"} {
			if props[name] != typ {
				t.Errorf("vals.%s: type %q, want %s", name, props[name], typ)
			}
		}

		rows := e.get(t, "vals?$orderby=id").collection(t).rows(t)
		checkRows(t, "JSON", rows, typesWant)

		// The raw text of the response: decimals and large integers are JSON numbers written exactly.
		raw := e.get(t, "vals(1)").mustStatus(t, 200).body
		for _, frag := range []string{`"dec_big":12345678901234.5678`, `"dec_small":0.1,`, `"big":9007199254740993`, `"dbl":0.1,`} {
			if !bytes.Contains(raw, []byte(frag)) {
				t.Errorf("vals(1) lacks %s: %s", frag, raw)
			}
		}

		// IEEE754Compatible=true: Int64 and Decimal as strings; the others unchanged.
		for _, h := range []string{"application/json;IEEE754Compatible=true", "application/json;odata.metadata=minimal;IEEE754Compatible=true"} {
			ieee := e.get(t, "vals?$orderby=id", "Accept", h).collection(t).rows(t)
			want := make([]map[string]any, len(typesWant))
			for i, w := range typesWant {
				want[i] = map[string]any{}
				for k, v := range w {
					if n, ok := v.(json.Number); ok && (strings.HasPrefix(k, "dec_") || k == "big") {
						want[i][k] = string(n)
					} else {
						want[i][k] = v
					}
				}
			}
			checkRows(t, h, ieee, want)
		}
		if ct := e.get(t, "vals(1)?$format=application/json;IEEE754Compatible=true").mustStatus(t, 200).header.Get("Content-Type"); !strings.Contains(ct, "IEEE754Compatible=true") {
			t.Errorf("IEEE754Compatible response content type %q", ct)
		}

		// Filters with literals of every type find exactly their row.
		for _, c := range []struct {
			filter string
			want   []int64
		}{
			{"dec_big eq 12345678901234.5678", []int64{1}},
			{"dec_big gt 12345678901234.5677 and dec_big lt 12345678901234.5679", []int64{1}},
			{"dec_small eq 0.1", []int64{1}},
			{"dec_small add 0.2 eq 0.3", []int64{1}},
			{"big eq 9007199254740993", []int64{1}},
			{"big eq 9007199254740992", nil},
			{"big lt -9223372036854775807", []int64{2}},
			{"dto eq 2024-02-29T23:59:58.123456Z", []int64{1}},
			{"dto eq 2024-03-01T01:59:58.123456+02:00", []int64{1}},
			{"dto lt 2000-01-01T00:00:00Z", []int64{2}},
			{"year(dto) eq 2024 and month(dto) eq 2 and day(dto) eq 29 and hour(dto) eq 23", []int64{1}},
			{"date(dto) eq 2024-02-29", []int64{1}},
			{"ts eq 2024-06-01T12:00:00.5Z", []int64{1}},
			{"d eq 2024-02-29", []int64{1}},
			{"d lt 2000-01-01", []int64{2}},
			{"g eq 6f9619ff-8b86-d011-b42d-00c04fc964ff", []int64{1}},
			{"g eq 6F9619FF-8B86-D011-B42D-00C04FC964FF", []int64{1}},
			{"flag eq false", []int64{2}},
			{"flag", []int64{1}},
			{"flag eq null", []int64{3}},
			{"txt eq ''", []int64{2}},
			{"dbl eq 0.1", []int64{1}},
			{"dbl gt 1e299", []int64{2}},
		} {
			r := e.get(t, "vals?$select=id&$orderby=id&$filter="+qe(c.filter))
			if r.status != 200 {
				t.Errorf("$filter=%s: status %d: %s", c.filter, r.status, trunc(r.body))
				continue
			}
			var got []int64
			for _, row := range r.collection(t).rows(t) {
				n, _ := row["id"].(json.Number).Int64()
				got = append(got, n)
			}
			if !equalInts(got, c.want) {
				t.Errorf("$filter=%s: ids %v, want %v", c.filter, got, c.want)
			}
		}

		// Single properties and their raw values.
		for _, c := range []struct{ path, want string }{
			{"vals(1)/big/$value", "9007199254740993"},
			{"vals(1)/dec_big/$value", "12345678901234.5678"},
			{"vals(1)/dto/$value", "2024-02-29T23:59:58.123456Z"},
			{"vals(1)/d/$value", "2024-02-29"},
			{"vals(1)/g/$value", "6f9619ff-8b86-d011-b42d-00c04fc964ff"},
			{"vals(1)/flag/$value", "true"},
			{"vals(1)/bin/$value", "\x00\xff\x10"},
		} {
			r := e.get(t, c.path)
			if r.status != 200 || string(r.body) != c.want {
				t.Errorf("%s: %d %q, want %q", c.path, r.status, r.body, c.want)
			}
		}
		var prop struct {
			Value json.Number `json:"value"`
		}
		if err := json.Unmarshal(e.get(t, "vals(1)/dec_big").mustStatus(t, 200).body, &prop); err != nil || prop.Value != "12345678901234.5678" {
			t.Errorf("vals(1)/dec_big: %v %q", err, prop.Value)
		}
		e.get(t, "vals(3)/dto").mustStatus(t, 204)

		// Int64 keys beyond 2^53 address exactly their entity.
		for key, v := range map[string]string{"9007199254740992": "even", "9007199254740993": "odd", "9223372036854775807": "max"} {
			ent := e.get(t, "bigkeys("+key+")").entity(t)
			if ent["v"] != v || ent["k"] != json.Number(key) {
				t.Errorf("bigkeys(%s) = %v", key, ent)
			}
		}
		ids := e.readAllIDs(t, "bigkeys?$orderby=k%20desc", "k", "Prefer", "odata.maxpagesize=1")
		if !equalInts(ids, []int64{9223372036854775807, 9007199254740993, 9007199254740992}) {
			t.Errorf("bigkeys desc by pages of 1: %v", ids)
		}
		e.get(t, "bigkeys(9223372036854775808)").mustStatus(t, 400)
	})
}

// checkRows compares decoded rows with the wanted property values, all of them.
func checkRows(t *testing.T, what string, got, want []map[string]any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for i, w := range want {
		if len(got[i]) != len(w) {
			t.Errorf("%s: row %d has %d properties, want %d: %v", what, i+1, len(got[i]), len(w), got[i])
		}
		for k, v := range w {
			if got[i][k] != v {
				t.Errorf("%s: row %d: %s = %#v, want %#v", what, i+1, k, got[i][k], v)
			}
		}
	}
}

// Whatever time zone and parsing settings a DSN asks for, values come out the
// same (the engines force UTC and real parameters).
func TestEngineDSNSettingsOverridden(t *testing.T) {
	eachEngine(t, typesFixture, func(t *testing.T, d *engineDB) {
		hostile := d.dsn + "?parseTime=false&loc=Asia%2FTokyo&time_zone=%27%2B09%3A00%27&interpolateParams=true"
		if d.kind == "postgres" {
			hostile = d.dsn + "&timezone=America%2FNew_York&datestyle=SQL%2C%20DMY"
		}
		plain := *d
		odd := *d
		odd.dsn = hostile
		for _, x := range []*engineDB{&plain, &odd} {
			e := x.serve(t, schema.Options{}, gateway.Config{})
			checkRows(t, x.dsn, e.get(t, "vals?$orderby=id").collection(t).rows(t), typesWant)
			c := e.get(t, "vals?$select=id&$filter="+qe("dto eq 2024-02-29T23:59:58.123456Z and hour(dto) eq 23 and d eq 2024-02-29")).collection(t)
			if len(c.Value) != 1 {
				t.Errorf("%s: filter on UTC values: %d rows", x.dsn, len(c.Value))
			}
		}
	})
}
