package gateway

import (
	"net/http"
	"net/url"
	"strconv"

	"odatagw/adapters"
	"odatagw/adapters/expand"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// serveResource dispatches a resource path bound to the model.
func (q *request) serveResource(path *query.ResourcePath) error {
	t, err := q.bindPath(path)
	if err != nil {
		return err
	}
	if q.opts.ApplyTree != nil && t.kind != targetCollection && t.kind != targetCount {
		return odataerr.NotImplemented("$apply is only supported on collections")
	}
	switch t.kind {
	case targetCollection:
		return q.serveCollection(t.set, t.restrict)
	case targetCount:
		return q.serveCount(t.set, t.restrict)
	case targetEntity, targetRelated:
		return q.serveEntity(t.set, t.key, t.restrict)
	case targetProperty:
		return q.serveProperty(t.set, t.key, t.prop, false)
	case targetValue:
		return q.serveProperty(t.set, t.key, t.prop, true)
	}
	return odataerr.NotImplemented("this resource path is not supported yet")
}

// serveCount answers Set/$count as text/plain.
func (q *request) serveCount(set *metadata.EntitySet, restrict bound.Expr) error {
	if _, err := negotiate(q.r, "", formatText); err != nil {
		return err
	}
	p, err := q.planCollection(set, nil, restrict)
	if err != nil {
		return err
	}
	n, err := q.src().Count(q.r.Context(), &p.query)
	if err != nil {
		return err
	}
	out := q.startBody(http.StatusOK, "text/plain;charset=utf-8")
	_, _ = out.Write(strconv.AppendInt(nil, n, 10))
	return out.Close()
}

// fetchOne runs the plan for a single entity and returns its row values, or
// a 404 when it does not exist.
func (q *request) fetchOne(p *plan) ([]any, error) {
	p.query.Top = 2
	rows, err := q.src().Query(q.r.Context(), &p.query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(p.query.Key) == 0 {
			return nil, errNotFound("no related entity in '%s'", p.query.Set.Name)
		}
		return nil, errNotFound("no entity in '%s' has key %s", p.query.Set.Name, readableKey(p))
	}
	vals := append([]any(nil), rows.Values()...)
	if rows.Next() {
		// Top is 2 to see this: a configured key (views, tables without a
		// primary key) that the data does not make unique. Answering one of
		// the rows would hide the others from clients that address by key.
		if len(p.query.Key) == 0 {
			return nil, odataerr.New(http.StatusInternalServerError, "NavigationNotUnique",
				"more than one entity in '%s' is related through a single-valued navigation property", p.query.Set.Name)
		}
		return nil, odataerr.New(http.StatusInternalServerError, "KeyNotUnique",
			"the key %s matches more than one entity in '%s': the configured key of this entity set is not unique", readableKey(p), p.query.Set.Name)
	}
	return vals, rows.Err()
}

// readableKey renders the plan's key predicate for a message.
func readableKey(p *plan) string {
	key := keyPredicate(p.query.Set.Type.Key, keyValues(p.query.Key))
	if k, err := url.PathUnescape(key); err == nil {
		return k
	}
	return key
}

func keyValues(kv []adapters.KeyValue) []any {
	out := make([]any, len(kv))
	for i, k := range kv {
		out[i] = k.Value
	}
	return out
}

// serveEntity answers Set(key).
// With restrict instead of a key it answers a single-valued navigation
// property (Orders(1)/Customer): 204 when there is no related entity.
func (q *request) serveEntity(set *metadata.EntitySet, key []adapters.KeyValue, restrict bound.Expr) error {
	f, err := negotiate(q.r, q.opts.Format, formatJSON)
	if err != nil {
		return err
	}
	p, err := q.planCollection(set, key, restrict)
	if err != nil {
		return err
	}
	vals, err := q.fetchOne(p)
	if restrict != nil && odataerr.As(err) != nil && odataerr.As(err).Status == http.StatusNotFound {
		q.w.WriteHeader(http.StatusNoContent) // OData: a null single-valued navigation property
		return nil
	}
	if err != nil {
		return err
	}
	if len(p.expands) > 0 {
		vals = expand.Buffer(vals)
		if err := q.expandPage(q.r.Context(), p, [][]any{vals}); err != nil {
			return err
		}
	}
	if etag := p.etag(vals); etag != "" {
		q.w.Header().Set("ETag", etag)
	}
	enc := newEntityWriter(q, f, set, p)
	b := enc.appendEntity(make([]byte, 0, 1024), vals)
	q.rec().Rows++
	if f.metadata != metadataNone {
		// Splice the context annotation in front of the entity's own members.
		ctx := append([]byte(`{"@odata.context":`), appendString(nil, q.contextURL(set, p)+"/$entity")...)
		if len(b) > 2 {
			ctx = append(ctx, ',')
		}
		b = append(ctx, b[1:]...)
	}
	out := q.startBody(http.StatusOK, f.contentType())
	_, _ = out.Write(b)
	return out.Close()
}

// serveProperty answers Set(key)/Prop and Set(key)/Prop/$value.
func (q *request) serveProperty(set *metadata.EntitySet, key []adapters.KeyValue, prop *metadata.Property, raw bool) error {
	var f format
	var err error
	if raw {
		f, err = negotiate(q.r, "", formatText)
		if prop.Type == metadata.EdmBinary {
			f, err = format{kind: formatText}, nil // octet-stream: any Accept is fine
		}
	} else {
		f, err = negotiate(q.r, q.opts.Format, formatJSON)
	}
	if err != nil {
		return err
	}
	p := &plan{top: -1}
	p.query.Set, p.query.Key = set, key
	p.query.Filter = q.rowFilter(set) // authz.go
	p.query.Select = []*metadata.Property{prop}
	for _, k := range set.Type.Key {
		if k != prop {
			p.query.Select = append(p.query.Select, k)
		}
	}
	vals, err := q.fetchOne(p)
	if err != nil {
		return err
	}
	v := vals[0]
	if v == nil {
		// OData: a null property (or its raw value) is answered with 204.
		q.w.WriteHeader(http.StatusNoContent)
		return nil
	}
	if raw {
		return q.writeRawValue(prop, v)
	}
	b := []byte(`{`)
	if f.metadata != metadataNone {
		b = append(b, `"@odata.context":`...)
		b = appendString(b, q.serviceRoot()+"$metadata#"+set.Name+keyPredicate(set.Type.Key, keyValues(key))+"/"+prop.Name)
		b = append(b, ',')
	}
	b = append(b, `"value":`...)
	b = appendValue(b, prop.Type, v, f.value)
	b = append(b, '}')
	out := q.startBody(http.StatusOK, f.contentType())
	_, _ = out.Write(b)
	return out.Close()
}

// writeRawValue answers $value: text/plain for primitives, octet-stream for binary.
func (q *request) writeRawValue(prop *metadata.Property, v any) error {
	if bin, ok := v.([]byte); ok {
		out := q.startBody(http.StatusOK, "application/octet-stream")
		_, _ = out.Write(bin)
		return out.Close()
	}
	var b []byte
	if s, ok := v.(string); ok {
		b = []byte(s)
	} else {
		b = appendValue(nil, prop.Type, v, valueFormat{})
		if len(b) >= 2 && b[0] == '"' {
			b = b[1 : len(b)-1] // dates, times, guids: the literal without JSON quotes
		}
	}
	out := q.startBody(http.StatusOK, "text/plain;charset=utf-8")
	_, _ = out.Write(b)
	return out.Close()
}
