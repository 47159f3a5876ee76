package tests

// A minimal W3C WebDriver client (standard library only) driving Debian's
// headless Chromium through chromedriver, for the tests of the HTML pages.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"testing"
	"time"

	"odatagw/internal/testenv"
)

// chromiumArgs start a headless browser that talks to nobody but the test
// server: no first-run pages, updates, sync or background traffic.
var chromiumArgs = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
	"--window-size=1280,1024"}

// browser is one WebDriver session.
type browser struct {
	t       testing.TB
	base    string // chromedriver URL
	session string
	client  *http.Client
}

// newBrowser starts chromedriver and a Chromium session; both end with the
// test. Without chromium and chromedriver the test is skipped, or fails under
// CI=true.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err == nil {
		_, err = exec.LookPath("chromedriver")
	}
	if err != nil {
		testenv.Missing(t, "chromium and chromedriver (apt-get install chromium chromium-driver)", err)
	}
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "chromedriver", "--port="+port, "--allowed-ips=127.0.0.1")
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("chromedriver: %v", err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	b := &browser{t: t, base: "http://127.0.0.1:" + port, client: &http.Client{Timeout: 60 * time.Second}}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := b.client.Get(b.base + "/status")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver did not start: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	args := append(append([]string{}, chromiumArgs...), "--user-data-dir="+t.TempDir())
	var created struct {
		SessionID string `json:"sessionId"`
	}
	b.call(http.MethodPost, "/session", map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome", "goog:chromeOptions": map[string]any{"binary": chromium, "args": args}}}}, &created)
	if created.SessionID == "" {
		t.Fatal("chromedriver created no session")
	}
	b.session = created.SessionID
	t.Cleanup(func() { b.call(http.MethodDelete, "", nil, nil) })
	return b
}

// call sends one WebDriver command (path relative to the session) and decodes
// the "value" of the answer into out.
func (b *browser) call(method, path string, in, out any) {
	b.t.Helper()
	url := b.base + path
	if b.session != "" {
		url = b.base + "/session/" + b.session + path
	}
	var body io.Reader
	if in != nil {
		j, err := json.Marshal(in)
		if err != nil {
			b.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &env); err != nil || resp.StatusCode != 200 {
		b.t.Fatalf("webdriver %s %s: status %d: %.500s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(env.Value, out); err != nil {
			b.t.Fatalf("webdriver %s %s: %v: %.300s", method, path, err, env.Value)
		}
	}
}

// open navigates to url and waits for the page to load.
func (b *browser) open(url string) {
	b.call(http.MethodPost, "/url", map[string]string{"url": url}, nil)
}

func (b *browser) title() string {
	var s string
	b.call(http.MethodGet, "/title", nil, &s)
	return s
}

func (b *browser) url() string {
	var s string
	b.call(http.MethodGet, "/url", nil, &s)
	return s
}

// element is a WebDriver element reference.
type element string

const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// all returns the elements matching a CSS selector.
func (b *browser) all(css string) []element {
	var refs []map[string]string
	b.call(http.MethodPost, "/elements", map[string]string{"using": "css selector", "value": css}, &refs)
	out := make([]element, len(refs))
	for i, r := range refs {
		out[i] = element(r[elementKey])
	}
	return out
}

// one returns the single element matching css, failing the test otherwise.
func (b *browser) one(css string) element {
	b.t.Helper()
	els := b.all(css)
	if len(els) != 1 {
		b.t.Fatalf("%d elements match %q on %s, want 1", len(els), css, b.url())
	}
	return els[0]
}

func (b *browser) text(e element) string {
	var s string
	b.call(http.MethodGet, "/element/"+string(e)+"/text", nil, &s)
	return s
}

// property reads a DOM property (href is the resolved absolute URL).
func (b *browser) property(e element, name string) string {
	var v any
	b.call(http.MethodGet, "/element/"+string(e)+"/property/"+name, nil, &v)
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func (b *browser) click(e element) {
	b.call(http.MethodPost, "/element/"+string(e)+"/click", map[string]any{}, nil)
}

// script runs JavaScript in the page and returns its result.
func (b *browser) script(js string, out any) {
	b.call(http.MethodPost, "/execute/sync", map[string]any{"script": js, "args": []any{}}, out)
}

// rect is an element's position and size in CSS pixels.
type rect struct{ X, Y, Width, Height float64 }

func (b *browser) rect(e element) rect {
	var r rect
	b.call(http.MethodGet, "/element/"+string(e)+"/rect", nil, &r)
	return r
}

// screenshot returns a PNG of the viewport.
func (b *browser) screenshot() []byte {
	var s string
	b.call(http.MethodGet, "/screenshot", nil, &s)
	png, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	return png
}
