package rest_test

import (
	"net/http"
	"net/http/httptest"
	"odatagw/adapters/rest"
	"strings"
	"sync"
	"testing"
	"time"

	"odatagw/adapters/rest/resttest"
	"odatagw/odataerr"
)

// clock is a settable clock for the breaker and token expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func wantStatus(t *testing.T, err error, status int, code string, parts ...string) {
	t.Helper()
	oe := odataerr.As(err)
	if oe == nil || oe.Status != status || (code != "" && oe.Code != code) {
		t.Fatalf("want %d %s, got %v", status, code, err)
	}
	for _, p := range parts {
		if !strings.Contains(oe.Message, p) {
			t.Errorf("message %q lacks %q", oe.Message, p)
		}
	}
}

func TestRetriesOn5xxAnd429(t *testing.T) {
	a := resttest.New(t, 20)
	src := openSource(t, resttest.Config(a, "none", false), nil)
	a.Fail(2, http.StatusServiceUnavailable)
	if _, err := answer(t, src, "Shipments"); err != nil {
		t.Fatalf("two 503s then success: %v", err)
	}
	if n := a.Calls("/api/"); n != 3 {
		t.Errorf("%d calls, want 3 (two retries)", n)
	}
	a.ResetCalls()
	a.Fail(3, http.StatusInternalServerError)
	_, err := answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusBadGateway, "UpstreamError", `upstream "shipping"`, "answered 500 to GET /api/none/shipments")
	if n := a.Calls("/api/"); n != 3 {
		t.Errorf("%d calls, want 3 (retries exhausted)", n)
	}

	a.ResetCalls()
	a.RateLimit(1, "1")
	start := time.Now()
	if _, err := answer(t, src, "Shipments"); err != nil {
		t.Fatalf("429 then success: %v", err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %s, want Retry-After's 1s honoured", waited)
	}
	a.ResetCalls()
	a.RateLimit(1, "120") // beyond max_retry_wait: no point waiting
	_, err = answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusServiceUnavailable, "UpstreamUnavailable", "rate limited (429)")
	if n := a.Calls("/api/"); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestTimeoutAndUnreachable(t *testing.T) {
	a := resttest.New(t, 5)
	cfg := resttest.Config(a, "none", false)
	cfg.Timeout, cfg.Retries = 50*time.Millisecond, new(0)
	src := openSource(t, cfg, nil)
	a.SetLatency(500 * time.Millisecond)
	_, err := answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusGatewayTimeout, "UpstreamTimeout", `upstream "shipping"`, "no answer to GET /api/none/shipments within 50ms")

	dead := httptest.NewServer(http.NotFoundHandler())
	cfg.BaseURL = dead.URL
	dead.Close()
	src = openSource(t, cfg, nil)
	_, err = answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusServiceUnavailable, "UpstreamUnavailable", `upstream "shipping": unreachable`)
}

func TestCircuitBreaker(t *testing.T) {
	a := resttest.New(t, 5)
	clk := newClock()
	cfg := resttest.Config(a, "none", false)
	cfg.Retries = new(0)
	cfg.Breaker = rest.Breaker{Failures: 3, Cooldown: time.Minute}
	src := openSource(t, cfg, clk.now)
	a.Fail(1000, http.StatusInternalServerError)
	for range 3 {
		_, err := answer(t, src, "Shipments")
		wantStatus(t, err, http.StatusBadGateway, "UpstreamError")
	}
	_, err := answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusServiceUnavailable, "UpstreamUnavailable", "circuit open", "retry in 60s")
	if n := a.Calls("/api/"); n != 3 {
		t.Fatalf("%d upstream calls, want 3: an open circuit calls nobody", n)
	}
	// After the cooldown one trial call goes; it fails: open again at once.
	clk.advance(61 * time.Second)
	_, err = answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusBadGateway, "UpstreamError")
	_, err = answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusServiceUnavailable, "UpstreamUnavailable", "circuit open")
	// The API recovers: the next trial closes the circuit.
	a.Fail(0, http.StatusInternalServerError)
	clk.advance(61 * time.Second)
	for range 3 {
		if _, err := answer(t, src, "Shipments"); err != nil {
			t.Fatalf("after recovery: %v", err)
		}
	}
	if n := a.Calls("/api/"); n != 7 {
		t.Errorf("%d upstream calls, want 7", n)
	}
}

// TestCredentialsNeverShown: upstream errors name the upstream and the
// path, never the API key (header or query parameter) nor the URL's query.
func TestCredentialsNeverShown(t *testing.T) {
	a := resttest.New(t, 5)
	a.RequireKey("sekrit-key")
	cfg := resttest.Config(a, "none", false)
	cfg.Auth = rest.Auth{Type: "header", Header: "X-API-Key", Value: "sekrit-key"}
	cfg.Entities[0].Query = map[string]string{"api_key": "sekrit-query"}
	cfg.Retries = new(0)
	src := openSource(t, cfg, nil)
	if _, err := answer(t, src, "Shipments"); err != nil {
		t.Fatalf("with the key: %v", err)
	}
	a.Fail(1, http.StatusInternalServerError)
	_, err := answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusBadGateway, "UpstreamError", `upstream "shipping"`)
	cfg.Auth.Value = "wrong-sekrit"
	src = openSource(t, cfg, nil)
	_, err2 := answer(t, src, "Shipments")
	wantStatus(t, err2, http.StatusBadGateway, "UpstreamError", "refused the gateway's credentials (401)")
	for _, e := range []error{err, err2} {
		for _, secret := range []string{"sekrit", "api_key"} {
			text := e.Error()
			if c := odataerr.As(e).Cause(); c != nil {
				text += " " + c.Error()
			}
			if strings.Contains(text, secret) {
				t.Errorf("error %q shows %s", text, secret)
			}
		}
	}
}

func TestOAuth2TokenRefresh(t *testing.T) {
	a := resttest.New(t, 5)
	a.RequireOAuth2(3600)
	clk := newClock()
	cfg := resttest.Config(a, "none", false)
	cfg.Auth = rest.Auth{Type: "oauth2", TokenURL: a.URL + "/oauth/token", ClientID: "gw", ClientSecret: "s3cret", Scopes: []string{"read"}}
	src := openSource(t, cfg, clk.now)
	issued := a.TokensIssued
	for range 2 {
		if _, err := answer(t, src, "Shipments"); err != nil {
			t.Fatal(err)
		}
	}
	if n := issued(); n != 1 {
		t.Fatalf("%d tokens fetched for two requests, want 1", n)
	}
	clk.advance(3590 * time.Second) // within the renewal margin before expiry
	if _, err := answer(t, src, "Shipments"); err != nil {
		t.Fatal(err)
	}
	if n := issued(); n != 2 {
		t.Fatalf("%d tokens after expiry, want 2", n)
	}
	a.RevokeTokens()
	if _, err := answer(t, src, "Shipments"); err != nil {
		t.Fatalf("after revocation: %v", err)
	}
	if n := issued(); n != 3 {
		t.Fatalf("%d tokens after a 401, want 3", n)
	}
	cfg.Auth.ClientSecret = "wrong"
	src = openSource(t, cfg, clk.now)
	_, err := answer(t, src, "Shipments")
	wantStatus(t, err, http.StatusBadGateway, "UpstreamError", "token endpoint", "401")
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error shows the secret: %v", err)
	}
}
