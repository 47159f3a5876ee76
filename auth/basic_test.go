package auth

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"odatagw/config"
)

// testCost keeps the tests fast while keeping bcrypt's time well above noise.
const testCost = bcrypt.MinCost + 2

func bcryptHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(pw), testCost)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

func TestBasicUsersAndHtpasswd(t *testing.T) {
	dir := t.TempDir()
	ht := filepath.Join(dir, "htpasswd")
	content := "# comment\n\nbob:" + strings.Replace(bcryptHash(t, "bob-pw"), "$2a$", "$2y$", 1) + "\n"
	if err := os.WriteFile(ht, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := newBasicAuth(&config.Basic{Htpasswd: ht, Users: []config.User{
		{Name: "alice", PasswordHash: bcryptHash(t, "alice-pw"), Roles: []string{"sales"}},
		{Name: "bob", Roles: []string{"ops", "audit"}},
	}}, "security.auth.basic")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second round is answered from the verified-credentials memory
		p, _ := b.verify("alice", "alice-pw")
		if p == nil || p.Name != "alice" || p.Method != MethodBasic || !p.HasRole("sales") {
			t.Fatalf("alice: %+v", p)
		}
		p, _ = b.verify("bob", "bob-pw")
		if p == nil || strings.Join(p.Roles, ",") != "audit,ops" {
			t.Fatalf("bob (htpasswd, roles from users): %+v", p)
		}
	}
	for _, c := range [][2]string{{"alice", "wrong"}, {"alice", ""}, {"nobody", "alice-pw"}, {"bob", "alice-pw"}, {"Alice", "alice-pw"}} {
		p, reason := b.verify(c[0], c[1])
		if p != nil || reason != "invalid user name or password" {
			t.Fatalf("%v: %+v %q", c, p, reason)
		}
	}
	// The memory expires: after the TTL the password is checked again.
	b.now = func() time.Time { return time.Now().Add(basicVerifiedTTL + time.Second) }
	if p, _ := b.verify("alice", "alice-pw"); p == nil {
		t.Fatal("alice after expiry")
	}
}

func TestBasicConfigErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "htpasswd")
	_ = os.WriteFile(bad, []byte("carol:{SHA}secretdigest=\n"), 0o600)
	cases := []struct {
		c    config.Basic
		want string
	}{
		{config.Basic{Users: []config.User{{Name: "a", PasswordHash: "plaintext-secret"}}}, "users[0].password_hash: not a bcrypt hash"},
		{config.Basic{Users: []config.User{{Name: "a"}}}, "users[0].password_hash: missing"},
		{config.Basic{Users: []config.User{{Name: "a:b", PasswordHash: "$2a$"}}}, "users[0].name"},
		{config.Basic{Htpasswd: bad}, "line 1 (user \"carol\"): not a bcrypt hash"},
		{config.Basic{Htpasswd: filepath.Join(dir, "missing")}, "basic.htpasswd:"},
		{config.Basic{}, "no users"},
	}
	for _, c := range cases {
		_, err := newBasicAuth(&c.c, "security.auth.basic")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
		if err != nil && (strings.Contains(err.Error(), "plaintext-secret") || strings.Contains(err.Error(), "secretdigest")) {
			t.Errorf("the error shows a secret: %v", err)
		}
	}
}

// TestBasicUnknownUserCostsAsMuchAsWrongPassword: without the dummy bcrypt
// comparison an unknown user would answer in microseconds and reveal which
// user names exist. Wall-clock timings are too noisy on a shared machine to
// assert; the work is counted instead: every failed attempt runs exactly one
// bcrypt comparison at the cost of the real hashes.
func TestBasicUnknownUserCostsAsMuchAsWrongPassword(t *testing.T) {
	hash := bcryptHash(t, "pw")
	b, err := newBasicAuth(&config.Basic{Users: []config.User{{Name: "alice", PasswordHash: hash}}}, "b")
	if err != nil {
		t.Fatal(err)
	}
	var costs []int
	b.compare = func(h, pw []byte) error {
		c, err := bcrypt.Cost(h)
		if err != nil {
			t.Fatal(err)
		}
		costs = append(costs, c)
		return bcrypt.CompareHashAndPassword(h, pw)
	}
	for _, user := range []string{"alice", "nobody", "", "alice2"} {
		costs = nil
		start := time.Now()
		if p, _ := b.verify(user, "wrong"); p != nil {
			t.Fatal("accepted")
		}
		if len(costs) != 1 || costs[0] != testCost {
			t.Fatalf("user %q: bcrypt comparisons at costs %v, want one at %d", user, costs, testCost)
		}
		t.Logf("user %q: %v", user, time.Since(start))
	}
}

func TestAuthenticatorChallengesAndDispatch(t *testing.T) {
	key := "k-" + strings.Repeat("7", 40)
	a, err := NewAuthenticator(&config.Auth{Realm: "sales gw",
		Basic:   &config.Basic{Users: []config.User{{Name: "alice", PasswordHash: bcryptHash(t, "pw"), Roles: []string{"r"}}}},
		APIKeys: &config.APIKeys{Header: "x-odata-key", Keys: []config.APIKey{{Name: "powerbi", Hash: sha256Hex(key)}}},
		JWT: &config.JWT{Issuer: "https://idp.example", Audience: []string{"api://odatagw"}, AuthorizationURI: "https://login.example/authorize",
			Keys: []config.JWTKey{{Alg: "HS256", Secret: strings.Repeat("s", 32)}}},
	}, "security.auth", nil)
	if err != nil {
		t.Fatal(err)
	}
	req := func(h ...string) *Failure {
		r := httptest.NewRequest("GET", "/odata/demo/", nil)
		for i := 0; i < len(h); i += 2 {
			r.Header.Set(h[i], h[i+1])
		}
		_, err := a.Authenticate(r)
		if err == nil {
			return nil
		}
		return err.(*Failure)
	}
	f := req()
	want := []string{`Basic realm="sales gw", charset="UTF-8"`,
		`Bearer realm="sales gw", authorization_uri="https://login.example/authorize"`,
		`APIKey realm="sales gw", header="X-Odata-Key"`}
	if f == nil || strings.Join(f.Challenges, "|") != strings.Join(want, "|") {
		t.Fatalf("no credentials: %+v", f)
	}
	if f := req("Authorization", "Bearer not.a.token"); f == nil || !strings.Contains(f.Challenges[1], `error="invalid_token", error_description="the token is malformed"`) {
		t.Fatalf("bad token: %+v", f)
	}
	if f := req("Authorization", "Basic "+"YWxpY2U6cHc="); f != nil { // alice:pw
		t.Fatalf("basic: %+v", f)
	}
	if f := req("Authorization", "Basic YWxpY2U6eA=="); f == nil || f.Reason != "invalid user name or password" {
		t.Fatalf("wrong basic password: %+v", f)
	}
	if f := req("Authorization", "Basic %%%"); f == nil || f.Reason != "malformed Basic credentials" {
		t.Fatalf("malformed basic: %+v", f)
	}
	if f := req("Authorization", "Digest x"); f == nil {
		t.Fatal("unknown scheme accepted")
	}
	if f := req("X-Odata-Key", key); f != nil {
		t.Fatalf("api key: %+v", f)
	}
	if f := req("X-Odata-Key", key+"x"); f == nil || f.Reason != "invalid API key" {
		t.Fatalf("wrong api key: %+v", f)
	}
	// Wrong credentials never fall back to anonymous, even where anonymous is allowed.
	anon, _ := NewAuthenticator(&config.Auth{Anonymous: true, AnonymousRoles: []string{"public"},
		APIKeys: &config.APIKeys{Keys: []config.APIKey{{Name: "k", Hash: sha256Hex(key)}}}}, "a", nil)
	r := httptest.NewRequest("GET", "/", nil)
	if p, err := anon.Authenticate(r); err != nil || p.Method != MethodAnonymous || !p.HasRole("public") {
		t.Fatalf("anonymous: %+v %v", p, err)
	}
	r.Header.Set("X-API-Key", "wrong")
	if _, err := anon.Authenticate(r); err == nil {
		t.Fatal("a wrong key fell back to anonymous")
	}
	// No method at all: a closed door.
	closed, _ := NewAuthenticator(&config.Auth{}, "a", nil)
	if _, err := closed.Authenticate(httptest.NewRequest("GET", "/", nil)); err == nil {
		t.Fatal("closed authenticator let a request in")
	}
}
