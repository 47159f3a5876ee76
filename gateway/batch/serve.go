package batch

import (
	"context"
	"net/http"
	"strings"

	"odatagw/odataerr"
)

// inBatchKey marks the context of sub-requests: a batch inside a batch is refused.
type inBatchKey struct{}

// InBatch reports whether ctx is the context of a request served as part of a batch.
func InBatch(ctx context.Context) bool { return ctx.Value(inBatchKey{}) != nil }

// Serve answers the $batch request r: it reads the batch (an error before
// anything is run answers 400 or 413 through cfg.WriteError), then writes
// 200 and the batch response, in the format of the request, as the
// individual requests and change sets complete.
//
// Processing follows OData 4.01 §11.7: units run in order; a multipart batch
// stops after the first failed request or change set unless the client
// prefers odata.continue-on-error, a JSON batch goes on unless it prefers
// continue-on-error=false (requests depending on a failed one answer 424).
func Serve(w http.ResponseWriter, r *http.Request, cfg Config) {
	if cfg.WriteError == nil {
		cfg.WriteError = writeJSONError
	}
	if InBatch(r.Context()) {
		cfg.WriteError(w, r, odataerr.BadRequest("a batch cannot contain another $batch request").WithCause(ErrNested))
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		cfg.WriteError(w, r, odataerr.New(http.StatusMethodNotAllowed, "MethodNotAllowed",
			"a $batch request must use POST, not %s", r.Method))
		return
	}
	b, err := Read(r, cfg.Limits)
	if err != nil {
		cfg.WriteError(w, r, err)
		return
	}
	cont, asked := continueOnError(r.Header, b.Format == JSON)
	x := newRunner(r, cfg, b.Format)

	h := w.Header()
	out := newWriter(b.Format, w)
	h.Set("Content-Type", out.contentType())
	if b.Format == JSON {
		h.Set("OData-Version", "4.01")
	} else {
		h.Set("OData-Version", "4.0")
	}
	if asked {
		if cont {
			h.Set("Preference-Applied", "odata.continue-on-error")
		} else {
			h.Set("Preference-Applied", "odata.continue-on-error=false")
		}
	}
	w.WriteHeader(http.StatusOK)
	for _, u := range b.Units {
		o := x.run(u)
		if err := out.unit(u, o); err != nil {
			return // the client went away
		}
		if o.failed >= 0 && !cont {
			break
		}
	}
	_ = out.close()
}

// continueOnError reads the continue-on-error preference (odata.-prefixed or
// not): absent means def, a bare name or =true means true, =false false.
// asked reports whether the client stated it.
func continueOnError(h http.Header, def bool) (cont, asked bool) {
	for _, v := range h.Values("Prefer") {
		for _, p := range strings.Split(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(p), "=")
			if name, _, _ = strings.Cut(name, ";"); !strings.EqualFold(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(name)), "odata."), "continue-on-error") {
				continue
			}
			val, _, _ = strings.Cut(val, ";")
			val = strings.Trim(strings.TrimSpace(val), `"`)
			return !strings.EqualFold(val, "false"), true
		}
	}
	return def, false
}

// writeJSONError is the default Config.WriteError: the OData JSON error body.
func writeJSONError(w http.ResponseWriter, _ *http.Request, err error) {
	e := odataerr.As(err)
	if e == nil {
		e = odataerr.New(http.StatusInternalServerError, "InternalError", "internal error")
	}
	b := []byte(`{"error":{"code":`)
	b = appendJSONString(b, e.Code)
	b = append(b, `,"message":`...)
	b = appendJSONString(b, e.Message)
	b = append(b, "}}"...)
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8")
	w.WriteHeader(e.Status)
	_, _ = w.Write(b)
}
