package auth

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"slices"
	"strings"
	"time"

	"odatagw/config"
)

// Token limits.
const (
	maxTokenBytes = 16 << 10
	defaultLeeway = 60 * time.Second
)

// Token errors; their texts are the Bearer challenge's error_description.
var (
	errTokenMalformed = errors.New("the token is malformed")
	errTokenAlg       = errors.New("the token's algorithm is not accepted")
	errTokenKey       = errors.New("no key verifies the token")
	errTokenSignature = errors.New("the token's signature is invalid")
	errTokenExpired   = errors.New("the token has expired")
	errTokenNotYet    = errors.New("the token is not valid yet")
	errTokenIssuer    = errors.New("the token's issuer is not accepted")
	errTokenAudience  = errors.New("the token's audience is not accepted")
	errTokenSubject   = errors.New("the token names no principal")
)

// jwtAuth verifies bearer JWTs offline.
type jwtAuth struct {
	issuer           string
	audience         []string
	leeway           time.Duration
	nameClaim        string
	rolesClaim       []string // dotted path
	authorizationURI string
	keys             *keySet
	now              func() time.Time
}

func newJWTAuth(c *config.JWT, where string, opts *Options) (*jwtAuth, error) {
	j := &jwtAuth{issuer: c.Issuer, audience: c.Audience, leeway: defaultLeeway,
		nameClaim: c.NameClaim, authorizationURI: c.AuthorizationURI, now: opts.now()}
	if j.issuer == "" {
		return nil, fmt.Errorf("%s.issuer: required (the iss claim tokens must carry)", where)
	}
	if len(j.audience) == 0 {
		return nil, fmt.Errorf("%s.audience: required (the aud values accepted, e.g. api://odatagw)", where)
	}
	if c.Leeway != nil {
		if *c.Leeway < 0 || *c.Leeway > 10*time.Minute {
			return nil, fmt.Errorf("%s.leeway: must be between 0s and 10m", where)
		}
		j.leeway = *c.Leeway
	}
	if j.nameClaim == "" {
		j.nameClaim = "sub"
	}
	rc := c.RolesClaim
	if rc == "" {
		rc = "roles"
	}
	j.rolesClaim = strings.Split(rc, ".")
	ks := &keySet{}
	for i, k := range c.Keys {
		at := fmt.Sprintf("%s.keys[%d]", where, i)
		vk, err := configKey(&k)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", at, err)
		}
		ks.static = append(ks.static, vk)
	}
	if c.JWKSFile != "" {
		data, err := os.ReadFile(c.JWKSFile)
		if err != nil {
			return nil, fmt.Errorf("%s.jwks_file: %v", where, err)
		}
		vks, err := parseJWKS(data)
		if err != nil {
			return nil, fmt.Errorf("%s.jwks_file: %s: %v", where, c.JWKSFile, err)
		}
		ks.static = append(ks.static, vks...)
	}
	if c.JWKSURL != "" {
		r, err := newRemoteKeys(c.JWKSURL, c.JWKSRefresh, opts)
		if err != nil {
			return nil, fmt.Errorf("%s.jwks_url: %v", where, err)
		}
		ks.remote = r
	}
	if len(ks.static) == 0 && ks.remote == nil {
		return nil, fmt.Errorf("%s: no keys (keys, jwks_file or jwks_url)", where)
	}
	j.keys = ks
	return j, nil
}

// configKey builds a key written in the configuration.
func configKey(k *config.JWTKey) (*verifyKey, error) {
	switch k.Alg {
	case algHS256:
		if k.PublicKeyFile != "" {
			return nil, errors.New("HS256 takes a secret, not a public_key_file")
		}
		if len(k.Secret) < minHMACSecret {
			return nil, fmt.Errorf("secret: an HS256 secret must be at least %d bytes", minHMACSecret)
		}
		return &verifyKey{kid: k.ID, alg: algHS256, secret: []byte(k.Secret)}, nil
	case algRS256, algES256:
		if k.Secret != "" || k.PublicKeyFile == "" {
			return nil, fmt.Errorf("%s takes a public_key_file, not a secret", k.Alg)
		}
		vk, err := readPublicKeyFile(k.PublicKeyFile, k.Alg)
		if err != nil {
			return nil, fmt.Errorf("public_key_file: %v", err)
		}
		vk.kid = k.ID
		return vk, nil
	}
	return nil, fmt.Errorf("alg: %q is not one of HS256, RS256, ES256", k.Alg)
}

// verify checks a compact JWS token and its claims and returns its principal.
func (j *jwtAuth) verify(ctx context.Context, token string) (*Principal, error) {
	if len(token) > maxTokenBytes || strings.Count(token, ".") != 2 {
		return nil, errTokenMalformed
	}
	b64 := base64.RawURLEncoding
	parts := strings.SplitN(token, ".", 3)
	hdrJSON, err1 := b64.DecodeString(parts[0])
	sig, err2 := b64.DecodeString(parts[2])
	if err1 != nil || err2 != nil {
		return nil, errTokenMalformed
	}
	var hdr struct {
		Alg  string          `json:"alg"`
		Kid  string          `json:"kid"`
		Crit json.RawMessage `json:"crit"`
	}
	if json.Unmarshal(hdrJSON, &hdr) != nil {
		return nil, errTokenMalformed
	}
	if hdr.Crit != nil {
		return nil, errTokenMalformed // no extension is understood
	}
	switch hdr.Alg {
	case algHS256, algRS256, algES256:
	default:
		return nil, errTokenAlg
	}
	signed := token[:len(parts[0])+1+len(parts[1])]
	if err := j.keys.verify(ctx, hdr.Alg, hdr.Kid, []byte(signed), sig); err != nil {
		return nil, err
	}
	payload, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, errTokenMalformed
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var claims map[string]any
	if dec.Decode(&claims) != nil {
		return nil, errTokenMalformed
	}
	if err := j.checkClaims(claims); err != nil {
		return nil, err
	}
	name, _ := claims[j.nameClaim].(string)
	if name == "" {
		return nil, errTokenSubject
	}
	return newPrincipal(MethodJWT, name, rolesOf(claims, j.rolesClaim)), nil
}

// checkClaims checks iss, aud, exp (required) and nbf (when present).
func (j *jwtAuth) checkClaims(c map[string]any) error {
	if iss, _ := c["iss"].(string); iss != j.issuer {
		return errTokenIssuer
	}
	if !j.audienceOK(c["aud"]) {
		return errTokenAudience
	}
	now := j.now()
	exp, ok := numericDate(c["exp"])
	if !ok {
		return errTokenMalformed
	}
	if !now.Before(exp.Add(j.leeway)) {
		return errTokenExpired
	}
	if v, present := c["nbf"]; present {
		nbf, ok := numericDate(v)
		if !ok {
			return errTokenMalformed
		}
		if now.Add(j.leeway).Before(nbf) {
			return errTokenNotYet
		}
	}
	return nil
}

func (j *jwtAuth) audienceOK(v any) bool {
	switch a := v.(type) {
	case string:
		return slices.Contains(j.audience, a)
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok && slices.Contains(j.audience, s) {
				return true
			}
		}
	}
	return false
}

// numericDate reads a JWT NumericDate (seconds since the epoch).
func numericDate(v any) (time.Time, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return time.Time{}, false
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1e12 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), true
}

// rolesOf reads the roles claim: a string (space-separated, like scp), or a
// list of strings, at a dotted path (realm_access.roles).
func rolesOf(c map[string]any, path []string) []string {
	var v any = c
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	switch r := v.(type) {
	case string:
		return strings.Fields(r)
	case []any:
		var out []string
		for _, x := range r {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// verifySignature checks sig over signed with k (whose algorithm is alg).
func verifySignature(k *verifyKey, signed, sig []byte) bool {
	switch k.alg {
	case algHS256:
		m := hmac.New(sha256.New, k.secret)
		m.Write(signed)
		return hmac.Equal(m.Sum(nil), sig)
	case algRS256:
		h := sha256.Sum256(signed)
		return rsa.VerifyPKCS1v15(k.rsa, crypto.SHA256, h[:], sig) == nil
	case algES256:
		if len(sig) != 64 {
			return false
		}
		h := sha256.Sum256(signed)
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return ecdsa.Verify(k.ec, h[:], r, s)
	}
	return false
}
