package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"odatagw/internal/observe"
	"odatagw/odataerr"
)

// requestIDHeader carries the request ID back to the client; errors repeat it
// so a user can quote it and an operator can find the log line.
const requestIDHeader = "X-Request-ID"

// newRequestID returns a random 16-hex-digit ID.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// toODataError turns any error into the *odataerr.Error to send. Errors that
// are not *odataerr.Error are bugs or unexpected failures: the client gets a
// generic 500 naming the request ID; the cause only goes to the log.
func toODataError(err error) *odataerr.Error {
	if e := odataerr.As(err); e != nil {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return odataerr.Timeout(err, "the data source did not answer in time")
	}
	return odataerr.New(http.StatusInternalServerError, "InternalError", "internal error").WithCause(err)
}

// writeError writes err as an OData JSON error body. Its code and hidden
// cause go into the request's log line (gateway/observe.go).
func (g *Gateway) writeError(w http.ResponseWriter, r *http.Request, reqID string, err error) {
	e := toODataError(err)
	msg := e.Message
	// Server-side failures carry the request ID so a user can quote it; a 501
	// is a client asking for something unsupported, not a failure.
	serverFault := e.Status >= 500 && e.Status != http.StatusNotImplemented
	if serverFault {
		msg += " (request " + reqID + ")"
	}
	// The request's log line (observe) carries the code and the cause; the
	// message only at debug level (it may quote the request).
	if rec := observe.RequestFrom(r.Context()); rec != nil {
		rec.Code, rec.Cause = e.Code, e.Cause()
	}
	g.log.DebugContext(r.Context(), "request rejected", "status", e.Status, "code", e.Code, "message", e.Message)

	if wantsErrorPage(r) { // a person in a browser (htmlerror.go)
		writeErrorPage(w, r, e, msg, reqID)
		return
	}
	b := make([]byte, 0, 256)
	b = append(b, `{"error":{"code":`...)
	b = appendString(b, e.Code)
	b = append(b, `,"message":`...)
	b = appendString(b, msg)
	if e.Target != "" {
		b = append(b, `,"target":`...)
		b = appendString(b, e.Target)
	}
	if e.Pos >= 0 {
		// A custom instance annotation: where in the target's text the problem starts.
		b = append(b, `,"@odatagw.position":`...)
		b = strconv.AppendInt(b, int64(e.Pos), 10)
	}
	b = append(b, `}}`...)

	h := w.Header()
	h.Del("Content-Encoding")
	h.Set("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8")
	h.Set("OData-Version", odataVersion)
	if secs, ok := retryAfterSeconds(err); ok {
		h.Set("Retry-After", strconv.Itoa(secs))
	}
	if e.Status == http.StatusMethodNotAllowed && h.Get("Allow") == "" {
		h.Set("Allow", "GET, HEAD")
	}
	w.WriteHeader(e.Status)
	_, _ = w.Write(b)
}

// discardLogger is used when the caller gives no logger.
var discardLogger = slog.New(slog.DiscardHandler)
