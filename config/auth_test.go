package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseSecurity(t *testing.T) {
	src := `
version: 1
security:
  auth:
    realm: gw
    basic: {users: [{name: alice, password_hash: '${HASH}', roles: [sales]}]}
    api_keys: {header: X-Key, keys: [{name: k, hash: 'sha256:00'}]}
    jwt: {issuer: i, audience: [a, b], leeway: 30s, keys: [{kid: k1, alg: HS256, secret: s}]}
  tls: {cert_file: c.pem, key_file: k.pem, min_version: "1.3", hsts: {max_age: 8760h, include_subdomains: true}}
  cors: {allowed_origins: [https://app.example], max_age: 10m}
  rate_limit: {rate: 2.5, burst: 5}
sources:
  - name: erp
    kind: sqlite
    dsn: /x.db
    security:
      auth: {anonymous: true}
      roles:
        sales:
          default: read
          sets: {Orders: {access: write, filter: "ShipCountry eq 'France'", hide: [Freight]}}
`
	c, err := Parse([]byte(src), env(map[string]string{"HASH": "$2y$10$x"}))
	if err != nil {
		t.Fatal(err)
	}
	a := c.Security.Auth
	if a.Realm != "gw" || a.Basic.Users[0].PasswordHash != "$2y$10$x" || a.APIKeys.Header != "X-Key" ||
		*a.JWT.Leeway != 30*time.Second || len(a.JWT.Audience) != 2 || a.JWT.Keys[0].Alg != "HS256" {
		t.Errorf("auth = %+v", a)
	}
	if c.Security.TLS.HSTS.MaxAge != 8760*time.Hour || c.Security.RateLimit.Rate != 2.5 || c.Security.CORS.MaxAge != 10*time.Minute {
		t.Errorf("security = %+v", c.Security)
	}
	s := c.Sources[0].Security
	if !s.Auth.Anonymous || s.Roles["sales"].Sets["Orders"].Filter != "ShipCountry eq 'France'" {
		t.Errorf("source security = %+v", s)
	}
}

func TestSecurityErrorsNameTheKey(t *testing.T) {
	base := "version: 1\nsources: [{name: erp, kind: sqlite, dsn: /x.db%s}]\n"
	cases := []struct{ top, src, want string }{
		{"security: {tls: {cert_file: c.pem}}", "", "security.tls: cert_file and key_file go together"},
		{"security: {tls: {cert_file: c, key_file: k, min_version: '1.1'}}", "", "security.tls.min_version"},
		{"security: {tls: {hsts: {max_age: 1h}}}", "", "security.tls.hsts: needs cert_file"},
		{"security: {cors: {allowed_origins: [app.example]}}", "", "security.cors.allowed_origins[0]"},
		{"security: {cors: {allowed_origins: ['*'], allow_credentials: true}}", "", "allow_credentials cannot be combined"},
		{"security: {rate_limit: {rate: -1}}", "", "security.rate_limit"},
		{"security: {rate_limit: {burst: 3}}", "", "security.rate_limit.rate: required"},
		{"security: {auth: {basic: {user: []}}}", "", "field user is not a known key"},
		{"", ", security: {roles: {r: {default: all}}}", `source "erp": security.roles.r.default: "all"`},
		{"", ", security: {roles: {r: {sets: {Orders: {access: rw}}}}}", `security.roles.r.sets.Orders.access: "rw"`},
		{"", ", security: {roles: {r: {sets: {Orders: {access: none, filter: x}}}}}", "filter and hide mean nothing"},
	}
	for _, c := range cases {
		doc := c.top + "\n" + strings.Replace(base, "%s", c.src, 1)
		_, err := Parse([]byte(doc), env(nil))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s\ngot %v, want %q", doc, err, c.want)
		}
	}
}
