package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// Database types no client understands (JSON, enums, sets, times, intervals,
// arrays, network addresses, money, unsigned 64-bit integers...) are served
// as types Salesforce, Power BI and Tableau accept, with their values as
// text, and they filter as what they are served as.

type exoticCase struct {
	prop, typ string // property and its Edm type in $metadata
	want      any    // JSON value of row 1
	filter    string // a filter that selects row 1 only
}

func TestEngineExoticTypes(t *testing.T) {
	fx := engineFixture{
		mysql: []string{
			"CREATE TABLE ex (id INT PRIMARY KEY, st ENUM('active','closed') NULL, tags SET('a','b','c') NULL, doc JSON NULL," +
				" yr YEAR NULL, bit1 BIT(1) NULL, tiny TINYINT UNSIGNED NULL, ubig BIGINT UNSIGNED NULL, tm TIME NULL, txt MEDIUMTEXT NULL," +
				" flt FLOAT NULL, sm SMALLINT NULL)",
			"INSERT INTO ex VALUES (1, 'active', 'a,c', '{\"k\": [1, 2]}', 2024, b'1', 255, 18446744073709551615, '13:45:30', 'long text', 1.5, -32768)," +
				" (2, 'closed', '', '[]', 1999, b'0', 0, 0, '00:00:00', '', -0.25, 32767), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
		},
		postgres: []string{
			"CREATE TYPE mood AS ENUM ('active', 'closed')",
			"CREATE DOMAIN posint AS INTEGER CHECK (VALUE > 0)",
			"CREATE TABLE ex (id INT PRIMARY KEY, st mood NULL, tags TEXT[] NULL, doc JSONB NULL, iv INTERVAL NULL, ip INET NULL," +
				" cash MONEY NULL, tm TIME NULL, pos posint NULL, flt REAL NULL, sm SMALLINT NULL, x XML NULL)",
			"INSERT INTO ex VALUES (1, 'active', ARRAY['a','c'], '{\"k\": [1, 2]}', '1 day 02:00:00', '10.0.0.1', 12.5, '13:45:30', 7, 1.5, -32768, '<a>1</a>')," +
				" (2, 'closed', ARRAY[]::text[], '[]', '00:00:00', '::1', 0, '00:00:00', 1, -0.25, 32767, '<b/>'), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
		},
	}
	cases := map[string][]exoticCase{
		"mysql": {
			{"st", "Edm.String", "active", "st eq 'active'"},
			{"tags", "Edm.String", "a,c", "tags eq 'a,c'"},
			{"doc", "Edm.String", nil, "contains(doc,'\"k\"')"},
			{"yr", "Edm.Int16", json.Number("2024"), "yr eq 2024"},
			{"bit1", "Edm.Boolean", true, "bit1"},
			{"tiny", "Edm.Byte", json.Number("255"), "tiny eq 255"},
			{"ubig", "Edm.Decimal", json.Number("18446744073709551615"), "ubig eq 18446744073709551615"},
			{"tm", "Edm.String", "13:45:30", "tm eq '13:45:30'"},
			{"txt", "Edm.String", "long text", "startswith(txt,'long')"},
			{"flt", "Edm.Single", json.Number("1.5"), "flt gt 1"},
			{"sm", "Edm.Int16", json.Number("-32768"), "sm lt 0"},
		},
		"postgres": {
			{"st", "Edm.String", "active", "st eq 'active'"},
			{"tags", "Edm.String", nil, "contains(tags,'c')"},
			{"doc", "Edm.String", nil, "contains(doc,'\"k\"')"},
			{"iv", "Edm.String", nil, "startswith(iv,'1 day')"},
			{"ip", "Edm.String", nil, "startswith(ip,'10.')"},
			{"cash", "Edm.String", nil, "cash ne null and not contains(cash,'0.00')"},
			{"tm", "Edm.String", "13:45:30", "tm eq '13:45:30'"},
			{"pos", "Edm.Int32", json.Number("7"), "pos eq 7"},
			{"flt", "Edm.Single", json.Number("1.5"), "flt gt 1"},
			{"sm", "Edm.Int16", json.Number("-32768"), "sm lt 0"},
			{"x", "Edm.String", "<a>1</a>", "x eq '<a>1</a>'"},
		},
	}
	eachEngine(t, fx, func(t *testing.T, d *engineDB) {
		e := d.serve(t, schema.Options{}, gateway.Config{})
		doc, _ := fetchMetadata(t, e)
		props, _ := doc.props(t, "ex")
		row := e.get(t, "ex(1)").entity(t)
		for _, c := range cases[d.kind] {
			if props[c.prop] != c.typ {
				t.Errorf("%s: type %q, want %s", c.prop, props[c.prop], c.typ)
			}
			switch want := c.want.(type) {
			case nil: // text whose exact form is the database's: a non-empty string
				if s, ok := row[c.prop].(string); !ok || s == "" {
					t.Errorf("%s = %#v, want text", c.prop, row[c.prop])
				}
			default:
				if row[c.prop] != want {
					t.Errorf("%s = %#v, want %#v", c.prop, row[c.prop], want)
				}
			}
			r := e.get(t, "ex?$select=id&$filter="+qe(c.filter))
			if r.status != 200 {
				t.Errorf("$filter=%s: status %d: %s", c.filter, r.status, trunc(r.body))
				continue
			}
			if ids := r.collection(t).rows(t); len(ids) != 1 || ids[0]["id"] != json.Number("1") {
				t.Errorf("$filter=%s: %v, want row 1", c.filter, ids)
			}
			// Ordering and paging over the column work too.
			if got := e.readAllIDs(t, "ex?$select=id&$orderby="+c.prop+"%20desc", "id", "Prefer", "odata.maxpagesize=1"); len(got) != 3 {
				t.Errorf("$orderby=%s desc by pages of 1: %v", c.prop, got)
			}
		}
		// Every property of the set is of a type clients accept.
		for name, typ := range props {
			switch typ {
			case "Edm.Boolean", "Edm.Byte", "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Single", "Edm.Double", "Edm.Decimal",
				"Edm.Date", "Edm.DateTimeOffset", "Edm.Guid", "Edm.Binary", "Edm.String":
			default:
				t.Errorf("%s has type %s, which Salesforce Connect rejects", name, typ)
			}
		}
		// Nulls stay null.
		for k, v := range e.get(t, "ex(3)").entity(t) {
			if k != "id" && !strings.HasPrefix(k, "@") && v != nil {
				t.Errorf("ex(3).%s = %#v, want null", k, v)
			}
		}
	})
}
