package tests

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Graceful shutdown of the binary: on SIGTERM it stops accepting
// connections at once, lets the request in flight (held in PostgreSQL by a
// lock) finish with its full answer, then exits cleanly.
func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	d := newPostgresDB(t, e2ePostgresDB, slowFixture.postgres...)
	dir := t.TempDir()
	bin := buildGateway(t, dir)
	cfgPath := filepath.Join(dir, "gateway.yaml")
	cfg := "version: 1\nsources:\n  - name: pg\n    kind: postgres\n    dsn: " + d.dsn + "\n    tables: [items]\n    query_timeout: 20s\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + freePort(t)
	g := startGateway(t, bin, addr, "/healthz", []string{"--config", cfgPath, "--listen", addr}, nil)

	release := d.lockTable(t, "items")
	type answer struct {
		status int
		body   string
		err    error
	}
	inFlight := make(chan answer, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/odata/pg/items?$orderby=id")
		if err != nil {
			inFlight <- answer{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		inFlight <- answer{resp.StatusCode, string(b), err}
	}()
	waitUntil(t, "the request waits on the lock", 10*time.Second, func() bool { return d.running(t, "items") == 1 })

	if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// No new connections once shutting down (the listener closes at once).
	waitUntil(t, "the listener closes", 5*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	select {
	case a := <-inFlight:
		t.Fatalf("the in-flight request ended before its query could: %+v", a)
	case err := <-g.exited:
		t.Fatalf("the gateway exited with a request in flight: %v", err)
	case <-time.After(300 * time.Millisecond):
	}

	release()
	a := <-inFlight
	if a.err != nil || a.status != 200 || a.body == "" {
		t.Fatalf("in-flight request: %+v", a)
	}
	if ids := (&response{status: 200, body: []byte(a.body)}).collection(t); len(ids.Value) != 2 {
		t.Errorf("in-flight request answered %d rows, want 2", len(ids.Value))
	}
	select {
	case err := <-g.exited:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, g.out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the gateway did not exit after its last request\n%s", g.out.String())
	}
}
