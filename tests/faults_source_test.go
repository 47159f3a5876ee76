package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/demo"
	"odatagw/gateway"
)

// A source that goes down after start-up fails only its own requests, with
// 503/504 OData errors that name no DSN; the other services keep working and
// the source recovers by itself when its database is back.

const outageFixture = "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)"
const outageRows = "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')"

// The PostgreSQL database refuses connections (ALLOW_CONNECTIONS false) and
// its sessions are terminated, while the server itself stays up.
func TestFaultDatabaseRefusesConnections(t *testing.T) {
	d := newPostgresDB(t, e2ePostgresDB, outageFixture, outageRows)
	pg := d.open(t, schema.Options{}, sqldb.Config{Name: "pg", QueryTimeout: 10 * time.Second})
	e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: "pg", Source: pg}, demoService(t))

	checkOutage(t, e, "pg", []string{d.dsn}, []string{"demo"}, func() {
		setAllowConnections(t, d, false)
		if _, err := d.admin.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", d.name); err != nil {
			t.Fatal(err)
		}
	}, func() { setAllowConnections(t, d, true) })
}

// The network path to a database breaks (a TCP proxy in front of it stops,
// dropping every connection): MariaDB and PostgreSQL each in turn, the other
// services unaffected.
func TestFaultNetworkOutage(t *testing.T) {
	my := newMySQLDB(t, e2eMySQLDB, outageFixture, outageRows)
	pg := newPostgresDB(t, e2ePostgresDB, outageFixture, outageRows)
	myProxy := startProxy(t, "127.0.0.1:3306")
	pgProxy := startProxy(t, "127.0.0.1:5432")
	myVia := *my
	myVia.dsn = "root@tcp(" + myProxy.addr + ")/" + my.name
	pgVia := *pg
	pgVia.dsn = "postgres://postgres@" + pgProxy.addr + "/" + pg.name + "?sslmode=disable"
	e := newEnv(t, gateway.Config{}, "",
		gateway.Service{Name: "pg", Source: pgVia.open(t, schema.Options{}, sqldb.Config{Name: "pg", QueryTimeout: 10 * time.Second})},
		gateway.Service{Name: "mysql", Source: myVia.open(t, schema.Options{}, sqldb.Config{Name: "mysql", QueryTimeout: 10 * time.Second})},
		demoService(t))
	t.Run("postgres down", func(t *testing.T) {
		checkOutage(t, e, "pg", []string{pgVia.dsn, pgProxy.addr}, []string{"mysql", "demo"}, pgProxy.stop, pgProxy.start)
	})
	t.Run("mysql down", func(t *testing.T) {
		checkOutage(t, e, "mysql", []string{myVia.dsn, myProxy.addr}, []string{"pg", "demo"}, myProxy.stop, myProxy.start)
	})
}

// With a schema refresh interval, a refresh during the outage keeps the
// last good model: $metadata still answers, data requests fail with 503/504,
// and all is well after.
func TestFaultOutageDuringSchemaRefresh(t *testing.T) {
	eachEngine(t, engineFixture{mysql: []string{outageFixture, outageRows}, postgres: []string{outageFixture, outageRows}}, func(t *testing.T, d *engineDB) {
		upstream := "127.0.0.1:3306"
		via := *d
		if d.kind == "postgres" {
			upstream = "127.0.0.1:5432"
		}
		proxy := startProxy(t, upstream)
		if d.kind == "postgres" {
			via.dsn = "postgres://postgres@" + proxy.addr + "/" + d.name + "?sslmode=disable"
		} else {
			via.dsn = "root@tcp(" + proxy.addr + ")/" + d.name
		}
		src := via.open(t, schema.Options{}, sqldb.Config{Name: d.kind, QueryTimeout: 2 * time.Second, RefreshInterval: 50 * time.Millisecond})
		e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: d.kind, Source: src}, demoService(t))
		checkOutage(t, e, d.kind, []string{via.dsn, proxy.addr}, []string{"demo"}, func() {
			proxy.stop()
			time.Sleep(100 * time.Millisecond) // let the refresh interval pass, so the next request tries a reload
		}, proxy.start)
	})
}

// A network partition (packets silently dropped, connections neither
// answered nor reset) makes the source's requests fail within its query
// timeout with 503/504 instead of hanging; the other services keep serving.
func TestFaultNetworkPartition(t *testing.T) {
	my := newMySQLDB(t, e2eMySQLDB, outageFixture, outageRows)
	pg := newPostgresDB(t, e2ePostgresDB, outageFixture, outageRows)
	myProxy := startProxy(t, "127.0.0.1:3306")
	pgProxy := startProxy(t, "127.0.0.1:5432")
	myVia := *my
	myVia.dsn = "root@tcp(" + myProxy.addr + ")/" + my.name
	pgVia := *pg
	pgVia.dsn = "postgres://postgres@" + pgProxy.addr + "/" + pg.name + "?sslmode=disable"
	e := newEnv(t, gateway.Config{}, "",
		gateway.Service{Name: "pg", Source: pgVia.open(t, schema.Options{}, sqldb.Config{Name: "pg", QueryTimeout: time.Second})},
		gateway.Service{Name: "mysql", Source: myVia.open(t, schema.Options{}, sqldb.Config{Name: "mysql", QueryTimeout: time.Second})},
		demoService(t))
	t.Run("postgres partitioned", func(t *testing.T) {
		checkOutage(t, e, "pg", []string{pgVia.dsn, pgProxy.addr}, []string{"mysql", "demo"}, pgProxy.partition, pgProxy.heal)
	})
	t.Run("mysql partitioned", func(t *testing.T) {
		checkOutage(t, e, "mysql", []string{myVia.dsn, myProxy.addr}, []string{"pg", "demo"}, myProxy.partition, myProxy.heal)
	})
}

// A connection lost while a page streams must not produce a well-formed but
// incomplete page (a client such as Tableau would take it as all the data):
// the response breaks off, and the next request is served.
func TestFaultConnectionLostMidStream(t *testing.T) {
	wide := func(pad string) []string {
		return []string{"CREATE TABLE wide (id INT PRIMARY KEY, pad TEXT NOT NULL)",
			"INSERT INTO wide SELECT i, " + pad + " FROM (" + seqSQL + ") s WHERE i <= 2000"}
	}
	eachEngine(t, engineFixture{mysql: wide("REPEAT('x', 2000)"), postgres: wide("REPEAT('x', 2000)")}, func(t *testing.T, d *engineDB) {
		upstream := "127.0.0.1:3306"
		if d.kind == "postgres" {
			upstream = "127.0.0.1:5432"
		}
		proxy := startProxy(t, upstream)
		via := *d
		if d.kind == "postgres" {
			via.dsn = "postgres://postgres@" + proxy.addr + "/" + d.name + "?sslmode=disable"
		} else {
			via.dsn = "root@tcp(" + proxy.addr + ")/" + d.name
		}
		e := via.serve(t, schema.Options{}, gateway.Config{MaxPageSize: 2000})
		if n := len(e.get(t, "wide").collection(t).Value); n != 2000 {
			t.Fatalf("wide: %d rows", n)
		}
		proxy.cutAfter(1 << 20) // about half of the 4 MB page
		resp, err := http.Get(e.root + "wide")
		if err == nil {
			var c collection
			body, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if rerr == nil && resp.StatusCode == 200 && json.Unmarshal(body, &c) == nil {
				t.Errorf("a page cut off in the database connection was served as complete JSON with %d rows", len(c.Value))
			}
		}
		proxy.cutAfter(0)
		waitUntil(t, "the source serves whole pages again", 15*time.Second, func() bool {
			r := e.get(t, "wide")
			return r.status == 200 && len(r.collection(t).Value) == 2000
		})
	})
}

// demoService opens a fresh copy of the SQLite demo as the service "demo".
func demoService(t *testing.T) gateway.Service {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := demo.Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	src, err := sqlite.Open(ctx, path, demo.Options(), sqldb.Config{Name: "demo", QueryTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return gateway.Service{Name: "demo", Source: src}
}

// checkOutage takes service down with down(), checks its requests fail with
// 503/504 errors revealing none of secrets while the others keep serving,
// then brings it back with up() and waits (bounded) for it to recover.
func checkOutage(t *testing.T, e *demoEnv, service string, secrets, others []string, down, up func()) {
	root := e.srv.URL + "/odata/" + service + "/"
	readOthers := func(when string) {
		t.Helper()
		for _, o := range others {
			u := e.srv.URL + "/odata/" + o + "/items?$orderby=id"
			if o == "demo" {
				u = e.srv.URL + "/odata/demo/Orders?$top=3&$select=OrderID&$filter=" + qe("Freight gt 10")
			}
			if c := e.get(t, u).collection(t); len(c.Value) != 3 {
				t.Fatalf("%s: service %s returned %d rows", when, o, len(c.Value))
			}
		}
	}
	up0 := func(when string) {
		t.Helper()
		if ids := e.readAllIDs(t, root+"items?$orderby=id", "id"); !equalInts(ids, []int64{1, 2, 3}) {
			t.Fatalf("%s: %s items %v", when, service, ids)
		}
	}
	up0("before the outage")
	readOthers("before the outage")

	t.Cleanup(up)
	down()
	for _, u := range []string{"items", "items(1)", "items/$count", "items?$filter=" + qe("name eq 'one'"), "items(2)/name/$value", "items?$count=true&$top=1", "items"} {
		r := e.get(t, root+u)
		if r.status != 503 && r.status != 504 {
			t.Errorf("%s during the outage: status %d, want 503 or 504: %s", u, r.status, trunc(r.body))
			continue
		}
		oe := r.odataError(t)
		for _, s := range append([]string{"postgres://", "@tcp(", "127.0.0.1", "sslmode", "SQLSTATE", "dial "}, secrets...) {
			if strings.Contains(string(r.body), s) {
				t.Errorf("%s: the error reveals %q: %s", u, s, r.body)
			}
		}
		if !strings.Contains(oe.Error.Message, `"`+service+`"`) {
			t.Errorf("%s: the error does not name the source: %s", u, oe.Error.Message)
		}
		if r.header.Get("OData-Version") != "4.0" {
			t.Errorf("%s: OData-Version %q", u, r.header.Get("OData-Version"))
		}
		readOthers("during the outage")
	}
	// The model stays in service: $metadata and the service document still answer.
	e.get(t, root+"$metadata").mustStatus(t, 200)
	e.get(t, root).mustStatus(t, 200)
	e.get(t, e.srv.URL+"/").mustStatus(t, 200)

	// Back up: the gateway recovers without a restart.
	up()
	deadline := time.Now().Add(15 * time.Second)
	for {
		r := e.get(t, root+"items?$orderby=id")
		if r.status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not recover: status %d: %s", service, r.status, trunc(r.body))
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Once it answers again it keeps answering: no request fails on a
	// connection the outage left dead in the pool (several at once, so that
	// several pooled connections are used).
	var wg sync.WaitGroup
	fails := make(chan string, 64)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				resp, err := http.Get(root + "items(1)")
				if err != nil {
					fails <- err.Error()
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					fails <- resp.Status
				}
			}
		}()
	}
	wg.Wait()
	for i := 0; i < 30; i++ {
		if r := e.get(t, root+"items?$orderby=id"); r.status != 200 {
			fails <- fmt.Sprintf("%d %s", r.status, trunc(r.body))
		}
		time.Sleep(50 * time.Millisecond)
	}
	close(fails)
	var failed []string
	for f := range fails {
		failed = append(failed, f)
	}
	if len(failed) > 0 {
		t.Errorf("%s answered again, then %d of 70 requests failed (connections the outage killed, reused from the pool?): %v", service, len(failed), failed)
		// Let it settle so that the next check starts from a healthy pool.
		ok := 0
		waitUntil(t, service+" answers 10 times in a row", 15*time.Second, func() bool {
			if e.get(t, root+"items(1)").status == 200 {
				ok++
			} else {
				ok = 0
			}
			return ok >= 10
		})
	}
	up0("after the outage")
	readOthers("after the outage")
}

func setAllowConnections(t *testing.T, d *engineDB, allow bool) {
	t.Helper()
	v := "false"
	if allow {
		v = "true"
	}
	if _, err := d.admin.Exec(`ALTER DATABASE "` + d.name + `" ALLOW_CONNECTIONS ` + v); err != nil {
		t.Errorf("ALLOW_CONNECTIONS %s: %v", v, err)
	}
}

// tcpProxy forwards a local port to a database server; stop drops the
// listener and every connection (a network outage), start listens again on
// the same address.
type tcpProxy struct {
	t        *testing.T
	addr     string
	upstream string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
	hold  bool  // partition: accept and keep connections, forward nothing
	cut   int64 // > 0: drop a connection once this many bytes went from the server to the client
	wg    sync.WaitGroup
}

// cutAfter makes every connection break once n bytes of the server's answers
// went through (0 turns it off): a connection lost in the middle of a result.
func (p *tcpProxy) cutAfter(n int64) { p.mu.Lock(); p.cut = n; p.mu.Unlock() }

func (p *tcpProxy) cutLimit() int64 { p.mu.Lock(); defer p.mu.Unlock(); return p.cut }

// partition makes the network silently drop everything: connections stay
// open (new ones are accepted) but no byte reaches the other side.
func (p *tcpProxy) partition() { p.mu.Lock(); p.hold = true; p.mu.Unlock() }

// heal ends the partition: connections that lost bytes are dropped, new ones
// are forwarded again.
func (p *tcpProxy) heal() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.hold {
		return
	}
	p.hold = false
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

func (p *tcpProxy) holding() bool { p.mu.Lock(); defer p.mu.Unlock(); return p.hold }

func startProxy(t *testing.T, upstream string) *tcpProxy {
	t.Helper()
	p := &tcpProxy{t: t, upstream: upstream, addr: "127.0.0.1:0"}
	p.start()
	t.Cleanup(func() { p.stop(); p.wg.Wait() })
	return p
}

func (p *tcpProxy) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		return
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy: %v", err)
	}
	p.ln, p.addr, p.conns = ln, ln.Addr().String(), map[net.Conn]bool{}
	p.wg.Add(1)
	go p.accept(ln)
}

func (p *tcpProxy) accept(ln net.Listener) {
	defer p.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		if p.holding() {
			p.mu.Lock()
			if p.conns != nil {
				p.conns[c] = true
			}
			p.mu.Unlock()
			continue
		}
		u, err := net.DialTimeout("tcp", p.upstream, 5*time.Second)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		if p.ln != ln { // stopped meanwhile
			p.mu.Unlock()
			c.Close()
			u.Close()
			return
		}
		p.conns[c], p.conns[u] = true, true
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(c, u, true)
		go p.pipe(u, c, false)
	}
}

func (p *tcpProxy) pipe(dst, src net.Conn, down bool) {
	defer p.wg.Done()
	buf := make([]byte, 32<<10)
	var sent int64
	for {
		n, err := src.Read(buf)
		if down {
			sent += int64(n)
			if limit := p.cutLimit(); limit > 0 && sent > limit {
				break
			}
		}
		if n > 0 && !p.holding() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	dst.Close()
	src.Close()
}

func (p *tcpProxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		return
	}
	p.ln.Close()
	p.ln = nil
	for c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
