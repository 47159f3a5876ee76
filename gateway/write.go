package gateway

import (
	"context"
	"net/http"
	"strings"

	"odatagw/gateway/query"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Writes: POST to an entity set creates an entity (with related entities
// along navigation properties, and links through @odata.bind, in one
// transaction); PATCH and PUT change one, DELETE removes one; PUT, PATCH
// and DELETE on a single property (or its $value) change that property.
// Every write checks the service's WritePolicy (405 when the set does not
// accept it), validates the body before the database sees it, honours
// If-Match, and drops the cache entries of the sets it changed.

// effectiveMethod is the request's method, or the one X-HTTP-Method
// tunnels through POST (clients and proxies that only pass GET and POST).
func effectiveMethod(r *http.Request) (string, error) {
	m := r.Method
	if tunnel := strings.ToUpper(strings.TrimSpace(r.Header.Get("X-HTTP-Method"))); tunnel != "" {
		if m != http.MethodPost {
			return "", odataerr.BadRequest("X-HTTP-Method is only honoured on POST requests")
		}
		switch tunnel {
		case http.MethodPut, http.MethodPatch, http.MethodDelete, "MERGE":
			m = tunnel
		default:
			return "", odataerr.BadRequest("X-HTTP-Method '%s' is not supported; use PUT, PATCH, MERGE or DELETE", tunnel)
		}
	}
	if m == "MERGE" { // OData v2's PATCH
		m = http.MethodPatch
	}
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodOptions:
		return m, nil
	}
	return "", odataerr.New(http.StatusMethodNotAllowed, "MethodNotAllowed", "method %s is not supported", m)
}

// isWrite reports whether a method changes data.
func isWrite(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// serveWrite dispatches a write to the resource path.
func (q *request) serveWrite(path *query.ResourcePath) error {
	if !q.svc.Writes.writable(q.model) {
		return errMethod("method %s is not allowed: service '%s' is read-only", q.method, q.svc.Name)
	}
	t, err := q.bindPath(path)
	if err != nil {
		return err
	}
	if t.set != nil && !t.ref { // a reference is changed in the entity holding it (write_ref.go)
		if err := q.checkWriteAccess(t.set); err != nil { // authz_write.go
			return err
		}
	}
	switch {
	case t.ref:
		err = q.serveRefWrite(t) // write_ref.go
	case len(t.path.Hops) > 0:
		err = q.serveNavWrite(t) // write_nav.go
	default:
		err = q.serveSetWrite(t)
	}
	if e := odataerr.As(err); e != nil && e.Status == http.StatusMethodNotAllowed {
		q.w.Header().Set("Allow", q.allowed(t)) // allow.go
	}
	return err
}

// serveSetWrite dispatches a write to an entity set, an entity or a property.
func (q *request) serveSetWrite(t *target) error {
	switch {
	case t.kind == targetCollection && q.method == http.MethodPost:
		return q.serveInsert(t.set, nil)
	case t.kind == targetEntity:
		switch q.method {
		case http.MethodPatch, http.MethodPut:
			return q.serveUpdate(t.set, t.key)
		case http.MethodDelete:
			return q.serveDelete(t.set, t.key)
		}
	case t.kind == targetProperty || t.kind == targetValue:
		switch q.method {
		case http.MethodPatch, http.MethodPut, http.MethodDelete:
			return q.servePropertyWrite(t.set, t.key, t.prop, t.kind == targetValue)
		}
	}
	return errMethod("method %s is not allowed on this resource", q.method)
}

// readEntityObject reads and parses a JSON object body.
func (q *request) readEntityObject() (*jsonObject, error) {
	if err := checkJSONBody(q.r); err != nil {
		return nil, err
	}
	b, err := q.readBody()
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, odataerr.BadRequest("the request body is empty: send the entity as a JSON object")
	}
	return decodeJSONObject(b)
}

// inTransaction runs f, which makes writes changes (needsTx when it must
// be able to undo them), in the transaction of the request's context, or
// in a new one when the request has none and needs several writes to be
// atomic (deep insert, binds) or checks after the change (a role's write
// filter). A source without transactions refuses f before it runs when it
// needs more than one plain write (tx_single.go).
func (q *request) inTransaction(writes int, f func() error) error {
	if st := txOf(q.r.Context(), q.svc.Name); st != nil {
		if err := st.reserve(writes); err != nil {
			return err
		}
		return f()
	}
	if writes == 0 || writes == 1 {
		return f()
	}
	r := q.r
	defer func() { q.r = r }()
	return q.g.AtomicWrites(r.Context(), q.svc.Name, writes, func(ctx context.Context) error {
		q.r = r.WithContext(ctx)
		return f()
	})
}

// preferMinimal reports whether the client asked for no response body
// (Prefer: return=minimal), and whether it asked at all.
func preferReturn(r *http.Request) (minimal, representation bool) {
	for _, v := range r.Header.Values("Prefer") {
		for _, part := range strings.Split(v, ",") {
			switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(part), " ", "")) {
			case "return=minimal":
				minimal = true
			case "return=representation":
				representation = true
			}
		}
	}
	return minimal, representation
}

// entityID is the canonical URL of the entity row (Type.Properties order) of set.
func (q *request) entityID(set *metadata.EntitySet, row []any) string {
	t := set.Type
	key := make([]any, len(t.Key))
	for i, k := range t.Key {
		key[i] = row[propIndex(t, k)]
	}
	return q.serviceRoot() + set.Name + keyPredicate(t.Key, key)
}

// propIndex is the index of p in t.Properties, or -1.
func propIndex(t *metadata.EntityType, p *metadata.Property) int {
	for i, tp := range t.Properties {
		if tp == p {
			return i
		}
	}
	return -1
}

// writeEntity answers with the entity row (every property) of set: status
// 201 or 200 with the entity, its ETag and, for 201, its Location.
func (q *request) writeEntity(status int, set *metadata.EntitySet, row []any, f format) error {
	p := &plan{top: -1, out: set.Type.Properties}
	p.query.Set = set
	for _, k := range set.Type.Key {
		p.keyIdx = append(p.keyIdx, propIndex(set.Type, k))
	}
	q.planETag(p, func(prop *metadata.Property) int { return propIndex(set.Type, prop) })
	h := q.w.Header()
	if etag := p.etag(row); etag != "" {
		h.Set("ETag", etag)
	}
	if status == http.StatusCreated {
		h.Set("Location", q.entityID(set, row))
	}
	enc := newEntityWriter(q, f, set, p)
	b := enc.appendEntity(make([]byte, 0, 1024), row)
	if f.metadata != metadataNone {
		ctx := append([]byte(`{"@odata.context":`), appendString(nil, q.contextURL(set, nil)+"/$entity")...)
		if len(b) > 2 {
			ctx = append(ctx, ',')
		}
		b = append(ctx, b[1:]...)
	}
	out := q.startBody(status, f.contentType())
	_, _ = out.Write(b)
	return out.Close()
}

// writeNoContent answers 204 with the entity's ETag (and, after a create,
// its OData-EntityId and Location).
func (q *request) writeNoContent(set *metadata.EntitySet, row []any, created bool) error {
	h := q.w.Header()
	if props := q.svc.Writes.etagProps(set); props != nil && row != nil {
		h.Set("ETag", entityETag(props, etagValues(set.Type, props, row)))
	}
	if created {
		id := q.entityID(set, row)
		h.Set("OData-EntityId", id)
		h.Set("Location", id)
		h.Add("Preference-Applied", "return=minimal")
	}
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}
