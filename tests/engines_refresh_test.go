package tests

import (
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// Schema changes in the database show up after the source's refresh
// interval, without a restart; while the model is stale, requests fail with
// OData errors that leak no SQL, and never take the service down.
func TestEngineSchemaRefresh(t *testing.T) {
	eachEngine(t, engineFixture{
		mysql:    []string{"CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, note VARCHAR(20) NULL)", "INSERT INTO items VALUES (1, 'one', 'n1')"},
		postgres: []string{"CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, note VARCHAR(20) NULL)", "INSERT INTO items VALUES (1, 'one', 'n1')"},
	}, func(t *testing.T, d *engineDB) {
		src := d.open(t, schema.Options{}, sqldb.Config{Name: d.kind, QueryTimeout: 10 * time.Second, RefreshInterval: 100 * time.Millisecond})
		e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: d.kind, Source: src})
		sameStrings(t, "sets before", serviceSets(t, e), []string{"items"})

		d.exec(t, "ALTER TABLE items ADD COLUMN extra INT NULL", "UPDATE items SET extra = 42",
			"CREATE TABLE added (id INT PRIMARY KEY)", "INSERT INTO added VALUES (5)")
		waitUntil(t, "the new table and column appear", 10*time.Second, func() bool {
			sets := serviceSets(t, e)
			props, _ := func() (map[string]string, []string) {
				doc, _ := fetchCSDL(t, e) // the model may change between requests here
				return doc.props(t, "items")
			}()
			return len(sets) == 2 && props["extra"] == "Edm.Int32"
		})
		if ent := e.get(t, "items(1)?$select=extra").entity(t); ent["extra"] == nil {
			t.Errorf("items(1) extra: %v", ent)
		}
		if ids := e.readAllIDs(t, "added", "id"); !equalInts(ids, []int64{5}) {
			t.Errorf("added: %v", ids)
		}

		// A column and a table disappear: requests may fail until the next
		// refresh, but with OData errors, and then the service serves the new shape.
		d.exec(t, "ALTER TABLE items DROP COLUMN note", "DROP TABLE added")
		waitUntil(t, "the dropped column and table disappear", 10*time.Second, func() bool {
			r := e.get(t, "items")
			if r.status != 200 {
				oe := r.odataError(t)
				for _, s := range []string{"SELECT", "note", "SQLSTATE", "Error 1054"} {
					if strings.Contains(oe.Error.Message, s) {
						t.Errorf("stale-model error reveals %q: %s", s, oe.Error.Message)
					}
				}
				return false
			}
			rows := r.collection(t).rows(t)
			_, hasNote := rows[0]["note"]
			return !hasNote && len(serviceSets(t, e)) == 1
		})
		if r := e.get(t, "added"); r.status != 404 {
			t.Errorf("dropped table: status %d, want 404", r.status)
		}
		if r := e.get(t, "items?$select=note"); r.status != 400 {
			t.Errorf("dropped column: status %d, want 400", r.status)
		}
		doc, _ := fetchMetadata(t, e)
		if props, _ := doc.props(t, "items"); len(props) != 3 || props["extra"] == "" {
			t.Errorf("items after the drop: %v", props)
		}
	})
}
