package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"odatagw/internal/metrics/metricstest"
	"odatagw/internal/testenv"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitFor(t *testing.T, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSIGHUPReloadsWithoutDroppingConnections runs the server in this
// process and sends the process a real SIGHUP.
func TestSIGHUPReloadsWithoutDroppingConnections(t *testing.T) {
	db := sqliteFile(t)
	cfgPath := writeConfig(t, "version: 1\nlog: {format: json}\nsources:\n  - {name: a, kind: sqlite, dsn: "+db+"}\n")
	addr := freeAddr(t)
	logs := &testenv.SyncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--config", cfgPath, "--listen", addr}, io.Discard, logs) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	var reused []bool
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	status := func(path string) int {
		trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = append(reused, i.Reused) }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", "http://"+addr+path, nil)
		resp, err := client.Do(req)
		if err != nil {
			return -1
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	waitFor(t, "service a answers", func() bool { return status("/odata/a/") == 200 })
	if st := status("/odata/b/"); st != 404 {
		t.Fatalf("b before the reload: %d", st)
	}

	// A valid new configuration: b appears, a stays, the connection stays.
	if err := os.WriteFile(cfgPath, []byte("version: 1\nlog: {format: json}\nsources:\n  - {name: a, kind: sqlite, dsn: "+db+"}\n  - {name: b, kind: sqlite, dsn: "+db+", naming: pascal}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	reused = nil
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "service b answers", func() bool { return status("/odata/b/Orders") == 200 })
	if st := status("/odata/a/orders"); st != 200 {
		t.Errorf("a after the reload: %d", st)
	}
	for i, r := range reused[1:] {
		if !r {
			t.Errorf("request %d after the first used a new connection: keep-alive connections must survive a reload", i+1)
		}
	}

	// An invalid configuration: the running one stays, the log says why.
	if err := os.WriteFile(cfgPath, []byte("version: 1\nsources:\n  - {name: c, kind: sqlite, dsn: "+db+", colour: red}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the failed reload is logged", func() bool { return strings.Contains(logs.String(), "configuration reload failed") })
	if !strings.Contains(logs.String(), "colour") {
		t.Errorf("the log does not say why:\n%s", logs.String())
	}
	if st := status("/odata/b/Orders"); st != 200 {
		t.Errorf("b after a failed reload: %d", st)
	}
	resp, err := client.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s, err := metricstest.Parse(string(body))
	if err != nil {
		t.Fatal(err)
	}
	for result, want := range map[string]float64{"ok": 1, "error": 1} {
		if v, ok := s.Value("odatagw_config_reloads_total", map[string]string{"result": result}); !ok || v != want {
			t.Errorf("reloads %s = %v", result, v)
		}
	}
	// Counters survive the reload: requests to a before it are still counted.
	if v, _ := s.Value("odatagw_http_requests_total", map[string]string{"service": "a", "set": "_none", "code": "200"}); v < 1 {
		t.Errorf("requests to a's root: %v", v)
	}
}
