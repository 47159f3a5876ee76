package gateway

import (
	"net/http"
	"net/url"
	"slices"
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
	q.refs = t.ref
	if q.opts.ApplyTree != nil && t.kind != targetCollection && t.kind != targetCount {
		return odataerr.NotImplemented("$apply is only supported on collections")
	}
	switch t.kind {
	case targetCollection:
		return q.serveCollection(t)
	case targetCount:
		return q.serveCount(t)
	case targetEntity, targetRelated:
		return q.serveEntity(t)
	case targetProperty:
		return q.serveProperty(t, false)
	case targetValue:
		return q.serveProperty(t, true)
	}
	return odataerr.NotImplemented("this resource path is not supported yet")
}

// serveCount answers Set/$count as text/plain.
func (q *request) serveCount(t *target) error {
	if _, err := negotiate(q.r, "", formatText); err != nil {
		return err
	}
	p, err := q.planCollection(t.set, nil, t.restrict)
	if err != nil {
		return err
	}
	n, err := q.src().Count(q.r.Context(), &p.query)
	if err != nil {
		return err
	}
	if n == 0 {
		if err := q.checkParent(t.parent); err != nil {
			return err
		}
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

// rowKey is the key of the entity in row, whose columns are cols.
func rowKey(t *metadata.EntityType, cols []*metadata.Property, row []any) []any {
	out := make([]any, len(t.Key))
	for i, k := range t.Key {
		out[i] = row[slices.Index(cols, k)]
	}
	return out
}

// isNotFound reports whether err is a 404.
func isNotFound(err error) bool {
	e := odataerr.As(err)
	return e != nil && e.Status == http.StatusNotFound
}

// checkParent answers 404 when the entity a navigation path's last
// navigation property starts from does not exist (see parentExists).
func (q *request) checkParent(parent *bound.Reach) error {
	ok, err := q.parentExists(parent)
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound("the entity in '%s' that the path navigates from does not exist", parent.Set.Name)
	}
	return nil
}

func boundKeyValues(kv []bound.KeyValue) []any {
	out := make([]any, len(kv))
	for i, k := range kv {
		out[i] = k.Value
	}
	return out
}

func keyValues(kv []adapters.KeyValue) []any {
	out := make([]any, len(kv))
	for i, k := range kv {
		out[i] = k.Value
	}
	return out
}

// serveEntity answers Set(key), and the entity at the end of a navigation
// path (Customers('A')/Orders(1), Orders(1)/Customer): a single-valued
// navigation property without related entity is 204 when the entity it
// belongs to exists.
func (q *request) serveEntity(t *target) error {
	set := t.set
	f, err := negotiate(q.r, q.opts.Format, formatJSON)
	if err != nil {
		return err
	}
	p, err := q.planCollection(set, t.key, t.restrict)
	if err != nil {
		return err
	}
	vals, err := q.fetchOne(p)
	if t.kind == targetRelated && isNotFound(err) {
		if err := q.checkParent(t.parent); err != nil {
			return err
		}
		q.w.WriteHeader(http.StatusNoContent) // OData: a null single-valued navigation property
		return nil
	}
	if t.restrict != nil && t.key != nil && isNotFound(err) {
		return errNotFound("no entity in '%s' with key %s is reached by this path", set.Name, readableKey(p))
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
	b := make([]byte, 0, 1024)
	if f.metadata != metadataNone {
		// The context annotation goes in front of the entity's own members:
		// write it, then the entity over its opening brace.
		u := q.contextURL(set, p) + "/$entity"
		if p.ref {
			u = q.serviceRoot() + "$metadata#$ref"
		}
		b = append(b, `{"@odata.context":`...)
		b = appendString(b, u)
		n := len(b)
		b = enc.appendEntity(b, vals)
		if len(b)-n > 2 {
			b[n] = ','
		} else {
			b = append(b[:n], '}')
		}
	} else {
		b = enc.appendEntity(b, vals)
	}
	q.rec().Rows++
	out := q.startBody(http.StatusOK, f.contentType())
	_, _ = out.Write(b)
	return out.Close()
}

// serveProperty answers Set(key)/Prop and Set(key)/Prop/$value, also at
// the end of a navigation path (Orders(1)/Customer/City).
func (q *request) serveProperty(t *target, raw bool) error {
	set, prop := t.set, t.prop
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
	p.query.Set, p.query.Key = set, t.key
	p.query.Filter = bound.AndAll(t.restrict, q.rowFilter(set)) // authz.go
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
		b = appendString(b, q.serviceRoot()+"$metadata#"+set.Name+keyPredicate(set.Type.Key, rowKey(set.Type, p.query.Select, vals))+"/"+prop.Name)
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
