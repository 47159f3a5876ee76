package batch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"odatagw/odataerr"
)

// result is the recorded response to one individual request.
type result struct {
	status int
	header http.Header
	body   []byte
}

func (res *result) ok() bool { return res.status >= 200 && res.status < 300 }

// outcome is what a unit produced: a result per request (nil where a request
// was not run), and the index of the request that failed it, or -1.
type outcome struct {
	results []*result
	failed  int
}

// ref is what a later request may use of an earlier one: its entity's URL
// ($id in a URL) and its ETag ($id in If-Match).
type ref struct {
	location string
	etag     string
	ok       bool
}

// runner runs the units of one batch in order.
type runner struct {
	cfg    Config
	format Format // of the request
	outer  *http.Request
	ctx    context.Context
	root   string          // path of the service root, with trailing slash
	refs   map[string]*ref // by request id
	// groups holds whether each change set (atomicity group) run so far was applied.
	groups map[string]bool
}

func newRunner(r *http.Request, cfg Config, f Format) *runner {
	root := r.URL.Path
	if i := strings.LastIndexByte(root, '/'); i >= 0 {
		root = root[:i+1]
	}
	return &runner{
		cfg: cfg, format: f, outer: r, root: root, refs: map[string]*ref{}, groups: map[string]bool{},
		ctx: context.WithValue(r.Context(), inBatchKey{}, true),
	}
}

// errChangeSetFailed is what a change set's run returns when one of its
// requests failed, so that the transaction is rolled back.
var errChangeSetFailed = errors.New("batch: a request of the change set failed")

// run runs one unit: a single request, or a change set inside cfg.Atomic.
func (x *runner) run(u *Unit) outcome {
	o := outcome{results: make([]*result, len(u.Requests)), failed: -1}
	if !u.Atomic {
		res := x.runOne(x.ctx, u.Requests[0])
		o.results[0] = res
		if !res.ok() {
			o.failed = 0
		}
		return o
	}
	if x.cfg.Atomic == nil {
		err := odataerr.NotImplemented("change sets are not supported: this service is read-only")
		for i := range u.Requests {
			o.results[i] = x.errorResult(u.Requests[i], err)
		}
		o.failed = 0
		x.fail(u)
		return o
	}
	writes := 0
	for _, rq := range u.Requests {
		if rq.Method != http.MethodGet && rq.Method != http.MethodHead {
			writes++
		}
	}
	err := x.cfg.Atomic(x.ctx, writes, func(ctx context.Context) error {
		for i, rq := range u.Requests {
			var res *result
			// OData 4.0 change sets hold changes only; a JSON atomicity
			// group may read (through the transaction).
			if x.format == Multipart && (rq.Method == http.MethodGet || rq.Method == http.MethodHead) {
				res = x.errorResult(rq, odataerr.BadRequest("a %s request cannot be part of a change set: send it outside", rq.Method))
			} else {
				res = x.runOne(ctx, rq)
			}
			o.results[i] = res
			if !res.ok() {
				o.failed = i
				return errChangeSetFailed
			}
		}
		return nil
	})
	switch {
	case o.failed >= 0:
	case err != nil: // begin or commit failed: every request is answered with that error
		for i := range u.Requests {
			o.results[i] = x.errorResult(u.Requests[i], err)
		}
		o.failed = 0
	default:
		x.groups[u.Group] = true
		return o
	}
	// Rolled back: nothing of the group holds; the other requests answer 424.
	x.fail(u)
	for i, rq := range u.Requests {
		if i != o.failed {
			o.results[i] = x.errorResult(rq, failedDependency("it is in the change set (atomicity group) '%s', in which request '%s' failed; nothing of it was applied",
				u.Group, u.Requests[o.failed].ID))
		}
	}
	return o
}

// fail marks the requests of a failed change set, and the set, as failed for
// the references and dependencies of later requests.
func (x *runner) fail(u *Unit) {
	for _, rq := range u.Requests {
		if rq.ID != "" {
			x.refs[rq.ID] = &ref{}
		}
	}
	x.groups[u.Group] = false
}

// runOne runs one request through the handler and records its result (and
// what later requests may reference of it).
func (x *runner) runOne(ctx context.Context, rq *Request) *result {
	res, location := x.serve(ctx, rq)
	if rq.ID != "" {
		r := &ref{ok: res.ok(), etag: res.header.Get("ETag"), location: res.header.Get("Location")}
		if r.location == "" {
			r.location = res.header.Get("OData-EntityId")
		}
		if r.location == "" && rq.Method == http.MethodGet {
			r.location = location // a GET's $id names what it read
		}
		x.refs[rq.ID] = r
	}
	return res
}

// serve builds the sub-request of rq and serves it; it also returns the path
// the request was resolved to.
func (x *runner) serve(ctx context.Context, rq *Request) (*result, string) {
	if rq.Unsupported != "" {
		return x.errorResult(rq, failedDependency("%s", rq.Unsupported)), ""
	}
	for _, d := range rq.DependsOn {
		if r := x.refs[d]; (r == nil || !r.ok) && !x.groups[d] {
			return x.errorResult(rq, failedDependency("it depends on request '%s', which failed", d)), ""
		}
	}
	target, err := x.resolve(rq.URL)
	if err != nil {
		return x.errorResult(rq, err), ""
	}
	header, err := x.header(rq)
	if err != nil {
		return x.errorResult(rq, err), ""
	}
	sub := &http.Request{
		Method: rq.Method, URL: target, RequestURI: target.RequestURI(),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: header, Body: http.NoBody, ContentLength: int64(len(rq.Body)),
		Host: x.outer.Host, RemoteAddr: x.outer.RemoteAddr, TLS: x.outer.TLS,
	}
	if len(rq.Body) > 0 {
		sub.Body = io.NopCloser(bytes.NewReader(rq.Body))
	}
	rec := newRecorder()
	x.cfg.Handler.ServeHTTP(rec, sub.WithContext(ctx))
	return rec.result(), target.EscapedPath()
}

// errorResult is the response of rq failing with err before or instead of
// reaching the handler, written by cfg.WriteError.
func (x *runner) errorResult(rq *Request, err error) *result {
	rec := newRecorder()
	r := x.outer.Clone(x.ctx)
	r.Method = rq.Method
	x.cfg.WriteError(rec, r, err)
	return rec.result()
}

// failedDependency is the 424 of a request that was not run, or whose effect
// was undone, because of another one.
func failedDependency(format string, args ...any) error {
	return odataerr.New(http.StatusFailedDependency, "FailedDependency", "the request was not applied: "+format, args...)
}
