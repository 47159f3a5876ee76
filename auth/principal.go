// Package auth authenticates the callers of the gateway (anonymous, HTTP
// Basic, API keys, OAuth 2.0 / OIDC bearer JWTs verified offline), decides
// what each may see and do (roles, per-entity-set access, row filters,
// hidden properties) and limits how often they may call (a token bucket per
// principal).
//
// It knows nothing of HTTP routing: the gateway asks it to authenticate a
// request for a service and to give the caller's view of a model.
package auth

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// Method is how a principal authenticated.
type Method string

// Methods.
const (
	MethodAnonymous Method = "anonymous"
	MethodBasic     Method = "basic"
	MethodAPIKey    Method = "api_key"
	MethodJWT       Method = "jwt"
)

// Principal is an authenticated caller.
type Principal struct {
	Method Method
	// Name is the user, the API key's name or the token's subject; empty
	// for anonymous callers.
	Name string
	// Roles are sorted and unique.
	Roles []string
}

// newPrincipal returns a principal with its roles sorted and deduplicated.
func newPrincipal(m Method, name string, roles []string) *Principal {
	r := slices.Clone(roles)
	slices.Sort(r)
	return &Principal{Method: m, Name: name, Roles: slices.Compact(r)}
}

// HasRole reports whether the principal holds role.
func (p *Principal) HasRole(role string) bool {
	_, ok := slices.BinarySearch(p.Roles, role)
	return ok
}

// Key identifies the principal and everything that decides what it may see:
// its method, name and roles, length-prefixed so that no two principals share
// a key. The response cache keys on it.
func (p *Principal) Key() string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	field(string(p.Method))
	field(p.Name)
	for _, r := range p.Roles {
		field(r)
	}
	return b.String()
}

// String names the principal for logs (never a credential).
func (p *Principal) String() string {
	if p == nil || p.Method == MethodAnonymous {
		return "anonymous"
	}
	return string(p.Method) + ":" + p.Name
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal of ctx, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
