package tests

import (
	"odatagw/internal/testenv"

	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"odatagw/demo"
)

// The binary, built once, started with broken configurations: each run exits
// non-zero within a bounded time with a message naming the key or source and
// never the DSN's password; with a good configuration it serves.

const secretPassword = "s3cr3t-Pw_42"

// buildGateway builds cmd/odatagw into dir.
func buildGateway(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool to build the binary: %v", err)
	}
	bin := filepath.Join(dir, "odatagw")
	cmd := exec.Command(goBin, "build", "-o", bin, "./cmd/odatagw")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/odatagw: %v\n%s", err, out)
	}
	return bin
}

// runGateway runs the binary with a configuration file holding cfg and the
// extra environment, and returns its exit error and combined output. It
// fails the test when the process does not exit within limit.
func runGateway(t *testing.T, bin, dir, cfg string, limit time.Duration, env ...string) (string, error) {
	t.Helper()
	path := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--config", path, "--listen", "127.0.0.1:"+freePort(t))
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("the gateway did not exit within %s; output:\n%s", limit, out.String())
	}
	return out.String(), err
}

// freePort returns a TCP port that was free a moment ago on 127.0.0.1.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// startupCase is a configuration the gateway must refuse.
type startupCase struct {
	name   string
	cfg    string
	env    []string
	expect []string // each must appear in the output
}

func TestStartupFailures(t *testing.T) {
	dir := t.TempDir()
	bin := buildGateway(t, dir)
	missing := filepath.Join(dir, "no-such.db")
	cases := []startupCase{
		{"unknown top-level key", "version: 1\nlisten_addr: 127.0.0.1:9\nsources:\n  - {name: a, kind: sqlite, dsn: " + missing + "}\n",
			nil, []string{"listen_addr"}},
		{"unknown source key", "version: 1\nsources:\n  - name: erp\n    kind: mysql\n    dsn: root:" + secretPassword + "@tcp(127.0.0.1:1)/x\n    colour: red\n",
			nil, []string{"colour"}},
		{"unknown entity key", "version: 1\nsources:\n  - name: erp\n    kind: sqlite\n    dsn: " + missing + "\n    entities:\n      items: {keys: [id]}\n",
			nil, []string{"keys"}},
		{"missing dsn", "version: 1\nsources:\n  - {name: erp, kind: mysql}\n", nil, []string{"erp", "dsn"}},
		{"unset variable", "version: 1\nsources:\n  - {name: erp, kind: postgres, dsn: \"${ODATAGW_TEST_UNSET_DSN}\"}\n",
			nil, []string{"ODATAGW_TEST_UNSET_DSN"}},
		{"missing version", "sources:\n  - {name: erp, kind: sqlite, dsn: " + missing + "}\n", nil, []string{"version"}},
		{"unknown kind", "version: 1\nsources:\n  - {name: erp, kind: oracle, dsn: x}\n", nil, []string{"erp", "oracle"}},
		{"mysql unreachable", "version: 1\nsources:\n  - {name: erp, kind: mysql, dsn: \"root:" + secretPassword + "@tcp(127.0.0.1:1)/shop\"}\n",
			nil, []string{`"erp"`}},
		{"postgres unreachable", "version: 1\nsources:\n  - {name: dwh, kind: postgres, dsn: \"postgres://postgres:" + secretPassword + "@127.0.0.1:1/dwh?sslmode=disable\"}\n",
			nil, []string{`"dwh"`}},
		{"postgres unreachable via variable", "version: 1\nsources:\n  - {name: dwh, kind: postgres, dsn: \"${ODATAGW_TEST_DSN}\"}\n",
			[]string{"ODATAGW_TEST_DSN=host=127.0.0.1 port=1 user=postgres password=" + secretPassword + " dbname=dwh sslmode=disable"}, []string{`"dwh"`}},
		{"second source unreachable", "version: 1\nsources:\n  - {name: demo, kind: sqlite, dsn: " + missing + "}\n  - {name: dwh, kind: postgres, dsn: \"postgres://u:" + secretPassword + "@127.0.0.1:1/x\"}\n",
			nil, []string{`"demo"`}},
		{"malformed mysql dsn", "version: 1\nsources:\n  - {name: erp, kind: mysql, dsn: \"root:" + secretPassword + "@tcp(127.0.0.1:3306/shop\"}\n",
			nil, []string{`"erp"`}},
		{"malformed postgres dsn", "version: 1\nsources:\n  - {name: dwh, kind: postgres, dsn: \"postgres://postgres:" + secretPassword + "@127.0.0.1:99999/x\"}\n",
			nil, []string{`"dwh"`}},
		{"missing sqlite file", "version: 1\nsources:\n  - {name: files, kind: sqlite, dsn: " + missing + "}\n", nil, []string{`"files"`}},
	}
	pg := openPostgres(t, postgresServer)
	reachable := pg.Ping()
	pg.Close()
	if reachable != nil && testenv.InCI() {
		t.Errorf("PostgreSQL test server unreachable (CI=true): %v", reachable)
	}
	if reachable == nil {
		// Reachable server, database that does not exist: the server's own error, still without the password.
		cases = append(cases, startupCase{"postgres database missing", "version: 1\nsources:\n  - {name: dwh, kind: postgres, dsn: \"postgres://postgres:" + secretPassword + "@127.0.0.1:5432/odatagw_test_e2e_missing?sslmode=disable\"}\n",
			nil, []string{`"dwh"`}})
		// Reachable database, configuration naming what it lacks.
		d := newPostgresDB(t, e2ePostgresDB, "CREATE TABLE items (id INT PRIMARY KEY, name TEXT)", "CREATE VIEW v AS SELECT id FROM items")
		withPassword := strings.Replace(d.dsn, "postgres@", "postgres:"+secretPassword+"@", 1)
		// The message names the key as the file spells it (entities.<table>.properties.<column>...).
		for _, c := range []struct {
			name, extra string
			expect      []string
		}{
			{"allow-list names a missing table", "    tables: [items, nope]\n", []string{"tables", "nope"}},
			{"override of a missing column", "    entities:\n      items:\n        properties:\n          ghost: {type: Edm.Guid}\n", []string{"entities.items.properties", "ghost"}},
			{"impossible override", "    entities:\n      items:\n        properties:\n          name: {type: Edm.Binary}\n", []string{"entities.items.properties.name.type", "Edm.Binary"}},
			{"key of a missing column", "    entities:\n      v:\n        key: [nope_id]\n", []string{"entities.v.key", "nope_id"}},
			{"hiding a missing column", "    entities:\n      items:\n        hide: [nope]\n", []string{"entities.items.hide", "nope"}},
			{"unknown naming", "    naming: kebab\n", []string{"naming", "kebab"}},
		} {
			cases = append(cases, startupCase{c.name, "version: 1\nsources:\n  - name: dwh\n    kind: postgres\n    dsn: ${ODATAGW_TEST_DSN}\n" + c.extra,
				[]string{"ODATAGW_TEST_DSN=" + withPassword}, append([]string{`"dwh"`}, c.expect...)})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := runGateway(t, bin, t.TempDir(), c.cfg, 60*time.Second, c.env...)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("exit %v, want a non-zero exit; output:\n%s", err, out)
			}
			for _, want := range c.expect {
				if !strings.Contains(out, want) {
					t.Errorf("the message does not name %s:\n%s", want, out)
				}
			}
			for _, src := range []string{"erp", "dwh", "files", "demo"} {
				if n := strings.Count(out, `source "`+src+`"`); n > 1 {
					t.Errorf("the message names source %s %d times:\n%s", src, n, out)
				}
			}
			if strings.Contains(out, secretPassword) {
				t.Errorf("the message reveals the DSN's password:\n%s", out)
			}
			if strings.Contains(out, "goroutine ") || strings.Contains(out, "panic") {
				t.Errorf("a crash instead of a message:\n%s", out)
			}
		})
	}
}

// runningGateway is the binary serving on addr.
type runningGateway struct {
	addr   string
	cmd    *exec.Cmd
	out    *bytes.Buffer
	exited chan error
}

// startGateway starts the binary with args and extra environment and waits
// (bounded) until probe, a path on it, answers 200. The process is killed at
// cleanup if still running.
func startGateway(t *testing.T, bin, addr, probe string, args, env []string) *runningGateway {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	g := &runningGateway{addr: addr, cmd: exec.CommandContext(ctx, bin, args...), out: &bytes.Buffer{}, exited: make(chan error, 1)}
	g.cmd.Env = append(os.Environ(), env...)
	g.cmd.Stdout, g.cmd.Stderr = g.out, g.out
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { g.exited <- g.cmd.Wait() }()
	t.Cleanup(func() {
		if g.cmd.ProcessState == nil {
			_ = g.cmd.Process.Kill()
			<-g.exited
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + probe)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return g
			}
		}
		select {
		case err := <-g.exited:
			t.Fatalf("the gateway exited: %v\n%s", err, g.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gateway does not answer on %s: %v\n%s", addr, err, g.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM and expects a clean exit.
func (g *runningGateway) stop(t *testing.T) {
	t.Helper()
	if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-g.exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, g.out.String())
		}
	case <-time.After(45 * time.Second):
		t.Fatalf("the gateway did not stop after SIGTERM\n%s", g.out.String())
	}
}

// With a good configuration the binary serves /odata/<name>/ on the --listen
// address (which wins over the file's), and stops cleanly on SIGTERM.
func TestStartupServes(t *testing.T) {
	dir := t.TempDir()
	bin := buildGateway(t, dir)
	db := filepath.Join(dir, "shop.db")
	if err := demo.Create(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "gateway.yaml")
	cfg := "version: 1\nlisten: 127.0.0.1:1\nmax_page_size: 50\nsources:\n  - name: shop\n    kind: sqlite\n    dsn: ${ODATAGW_TEST_SHOP}\n" +
		"    tables: [Orders, Customers]\n    entities:\n      Customers: {name: Clients, hide: [Phone]}\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, how := range []string{"flags", "environment"} {
		t.Run(how, func(t *testing.T) {
			addr := "127.0.0.1:" + freePort(t)
			args, env := []string{"--config", cfgPath, "--listen", addr}, []string{"ODATAGW_TEST_SHOP=" + db}
			if how == "environment" {
				args, env = nil, append(env, "ODATAGW_CONFIG="+cfgPath, "ODATAGW_LISTEN="+addr)
			}
			g := startGateway(t, bin, addr, "/odata/shop/", args, env)
			root := "http://" + addr + "/odata/shop/"
			e := &demoEnv{root: root}
			sameStrings(t, "service document", serviceSets(t, e), []string{"Clients", "Orders"})
			c := e.get(t, "Orders?$select=OrderID&$orderby=OrderID").collection(t)
			if len(c.Value) != 50 || !strings.HasPrefix(c.NextLink, root+"Orders?") {
				t.Errorf("first page: %d rows, nextLink %q", len(c.Value), c.NextLink)
			}
			ent := e.get(t, "Clients?$top=1").collection(t).rows(t)
			if len(ent) != 1 {
				t.Fatalf("Clients: %v", ent)
			}
			if _, leaked := ent[0]["Phone"]; leaked {
				t.Errorf("hidden column served: %v", ent[0])
			}
			if r := e.get(t, "Products"); r.status != 404 {
				t.Errorf("Products is not in the allow-list but answers %d", r.status)
			}
			var idx struct{ Services []struct{ Name, URL string } }
			if err := json.Unmarshal(e.get(t, "http://"+addr+"/").mustStatus(t, 200).body, &idx); err != nil || len(idx.Services) != 1 || idx.Services[0].URL != root {
				t.Errorf("index: %v %+v", err, idx)
			}
			g.stop(t)
		})
	}
}

// The binary in front of MariaDB and PostgreSQL at once, configured as a
// user would (passwords from the environment, renames, overrides, hidden
// columns, keys for views), serves both.
func TestStartupServesEngines(t *testing.T) {
	my := newMySQLDB(t, e2eMySQLDB,
		"CREATE TABLE order_lines (order_id INT NOT NULL, line_no INT NOT NULL, sku CHAR(36) NOT NULL, secret VARCHAR(10), PRIMARY KEY (order_id, line_no))",
		"INSERT INTO order_lines VALUES (1, 1, 'A3F1C2D4-0000-4000-8000-000000000001', 'x'), (1, 2, 'a3f1c2d4-0000-4000-8000-000000000002', 'y')")
	pg := newPostgresDB(t, e2ePostgresDB,
		"CREATE TABLE items (id INT PRIMARY KEY, shipped TEXT NULL)",
		"INSERT INTO items VALUES (1, '2024-02-29'), (2, NULL)",
		"CREATE VIEW recent AS SELECT id, shipped FROM items WHERE shipped IS NOT NULL")
	dir := t.TempDir()
	bin := buildGateway(t, dir)
	cfgPath := filepath.Join(dir, "gateway.yaml")
	cfg := `version: 1
sources:
  - name: erp
    kind: mysql
    dsn: ${ODATAGW_TEST_MY_DSN}
    naming: pascal
    query_timeout: 5s
    entities:
      order_lines:
        hide: [secret]
        properties:
          sku: {name: Sku, type: Edm.Guid}
  - name: dwh
    kind: postgres
    dsn: ${ODATAGW_TEST_PG_DSN}
    entities:
      items:
        properties:
          shipped: {type: Edm.Date}
      recent:
        key: [id]
`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + freePort(t)
	g := startGateway(t, bin, addr, "/odata/dwh/", []string{"--config", cfgPath, "--listen", addr},
		[]string{"ODATAGW_TEST_MY_DSN=" + my.dsn, "ODATAGW_TEST_PG_DSN=" + pg.dsn})

	erp := &demoEnv{root: "http://" + addr + "/odata/erp/"}
	sameStrings(t, "erp sets", serviceSets(t, erp), []string{"OrderLines"})
	ent := erp.get(t, "OrderLines(OrderId=1,LineNo=1)").entity(t)
	if ent["Sku"] != "a3f1c2d4-0000-4000-8000-000000000001" || ent["Secret"] != nil || len(ent) != 4 {
		t.Errorf("OrderLines(1,1) = %v", ent)
	}
	if c := erp.get(t, "OrderLines?$filter="+qe("Sku eq a3f1c2d4-0000-4000-8000-000000000002")).collection(t); len(c.Value) != 1 {
		t.Errorf("filter by Sku: %d rows", len(c.Value))
	}
	dwh := &demoEnv{root: "http://" + addr + "/odata/dwh/"}
	sameStrings(t, "dwh sets", serviceSets(t, dwh), []string{"items", "recent"})
	if ids := dwh.readAllIDs(t, "items?$filter="+qe("shipped eq 2024-02-29"), "id"); !equalInts(ids, []int64{1}) {
		t.Errorf("items shipped eq 2024-02-29: %v", ids)
	}
	if ent := dwh.get(t, "recent(1)").entity(t); ent["shipped"] != "2024-02-29" {
		t.Errorf("recent(1) = %v", ent)
	}
	for _, e := range []*demoEnv{erp, dwh} {
		doc := e.get(t, "$metadata").mustStatus(t, 200)
		if !strings.Contains(string(doc.body), "<edmx:Edmx") {
			t.Errorf("%s$metadata: %s", e.root, trunc(doc.body))
		}
	}
	g.stop(t)
}
