package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"odatagw/config"
)

// jwksServer serves a key set that the test can rotate, counting fetches.
type jwksServer struct {
	mu      sync.Mutex
	doc     []byte
	status  int
	fetches atomic.Int32
	*httptest.Server
}

func newJWKSServer(t *testing.T, signers ...*signer) *jwksServer {
	s := &jwksServer{doc: jwksOf(signers...), status: http.StatusOK}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fetches.Add(1)
		s.mu.Lock()
		defer s.mu.Unlock()
		w.WriteHeader(s.status)
		_, _ = w.Write(s.doc)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(status int, signers ...*signer) {
	s.mu.Lock()
	s.doc, s.status = jwksOf(signers...), status
	s.mu.Unlock()
}

func TestJWKSURLKeyRotation(t *testing.T) {
	k1, k2 := newRSASigner(t, "k1"), newECSigner(t, "k2")
	srv := newJWKSServer(t, k1)
	now := testNow
	var clock sync.Mutex
	opts := &Options{JWKSRetry: time.Minute, Now: func() time.Time { clock.Lock(); defer clock.Unlock(); return now }}
	advance := func(d time.Duration) { clock.Lock(); now = now.Add(d); clock.Unlock() }
	j, err := newJWTAuth(&config.JWT{Issuer: "https://idp.example", Audience: []string{"api://odatagw"},
		JWKSURL: srv.URL, JWKSRefresh: time.Hour}, "jwt", opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if srv.fetches.Load() != 1 {
		t.Fatalf("fetched %d times at start", srv.fetches.Load())
	}
	if _, err := j.verify(ctx, k1.token(t, claimsAt(now))); err != nil {
		t.Fatal(err)
	}
	// The provider rotates to k2. A token naming k2 makes the gateway refetch
	// at once (the last attempt was long enough ago).
	srv.set(http.StatusOK, k2)
	advance(2 * time.Minute)
	if p, err := j.verify(ctx, k2.token(t, claimsAt(now))); err != nil || p.Name != "alice" {
		t.Fatalf("k2 after rotation: %v", err)
	}
	if srv.fetches.Load() != 2 {
		t.Fatalf("fetches %d, want 2", srv.fetches.Load())
	}
	// k1 is gone from the set.
	if _, err := j.verify(ctx, k1.token(t, claimsAt(now))); !errors.Is(err, errTokenKey) {
		t.Fatalf("k1 after rotation: %v", err)
	}
	// Unknown kids do not hammer the provider: one attempt per JWKSRetry
	// (k1 just now was within it, so it fetched nothing).
	bogus := &signer{alg: algRS256, kid: "nope", rsa: k1.rsa}
	advance(2 * time.Minute)
	for range 5 {
		_, _ = j.verify(ctx, bogus.token(t, claimsAt(now)))
	}
	if n := srv.fetches.Load(); n != 3 {
		t.Fatalf("fetches after 5 unknown kids: %d, want 3", n)
	}
	// A failing provider keeps the previous keys.
	srv.set(http.StatusInternalServerError)
	advance(2 * time.Hour)
	if _, err := j.verify(ctx, k2.token(t, claimsAt(now))); err != nil {
		t.Fatalf("k2 while the provider fails: %v", err)
	}
	if n := srv.fetches.Load(); n != 4 {
		t.Fatalf("stale keys were not refreshed: %d fetches", n)
	}
}

func TestJWKSFileAndBadDocuments(t *testing.T) {
	es := newECSigner(t, "e")
	p := filepath.Join(t.TempDir(), "jwks.json")
	_ = os.WriteFile(p, jwksOf(es), 0o600)
	j := newTestJWT(t, &config.JWT{JWKSFile: p})
	if _, err := j.verify(context.Background(), es.token(t, claimsAt(testNow))); err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{`{}`, `not json`, `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`,
		`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}`, `{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`} {
		if _, err := parseJWKS([]byte(doc)); err == nil {
			t.Errorf("%s accepted", doc)
		}
	}
	if _, err := newJWTAuth(&config.JWT{Issuer: "i", Audience: []string{"a"}, JWKSURL: "file:///etc/passwd"}, "jwt", &Options{}); err == nil ||
		!strings.Contains(err.Error(), "jwt.jwks_url: must be an http(s) URL") {
		t.Fatalf("file URL: %v", err)
	}
}
