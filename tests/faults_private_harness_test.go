package tests

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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
