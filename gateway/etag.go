package gateway

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
	"odatagw/odataerr"
)

// Entity tags. An entity of a set that accepts updates or deletes has an
// ETag: the value of its version property when the set has one, else a hash
// of all its property values. It is sent in the ETag header of responses
// with one entity and as @odata.etag in payloads; If-Match on updates and
// deletes must name it (412 otherwise), and sets configured so require
// If-Match (428 without).

// entityETag computes the ETag of an entity from the values of props (the
// set's etagProps), in order.
func entityETag(props []*metadata.Property, vals []any) string {
	if len(props) == 1 && props[0].Computed && len(vals) == 1 {
		// A version property: its value, readable.
		switch v := vals[0].(type) {
		case int64:
			return `W/"` + strconv.FormatInt(v, 10) + `"`
		case time.Time:
			return `W/"` + v.UTC().Format("20060102T150405.000000000Z") + `"`
		}
	}
	h := sha256.New()
	var b []byte
	for i, p := range props {
		b = b[:0]
		b = append(b, p.Name...)
		b = append(b, '=')
		b = appendValue(b, p.Type, vals[i], valueFormat{})
		b = append(b, 0)
		h.Write(b)
	}
	sum := h.Sum(nil)
	return `W/"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
}

// etagValues picks the values of props out of a full row (Type.Properties order).
func etagValues(t *metadata.EntityType, props []*metadata.Property, row []any) []any {
	if len(props) == len(t.Properties) {
		return row
	}
	out := make([]any, len(props))
	for i, p := range props {
		for j, tp := range t.Properties {
			if tp == p {
				out[i] = row[j]
			}
		}
	}
	return out
}

// precondition checks a request's If-Match and If-None-Match against the
// entity's current ETag before an update or delete.
func precondition(r *http.Request, w SetWrites, current string) error {
	ifMatch := r.Header.Values("If-Match")
	if len(ifMatch) == 0 {
		if w.RequireIfMatch {
			return odataerr.New(http.StatusPreconditionRequired, "PreconditionRequired",
				"this entity set requires an If-Match header with the entity's ETag for updates and deletes")
		}
	} else if !etagListMatches(ifMatch, current) {
		return odataerr.New(http.StatusPreconditionFailed, "PreconditionFailed",
			"the entity was changed: its ETag is no longer the one in If-Match; read it again")
	}
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 && etagListMatches(inm, current) {
		return odataerr.New(http.StatusPreconditionFailed, "PreconditionFailed", "the entity's ETag matches If-None-Match")
	}
	return nil
}

// etagListMatches reports whether a list of entity tags (or *) names etag;
// the weak prefix is ignored, as OData clients send back what they received.
func etagListMatches(headers []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, h := range headers {
		for _, t := range splitETags(h) {
			if t == "*" || strings.TrimPrefix(t, "W/") == want {
				return true
			}
		}
	}
	return false
}

// splitETags splits a header value into entity tags, minding commas inside quotes.
func splitETags(h string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(h); i++ {
		switch h[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, strings.TrimSpace(h[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(h[start:]))
}

// planETag makes p read what the ETags of its entities need (when the set
// has ETags): index returns the column index of a property, adding it to
// the columns read when needed.
func (q *request) planETag(p *plan, index func(*metadata.Property) int) {
	props := q.svc.Writes.etagProps(p.query.Set)
	if props == nil {
		return
	}
	p.etagProps = props
	p.etagIdx = make([]int, len(props))
	for i, prop := range props {
		p.etagIdx[i] = index(prop)
	}
}

// etag is the ETag of the entity row vals of p ("" when its set has none).
func (p *plan) etag(vals []any) string {
	if p.etagIdx == nil {
		return ""
	}
	ev := make([]any, len(p.etagIdx))
	for i, idx := range p.etagIdx {
		ev[i] = vals[idx]
	}
	return entityETag(p.etagProps, ev)
}
