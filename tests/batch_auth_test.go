package tests

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"odatagw/auth"
	"odatagw/gateway"
	"odatagw/metadata"
)

// fakeGuard accepts "Bearer good" as alice, counts authentications and
// admissions, and limits admissions to budget.
type fakeGuard struct {
	authentications, admissions atomic.Int64
	budget                      int64
}

func (g *fakeGuard) Authenticate(r *http.Request, service string) (*auth.Principal, error) {
	g.authentications.Add(1)
	if r.Header.Get("Authorization") != "Bearer good" {
		return nil, &auth.Failure{Reason: "no valid credentials", Challenges: []string{`Bearer realm="t"`}}
	}
	return &auth.Principal{Method: auth.MethodJWT, Name: "alice"}, nil
}

func (g *fakeGuard) Admit(r *http.Request, p *auth.Principal) error {
	if g.admissions.Add(1) > g.budget {
		return &auth.Limited{RetryAfter: time.Second}
	}
	return nil
}

func (g *fakeGuard) View(string, *auth.Principal, *metadata.Model) (*auth.View, error) {
	return nil, nil
}

// The batch request is authenticated once; its requests run as its
// principal (their own Authorization is ignored) and each is charged to the
// rate limit, failing in place with 429 beyond it.
func TestBatchAuthentication(t *testing.T) {
	g := &fakeGuard{budget: 4}
	e := newDemoEnv(t, gateway.Config{Guard: g})
	body := multipartBatch("GET Orders(10248) HTTP/1.1\nAuthorization: Bearer evil\n", "GET Orders(10249) HTTP/1.1\n",
		"GET Orders(10250) HTTP/1.1\n", "GET Orders(10251) HTTP/1.1\n")

	r := e.postBatch(t, multipartBatchType, body)
	if r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") == "" {
		t.Fatalf("without credentials: %d %s", r.status, r.body)
	}
	if g.admissions.Load() != 0 {
		t.Errorf("%d requests admitted without credentials", g.admissions.Load())
	}

	g.authentications.Store(0)
	ps := e.postBatch(t, multipartBatchType, body, "Authorization", "Bearer good", "Prefer", "odata.continue-on-error").parts(t)
	var got []int
	for _, p := range ps {
		got = append(got, p.Status)
	}
	if len(got) != 4 || got[0] != 200 || got[1] != 200 || got[2] != 200 || got[3] != 429 {
		t.Errorf("statuses %v, want 200 200 200 429 (the batch and three requests fill the budget of 4)", got)
	}
	if !strings.Contains(string(ps[3].Body), "TooManyRequests") || ps[3].Header.Get("Retry-After") == "" {
		t.Errorf("429 part: %v %s", ps[3].Header, ps[3].Body)
	}
	if n := g.authentications.Load(); n != 1 {
		t.Errorf("%d authentications for one batch, want 1", n)
	}
}
