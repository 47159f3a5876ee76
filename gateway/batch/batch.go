// Package batch serves OData $batch requests: it reads a batch in the
// multipart/mixed format of OData 4.0 or the JSON format of OData 4.01, runs
// every individual request through an http.Handler (the gateway itself) in
// order, runs each change set (atomicity group) inside one transaction given
// by the caller, and writes the batch response in the format asked for.
//
// The package knows nothing about entity sets or databases: a sub-request is
// an ordinary *http.Request under the service root, and a change set is all
// or nothing because the caller's Atomic commits only when every request in
// it succeeded.
package batch

import (
	"context"
	"errors"
	"net/http"

	"odatagw/odataerr"
)

// Default limits (Config.Limits fields left at zero).
const (
	// DefaultMaxRequests bounds the individual requests of one batch,
	// change-set members included.
	DefaultMaxRequests = 100
	// DefaultMaxBodyBytes bounds the batch request body (decompressed);
	// 8 MiB is Salesforce Connect's own request limit.
	DefaultMaxBodyBytes = 8 << 20
)

// Limits bound what one batch may ask for. Zero fields take the defaults.
type Limits struct {
	MaxRequests  int   // individual requests, change-set members included
	MaxBodyBytes int64 // request body after decompression
}

func (l Limits) withDefaults() Limits {
	if l.MaxRequests <= 0 {
		l.MaxRequests = DefaultMaxRequests
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	return l
}

// Sentinel errors; the *odataerr.Error returned by Read and Parse wraps one
// of them (errors.Is).
var (
	// ErrTooManyRequests: more individual requests than Limits.MaxRequests (413).
	ErrTooManyRequests = errors.New("batch: too many requests")
	// ErrBodyTooLarge: the body is larger than Limits.MaxBodyBytes (413).
	ErrBodyTooLarge = errors.New("batch: body too large")
	// ErrMalformed: the body is not a batch this package can read (400).
	ErrMalformed = errors.New("batch: malformed request")
	// ErrNested: a $batch request inside a batch (400).
	ErrNested = errors.New("batch: nested batch")
)

// Atomic runs run inside one transaction: it commits when run returns nil and
// rolls back otherwise, and returns run's error (or the commit's). The
// context given to run carries the transaction; every sub-request of the
// change set is served with it. writes is the number of requests of the
// change set that change data (not GET or HEAD): a source without
// transactions can only make one change atomic, and must refuse a change
// set of more before any of it runs.
type Atomic func(ctx context.Context, writes int, run func(ctx context.Context) error) error

// Config is what Serve needs besides the request.
type Config struct {
	// Handler serves each individual request (the gateway's own handler).
	Handler http.Handler
	// Atomic runs a change set; nil answers change sets with 501.
	Atomic Atomic
	// Limits bound the batch.
	Limits Limits
	// WriteError writes err as the OData error response to r; nil writes a
	// minimal OData JSON error.
	WriteError func(w http.ResponseWriter, r *http.Request, err error)
}

// Format is the representation of a batch request or response.
type Format int

const (
	// Multipart is multipart/mixed (OData 4.0).
	Multipart Format = iota
	// JSON is application/json (OData 4.01).
	JSON
)

// Request is one individual request of a batch, as read.
type Request struct {
	ID        string      // Content-ID (multipart) or id (JSON); "" when none
	Method    string      // upper case
	URL       string      // as written: absolute URL, absolute path, relative path or $ref/…
	Header    http.Header // the request's own headers
	Body      []byte
	DependsOn []string // JSON dependsOn: ids and atomicity groups
	// Unsupported, when set, is why the request cannot be run (e.g. a JSON
	// "if" condition): it is answered with 424 without being run.
	Unsupported string
}

// Unit is what runs as one step: a single request (Group == "" and one
// request) or a change set / atomicity group, all or nothing.
type Unit struct {
	Group    string // change set boundary or atomicityGroup; "" for a single request
	Atomic   bool
	Requests []*Request
}

// Batch is a parsed batch request.
type Batch struct {
	Format Format
	Units  []*Unit
}

// count returns the number of individual requests.
func (b *Batch) count() int {
	n := 0
	for _, u := range b.Units {
		n += len(u.Requests)
	}
	return n
}

// malformed returns the 400 for a batch body that cannot be read.
func malformed(format string, args ...any) error {
	return odataerr.New(http.StatusBadRequest, "BadBatchRequest", format, args...).WithCause(ErrMalformed)
}
