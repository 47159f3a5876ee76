package rest

import (
	"errors"
	"fmt"
	"net/http"

	"odatagw/odataerr"
)

// Named limits and their sentinel errors.
const (
	// DefaultMaxRows is the default ceiling on rows fetched for one request.
	DefaultMaxRows = 10000
	// MaxResponseBytes bounds one upstream response body.
	MaxResponseBytes = 64 << 20
)

var (
	// ErrRowLimit is the cause of the error for a request that needs more
	// rows from the API than max_rows allows.
	ErrRowLimit = errors.New("rest: more rows needed than max_rows allows")
	// ErrResponseTooLarge is the cause when a response exceeds MaxResponseBytes.
	ErrResponseTooLarge = errors.New("rest: upstream response exceeds MaxResponseBytes")
	// ErrCircuitOpen is the cause while the circuit breaker refuses calls.
	ErrCircuitOpen = errors.New("rest: circuit open")
)

// Upstream error codes, as clients see them.
const (
	codeUpstream     = "UpstreamError"
	codeUnavailable  = "UpstreamUnavailable"
	codeTimeout      = "UpstreamTimeout"
	codeRowLimit     = "UpstreamRowLimit"
	codeUpstreamData = "UpstreamInvalidData"
)

// upstreamError is a 502 naming the upstream: it answered, but not usefully.
// what never holds credentials or query strings.
func (s *Source) upstreamError(cause error, format string, args ...any) *odataerr.Error {
	return odataerr.New(http.StatusBadGateway, codeUpstream, "upstream %q: %s", s.name, fmt.Sprintf(format, args...)).WithCause(cause)
}

func (s *Source) unavailable(cause error, format string, args ...any) *odataerr.Error {
	return odataerr.New(http.StatusServiceUnavailable, codeUnavailable, "upstream %q: %s", s.name, fmt.Sprintf(format, args...)).WithCause(cause)
}

func (s *Source) timeout(cause error, format string, args ...any) *odataerr.Error {
	return odataerr.New(http.StatusGatewayTimeout, codeTimeout, "upstream %q: %s", s.name, fmt.Sprintf(format, args...)).WithCause(cause)
}

func (s *Source) badData(set string, cause error) *odataerr.Error {
	return odataerr.New(http.StatusBadGateway, codeUpstreamData, "upstream %q sent data that does not fit entity set %s: %v", s.name, set, cause).WithCause(cause)
}
