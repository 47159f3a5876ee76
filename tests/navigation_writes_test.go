package tests

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// dbInt reads one integer (or -1 for null, -2 for no row) from the fixture database.
func (e *navEnv) dbInt(t *testing.T, query string) int64 {
	t.Helper()
	var v sql.NullInt64
	if err := e.db.QueryRow(query).Scan(&v); err != nil {
		if err == sql.ErrNoRows {
			return -2
		}
		t.Fatal(err)
	}
	if !v.Valid {
		return -1
	}
	return v.Int64
}

// Writes through navigation paths and of references, on the three engines:
// the foreign key set from the parent or the reference, every check of an
// update (404 off the path, If-Match, writes policy), the cache dropped.
func TestNavigationWritesEngines(t *testing.T) {
	eachNavEngine(t, func(t *testing.T, e *navEnv) {
		q := func(c string) string { // the engine's identifier quote
			return map[string]string{"mysql": "`"}[e.kind] + c + map[string]string{"mysql": "`"}[e.kind]
		}
		if e.kind != "mysql" {
			q = func(c string) string { return `"` + c + `"` }
		}
		categoryOf := func(product int) int64 {
			return e.dbInt(t, "SELECT "+q("CategoryID")+" FROM "+q("Products")+" WHERE "+q("ProductID")+" = "+fmt.Sprint(product))
		}
		// POST to a collection-valued navigation property.
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":50,"Name":"Nav made","Discontinued":false}`).mustStatus(t, 201)
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":51,"Name":"Same key","Discontinued":false,"CategoryID":2}`).mustStatus(t, 201)
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":52,"Name":"Other","Discontinued":false,"CategoryID":3}`).wantError(t, 400, "", "CategoryID")
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":54,"Name":"Bound","Discontinued":false,"Category@odata.bind":"Categories(2)"}`).wantError(t, 400, "", "Category@odata.bind")
		e.send(t, "POST", "Categories(2)/Products", `{"ProductID":55,"Name":"Deep","Discontinued":false,"Category":{"CategoryID":7,"Name":"New"}}`).wantError(t, 400, "", "Category")
		e.send(t, "POST", "Categories(9)/Products", `{"ProductID":53,"Name":"Orphan","Discontinued":false}`).wantError(t, 404, "", "")
		e.send(t, "POST", "Categories(1)/Products(2)/OrderLines", `{"OrderID":200,"Quantity":3}`).mustStatus(t, 201)
		e.send(t, "POST", "Categories(2)/Products(2)/OrderLines", `{"OrderID":201,"Quantity":3}`).wantError(t, 404, "", "")
		if categoryOf(50) != 2 || categoryOf(51) != 2 || categoryOf(52) != -2 || categoryOf(53) != -2 || categoryOf(54) != -2 || categoryOf(55) != -2 ||
			e.dbInt(t, "SELECT "+q("ProductID")+" FROM "+q("OrderLines")+" WHERE "+q("OrderID")+" = 200") != 2 ||
			e.dbInt(t, "SELECT COUNT(*) FROM "+q("OrderLines")+" WHERE "+q("OrderID")+" = 201") != 0 {
			t.Fatal("POST to navigation paths: wrong rows")
		}
		// Entities, properties reached along a path: changed where the path leads, 404 elsewhere.
		e.send(t, "PATCH", "Categories(1)/Products(2)", `{"Stock":99}`).mustStatus(t, 204)
		e.send(t, "PATCH", "Categories(2)/Products(1)", `{"Stock":98}`).wantError(t, 404, "", "")
		e.send(t, "PUT", "Products(2)/Category/Description", `{"value":"changed"}`).mustStatus(t, 204)
		e.send(t, "DELETE", "Categories(2)/Products(51)", "").mustStatus(t, 204)
		if e.dbInt(t, "SELECT "+q("Stock")+" FROM "+q("Products")+" WHERE "+q("ProductID")+" = 2") != 99 ||
			e.dbInt(t, "SELECT "+q("Stock")+" FROM "+q("Products")+" WHERE "+q("ProductID")+" = 1") != 39 || categoryOf(51) != -2 ||
			e.dbInt(t, "SELECT COUNT(*) FROM "+q("Categories")+" WHERE "+q("Description")+" = 'changed' AND "+q("CategoryID")+" = 1") != 1 {
			t.Fatal("writes through navigation paths: wrong rows")
		}

		// References of a single-valued navigation property: the product's foreign key.
		ref := func(url string) string {
			r := e.get(t, url)
			if r.status == 204 {
				return "null"
			}
			return strings.TrimPrefix(r.mustStatus(t, 200).object(t)["@odata.id"].(string), e.root)
		}
		if got := ref("Products(6)/Category/$ref"); got != "null" { // cached now
			t.Fatalf("product 6 has category %s", got)
		}
		r := e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"Categories(4)"}`).mustStatus(t, 204)
		if r.header.Get("ETag") == "" || categoryOf(6) != 4 || ref("Products(6)/Category/$ref") != "Categories(4)" {
			t.Fatalf("PUT $ref: category %d, read %s, ETag %q", categoryOf(6), ref("Products(6)/Category/$ref"), r.header.Get("ETag"))
		}
		e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"`+e.root+`Categories(3)"}`, "If-Match", `W/"stale"`).wantError(t, 412, "", "")
		e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"`+e.root+`Categories(3)"}`, "If-Match", r.header.Get("ETag")).mustStatus(t, 204)
		e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"Categories(99)"}`).wantError(t, 400, "", "")
		e.send(t, "PUT", "Products(6)/Category/$ref", `{"@odata.id":"Products(1)"}`).wantError(t, 400, "", "")
		if categoryOf(6) != 3 {
			t.Fatalf("product 6: category %d, want 3", categoryOf(6))
		}
		e.send(t, "DELETE", "Products(6)/Category/$ref", "").mustStatus(t, 204)
		if categoryOf(6) != -1 || ref("Products(6)/Category/$ref") != "null" {
			t.Fatalf("DELETE $ref: category %d", categoryOf(6))
		}
		// The foreign key is part of the line's key: it cannot change.
		e.send(t, "PUT", "OrderLines(OrderID=100,ProductID=1)/Product/$ref", `{"@odata.id":"Products(2)"}`).wantError(t, 400, "", "ProductID")
		// Shipments are read-only: their references too.
		r = e.send(t, "PUT", "Shipments(1)/OrderLines/$ref", `{"@odata.id":"OrderLines(OrderID=100,ProductID=3)"}`).mustStatus(t, 405)
		if a := r.header.Get("Allow"); a != "GET, HEAD" {
			t.Errorf("Allow %q", a)
		}

		// References of a collection-valued navigation property: the related entities' foreign key.
		before := e.refIDs(t, e.get(t, "Categories(4)/Products/$ref").mustStatus(t, 200)) // cached now
		e.send(t, "POST", "Categories(4)/Products/$ref", `{"@odata.id":"Products(7)"}`).mustStatus(t, 204)
		after := e.refIDs(t, e.get(t, "Categories(4)/Products/$ref").mustStatus(t, 200))
		if len(before) != 0 || !slices.Equal(after, []string{"Products(7)"}) || categoryOf(7) != 4 {
			t.Fatalf("POST $ref: before %v, after %v", before, after)
		}
		e.send(t, "POST", "Categories(4)/Products/$ref", `{"@odata.id":"Products(99)"}`).wantError(t, 400, "", "")
		e.send(t, "DELETE", "Categories(3)/Products/$ref?$id=Products(7)", "").wantError(t, 404, "", "")
		e.send(t, "DELETE", "Categories(4)/Products/$ref?$id="+e.root+"Products(7)", "").mustStatus(t, 204)
		e.send(t, "DELETE", "Categories(4)/Products(7)/$ref", "").wantError(t, 404, "", "")
		e.send(t, "DELETE", "Categories(3)/Products(8)/$ref", "").mustStatus(t, 204)
		e.send(t, "DELETE", "Categories(3)/Products/$ref", "").wantError(t, 400, "", "")
		if categoryOf(7) != -1 || categoryOf(8) != -1 {
			t.Fatalf("DELETE $ref: categories %d, %d", categoryOf(7), categoryOf(8))
		}
		r = e.send(t, "POST", "Products(1)/Category/$ref", `{"@odata.id":"Categories(1)"}`).mustStatus(t, 405)
		if a := r.header.Get("Allow"); a != "GET, HEAD, PUT, DELETE" {
			t.Errorf("Allow %q", a)
		}
		r = e.send(t, "PATCH", "Categories(1)/Products", `{}`).mustStatus(t, 405)
		if a := r.header.Get("Allow"); a != "GET, HEAD, POST" {
			t.Errorf("Allow %q", a)
		}
		// OPTIONS answers the same Allow, and changes nothing.
		for u, want := range map[string]string{"Products(1)/Category/$ref": "GET, HEAD, PUT, DELETE, OPTIONS",
			"Categories(1)/Products": "GET, HEAD, POST, OPTIONS", "Shipments(1)/OrderLines/$ref": "GET, HEAD, OPTIONS"} {
			if a := e.send(t, "OPTIONS", u, "").mustStatus(t, 204).header.Get("Allow"); a != want {
				t.Errorf("OPTIONS %s: Allow %q, want %q", u, a, want)
			}
		}
	})
}

// One-to-one (the dependent's key is the foreign key): paths across the
// single-valued principal side, and its references, which the dependent
// holds, cannot be written from the principal (501).
func TestNavigationOneToOne(t *testing.T) {
	src, _, path := openSQLiteFixture(t, []string{
		"CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)",
		"CREATE TABLE passports (person_id INTEGER PRIMARY KEY REFERENCES people(id), number VARCHAR(20) NOT NULL)",
		"INSERT INTO people VALUES (1, 'Ann'), (2, 'Bob')",
		"INSERT INTO passports VALUES (1, 'P-1')",
	}, schema.Options{Namespace: "o"})
	cs := &countingSource{Source: src}
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := newEnv(t, gateway.Config{}, path, gateway.Service{Name: "o", Source: writableCounting{cs, src, src}, Writes: gateway.WritePolicy{Default: all}})
	get := func(url string, status int, statements int64) *response {
		t.Helper()
		cs.reset()
		r := e.get(t, url)
		if r.status != status || cs.statements() != statements {
			t.Fatalf("%s: %d in %d statements, want %d in %d: %s", url, r.status, cs.statements(), status, statements, trunc(r.body))
		}
		return r
	}
	if c := get("people(1)/passports/person/passports/number/$value", 200, 1); string(c.body) != "P-1" {
		t.Errorf("number %s", c.body)
	}
	if c := get("passports(1)/person/passports/person", 200, 1).object(t); c["name"] != "Ann" {
		t.Errorf("person %v", c)
	}
	get("people(2)/passports", 204, 2)
	get("people(2)/passports/person", 404, 2)
	if c := get("people(1)/passports/$ref", 200, 1).object(t); c["@odata.id"] != e.root+"passports(1)" {
		t.Errorf("ref %v", c)
	}
	w := &writesEnv{demoEnv: e, kind: "sqlite"}
	w.send(t, "PUT", "people(2)/passports/$ref", `{"@odata.id":"passports(1)"}`).wantError(t, 501, "", "")
	w.send(t, "DELETE", "people(1)/passports/$ref", "").wantError(t, 501, "", "")
	// The key of a passport is its foreign key: the reference cannot move.
	w.send(t, "PUT", "passports(1)/person/$ref", `{"@odata.id":"people(2)"}`).wantError(t, 400, "", "person_id")
	if r := w.send(t, "POST", "people(1)/passports/$ref", `{}`); r.status != 405 || r.header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST on a single-valued principal side's reference: %d, Allow %q", r.status, r.header.Get("Allow"))
	}
}
