package tests

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"odatagw/demo"
)

// Secrets of the authentication tests: none of them may ever appear in a
// response or in the gateway's log.
const (
	authPassword  = "alice-Pw_9f3e!"
	authAPIKey    = "pbi-7d1c0e5b2a9f4e6d8c3b1a0f9e8d7c6b"
	authJWTSecret = "hs256-secret-0123456789abcdef0123456789"
)

// hs256 signs claims with the test secret.
func hs256(t *testing.T, claims map[string]any) string {
	t.Helper()
	b64 := base64.RawURLEncoding
	h, _ := json.Marshal(map[string]any{"alg": "HS256", "typ": "JWT"})
	c, _ := json.Marshal(claims)
	signed := b64.EncodeToString(h) + "." + b64.EncodeToString(c)
	m := hmac.New(sha256.New, []byte(authJWTSecret))
	m.Write([]byte(signed))
	return signed + "." + b64.EncodeToString(m.Sum(nil))
}

func basicHeader(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// authConfig is a gateway configuration with the demo database file as the
// source "sales", protected by Basic, an API key and JWTs, and a rate limit.
func authConfig(dbPath, pwHash string) string {
	keyHash := sha256.Sum256([]byte(authAPIKey))
	floodHash := sha256.Sum256([]byte("flood-key-0000000000000000000000"))
	return `version: 1
security:
  auth:
    anonymous: true          # the index and the open service
  rate_limit: {rate: 2, burst: 25}
sources:
  - name: open
    kind: sqlite
    dsn: ` + dbPath + `
    tables: [Categories]
  - name: sales
    kind: sqlite
    dsn: ` + dbPath + `
    security:
      auth:
        realm: Sales
        basic:
          users:
            - {name: alice, password_hash: '` + pwHash + `', roles: [sales]}
        api_keys:
          header: X-API-Key
          keys:
            - {name: powerbi, hash: 'sha256:` + hex.EncodeToString(keyHash[:]) + `'}
            - {name: flood, hash: 'sha256:` + hex.EncodeToString(floodHash[:]) + `'}
        jwt:
          issuer: https://login.example/tenant/v2.0
          audience: [api://odatagw]
          authorization_uri: https://login.example/tenant/oauth2/v2.0/authorize
          keys:
            - {alg: HS256, secret: '${JWT_SECRET}'}
`
}

// The binary, started with a configuration protecting one service: 401 with
// challenges, each method admits, wrong credentials do not, rate limits are
// per principal, and no secret ever reaches a response or the log.
func TestSecurityAuthenticationOverHTTP(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "demo.db")
	if err := demo.Create(context.Background(), dbPath); err != nil {
		t.Fatal(err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(authPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(cfgPath, []byte(authConfig(dbPath, string(hash))), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := buildGateway(t, dir)
	addr := "127.0.0.1:" + freePort(t)
	g := startGateway(t, bin, addr, "/odata/open/", []string{"--config", cfgPath, "--listen", addr}, []string{"JWT_SECRET=" + authJWTSecret})
	e := &demoEnv{root: "http://" + addr + "/odata/sales/"}
	var bodies []string
	check := func(r *response, want int) *response {
		t.Helper()
		bodies = append(bodies, string(r.body))
		return r.mustStatus(t, want)
	}

	// No credentials: 401 with one challenge per method.
	r := check(e.get(t, "Categories"), 401)
	ch := r.header.Values("WWW-Authenticate")
	want := []string{`Basic realm="Sales", charset="UTF-8"`,
		`Bearer realm="Sales", authorization_uri="https://login.example/tenant/oauth2/v2.0/authorize"`,
		`APIKey realm="Sales", header="X-Api-Key"`}
	if strings.Join(ch, "|") != strings.Join(want, "|") {
		t.Fatalf("challenges %q, want %q", ch, want)
	}
	if e := r.odataError(t); e.Error.Code != "Unauthorized" {
		t.Fatalf("error %+v", e)
	}
	check(e.get(t, "$metadata"), 401)
	check(e.get(t, "http://"+addr+"/odata/nosuch/"), 404) // the default (anonymous) applies to unknown services

	// Each method admits.
	check(e.get(t, "Categories?$top=1", "Authorization", basicHeader("alice", authPassword)), 200)
	check(e.get(t, "Categories?$top=1", "X-API-Key", authAPIKey), 200)
	now := time.Now()
	tok := hs256(t, map[string]any{"iss": "https://login.example/tenant/v2.0", "aud": "api://odatagw", "sub": "svc-1",
		"exp": now.Add(time.Hour).Unix(), "roles": []string{"sales"}})
	check(e.get(t, "Categories?$top=1", "Authorization", "Bearer "+tok), 200)

	// Wrong credentials do not, and the challenge says why for tokens.
	check(e.get(t, "Categories", "Authorization", basicHeader("alice", authPassword+"x")), 401)
	check(e.get(t, "Categories", "Authorization", basicHeader("mallory", authPassword)), 401)
	check(e.get(t, "Categories", "X-API-Key", authAPIKey[:len(authAPIKey)-1]), 401)
	expired := hs256(t, map[string]any{"iss": "https://login.example/tenant/v2.0", "aud": "api://odatagw", "sub": "svc-1",
		"exp": now.Add(-time.Hour).Unix()})
	r = check(e.get(t, "Categories", "Authorization", "Bearer "+expired), 401)
	if got := r.header.Values("WWW-Authenticate")[1]; !strings.Contains(got, `error="invalid_token", error_description="the token has expired"`) {
		t.Fatalf("expired token challenge: %q", got)
	}
	wrongAud := hs256(t, map[string]any{"iss": "https://login.example/tenant/v2.0", "aud": "api://other", "sub": "x", "exp": now.Add(time.Hour).Unix()})
	check(e.get(t, "Categories", "Authorization", "Bearer "+wrongAud), 401)

	// Rate limit: the flood key exhausts its own bucket (burst 25, 2/s) and
	// gets 429 with Retry-After; alice is unaffected.
	limited := 0
	for range 40 {
		r := e.get(t, "Categories?$top=1", "X-API-Key", "flood-key-0000000000000000000000")
		bodies = append(bodies, string(r.body))
		if r.status == 429 {
			limited++
			if ra := r.header.Get("Retry-After"); ra == "" || ra == "0" {
				t.Fatalf("429 without Retry-After: %v", r.header)
			}
			continue
		}
		r.mustStatus(t, 200)
	}
	if limited < 10 {
		t.Fatalf("only %d of 40 requests over a burst of 25 were limited", limited)
	}
	check(e.get(t, "Categories?$top=1", "Authorization", basicHeader("alice", authPassword)), 200)

	// No secret in any response or in the log.
	g.stop(t)
	secrets := []string{authPassword, authAPIKey, authJWTSecret, string(hash), tok, expired,
		base64.StdEncoding.EncodeToString([]byte("alice:" + authPassword))}
	for _, s := range secrets {
		if strings.Contains(g.out.String(), s) {
			t.Errorf("the log holds a secret %.12q…", s)
		}
		for _, b := range bodies {
			if strings.Contains(b, s) {
				t.Errorf("a response holds a secret %.12q…: %s", s, b)
			}
		}
	}
}

// A configuration without security.auth serves anonymous callers on
// loopback only; on any other address the gateway refuses to start and says
// what to configure. Roles that do not fit the model stop the start with
// the key named.
func TestSecurityStartupRules(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "demo.db")
	if err := demo.Create(context.Background(), dbPath); err != nil {
		t.Fatal(err)
	}
	bin := buildGateway(t, dir)
	cfg := fmt.Sprintf("version: 1\nsources:\n  - {name: demo, kind: sqlite, dsn: %s}\n", dbPath)
	cfgPath := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	outb, err := exec.CommandContext(ctx, bin, "--config", cfgPath, "--listen", "0.0.0.0:"+freePort(t)).CombinedOutput()
	out := string(outb)
	if err == nil || !strings.Contains(out, "security.auth: missing") || !strings.Contains(out, "anonymous: true") {
		t.Fatalf("non-loopback without security.auth: %v\n%s", err, out)
	}
	addr := "127.0.0.1:" + freePort(t)
	g := startGateway(t, bin, addr, "/odata/demo/", []string{"--config", cfgPath, "--listen", addr}, nil)
	g.stop(t)
	if !strings.Contains(g.out.String(), "no security.auth: serving anonymous callers") {
		t.Fatalf("no warning in the log:\n%s", g.out.String())
	}

	roles := func(rule string) string {
		return fmt.Sprintf("version: 1\nsources:\n  - name: demo\n    kind: sqlite\n    dsn: %s\n    security:\n      roles:\n        sales:\n          sets:\n            %s\n", dbPath, rule)
	}
	for rule, want := range map[string]string{
		"Orders: {filter: \"ShipCountry eq\"}": `source "demo": security.roles.sales.sets.Orders.filter:`,
		"Orders: {filter: \"Nope eq 1\"}":      `source "demo": security.roles.sales.sets.Orders.filter: "Nope eq 1"`,
		"Orders: {hide: [Nope]}":               `security.roles.sales.sets.Orders.hide: entity set 'Orders' has no property 'Nope'`,
		"Ordres: {access: read}":               `security.roles.sales.sets.Ordres: service 'demo' has no entity set 'Ordres'`,
	} {
		out, err := runGateway(t, bin, dir, roles(rule), time.Minute)
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("%s: %v, want %q in\n%s", rule, err, want, out)
		}
	}
}
