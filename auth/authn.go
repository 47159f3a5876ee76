package auth

import (
	"net/http"
	"strings"
)

// Failure is a failed authentication: the gateway answers 401 with one
// WWW-Authenticate header per challenge. Reason is safe to show the caller
// (it never holds a credential).
type Failure struct {
	Reason     string
	Challenges []string
}

func (f *Failure) Error() string { return f.Reason }

// Authenticator checks the credentials of the requests to one service. It is
// safe for concurrent use.
type Authenticator struct {
	realm     string
	anonymous bool
	anonRoles []string
	basic     *basicAuth
	keys      *apiKeyAuth
	jwt       *jwtAuth
}

// Authenticate identifies the caller of r. Credentials are checked by the
// method they name: an Authorization header (Basic or Bearer) first, then the
// API key header; without credentials the caller is anonymous if the
// configuration allows it. Wrong credentials never fall back to anonymous.
func (a *Authenticator) Authenticate(r *http.Request) (*Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, cred, _ := strings.Cut(h, " ")
		cred = strings.TrimSpace(cred)
		switch {
		case strings.EqualFold(scheme, "Basic") && a.basic != nil:
			user, pass, ok := r.BasicAuth()
			if !ok {
				return nil, a.fail("malformed Basic credentials", "")
			}
			p, reason := a.basic.verify(user, pass)
			if p == nil {
				return nil, a.fail(reason, "")
			}
			return p, nil
		case strings.EqualFold(scheme, "Bearer") && a.jwt != nil:
			p, err := a.jwt.verify(r.Context(), cred)
			if err != nil {
				return nil, a.fail("invalid bearer token: "+err.Error(), err.Error())
			}
			return p, nil
		}
		return nil, a.fail("the Authorization scheme is not accepted by this service", "")
	}
	if a.keys != nil {
		if v := r.Header.Get(a.keys.header); v != "" {
			p := a.keys.verify(v)
			if p == nil {
				return nil, a.fail("invalid API key", "")
			}
			return p, nil
		}
	}
	if a.anonymous {
		return newPrincipal(MethodAnonymous, "", a.anonRoles), nil
	}
	return nil, a.fail("authentication required", "")
}

// AllowsAnonymous reports whether callers without credentials get in.
func (a *Authenticator) AllowsAnonymous() bool { return a.anonymous }

// fail returns a Failure with the challenges of every configured method; a
// non-empty tokenError is the Bearer challenge's error_description.
func (a *Authenticator) fail(reason, tokenError string) *Failure {
	f := &Failure{Reason: reason}
	if a.basic != nil {
		f.Challenges = append(f.Challenges, `Basic realm=`+quote(a.realm)+`, charset="UTF-8"`)
	}
	if a.jwt != nil {
		c := `Bearer realm=` + quote(a.realm)
		if a.jwt.authorizationURI != "" {
			c += `, authorization_uri=` + quote(a.jwt.authorizationURI)
		}
		if tokenError != "" {
			c += `, error="invalid_token", error_description=` + quote(tokenError)
		}
		f.Challenges = append(f.Challenges, c)
	}
	if a.keys != nil {
		f.Challenges = append(f.Challenges, `APIKey realm=`+quote(a.realm)+`, header=`+quote(a.keys.header))
	}
	return f
}

// quote renders an RFC 7235 quoted-string of text that never holds a quote
// or backslash from a client (realms and URIs come from the configuration,
// token errors are fixed messages); both are escaped regardless.
func quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}
