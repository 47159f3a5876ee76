package main

// TestReadmeExamples runs every curl example of the README that is aimed at
// the demo (http://127.0.0.1:8080/) against the gateway serve builds without
// a configuration, and every `go run ./cmd/odatagw COMMAND` through run.
// Blocks about the writable demo (--demo-writable in the block or in the
// sentence before it) each get a fresh writable demo and run in README order.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"odatagw/config"
	"odatagw/internal/observe"
)

const readmeHost = "http://127.0.0.1:8080"

// readmeElsewhere lists the services the README's curl examples address that
// the test cannot serve, with the reason. Any other URL must be the demo's.
var readmeElsewhere = map[string]string{
	readmeHost + "/odata/shipping/":    "a third-party JSON API (api.shipper.example)",
	readmeHost + "/odata/all/":         "a federation of a MySQL database given by ${ERP_DSN} and the shipping API",
	"http://localhost:8080/odata/erp/": "the security example's MySQL source (${ERP_DSN}) and credentials",
}

// notRun lists the other commands of the README's sh blocks, with the reason.
var notRun = map[string]string{
	"odatagw":      "the command-line synopsis (its flags: TestReadmeDocumentsEveryFlag)",
	"./odatagw":    "serves a configuration of the reader's",
	"go build":     "builds the binary",
	"go test":      "the commands themselves are checked by TestReadmeTestCommands",
	"bench/run.sh": "the performance harness (minutes, and SAP CAP from npm)",
}

// readmeGateway serves what `odatagw [--demo-writable]` serves: server.build
// without a configuration, behind secureHandler, with the process observer.
func readmeGateway(t *testing.T, writable bool) *httptest.Server {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	obs := observe.New(observe.Config{Logger: logger})
	s := &server{addr: config.DefaultListen, log: logger, level: new(slog.LevelVar), obs: obs, writableDemo: writable}
	a, err := s.build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	obs.SetStats(a.stats)
	srv := httptest.NewServer(secureHandler(nil, a.handler))
	t.Cleanup(func() { srv.Close(); a.close() })
	return srv
}

func TestReadmeExamples(t *testing.T) {
	t.Setenv("ODATAGW_CONFIG", "") // the examples run without a configuration
	t.Setenv("ODATAGW_LISTEN", "")
	var readOnly *httptest.Server
	ran := 0
	for _, f := range readmeFences(t) {
		if f.lang != "sh" {
			continue
		}
		var srv *httptest.Server
		if strings.Contains(strings.Join(f.lines, "\n")+f.before, "--demo-writable") {
			srv = readmeGateway(t, true) // a fresh copy per block: its examples build on each other
		} else {
			if readOnly == nil {
				readOnly = readmeGateway(t, false)
			}
			srv = readOnly
		}
		files := map[string]string{}
		for _, c := range shellCommands(f) {
			switch {
			case len(c.words) == 0:
			case c.words[0] == "cat" && c.heredoc != "" && len(c.words) >= 3 && c.words[1] == ">":
				files[c.words[2]] = c.heredoc
			case c.words[0] == "curl":
				if runReadmeCurl(t, srv, c, files) {
					ran++
				}
			case len(c.words) > 3 && c.words[0] == "go" && c.words[1] == "run" && c.words[2] == "./cmd/odatagw" && !strings.HasPrefix(c.words[3], "-"):
				var o, e bytes.Buffer
				if err := run(context.Background(), c.words[3:], &o, &e); err != nil {
					t.Errorf("README line %d: %s: %v\n%s", c.line, strings.Join(c.words, " "), err, e.String())
				}
				ran++
			case notRun[c.words[0]] != "" || c.words[0] == "go" && len(c.words) > 1 && notRun["go "+c.words[1]] != "",
				c.words[0] == "go" && len(c.words) > 1 && c.words[1] == "run": // serve: this test is the server
			default:
				t.Errorf("README line %d: the test does not run %q: run it, or list it in notRun", c.line, c.words[0])
			}
		}
	}
	if ran < 50 {
		t.Errorf("only %d examples ran: is the extraction broken?", ran)
	}
}

// runReadmeCurl runs one curl example; it reports false when the example is
// addressed elsewhere (readmeElsewhere).
func runReadmeCurl(t *testing.T, srv *httptest.Server, c shellCmd, files map[string]string) bool {
	t.Helper()
	where := func() string { return "README line " + itoa(c.line) + ": " + strings.Join(c.words, " ") }
	method, url, body := "", "", ""
	var headers [][2]string
	for i := 1; i < len(c.words); i++ {
		w := c.words[i]
		arg := func() string {
			i++
			if i >= len(c.words) {
				t.Fatalf("%s: %s without its argument", where(), w)
			}
			return c.words[i]
		}
		switch w {
		case "-i", "-s", "-sS":
		case "-X":
			method = arg()
		case "-H":
			k, v, _ := strings.Cut(arg(), ":")
			headers = append(headers, [2]string{k, strings.TrimSpace(v)})
		case "-d", "--data", "--data-binary":
			body = arg()
			if name, ok := strings.CutPrefix(body, "@"); ok {
				if body, ok = files[name]; !ok {
					t.Fatalf("%s: %s is not written by an earlier heredoc", where(), name)
				}
			}
		case "-o":
			arg() // the answer is checked, not saved
		case "-u":
			user, pw, _ := strings.Cut(arg(), ":")
			headers = append(headers, [2]string{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pw))})
		default:
			if strings.HasPrefix(w, "-") || url != "" {
				t.Fatalf("%s: the test does not know curl's %s", where(), w)
			}
			url = w
		}
	}
	for prefix, reason := range readmeElsewhere {
		if strings.HasPrefix(url, prefix) {
			t.Logf("%s: skipped: %s", where(), reason)
			return false
		}
	}
	if !strings.HasPrefix(url, readmeHost+"/") {
		t.Fatalf("%s: neither the demo nor listed in readmeElsewhere", where())
	}
	if method == "" {
		method = http.MethodGet
		if body != "" {
			method = http.MethodPost
		}
	}
	req, err := http.NewRequest(method, srv.URL+strings.TrimPrefix(url, readmeHost), strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", where(), err)
	}
	// What curl sends by itself; no Accept-Encoding (curl without --compressed).
	req.Header.Set("Accept", "*/*")
	req.Header.Set("User-Agent", "curl/8.5.0")
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, h := range headers {
		req.Header.Set(h[0], h[1])
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", where(), err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	answer := strings.ReplaceAll(string(raw), srv.URL, readmeHost)
	checkReadmeAnswer(t, where(), c, strings.HasSuffix(url, "/$batch"), resp.StatusCode, answer)
	return true
}

var statusPhrase = regexp.MustCompile(`\b\d{3} [A-Z][a-z]+(?: [A-Z][a-z]+)*`)

// checkReadmeAnswer compares an answer with what the README shows for it: a
// status (for $batch: the statuses of its parts), a JSON text, or else 2xx.
func checkReadmeAnswer(t *testing.T, where string, c shellCmd, batch bool, status int, answer string) {
	t.Helper()
	shown := c.shown
	if c.trailing != "" {
		shown = append([]string{c.trailing}, shown...)
	}
	wantStatus := 0
	var wantJSON []string
	for _, s := range shown {
		if statusShown.MatchString(s) {
			if batch {
				for _, p := range statusPhrase.FindAllString(s, -1) {
					if !strings.Contains(answer, p) {
						t.Errorf("%s: the README shows %q in the answer:\n%s", where, p, answer)
					}
				}
			} else if wantStatus == 0 {
				wantStatus = atoi(s[:3])
			}
			s = strings.TrimSpace(s[3:])
		}
		if i := strings.IndexByte(s, '{'); i >= 0 {
			if end := strings.LastIndexByte(s, '}'); end > i {
				wantJSON = append(wantJSON, s[i:end+1])
			}
		}
	}
	shownError := false
	for _, js := range wantJSON {
		v, err := parseShown(js)
		if err != nil {
			t.Errorf("%s: the answer shown is not JSON: %v", where, err)
			continue
		}
		if o, ok := v.(shownObject); ok && o.vals["error"] != nil {
			shownError = true
		}
		d := json.NewDecoder(strings.NewReader(answer))
		d.UseNumber()
		var actual any
		if err := d.Decode(&actual); err != nil {
			t.Errorf("%s: the README shows JSON, the answer (%d) is not: %.300s", where, status, answer)
			continue
		}
		for _, diff := range match("$", v, actual) {
			t.Errorf("%s: %s\nanswer: %.600s", where, diff, answer)
		}
	}
	switch {
	case status >= 500:
		t.Errorf("%s: %d: %.300s", where, status, answer)
	case wantStatus != 0 && status != wantStatus:
		t.Errorf("%s: status %d, the README shows %d: %.300s", where, status, wantStatus, answer)
	case wantStatus == 0 && shownError && (status < 400 || status >= 500):
		t.Errorf("%s: status %d, the README shows an error: %.300s", where, status, answer)
	case wantStatus == 0 && !shownError && (status < 200 || status > 299):
		t.Errorf("%s: status %d: %.300s", where, status, answer)
	}
	for _, p := range c.pipes {
		if len(p) == 2 && p[0] == "grep" && !strings.Contains(answer, p[1]) {
			t.Errorf("%s: the answer lacks %q", where, p[1])
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
