package gateway

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"odatagw/auth"
	"odatagw/gateway/batch"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Guard authenticates the callers of a service and limits their rate
// (*auth.Guard implements it). Without one every caller is anonymous.
type Guard interface {
	// Authenticate identifies the caller of r for service ("" for the
	// service index); an *auth.Failure becomes a 401 with its challenges.
	Authenticate(r *http.Request, service string) (*auth.Principal, error)
	// Admit charges one request to p; an *auth.Limited becomes a 429.
	Admit(r *http.Request, p *auth.Principal) error
	// View returns what p may see of service's model m (gateway/authz.go):
	// nil for everything, an *auth.Forbidden (403) for nothing.
	View(service string, p *auth.Principal, m *metadata.Model) (*auth.View, error)
}

var _ Guard = (*auth.Guard)(nil)

// guard authenticates the request of c for service and puts the principal in
// the request's context. It writes the 401 or 429 and returns false when the
// request must stop.
func (g *Gateway) guard(c *gin.Context, service string) bool {
	if g.cfg.Guard == nil {
		return true
	}
	r := c.Request
	// The requests inside a batch carry the principal the batch request
	// authenticated as (for the same service); each is still charged.
	p, err := auth.FromContext(r.Context()), error(nil)
	if p == nil || !batch.InBatch(r.Context()) {
		p, err = g.cfg.Guard.Authenticate(r, service)
	}
	if err == nil {
		err = g.cfg.Guard.Admit(r, p)
	}
	var fail *auth.Failure
	var limited *auth.Limited
	switch {
	case err == nil:
		c.Request = r.WithContext(auth.WithPrincipal(r.Context(), p))
		return true
	case errors.As(err, &fail):
		for _, ch := range fail.Challenges {
			c.Writer.Header().Add("WWW-Authenticate", ch)
		}
		err = odataerr.New(http.StatusUnauthorized, "Unauthorized", "%s", fail.Reason)
	case errors.As(err, &limited):
		c.Writer.Header().Set("Retry-After", strconv.Itoa(limited.RetryAfterSeconds()))
		err = odataerr.New(http.StatusTooManyRequests, "TooManyRequests", "%s", limited.Error())
	}
	g.writeError(c.Writer, r, requestID(c), err)
	return false
}
