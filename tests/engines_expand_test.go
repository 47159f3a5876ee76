package tests

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
	"odatagw/internal/testenv"
)

// $expand over a composite foreign key on MariaDB and PostgreSQL: both
// directions, null foreign keys, per-parent $top, compared with hand-written
// SQL on the same database.
var expandFixture = func() engineFixture {
	common := []string{
		"INSERT INTO shipments VALUES ('EU', 1, 'first'), ('EU', 2, 'second'), ('US', 1, 'third'), ('US', 3, 'empty')",
		"INSERT INTO parcels VALUES (1, 'EU', 1, 2.50), (2, 'EU', 1, 1.25), (3, 'EU', 2, 9.00), (4, 'US', 1, 3.00), (5, NULL, NULL, 1.00), (6, 'US', 1, 0.50), (7, 'EU', 1, 4.75)",
	}
	ddl := []string{
		"CREATE TABLE shipments (region VARCHAR(5) NOT NULL, num INTEGER NOT NULL, label VARCHAR(20) NOT NULL, PRIMARY KEY (region, num))",
		"CREATE TABLE parcels (id INTEGER NOT NULL PRIMARY KEY, region VARCHAR(5), num INTEGER, weight DECIMAL(10,2) NOT NULL, FOREIGN KEY (region, num) REFERENCES shipments (region, num))",
	}
	return engineFixture{mysql: append(slices.Clone(ddl), common...), postgres: append(slices.Clone(ddl), common...)}
}()

func TestEnginesExpandCompositeKey(t *testing.T) {
	t.Run("mysql", func(t *testing.T) {
		testExpandComposite(t, newMySQLDB(t, testenv.DBName("odatagw_test_e2e_expand"), expandFixture.mysql...))
	})
	t.Run("postgres", func(t *testing.T) {
		testExpandComposite(t, newPostgresDB(t, testenv.DBName("odatagw_test_e2e_expand_pg"), expandFixture.postgres...))
	})
}

func testExpandComposite(t *testing.T, d *engineDB) {
	src := d.open(t, schema.Options{}, sqldb.Config{Name: d.kind, QueryTimeout: 30 * time.Second})
	cs := &countingSource{Source: src}
	e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: d.kind, Source: cs})

	// Principal to dependent over (region, num): per-parent $top after the nested order, and the count.
	rows, err := d.db.Query("SELECT region, num, id FROM parcels WHERE region IS NOT NULL AND num IS NOT NULL ORDER BY weight DESC, id")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int64{}
	for rows.Next() {
		var region string
		var num, id int64
		if err := rows.Scan(&region, &num, &id); err != nil {
			t.Fatal(err)
		}
		k := fmt.Sprint(region, num)
		want[k] = append(want[k], id)
	}
	rows.Close()
	u := "shipments?$orderby=region,num&$expand=" + qe("parcels($select=id;$orderby=weight desc;$top=2;$count=true)")
	var got []string
	for page := 0; u != ""; page++ {
		cs.queries.Store(0)
		c := e.get(t, u, "Prefer", "odata.maxpagesize=2").collection(t)
		if n := cs.queries.Load(); n != 2 {
			t.Errorf("page %d: %d statements, want 2", page, n)
		}
		for _, r := range c.rows(t) {
			k := fmt.Sprint(r["region"], num(t, r["num"]))
			got = append(got, k)
			all := want[k]
			if c := num(t, r["parcels@odata.count"]); c != int64(len(all)) {
				t.Errorf("%s: parcels@odata.count %d, want %d", k, c, len(all))
			}
			if p := related(t, r, "parcels", "id"); !slices.Equal(p, all[:min(2, len(all))]) {
				t.Errorf("%s: parcels %v, want the first two of %v", k, p, all)
			}
		}
		u = c.NextLink
	}
	if !slices.Equal(got, []string{"EU1", "EU2", "US1", "US3"}) {
		t.Fatalf("shipments %v", got)
	}

	// Dependent to principal: a null composite foreign key gives null.
	labels := map[int64]any{}
	rows, err = d.db.Query("SELECT p.id, s.label FROM parcels p LEFT JOIN shipments s ON s.region = p.region AND s.num = p.num")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var label *string
		if err := rows.Scan(&id, &label); err != nil {
			t.Fatal(err)
		}
		if label != nil {
			labels[id] = *label
		} else {
			labels[id] = nil
		}
	}
	rows.Close()
	cs.queries.Store(0)
	c := e.get(t, "parcels?$select=id&$orderby=id&$expand=shipments($select=label)").collection(t)
	if n := cs.queries.Load(); n != 2 {
		t.Errorf("parcels with shipments: %d statements, want 2", n)
	}
	pr := c.rows(t)
	if len(pr) != len(labels) {
		t.Fatalf("%d parcels, want %d", len(pr), len(labels))
	}
	for _, r := range pr {
		id := num(t, r["id"])
		var label any
		if s, ok := r["shipments"].(map[string]any); ok {
			label = s["label"]
		} else if r["shipments"] != nil {
			t.Fatalf("parcel %d: shipments %v", id, r["shipments"])
		}
		if label != labels[id] {
			t.Errorf("parcel %d: shipment label %v, want %v", id, label, labels[id])
		}
	}
}
