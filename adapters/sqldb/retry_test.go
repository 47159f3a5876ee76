package sqldb

import (
	"context"
	"database/sql"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// breakingProxy forwards TCP connections to a database server; after
// breakNext, the next bytes a client sends on an established connection are
// dropped and that connection is closed — the client has written its query
// and reads EOF, as when a network path or server session dies mid-request.
type breakingProxy struct {
	ln        net.Listener
	target    string
	breakNext atomic.Bool
	wg        sync.WaitGroup
}

func startBreakingProxy(t *testing.T, target string) *breakingProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &breakingProxy{ln: ln, target: target}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

func (p *breakingProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		u, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.wg.Add(2)
		go func() { defer p.wg.Done(); io.Copy(c, u); c.Close() }()
		go func() { defer p.wg.Done(); p.clientToServer(c, u); u.Close(); c.Close() }()
	}
}

func (p *breakingProxy) clientToServer(c, u net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		if p.breakNext.CompareAndSwap(true, false) {
			return // drop the bytes and the connection
		}
		if _, err := u.Write(buf[:n]); err != nil {
			return
		}
	}
}

// TestRetryOnBrokenConnection: a statement whose connection breaks before
// any row arrives runs again on a fresh connection; the client sees rows.
func TestRetryOnBrokenConnection(t *testing.T) {
	tm := newTestModel()
	engines := map[string]func(addr string) (string, string){
		"mysql": func(addr string) (string, string) {
			return "mysql", "root@tcp(" + addr + ")/" + testDB + "?time_zone=%27%2B00%3A00%27"
		},
		"postgres": func(addr string) (string, string) {
			return "pgx", "postgres://postgres@" + addr + "/" + testDB + "?sslmode=disable&timezone=UTC"
		},
	}
	targets := map[string]string{"mysql": "127.0.0.1:3306", "postgres": "127.0.0.1:5432"}
	for _, e := range openEngines(t) {
		open, ok := engines[e.name]
		if !ok {
			continue
		}
		t.Run(e.name, func(t *testing.T) {
			proxy := startBreakingProxy(t, targets[e.name])
			driver, dsn := open(proxy.ln.Addr().String())
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.SetMaxOpenConns(1)
			src := newTestSource(t, engine{e.name, e.d, db}, tm)
			q := tm.query(eq(tm.p("Name"), str("Acme")))
			if ids, err := queryIDs(context.Background(), src, q); err != nil || len(ids) != 2 {
				t.Fatalf("before: %v, %v", ids, err)
			}
			proxy.breakNext.Store(true)
			ids, err := queryIDs(context.Background(), src, q)
			if err != nil || len(ids) != 2 {
				t.Fatalf("after the connection broke: %v, %v", ids, err)
			}
			if proxy.breakNext.Load() {
				t.Fatal("the proxy did not break a connection: the test proved nothing")
			}
			if n, err := src.Count(context.Background(), q); err != nil || n != 2 {
				t.Fatalf("count: %d, %v", n, err)
			}
		})
	}
}
