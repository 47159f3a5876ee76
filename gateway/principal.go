package gateway

import (
	"context"
	"net/http"

	"odatagw/auth"
)

// principalKey is the context key of the caller's identity.
type principalKey struct{}

// WithPrincipal returns a context carrying the identity of the caller
// (a user, a client certificate subject, an API key's owner...). An
// authentication layer in front of the gateway's handler sets it; everything
// cached for one principal is only ever served to the same principal. It
// must also capture anything else that changes what the caller may see
// (roles, tenant), e.g. "alice|role=sales".
func WithPrincipal(ctx context.Context, principal string) context.Context {
	return context.WithValue(ctx, principalKey{}, principal)
}

// PrincipalFrom returns the principal set by WithPrincipal, or "" (anonymous).
func PrincipalFrom(ctx context.Context) string {
	p, _ := ctx.Value(principalKey{}).(string)
	return p
}

// principal returns the identity of the caller of r: Config.Principal when
// set, else the request context's principal.
func (g *Gateway) principal(r *http.Request) string {
	if g.cfg.Principal != nil {
		return g.cfg.Principal(r)
	}
	if p := auth.FromContext(r.Context()); p != nil {
		return p.Key() // method, name and roles
	}
	return PrincipalFrom(r.Context())
}
