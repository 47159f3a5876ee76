package auth

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"odatagw/config"
	"odatagw/metadata"
)

// DefaultRealm is the realm of the challenges when the configuration names none.
const DefaultRealm = "odatagw"

// NewAuthenticator builds the authenticator of c; where is the configuration
// key of c (security.auth, or source "x": security.auth) for error messages.
func NewAuthenticator(c *config.Auth, where string, opts *Options) (*Authenticator, error) {
	if opts == nil {
		opts = &Options{}
	}
	a := &Authenticator{realm: c.Realm, anonymous: c.Anonymous, anonRoles: c.AnonymousRoles}
	if a.realm == "" {
		a.realm = DefaultRealm
	}
	if len(c.AnonymousRoles) > 0 && !c.Anonymous {
		return nil, fmt.Errorf("%s.anonymous_roles: set without anonymous: true", where)
	}
	var err error
	if c.Basic != nil {
		if a.basic, err = newBasicAuth(c.Basic, where+".basic"); err != nil {
			return nil, err
		}
	}
	if c.APIKeys != nil {
		if a.keys, err = newAPIKeyAuth(c.APIKeys, where+".api_keys"); err != nil {
			return nil, err
		}
	}
	if c.JWT != nil {
		if a.jwt, err = newJWTAuth(c.JWT, where+".jwt", opts); err != nil {
			return nil, err
		}
	}
	// No method at all is a closed door: every request is refused (a
	// default that only sources with their own security.auth override).
	return a, nil
}

// Guard authenticates the callers of every service, limits their rate and
// gives each its view of a service.
type Guard struct {
	def      *Authenticator
	services map[string]*Authenticator
	policies map[string]*Policy
	limiter  *RateLimiter
}

// NewGuard returns a guard using def for services without an authenticator
// of their own (and for the service index). A service without a policy
// shows every caller everything; limiter may be nil.
func NewGuard(def *Authenticator, services map[string]*Authenticator, policies map[string]*Policy, limiter *RateLimiter) *Guard {
	return &Guard{def: def, services: services, policies: policies, limiter: limiter}
}

// View returns what p may see of service's model m: nil (everything) when
// the service has no roles, a *Forbidden when p holds none of them.
func (g *Guard) View(service string, p *Principal, m *metadata.Model) (*View, error) {
	pol := g.policies[service]
	if pol == nil {
		return nil, nil
	}
	return pol.View(p, m)
}

// Authenticate identifies the caller of r for service ("" for the index).
// An unknown service is authenticated like the default, so that an
// unauthenticated caller cannot tell which services exist.
func (g *Guard) Authenticate(r *http.Request, service string) (*Principal, error) {
	a := g.services[service]
	if a == nil {
		a = g.def
	}
	return a.Authenticate(r)
}

// Admit takes one request from the principal's bucket; a *Limited error
// says when to come back.
func (g *Guard) Admit(r *http.Request, p *Principal) error {
	if g.limiter == nil {
		return nil
	}
	key := p.Key()
	if p.Method == MethodAnonymous {
		// Anonymous callers share no identity: one bucket per client address.
		key += "|" + clientIP(r)
	}
	return g.limiter.Admit(key)
}

// clientIP is the host of the connection's remote address (the proxy's,
// behind a reverse proxy: headers such as X-Forwarded-For are not trusted).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return strings.TrimSpace(r.RemoteAddr)
	}
	return host
}
