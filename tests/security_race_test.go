package tests

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/config"
	"odatagw/gateway"
)

// A DELETE limited by a write filter must judge the row it deletes, not an
// earlier reading of it. The gateway counted the row through the filter,
// then the source locked and deleted it: another client's change in
// between (order 1 moved to APAC) was deleted by a role limited to EMEA.
// Now the filter is checked once the row is locked. The test makes that
// change right after the gateway's counts inside the transaction.

// raceSource hands out transactions that run onCount after their second
// Count (the gateway counts the row through the read filter, then through
// the write filter).
type raceSource struct {
	*sqldb.Source
	onCount func()
}

func (s *raceSource) Begin(ctx context.Context) (adapters.Tx, error) {
	tx, err := s.Source.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &raceTx{Tx: tx, onCount: s.onCount}, nil
}

type raceTx struct {
	adapters.Tx
	counts  int
	onCount func()
}

func (t *raceTx) Count(ctx context.Context, q *adapters.Query) (int64, error) {
	n, err := t.Tx.Count(ctx, q)
	if t.counts++; t.counts == 2 {
		t.onCount()
	}
	return n, err
}

func TestSecurityDeleteRaceEngines(t *testing.T) {
	eachEngine(t, engineFixture{mysql: authzFixture("mysql"), postgres: authzFixture("postgres")}, func(t *testing.T, d *engineDB) {
		src := d.open(t, schema.Options{Namespace: "shop", Naming: schema.NamingPascal}, sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second})
		deleteRaceScenario(t, src, d.db)
	})
}

// An update needs no such care: the entity as it is after the change is
// checked too, and that is the other client's APAC order with the new
// amount: refused, rolled back.
func TestSecurityUpdateRaceEngines(t *testing.T) {
	eachEngine(t, engineFixture{mysql: authzFixture("mysql"), postgres: authzFixture("postgres")}, func(t *testing.T, d *engineDB) {
		src := d.open(t, schema.Options{Namespace: "shop", Naming: schema.NamingPascal}, sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second})
		e, moved := raceEnv(t, src, d.db)
		r := e.send(t, "PATCH", "Orders(1)", `{"Amount":5}`, "X-API-Key", "key-w")
		n := <-moved
		var amount float64
		var region string
		if err := d.db.QueryRow("SELECT amount, region FROM orders WHERE id = 1").Scan(&amount, &region); err != nil {
			t.Fatal(err)
		}
		// Refused, and the order is the other client's APAC order, unchanged.
		if r.status != 403 || n != 1 || region != "APAC" || amount == 5 {
			t.Fatalf("PATCH %d (%s), other update %d rows, order 1 now %v %s", r.status, trunc(r.body), n, amount, region)
		}
	})
}

// raceEnv serves src behind a writer of EMEA orders, with another client
// moving order 1 to APAC in the middle of the writer's transaction; the
// channel gets the rows the other client's update changed.
func raceEnv(t *testing.T, src *sqldb.Source, db *sql.DB) (*writesEnv, chan int64) {
	moved := make(chan int64, 1)
	rs := &raceSource{Source: src, onCount: func() {
		// Another client moves order 1 out of EMEA. Once the gateway holds
		// the row's lock this waits for its transaction: give it a moment.
		go func() {
			res, err := db.Exec("UPDATE orders SET region = 'APAC' WHERE id = 1")
			var n int64
			if err == nil {
				n, _ = res.RowsAffected()
			}
			moved <- n
		}()
		select {
		case n := <-moved:
			moved <- n
		case <-time.After(300 * time.Millisecond):
		}
	}}
	roles := map[string]config.Role{"w": {Sets: map[string]config.SetRule{
		"Customers": {Access: "read"}, "OrderLines": {Access: "read"},
		"Orders": {Access: "write", Filter: "Region eq 'EMEA'"},
	}}}
	g := authzGuard(t, rs, roles, map[string][]string{"key-w": {"w"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, "", gateway.Service{Name: "shop", Source: rs, Writes: gateway.WritePolicy{Default: all}})}
	return e, moved
}

func deleteRaceScenario(t *testing.T, src *sqldb.Source, db *sql.DB) {
	e, moved := raceEnv(t, src, db)
	if _, err := db.Exec("DELETE FROM order_lines WHERE order_id = 1"); err != nil {
		t.Fatal(err)
	}
	r := e.send(t, "DELETE", "Orders(1)", "", "X-API-Key", "key-w")
	n := <-moved
	var left int
	if err := db.QueryRow("SELECT COUNT(*) FROM orders WHERE id = 1").Scan(&left); err != nil {
		t.Fatal(err)
	}
	switch {
	case r.status == 204 && n == 1:
		t.Fatalf("the role deleted order 1 after another client had moved it to APAC")
	case r.status == 204 && left == 0: // deleted while still EMEA; the other change found nothing
	case (r.status == 404 || r.status == 403) && left == 1 && n == 1: // refused: it is APAC now
	default:
		t.Fatalf("DELETE %d (%s), other update %d rows, %d left", r.status, trunc(r.body), n, left)
	}
}
