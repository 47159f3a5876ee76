// Package odataerr is the one error type of the gateway: an HTTP status, an
// OData error code, a message safe to show to clients, an optional target and
// position, and an unexported cause that only reaches the log.
//
// Every layer (parser, binder, adapters, gateway) returns *Error for anything a
// client caused or should know about. The gateway encodes it as an OData JSON
// error body; any other error becomes a 500 with an ID and no details.
package odataerr

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is an error with everything needed to answer a client.
type Error struct {
	Status  int    // HTTP status code
	Code    string // OData error code, e.g. "BadRequest", "SyntaxError"
	Message string // human-readable, safe to show to clients
	Target  string // the option, property or entity set concerned, if any
	// Pos is the 0-based byte offset in the Target option's text where the
	// problem starts, or -1 when not applicable.
	Pos   int
	cause error // internal detail, logged, never sent
}

func (e *Error) Error() string {
	s := e.Message
	if e.Target != "" {
		s = e.Target + ": " + s
	}
	if e.Pos >= 0 {
		s += fmt.Sprintf(" (at position %d)", e.Pos)
	}
	return s
}

// Unwrap returns the internal cause.
func (e *Error) Unwrap() error { return e.cause }

// Cause returns the internal cause, for logging.
func (e *Error) Cause() error { return e.cause }

// New returns an error with the given status and code.
func New(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...), Pos: -1}
}

// WithCause returns a copy of e carrying cause (logged, never shown).
func (e *Error) WithCause(cause error) *Error {
	c := *e
	c.cause = cause
	return &c
}

// At returns a copy of e pointing at position pos of option target.
func (e *Error) At(target string, pos int) *Error {
	c := *e
	c.Target, c.Pos = target, pos
	return &c
}

// BadRequest is a 400 for malformed or invalid client input.
func BadRequest(format string, args ...any) *Error {
	return New(http.StatusBadRequest, "BadRequest", format, args...)
}

// Syntax is a 400 for a syntax error at a position of an option's text.
func Syntax(target string, pos int, format string, args ...any) *Error {
	e := New(http.StatusBadRequest, "SyntaxError", format, args...)
	e.Target, e.Pos = target, pos
	return e
}

// NotFound is a 404.
func NotFound(format string, args ...any) *Error {
	return New(http.StatusNotFound, "NotFound", format, args...)
}

// NotImplemented is a 501 for valid OData the gateway does not support.
func NotImplemented(format string, args ...any) *Error {
	return New(http.StatusNotImplemented, "NotImplemented", format, args...)
}

// Unavailable is a 503 for a source that cannot be reached; cause is logged.
func Unavailable(cause error, format string, args ...any) *Error {
	return New(http.StatusServiceUnavailable, "SourceUnavailable", format, args...).WithCause(cause)
}

// Timeout is a 504 for a source query that exceeded its deadline.
func Timeout(cause error, format string, args ...any) *Error {
	return New(http.StatusGatewayTimeout, "SourceTimeout", format, args...).WithCause(cause)
}

// As returns the *Error in err's chain, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
