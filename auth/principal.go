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
// its method, name and roles, e.g. basic:"alice"["eu","sales"]. Names and
// roles are quoted, so no two principals share a key. The response cache
// keys on it and the request log shows it (it never holds a credential).
func (p *Principal) Key() string {
	if p == nil {
		return ""
	}
	b := append([]byte(p.Method), ':')
	b = strconv.AppendQuote(b, p.Name)
	b = append(b, '[')
	for i, r := range p.Roles {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, r)
	}
	return string(append(b, ']'))
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
