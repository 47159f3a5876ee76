package tests

import (
	"encoding/json"
	"syscall"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
	"odatagw/internal/testenv"
)

// Faults of a real database server, started privately by the test: the
// server stops in the middle of a load and comes back on the same port, or
// another client takes every connection it allows. The gateway answers every
// request within its deadline (200, or a 503/504 OData error, never a 500),
// its other source keeps serving, /readyz follows the source down and up,
// and the source serves again within seconds of recovering without the
// gateway being restarted.

// privateAdmission is the admission of the source under fault: a breaker
// that opens after 3 failures and probes every half second.
var privateAdmission = gateway.Admission{MaxRequests: 8, BreakerFailures: 3, BreakerOpen: 500 * time.Millisecond, PingTimeout: time.Second}

// faultEnv serves the private server's test database as "db" beside the
// SQLite demo, with a load of workers against both.
type faultEnv struct {
	*demoEnv
	d    *engineDB
	urls []loadURL
}

func newFaultEnv(t *testing.T, srv *testenv.Server, pool sqldb.Pool) *faultEnv {
	t.Helper()
	d := privateDB(t, srv, outageFixture, outageRows)
	src := d.open(t, schema.Options{}, sqldb.Config{Name: "db", QueryTimeout: 2 * time.Second, Pool: pool})
	e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: "db", Source: src, Admission: privateAdmission}, demoService(t))
	root := e.srv.URL + "/odata/"
	var urls []loadURL
	for _, u := range []string{"items", "items(2)", "items/$count", "items?$filter=" + qe("name ne 'x'")} {
		urls = append(urls, loadURL{service: "db", url: root + "db/" + u})
	}
	for _, u := range []string{"Orders?$top=3&$select=OrderID", "Orders(10248)?$select=OrderID"} {
		urls = append(urls, loadURL{service: "demo", url: root + "demo/" + u, steady: true})
	}
	return &faultEnv{demoEnv: e, d: d, urls: urls}
}

// load starts workers against the gateway; every answer must come within 8 s
// (the source's 2 s statement deadline, its 2 s admission queue, and room
// for a loaded machine).
func (f *faultEnv) load(t *testing.T, workers int) *faultLoad {
	return startFaultLoad(t, workers, 8*time.Second, []string{f.d.dsn, f.d.name + "?"}, f.urls)
}

// waitServing waits until the source answers 200 and returns how long it took.
func (f *faultEnv) waitServing(t *testing.T, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	waitUntil(t, "the source serves again", within, func() bool { return f.get(t, f.srv.URL+"/odata/db/items").status == 200 })
	return time.Since(start)
}

// recovers checks that the source serves again within 5 s of the fault's
// end (after what), and logs how long it took.
func (f *faultEnv) recovers(t *testing.T, after string) {
	t.Helper()
	took := f.waitServing(t, 10*time.Second)
	t.Logf("%s: served again %v after %s", f.d.kind, took.Round(time.Millisecond), after)
	if took > 5*time.Second {
		t.Errorf("the source took %v to serve again after %s", took, after)
	}
}

// waitReady waits until /readyz reports the source as want ("up" or "down").
func (f *faultEnv) waitReady(t *testing.T, want string, within time.Duration) {
	t.Helper()
	waitUntil(t, "/readyz reports the source "+want, within, func() bool {
		status, rd := f.readyz(t)
		return status == map[string]int{"up": 200, "down": 503}[want] && health(rd, "db").Status == want && health(rd, "demo").Status == "up"
	})
}

// readyz returns the status and report of /readyz, whichever it is.
func (f *faultEnv) readyz(t *testing.T) (int, *gateway.Readiness) {
	t.Helper()
	r := f.get(t, f.srv.URL+"/readyz")
	var rd gateway.Readiness
	if err := json.Unmarshal(r.body, &rd); err != nil {
		t.Fatalf("readyz %d %s: %v", r.status, r.body, err)
	}
	return r.status, &rd
}

// The server stops while 24 clients keep asking, stays down a while, and
// starts again on the same port; twice, once shut down (MariaDB SIGTERM,
// PostgreSQL SIGINT: its fast shutdown, which ends the sessions) and once
// crashed (SIGKILL to the server's whole process group), in either order.
func TestFaultServerRestart(t *testing.T) {
	signalNames := map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGKILL: "SIGKILL", syscall.SIGINT: "SIGINT"}
	signals := map[string][]syscall.Signal{"mysql": {syscall.SIGTERM, syscall.SIGKILL}, "postgres": {syscall.SIGKILL, syscall.SIGINT}}
	eachPrivateServer(t, testenv.ServerOptions{}, func(t *testing.T, srv *testenv.Server) {
		f := newFaultEnv(t, srv, sqldb.Pool{})
		f.waitReady(t, "up", 5*time.Second)
		load := f.load(t, 24)
		time.Sleep(time.Second)
		if load.status("db", 200) == 0 || load.status("demo", 200) == 0 {
			t.Fatalf("no answers before the fault: db %d, demo %d", load.status("db", 200), load.status("demo", 200))
		}
		for _, sig := range signals[srv.Kind] {
			failed := load.status("db", 503) + load.status("db", 504)
			srv.Stop(sig)
			f.waitReady(t, "down", 10*time.Second)
			time.Sleep(time.Second) // the load meets the stopped server, the breaker opens
			if load.status("db", 503)+load.status("db", 504) == failed {
				t.Errorf("%v: no 503/504 while the server was down: the fault did not happen", sig)
			}
			srv.Start()
			f.recovers(t, "the server, stopped with "+signalNames[sig]+", accepted sessions again")
			f.waitReady(t, "up", 5*time.Second)
			time.Sleep(time.Second) // the load runs on the reconnected pool
		}
		load.finish()
		// It stays well: no request fails on a connection the stop killed.
		for i := 0; i < 20; i++ {
			f.get(t, f.srv.URL+"/odata/db/items(2)").mustStatus(t, 200)
		}
	})
}

// Another client takes every connection the server allows (max_connections
// 10) while 24 clients ask: the source's requests fail with 503 and
// Retry-After (or 504), never 500, the other source serves on, and the
// source recovers by itself once the connections are given back.
func TestFaultServerConnectionsExhausted(t *testing.T) {
	eachPrivateServer(t, testenv.ServerOptions{MaxConnections: 10}, func(t *testing.T, srv *testenv.Server) {
		f := newFaultEnv(t, srv, sqldb.Pool{MaxOpenConns: 4})
		load := f.load(t, 24)
		time.Sleep(time.Second)

		hog := hogConnections(t, srv)
		t.Logf("%s: another client holds all %d connections", srv.Kind, len(hog.conns))
		before := load.status("db", 503) + load.status("db", 504)
		time.Sleep(2 * time.Second)
		if load.status("db", 503)+load.status("db", 504) == before {
			t.Errorf("no 503/504 while the connections were taken: the fault did not happen")
		}
		f.waitReady(t, "down", 5*time.Second)

		hog.release()
		f.recovers(t, "the connections were given back")
		f.waitReady(t, "up", 5*time.Second)
		time.Sleep(500 * time.Millisecond)
		load.finish()
	})
}

// Slowness by a lock on the real server: another session holds an exclusive
// lock on the table under load. The source's requests answer 504 at its
// 2 s statement deadline (or 503 when every turn is taken), never 500, and
// the timed-out statements end in the database; the breaker stays closed
// (the server answers pings) and /readyz keeps the source up; after the
// lock the source serves at once.
func TestFaultServerLockedTable(t *testing.T) {
	eachPrivateServer(t, testenv.ServerOptions{}, func(t *testing.T, srv *testenv.Server) {
		f := newFaultEnv(t, srv, sqldb.Pool{})
		load := f.load(t, 16)
		time.Sleep(500 * time.Millisecond)
		release := f.d.lockTable(t, "items")
		time.Sleep(3 * time.Second)
		if load.status("db", 504) == 0 {
			t.Errorf("no 504 while the table was locked")
		}
		if status, rd := f.readyz(t); status != 200 || health(rd, "db").Status == "down" || health(rd, "db").Breaker == "open" {
			t.Errorf("a locked table took the source down: %d %+v", status, health(rd, "db"))
		}
		load.finish()
		waitUntil(t, "timed-out statements ended in the database", 10*time.Second, func() bool { return f.d.running(t, "items") == 0 })
		release()
		if took := f.waitServing(t, 5*time.Second); took > 2*time.Second {
			t.Errorf("the source took %v to serve after the lock", took)
		}
	})
}
