package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/config"
)

var b64 = base64.RawURLEncoding

// signer signs test tokens the way an identity provider would.
type signer struct {
	alg    string
	kid    string
	secret []byte
	rsa    *rsa.PrivateKey
	ec     *ecdsa.PrivateKey
}

func (s *signer) token(t *testing.T, claims map[string]any) string {
	t.Helper()
	hdr := map[string]any{"alg": s.alg, "typ": "JWT"}
	if s.kid != "" {
		hdr["kid"] = s.kid
	}
	return s.tokenWith(t, hdr, claims)
}

func (s *signer) tokenWith(t *testing.T, hdr, claims map[string]any) string {
	t.Helper()
	h, _ := json.Marshal(hdr)
	c, _ := json.Marshal(claims)
	signed := b64.EncodeToString(h) + "." + b64.EncodeToString(c)
	return signed + "." + b64.EncodeToString(s.sign(t, []byte(signed)))
}

func (s *signer) sign(t *testing.T, data []byte) []byte {
	t.Helper()
	sum := sha256.Sum256(data)
	switch {
	case s.secret != nil:
		m := hmac.New(sha256.New, s.secret)
		m.Write(data)
		return m.Sum(nil)
	case s.rsa != nil:
		sig, err := rsa.SignPKCS1v15(rand.Reader, s.rsa, crypto.SHA256, sum[:])
		if err != nil {
			t.Fatal(err)
		}
		return sig
	case s.ec != nil:
		r, ss, err := ecdsa.Sign(rand.Reader, s.ec, sum[:])
		if err != nil {
			t.Fatal(err)
		}
		out := make([]byte, 64)
		r.FillBytes(out[:32])
		ss.FillBytes(out[32:])
		return out
	}
	return nil
}

func newRSASigner(t *testing.T, kid string) *signer {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{alg: algRS256, kid: kid, rsa: k}
}

func newECSigner(t *testing.T, kid string) *signer {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{alg: algES256, kid: kid, ec: k}
}

// writePEM writes the signer's public key as a PEM file.
func writePEM(t *testing.T, s *signer) string {
	t.Helper()
	var pub any
	if s.rsa != nil {
		pub = &s.rsa.PublicKey
	} else {
		pub = &s.ec.PublicKey
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// jwksOf renders the public keys of signers as a JWKS document.
func jwksOf(signers ...*signer) []byte {
	var keys []map[string]any
	for _, s := range signers {
		switch {
		case s.rsa != nil:
			e := []byte{1, 0, 1}
			keys = append(keys, map[string]any{"kty": "RSA", "kid": s.kid, "alg": "RS256", "use": "sig",
				"n": b64.EncodeToString(s.rsa.N.Bytes()), "e": b64.EncodeToString(e)})
		case s.ec != nil:
			x, y := make([]byte, 32), make([]byte, 32)
			s.ec.X.FillBytes(x)
			s.ec.Y.FillBytes(y)
			keys = append(keys, map[string]any{"kty": "EC", "kid": s.kid, "crv": "P-256",
				"x": b64.EncodeToString(x), "y": b64.EncodeToString(y)})
		}
	}
	b, _ := json.Marshal(map[string]any{"keys": keys})
	return b
}

var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func claimsAt(now time.Time) map[string]any {
	return map[string]any{"iss": "https://idp.example", "aud": "api://odatagw", "sub": "alice",
		"exp": now.Add(time.Hour).Unix(), "nbf": now.Add(-time.Minute).Unix(), "roles": []string{"sales", "eu"}}
}

func newTestJWT(t *testing.T, c *config.JWT) *jwtAuth {
	t.Helper()
	if c.Issuer == "" {
		c.Issuer = "https://idp.example"
	}
	if c.Audience == nil {
		c.Audience = []string{"api://odatagw"}
	}
	j, err := newJWTAuth(c, "security.auth.jwt", &Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestJWTValidTokensEachAlgorithm(t *testing.T) {
	hs := &signer{alg: algHS256, secret: []byte(strings.Repeat("s", 32))}
	rs := newRSASigner(t, "r1")
	es := newECSigner(t, "e1")
	j := newTestJWT(t, &config.JWT{Keys: []config.JWTKey{
		{Alg: "HS256", Secret: string(hs.secret)},
		{ID: "r1", Alg: "RS256", PublicKeyFile: writePEM(t, rs)},
		{ID: "e1", Alg: "ES256", PublicKeyFile: writePEM(t, es)},
	}})
	for _, s := range []*signer{hs, rs, es} {
		p, err := j.verify(context.Background(), s.token(t, claimsAt(testNow)))
		if err != nil {
			t.Fatalf("%s: %v", s.alg, err)
		}
		if p.Method != MethodJWT || p.Name != "alice" || strings.Join(p.Roles, ",") != "eu,sales" {
			t.Fatalf("%s: principal %+v", s.alg, p)
		}
	}
}

func TestJWTRejections(t *testing.T) {
	rs := newRSASigner(t, "r1")
	j := newTestJWT(t, &config.JWT{Keys: []config.JWTKey{{ID: "r1", Alg: "RS256", PublicKeyFile: writePEM(t, rs)}}})
	mod := func(f func(c map[string]any)) map[string]any {
		c := claimsAt(testNow)
		f(c)
		return c
	}
	cases := []struct {
		name  string
		token string
		want  error
	}{
		{"expired", rs.token(t, mod(func(c map[string]any) { c["exp"] = testNow.Add(-2 * time.Minute).Unix() })), errTokenExpired},
		{"expired within leeway is fine", "", nil},
		{"not yet valid", rs.token(t, mod(func(c map[string]any) { c["nbf"] = testNow.Add(5 * time.Minute).Unix() })), errTokenNotYet},
		{"no exp", rs.token(t, mod(func(c map[string]any) { delete(c, "exp") })), errTokenMalformed},
		{"wrong audience", rs.token(t, mod(func(c map[string]any) { c["aud"] = "api://other" })), errTokenAudience},
		{"audience list without ours", rs.token(t, mod(func(c map[string]any) { c["aud"] = []string{"a", "b"} })), errTokenAudience},
		{"wrong issuer", rs.token(t, mod(func(c map[string]any) { c["iss"] = "https://evil.example" })), errTokenIssuer},
		{"no subject", rs.token(t, mod(func(c map[string]any) { delete(c, "sub") })), errTokenSubject},
		{"unknown kid", (&signer{alg: algRS256, kid: "r2", rsa: rs.rsa}).token(t, claimsAt(testNow)), errTokenKey},
		{"other key, same kid", newRSASigner(t, "r1").token(t, claimsAt(testNow)), errTokenSignature},
		{"alg none", b64.EncodeToString([]byte(`{"alg":"none"}`)) + "." + b64.EncodeToString(mustJSON(claimsAt(testNow))) + ".", errTokenAlg},
		{"alg HS512", (&signer{alg: "HS512", secret: []byte("x")}).token(t, claimsAt(testNow)), errTokenAlg},
		{"crit header", rs.tokenWith(t, map[string]any{"alg": "RS256", "kid": "r1", "crit": []string{"exp"}}, claimsAt(testNow)), errTokenMalformed},
		{"garbage", "a.b", errTokenMalformed},
		{"tampered payload", tamper(rs.token(t, claimsAt(testNow))), errTokenSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := c.token
			if tok == "" {
				tok = rs.token(t, mod(func(c map[string]any) { c["exp"] = testNow.Add(-30 * time.Second).Unix() }))
			}
			_, err := j.verify(context.Background(), tok)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

// tamper replaces the payload with one granting another subject, keeping the signature.
func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	c := claimsAt(testNow)
	c["sub"] = "mallory"
	return parts[0] + "." + b64.EncodeToString(mustJSON(c)) + "." + parts[2]
}

// TestJWTAlgorithmConfusion: a token signed with HS256 using the RSA public
// key (which is public) as the HMAC secret must not verify against that key.
func TestJWTAlgorithmConfusion(t *testing.T) {
	rs := newRSASigner(t, "r1")
	pemPath := writePEM(t, rs)
	pemBytes, _ := os.ReadFile(pemPath)
	der, _ := x509.MarshalPKIXPublicKey(&rs.rsa.PublicKey)
	j := newTestJWT(t, &config.JWT{Keys: []config.JWTKey{{ID: "r1", Alg: "RS256", PublicKeyFile: pemPath}}})
	for _, secret := range [][]byte{pemBytes, der, rs.rsa.N.Bytes()} {
		forged := (&signer{alg: algHS256, kid: "r1", secret: secret}).token(t, claimsAt(testNow))
		if _, err := j.verify(context.Background(), forged); !errors.Is(err, errTokenKey) {
			t.Fatalf("HS256 token signed with the RSA public key: got %v, want %v", err, errTokenKey)
		}
	}
	// An ES256 token cannot be verified by an RSA key either.
	es := newECSigner(t, "r1")
	if _, err := j.verify(context.Background(), es.token(t, claimsAt(testNow))); !errors.Is(err, errTokenKey) {
		t.Fatalf("ES256 token against an RS256 key: %v", err)
	}
}

func TestJWTRolesClaimForms(t *testing.T) {
	c := map[string]any{
		"scp":          "read write",
		"realm_access": map[string]any{"roles": []any{"admin", 7, "ops"}},
		"groups":       "one",
	}
	if got := rolesOf(c, []string{"scp"}); strings.Join(got, ",") != "read,write" {
		t.Fatalf("scp: %v", got)
	}
	if got := rolesOf(c, []string{"realm_access", "roles"}); strings.Join(got, ",") != "admin,ops" {
		t.Fatalf("nested: %v", got)
	}
	if got := rolesOf(c, []string{"groups", "x"}); got != nil {
		t.Fatalf("path through a string: %v", got)
	}
}

func TestJWTConfigErrors(t *testing.T) {
	rs := newRSASigner(t, "r1")
	cases := []struct {
		c    config.JWT
		want string
	}{
		{config.JWT{Audience: []string{"a"}, Keys: []config.JWTKey{{Alg: "HS256", Secret: strings.Repeat("x", 32)}}}, "jwt.issuer: required"},
		{config.JWT{Issuer: "i", Keys: []config.JWTKey{{Alg: "HS256", Secret: strings.Repeat("x", 32)}}}, "jwt.audience: required"},
		{config.JWT{Issuer: "i", Audience: []string{"a"}}, "no keys"},
		{config.JWT{Issuer: "i", Audience: []string{"a"}, Keys: []config.JWTKey{{Alg: "HS256", Secret: "short"}}}, "keys[0]: secret: an HS256 secret must be at least 32 bytes"},
		{config.JWT{Issuer: "i", Audience: []string{"a"}, Keys: []config.JWTKey{{Alg: "none"}}}, `keys[0]: alg: "none" is not one of`},
		{config.JWT{Issuer: "i", Audience: []string{"a"}, Keys: []config.JWTKey{{Alg: "ES256", PublicKeyFile: writePEM(t, rs)}}}, "an RSA key verifies RS256, not ES256"},
		{config.JWT{Issuer: "i", Audience: []string{"a"}, Keys: []config.JWTKey{{Alg: "HS256", PublicKeyFile: writePEM(t, rs)}}}, "HS256 takes a secret"},
	}
	for _, c := range cases {
		_, err := newJWTAuth(&c.c, "security.auth.jwt", &Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error containing %q", err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), strings.Repeat("x", 32)) {
			t.Errorf("the error shows the secret: %v", err)
		}
	}
}
