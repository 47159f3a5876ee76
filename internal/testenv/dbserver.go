package testenv

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a private database server that a test starts and owns: its own
// data directory under the system temp folder, a free loopback port, its
// socket in that directory and a small connection limit. Unlike the shared
// test servers it may be crashed, shut down, restarted on the same port or
// starved of connections without disturbing anybody else's tests.
type Server struct {
	// Kind is "mysql" (MariaDB) or "postgres".
	Kind string
	// Port is the loopback TCP port the server listens on, across restarts.
	Port int
	// MaxConnections is the server's max_connections.
	MaxConnections int

	t       testing.TB
	dir     string
	command func() *exec.Cmd // the server process, configured
	ready   func(ctx context.Context) error
	logPath string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
}

// ServerOptions tune a private server.
type ServerOptions struct {
	// MaxConnections is the server's connection limit (default 20; MariaDB
	// takes at least 10).
	MaxConnections int
}

func (o ServerOptions) maxConnections() int {
	if o.MaxConnections <= 0 {
		return 20
	}
	return o.MaxConnections
}

// Addr is host:port of the server.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.Port) }

// DSN is the data source name of database db on the server for the engine's
// driver, as the gateway's configuration would hold it (the administrator,
// no password: the server is private and listens on loopback only).
func (s *Server) DSN(db string) string {
	if s.Kind == "postgres" {
		if db == "" {
			db = "postgres"
		}
		return "postgres://postgres@" + s.Addr() + "/" + db + "?sslmode=disable"
	}
	return "root@tcp(" + s.Addr() + ")/" + db
}

// Start (re)starts the server on its port and waits until it accepts
// sessions; a server that does not come up fails the test with its log.
func (s *Server) Start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	defer logf.Close()
	cmd := s.command()
	cmd.Stdout, cmd.Stderr = logf, logf
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	// A group of its own: a crash kills the server with every child it
	// forked. And it dies with the test process, killed by a timeout or ^C,
	// instead of holding its port and data directory.
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("%s: start %s: %v", s.Kind, cmd.Path, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	s.cmd, s.done = cmd, done

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		err := s.ready(pctx)
		pcancel()
		if err == nil {
			return
		}
		select {
		case <-done:
			s.cmd = nil
			s.t.Fatalf("%s server exited while starting: %s", s.Kind, s.logTail())
		case <-ctx.Done():
			s.t.Fatalf("%s server did not accept sessions within 60s (%v): %s", s.Kind, err, s.logTail())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Stop sends sig to the server's process group (SIGKILL: a crash;
// SIGTERM/SIGINT: a shutdown) and waits until the server has exited,
// killing it after 30 seconds.
func (s *Server) Stop(sig syscall.Signal) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, sig)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
		s.t.Errorf("%s server did not stop on %v within 30s", s.Kind, sig)
	}
	s.cmd = nil
}

// Running reports whether the server process is up.
func (s *Server) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd != nil
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(s.logPath)
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

// newServer prepares the common part of a private server: a data folder
// (owned by uid/gid when they are not -1) and a free port.
func newServer(t testing.TB, kind string, opts ServerOptions, uid, gid int) *Server {
	t.Helper()
	// Not t.TempDir: its parent folders are private to the user running
	// the test, and PostgreSQL must run as another user.
	dir, err := os.MkdirTemp("", "odatagw-"+kind+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if uid >= 0 {
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return &Server{Kind: kind, Port: freePort(t), MaxConnections: opts.maxConnections(),
		t: t, dir: dir, logPath: filepath.Join(dir, "server.log")}
}

// run runs a preparation step (install, initdb), failing the test with its output.
func (s *Server) run(cmd *exec.Cmd) {
	s.t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("%s: %s: %v\n%s", s.Kind, cmd.Args, err, out.String())
	}
}

// freePort returns a loopback TCP port nobody listens on now.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// findBinary looks for a server program in the folders Debian keeps them in,
// then in PATH (the folders first: initdb and postgres must come from the
// same version); a missing one ends the test through Missing.
func findBinary(t testing.TB, name string, dirs ...string) string {
	t.Helper()
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	Missing(t, "the program "+name, errors.New("not in "+fmt.Sprint(dirs)+" nor in PATH"))
	return ""
}

// pingDB opens dsn with driver, pings it once and closes it.
func pingDB(ctx context.Context, driver, dsn string) error {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}
