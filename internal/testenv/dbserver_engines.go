package testenv

import (
	"context"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"

	_ "github.com/go-sql-driver/mysql" // registers "mysql" for the readiness ping
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// StartMariaDB initialises a data directory with mariadb-install-db and
// starts a private mariadbd on it (root without a password, loopback only,
// durability traded for speed). It is killed and removed when the test ends.
// Missing programs end the test through Missing (a failure under CI).
func StartMariaDB(t testing.TB, opts ServerOptions) *Server {
	t.Helper()
	sbin := []string{"/usr/sbin", "/usr/libexec", "/usr/local/sbin"}
	mariadbd := findBinary(t, "mariadbd", sbin...)
	install := findBinary(t, "mariadb-install-db", "/usr/bin", "/usr/local/bin")
	s := newServer(t, "mysql", opts, -1, -1)
	data := filepath.Join(s.dir, "data")
	// --user=root: the tests run as root on CI, and mariadbd refuses root
	// unless told so; --no-defaults keeps the machine's my.cnf (and its
	// datadir, port and socket) out.
	s.run(exec.Command(install, "--no-defaults", "--datadir="+data, "--user=root",
		"--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"))
	s.command = func() *exec.Cmd {
		return exec.Command(mariadbd, "--no-defaults", "--datadir="+data, "--user=root",
			"--port="+strconv.Itoa(s.Port), "--bind-address=127.0.0.1", "--skip-name-resolve",
			"--socket="+filepath.Join(s.dir, "mysqld.sock"), "--pid-file="+filepath.Join(s.dir, "mysqld.pid"),
			"--max-connections="+strconv.Itoa(s.MaxConnections),
			"--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M", "--innodb-flush-log-at-trx-commit=0",
			"--skip-log-bin", "--performance-schema=OFF", "--log-error="+s.logPath)
	}
	s.ready = func(ctx context.Context) error { return pingDB(ctx, "mysql", s.DSN("")+"?timeout=2s") }
	s.Start()
	t.Cleanup(func() { s.Stop(syscall.SIGKILL) })
	return s
}

// StartPostgres initialises a cluster with initdb and starts a private
// postgres on it (trust authentication, loopback only, fsync off, no
// connection slots reserved for superusers so that max_connections is the
// whole limit). initdb and postgres refuse to run as root: run by root, both
// run as the postgres user, in a folder it owns. It is killed and removed
// when the test ends.
func StartPostgres(t testing.TB, opts ServerOptions) *Server {
	t.Helper()
	bin := postgresBin()
	initdb := findBinary(t, "initdb", bin)
	postgres := findBinary(t, "postgres", bin)
	uid, gid := -1, -1
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			Missing(t, "the postgres user (initdb refuses to run as root)", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	s := newServer(t, "postgres", opts, uid, gid)
	data := filepath.Join(s.dir, "data")
	asOwner := func(cmd *exec.Cmd) *exec.Cmd {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
		cmd.Dir = s.dir
		return cmd
	}
	s.run(asOwner(exec.Command(initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")))
	s.command = func() *exec.Cmd {
		return asOwner(exec.Command(postgres, "-D", data, "-p", strconv.Itoa(s.Port), "-k", s.dir,
			"-c", "listen_addresses=127.0.0.1", "-c", "max_connections="+strconv.Itoa(s.MaxConnections),
			"-c", "superuser_reserved_connections=0", "-c", "fsync=off", "-c", "synchronous_commit=off",
			"-c", "full_page_writes=off", "-c", "shared_buffers=16MB", "-c", "logging_collector=off"))
	}
	s.ready = func(ctx context.Context) error { return pingDB(ctx, "pgx", s.DSN("")+"&connect_timeout=2") }
	s.Start()
	t.Cleanup(func() { s.Stop(syscall.SIGKILL) })
	return s
}

// postgresBin is the bin folder of the newest PostgreSQL installed the
// Debian way (/usr/lib/postgresql/<version>/bin), or "" to search PATH.
func postgresBin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return va - vb
	})
	if len(dirs) == 0 {
		return ""
	}
	return dirs[len(dirs)-1]
}
