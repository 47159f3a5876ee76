package tests

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// A source whose network path is cut: after a few failures its breaker
// opens and its requests fail within milliseconds with 503 and Retry-After
// instead of each waiting for the connect timeout; /readyz reports it down
// (503 while it is required); the other source keeps serving; when the path
// is back a probe closes the breaker within seconds.
func TestFaultBreakerAndReadiness(t *testing.T) {
	eachEngine(t, engineFixture{mysql: []string{outageFixture, outageRows}, postgres: []string{outageFixture, outageRows}}, func(t *testing.T, d *engineDB) {
		upstream := map[string]string{"mysql": "127.0.0.1:3306", "postgres": "127.0.0.1:5432"}[d.kind]
		proxy := startProxy(t, upstream)
		via := *d
		if d.kind == "postgres" {
			via.dsn = "postgres://postgres@" + proxy.addr + "/" + d.name + "?sslmode=disable"
		} else {
			via.dsn = "root@tcp(" + proxy.addr + ")/" + d.name
		}
		src := via.open(t, schema.Options{}, sqldb.Config{Name: "db", QueryTimeout: 5 * time.Second})
		adm := gateway.Admission{BreakerFailures: 3, BreakerOpen: 500 * time.Millisecond, PingTimeout: time.Second}
		e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: "db", Source: src, Admission: adm}, demoService(t))
		root := e.srv.URL + "/odata/db/"
		if rd := readiness(t, e, 200); rd.Status != "ready" || health(rd, "db").Status != "up" {
			t.Fatalf("before: %+v", rd)
		}

		proxy.stop()
		t.Cleanup(proxy.start)
		fast := 0
		for i := 0; i < 10; i++ {
			start := time.Now()
			r := e.get(t, root+"items")
			took := time.Since(start)
			if r.status != 503 && r.status != 504 {
				t.Fatalf("request %d during the outage: %d %s", i, r.status, trunc(r.body))
			}
			for _, s := range []string{proxy.addr, via.dsn, "dial", "SQLSTATE"} {
				if strings.Contains(string(r.body), s) {
					t.Errorf("the error reveals %q: %s", s, r.body)
				}
			}
			if i >= 3 {
				if r.status != 503 || r.header.Get("Retry-After") == "" {
					t.Errorf("request %d after 3 failures: %d, Retry-After %q: %s", i, r.status, r.header.Get("Retry-After"), r.body)
				}
				if took < 50*time.Millisecond {
					fast++
				}
			}
		}
		if fast < 5 {
			t.Errorf("only %d of 7 requests failed fast once the breaker was open", fast)
		}
		time.Sleep(1100 * time.Millisecond) // past the /readyz cache
		rd := readiness(t, e, 503)
		h := health(rd, "db")
		if rd.Status != "unready" || h.Status != "down" || h.Error != "unavailable" || h.LastError != "unavailable" || h.LastErrorAt == nil {
			t.Errorf("during the outage: %+v %+v", rd, h)
		}
		if d := health(rd, "demo"); d.Status != "up" {
			t.Errorf("demo during the outage: %+v", d)
		}
		if c := e.get(t, e.srv.URL+"/odata/demo/Orders?$top=2").collection(t); len(c.Value) != 2 {
			t.Errorf("demo during the outage: %d rows", len(c.Value))
		}
		e.get(t, root+"$metadata").mustStatus(t, 200)

		proxy.start()
		start := time.Now()
		waitUntil(t, "the breaker closes after the source is back", 10*time.Second, func() bool {
			return e.get(t, root+"items").status == 200
		})
		t.Logf("%s: served again %v after the source came back", d.kind, time.Since(start).Round(time.Millisecond))
		time.Sleep(1100 * time.Millisecond) // past the /readyz cache
		if rd := readiness(t, e, 200); health(rd, "db").Status != "up" || health(rd, "db").Breaker != "closed" {
			t.Errorf("after: %+v", health(rd, "db"))
		}
	})
}

// An optional source that is down leaves the gateway ready.
func TestReadinessOptionalSource(t *testing.T) {
	d := newPostgresDB(t, e2ePostgresDB, outageFixture, outageRows)
	proxy := startProxy(t, "127.0.0.1:5432")
	via := *d
	via.dsn = "postgres://postgres@" + proxy.addr + "/" + d.name + "?sslmode=disable"
	src := via.open(t, schema.Options{}, sqldb.Config{Name: "pg", QueryTimeout: 2 * time.Second})
	e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: "pg", Source: src, Optional: true}, demoService(t))
	proxy.stop()
	t.Cleanup(proxy.start)
	rd := readiness(t, e, 200)
	if h := health(rd, "pg"); rd.Status != "ready" || h.Status != "down" || h.Required {
		t.Errorf("optional source down: %+v %+v", rd, h)
	}
	resp, err := http.Get(e.srv.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz: %v %v", resp, err)
	}
}

func health(rd *gateway.Readiness, name string) gateway.SourceHealth {
	for _, s := range rd.Sources {
		if s.Name == name {
			return s
		}
	}
	return gateway.SourceHealth{}
}
