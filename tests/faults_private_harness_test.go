package tests

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"odatagw/internal/testenv"
)

// Helpers of the fault suites over private database servers
// (testenv.StartMariaDB, testenv.StartPostgres): servers a test may crash,
// restart and starve without touching the shared ones.

// privateDB creates the database "faults" on a private server and runs the
// statements in it.
func privateDB(t *testing.T, srv *testenv.Server, stmts ...string) *engineDB {
	t.Helper()
	if srv.Kind == "postgres" {
		return postgresDBOn(t, srv.Addr(), "faults", stmts...)
	}
	return mysqlDBOn(t, srv.DSN(""), "faults", stmts...)
}

// eachPrivateServer runs f as a subtest per engine, on a private server of
// that engine started with opts.
func eachPrivateServer(t *testing.T, opts testenv.ServerOptions, f func(t *testing.T, srv *testenv.Server)) {
	t.Run("mariadb", func(t *testing.T) { f(t, testenv.StartMariaDB(t, opts)) })
	t.Run("postgres", func(t *testing.T) { f(t, testenv.StartPostgres(t, opts)) })
}

// faultLoad keeps workers sending GET requests to a gateway until finish,
// checking every answer as it arrives: a URL of a "steady" service must
// answer 200; any other may answer 200, or 503/504 as an OData error that
// names no server detail (503 with Retry-After); nothing may answer 500 or
// go unanswered within the client's deadline.
type faultLoad struct {
	t       *testing.T
	secrets []string // what no error body may contain (DSN, address)
	stop    chan struct{}
	wg      sync.WaitGroup

	mu       sync.Mutex
	counts   map[string]map[int]int // service → status → answers
	problems []string
}

// loadURL is one request of a faultLoad: a URL and the service it belongs to.
type loadURL struct {
	service string
	url     string
	steady  bool // must always answer 200
}

// startFaultLoad starts workers that cycle through urls with a client
// deadline of deadline each.
func startFaultLoad(t *testing.T, workers int, deadline time.Duration, secrets []string, urls []loadURL) *faultLoad {
	l := &faultLoad{t: t, secrets: secrets, stop: make(chan struct{}), counts: map[string]map[int]int{}}
	client := &http.Client{Timeout: deadline, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	t.Cleanup(client.CloseIdleConnections)
	for w := range workers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for i := w; ; i++ {
				select {
				case <-l.stop:
					return
				default:
				}
				l.one(client, urls[i%len(urls)])
				time.Sleep(5 * time.Millisecond) // a client, not a busy loop: leave the machine some air
			}
		}()
	}
	return l
}

func (l *faultLoad) one(client *http.Client, u loadURL) {
	start := time.Now()
	resp, err := client.Get(u.url)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	took := time.Since(start)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.problems = append(l.problems, fmt.Sprintf("%s: no answer after %v: %v", u.url, took.Round(time.Millisecond), err))
		return
	}
	if l.counts[u.service] == nil {
		l.counts[u.service] = map[int]int{}
	}
	l.counts[u.service][resp.StatusCode]++
	if problem := l.check(u, resp, body); problem != "" {
		l.problems = append(l.problems, fmt.Sprintf("%s: %d after %v: %s: %s", u.url, resp.StatusCode, took.Round(time.Millisecond), problem, trunc(body)))
	}
}

// check returns what is wrong with an answer, or "".
func (l *faultLoad) check(u loadURL, resp *http.Response, body []byte) string {
	switch {
	case resp.StatusCode == 200:
		return ""
	case u.steady:
		return "the steady service failed"
	case resp.StatusCode != 503 && resp.StatusCode != 504:
		return "want 200, 503 or 504"
	case resp.StatusCode == 503 && resp.Header.Get("Retry-After") == "":
		return "a 503 without Retry-After"
	case resp.Header.Get("OData-Version") != "4.0":
		return "not an OData answer"
	}
	var oe odataError
	if err := json.Unmarshal(body, &oe); err != nil || oe.Error.Code == "" {
		return "not an OData error body"
	}
	for _, s := range append([]string{"SQLSTATE", "dial ", "@tcp(", "postgres://"}, l.secrets...) {
		if strings.Contains(string(body), s) {
			return "the error reveals " + s
		}
	}
	return ""
}

// status returns the answers so far of service with status.
func (l *faultLoad) status(service string, status int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[service][status]
}

// finish stops the workers, logs the answers per service and status, and
// fails the test with the first problems seen.
func (l *faultLoad) finish() {
	l.t.Helper()
	close(l.stop)
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	services := make([]string, 0, len(l.counts))
	for s := range l.counts {
		services = append(services, s)
	}
	slices.Sort(services)
	for _, s := range services {
		l.t.Logf("answers of %s by status: %v", s, l.counts[s])
	}
	if n := len(l.problems); n > 0 {
		l.t.Errorf("%d answers broke the rules; the first ones:\n%s", n, strings.Join(l.problems[:min(n, 10)], "\n"))
	}
}

// connHog holds every connection a private server allows, from outside the
// gateway (another application gone wild, or a connection leak).
type connHog struct {
	t     *testing.T
	kind  string
	db    *sql.DB
	conns []*sql.Conn
	ids   map[int64]bool // the server's session ids of conns
}

// hogConnections opens sessions until the server refuses one as too many
// and it holds every slot, ending every other client
// session (the gateway's pooled connections, the
// test's own) so that their slots come to it too, until the hog holds them
// all. release (also run at cleanup) closes them.
func hogConnections(t *testing.T, srv *testenv.Server) *connHog {
	t.Helper()
	h := &connHog{t: t, kind: srv.Kind, ids: map[int64]bool{}}
	if srv.Kind == "postgres" {
		h.db = openPostgres(t, srv.DSN(""))
	} else {
		cfg, err := mysqldrv.ParseDSN(srv.DSN(""))
		if err != nil {
			t.Fatal(err)
		}
		cfg.Timeout = 2 * time.Second
		h.db = openMySQL(t, cfg)
	}
	t.Cleanup(h.release)
	want := srv.MaxConnections
	if srv.Kind == "mysql" {
		want++ // MariaDB keeps one more for a user with SUPER (root)
	}
	deadline := time.Now().Add(45 * time.Second)
	for {
		refused := h.grab()
		others := h.others()
		// A refusal alone is not enough: a session being ended, or still
		// starting, holds a slot without showing among the others.
		if len(others) == 0 && refused && len(h.conns) >= want {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("could not take every connection: holding %d, %d other sessions", len(h.conns), len(others))
		}
		for _, id := range others {
			h.kill(id)
		}
		// The killed sessions' clients reconnect at once (the gateway's
		// pool under load): try for their slots without pausing, for a
		// moment, rather than sleeping and finding them taken again.
		for spin := time.Now().Add(200 * time.Millisecond); len(h.conns) < want && time.Now().Before(spin); {
			h.grab()
		}
	}
}

// grab opens sessions until one fails; it reports whether the server
// refused that one as too many.
func (h *connHog) grab() bool {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		c, err := h.db.Conn(ctx)
		if err == nil {
			var id int64
			q := "SELECT CONNECTION_ID()"
			if h.kind == "postgres" {
				q = "SELECT pg_backend_pid()"
			}
			err = c.QueryRowContext(ctx, q).Scan(&id)
			if err == nil {
				h.conns, h.ids[id] = append(h.conns, c), true
			} else {
				c.Close()
			}
		}
		cancel()
		if err != nil {
			var me *mysqldrv.MySQLError
			var pe *pgconn.PgError
			return errors.As(err, &me) && me.Number == 1040 || errors.As(err, &pe) && pe.Code == "53300"
		}
	}
}

// others returns the ids of the client sessions the hog does not hold.
func (h *connHog) others() []int64 {
	h.t.Helper()
	if len(h.conns) == 0 {
		return nil
	}
	q := "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND <> 'Daemon' AND USER <> 'system user'"
	if h.kind == "postgres" {
		q = "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'"
	}
	rows, err := h.conns[0].QueryContext(context.Background(), q)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			h.t.Fatal(err)
		}
		if !h.ids[id] {
			out = append(out, id)
		}
	}
	return out
}

// kill ends another client's session (it may have ended already).
func (h *connHog) kill(id int64) {
	q, args := fmt.Sprintf("KILL CONNECTION %d", id), []any(nil)
	if h.kind == "postgres" {
		q, args = "SELECT pg_terminate_backend($1)", []any{id}
	}
	_, _ = h.conns[0].ExecContext(context.Background(), q, args...)
}

// release closes every held session.
func (h *connHog) release() {
	for _, c := range h.conns {
		c.Close()
	}
	h.conns, h.ids = nil, map[int64]bool{}
	h.db.Close()
}
