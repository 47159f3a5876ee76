package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"odatagw/config"
)

// DefaultAPIKeyHeader carries API keys when the configuration names no header.
const DefaultAPIKeyHeader = "X-API-Key"

// apiKeyAuth checks keys against their SHA-256 hashes. Keys are long random
// strings, so a fast hash is enough (unlike passwords); the file never holds
// a usable key.
type apiKeyAuth struct {
	header string
	keys   []apiKey
}

type apiKey struct {
	name  string
	hash  [sha256.Size]byte
	roles []string
}

func newAPIKeyAuth(c *config.APIKeys, where string) (*apiKeyAuth, error) {
	a := &apiKeyAuth{header: http.CanonicalHeaderKey(c.Header)}
	if c.Header == "" {
		a.header = DefaultAPIKeyHeader
	}
	if strings.EqualFold(a.header, "Authorization") {
		return nil, fmt.Errorf("%s.header: Authorization is reserved for Basic and Bearer", where)
	}
	names := map[string]bool{}
	for i, k := range c.Keys {
		at := fmt.Sprintf("%s.keys[%d]", where, i)
		if k.Name == "" || names[k.Name] {
			return nil, fmt.Errorf("%s.name: must be set and unique", at)
		}
		names[k.Name] = true
		hexHash, ok := strings.CutPrefix(k.Hash, "sha256:")
		raw, err := hex.DecodeString(hexHash)
		if !ok || err != nil || len(raw) != sha256.Size {
			return nil, fmt.Errorf("%s.hash: must be sha256:<64 hex digits> (printf %%s \"$KEY\" | sha256sum)", at)
		}
		ak := apiKey{name: k.Name, roles: k.Roles}
		copy(ak.hash[:], raw)
		a.keys = append(a.keys, ak)
	}
	if len(a.keys) == 0 {
		return nil, fmt.Errorf("%s.keys: at least one key is required", where)
	}
	return a, nil
}

// verify compares the presented key's hash with every configured hash in
// constant time, without stopping at a match.
func (a *apiKeyAuth) verify(presented string) *Principal {
	h := sha256.Sum256([]byte(presented))
	match := -1
	for i := range a.keys {
		if subtle.ConstantTimeCompare(h[:], a.keys[i].hash[:]) == 1 {
			match = i
		}
	}
	if match < 0 {
		return nil
	}
	return newPrincipal(MethodAPIKey, a.keys[match].name, a.keys[match].roles)
}
