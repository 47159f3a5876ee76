package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"odatagw/config"
)

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(h[:])
}

func TestAPIKeys(t *testing.T) {
	k1, k2 := "first-"+strings.Repeat("a", 32), "second-"+strings.Repeat("b", 32)
	if _, err := newAPIKeyAuth(&config.APIKeys{Keys: []config.APIKey{{Name: "k", Hash: sha256Hex(k2)[len("sha256:"):]}}}, "k"); err == nil {
		t.Fatal("a hash without the sha256: prefix was accepted")
	}
	a, err := newAPIKeyAuth(&config.APIKeys{Keys: []config.APIKey{
		{Name: "salesforce", Hash: sha256Hex(k1), Roles: []string{"crm"}},
		{Name: "powerbi", Hash: sha256Hex(k2)},
	}}, "security.auth.api_keys")
	if err != nil {
		t.Fatal(err)
	}
	if a.header != DefaultAPIKeyHeader {
		t.Fatalf("header %q", a.header)
	}
	if p := a.verify(k1); p == nil || p.Name != "salesforce" || !p.HasRole("crm") || p.Method != MethodAPIKey {
		t.Fatalf("k1: %+v", p)
	}
	if p := a.verify(k2); p == nil || p.Name != "powerbi" || len(p.Roles) != 0 {
		t.Fatalf("k2: %+v", p)
	}
	for _, bad := range []string{"", k1[:len(k1)-1], k1 + " ", strings.ToUpper(k1), sha256Hex(k1)} {
		if p := a.verify(bad); p != nil {
			t.Fatalf("%q accepted as %+v", bad, p)
		}
	}
	for _, c := range []struct {
		c    config.APIKeys
		want string
	}{
		{config.APIKeys{}, "keys: at least one key"},
		{config.APIKeys{Header: "Authorization", Keys: []config.APIKey{{Name: "k", Hash: sha256Hex("x")}}}, "header: Authorization is reserved"},
		{config.APIKeys{Keys: []config.APIKey{{Name: "k", Hash: "sha256:abc"}}}, "keys[0].hash"},
		{config.APIKeys{Keys: []config.APIKey{{Name: "k", Hash: sha256Hex("x")}, {Name: "k", Hash: sha256Hex("y")}}}, "keys[1].name"},
	} {
		if _, err := newAPIKeyAuth(&c.c, "security.auth.api_keys"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
