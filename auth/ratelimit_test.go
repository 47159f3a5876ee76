package auth

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"odatagw/config"
)

func TestRateLimiterTokenBucket(t *testing.T) {
	now := testNow
	l, err := NewRateLimiter(2, 3, 0, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := l.Admit("alice"); err != nil {
			t.Fatalf("burst request %d: %v", i, err)
		}
	}
	err = l.Admit("alice")
	var lim *Limited
	if !errors.As(err, &lim) || lim.RetryAfter != 500*time.Millisecond || lim.RetryAfterSeconds() != 1 {
		t.Fatalf("4th request: %v", err)
	}
	if err := l.Admit("bob"); err != nil {
		t.Fatalf("bob has his own bucket: %v", err)
	}
	now = now.Add(500 * time.Millisecond) // one token back
	if err := l.Admit("alice"); err != nil {
		t.Fatalf("after refill: %v", err)
	}
	if err := l.Admit("alice"); err == nil {
		t.Fatal("the refill gave more than one token")
	}
	now = now.Add(time.Hour) // capped at burst
	for i := range 4 {
		err := l.Admit("alice")
		if (err == nil) != (i < 3) {
			t.Fatalf("after an hour, request %d: %v", i, err)
		}
	}
}

func TestRateLimiterBoundedMemory(t *testing.T) {
	l, _ := NewRateLimiter(1, 1, 100, nil)
	for i := range 10000 {
		_ = l.Admit(fmt.Sprint("p", i))
	}
	if n := l.Len(); n != 100 {
		t.Fatalf("%d buckets held, want 100", n)
	}
	if _, err := NewRateLimiter(0, 1, 1, nil); err == nil {
		t.Fatal("rate 0 accepted")
	}
}

func TestGuardAnonymousBucketsPerAddress(t *testing.T) {
	l, _ := NewRateLimiter(1, 1, 10, func() time.Time { return testNow })
	a, _ := NewAuthenticator(anonCfg(), "a", nil)
	g := NewGuard(a, nil, nil, l)
	r1 := httptest.NewRequest("GET", "/", nil)
	r1.RemoteAddr = "192.0.2.1:5000"
	r2 := httptest.NewRequest("GET", "/", nil)
	r2.RemoteAddr = "192.0.2.2:5000"
	p, _ := g.Authenticate(r1, "svc")
	if g.Admit(r1, p) != nil || g.Admit(r2, p) != nil {
		t.Fatal("first request of each address refused")
	}
	if g.Admit(r1, p) == nil {
		t.Fatal("second request of the same address admitted")
	}
}

func anonCfg() *config.Auth { return &config.Auth{Anonymous: true} }
