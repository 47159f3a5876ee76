package rest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Writes. An entity set's creates, updates and deletes become calls to the
// API (Entity.Write says where and how): POST to the create path, PATCH or
// PUT and DELETE to the item path. Each write is one changing call, so it
// is atomic on its own; the source has no transactions (several writes
// cannot be undone together; the gateway refuses change sets that would
// need that). Only PUT and DELETE are retried after a 5xx or a timeout:
// a repeated POST could create twice, a repeated PATCH could apply a
// relative change twice.
//
// Updates and deletes first read the entity (the gateway checks If-Match
// and the caller's rights against it); when the API answered that read
// with an ETag, the change carries it as If-Match, so a change made by
// someone else in between fails with 412 instead of being overwritten.

var _ adapters.Writer = (*Source)(nil)

// Insert creates the entity with a POST and returns it as the API stored it.
func (s *Source) Insert(ctx context.Context, ins *adapters.Insert) ([]any, error) {
	row, err := s.insert(ctx, ins)
	return row, s.inView(err, ins.Set) // view.go
}

func (s *Source) insert(ctx context.Context, ins *adapters.Insert) ([]any, error) {
	e, err := s.entity(ins.Set)
	if err != nil {
		return nil, err
	}
	body, err := e.body(ins.Values)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(s.base.String() + e.createPath())
	if err != nil {
		return nil, fmt.Errorf("rest: create path: %w", err)
	}
	c := call{method: http.MethodPost, url: u, body: body}
	resp, err := s.do(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := s.writeStatus(e, c, resp); err != nil {
		return nil, err
	}
	row, err := s.created(ctx, e, c, resp, ins.Values)
	return project(e.viewOf(ins.Set.Type), row), err // view.go
}

// Update reads the entity, lets upd.Check see it, and sends the change:
// the changed properties with PATCH, or the whole entity with PUT.
func (s *Source) Update(ctx context.Context, upd *adapters.Update) ([]any, error) {
	row, err := s.update(ctx, upd)
	return row, s.inView(err, upd.Set) // view.go
}

func (s *Source) update(ctx context.Context, upd *adapters.Update) ([]any, error) {
	e, err := s.entity(upd.Set)
	if err != nil {
		return nil, err
	}
	key := keyOf(e.set.Type, upd.Key)
	cur, etag, err := s.current(ctx, e, key)
	if err != nil {
		return nil, err
	}
	view := e.viewOf(upd.Set.Type) // view.go: Check and the caller see rows of upd.Set
	if upd.Check != nil {
		if err := upd.Check(project(view, cur)); err != nil {
			return nil, err
		}
	}
	method := e.updateMethod()
	values := e.updateValues(cur, upd, method == http.MethodPut)
	if len(values) == 0 {
		return project(view, cur), nil // nothing to change (a PATCH echoing the key)
	}
	body, err := e.body(values)
	if err != nil {
		return nil, err
	}
	u, err := s.itemURL(e.itemPath(), e.set.Type, key)
	if err != nil {
		return nil, err
	}
	c := call{method: method, url: u, body: body, idempotent: method == http.MethodPut, ifMatch: etag}
	resp, err := s.do(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := s.writeStatus(e, c, resp); err != nil {
		return nil, err
	}
	if row, ok := s.responseEntity(e, resp, e.cfg.Entity); ok {
		return project(view, row), nil
	}
	row, err := s.reread(ctx, e, key)
	return project(view, row), err
}

// Delete reads the entity when del.Check needs it, then sends DELETE.
func (s *Source) Delete(ctx context.Context, del *adapters.Delete) error {
	return s.inView(s.delete(ctx, del), del.Set) // view.go
}

func (s *Source) delete(ctx context.Context, del *adapters.Delete) error {
	e, err := s.entity(del.Set)
	if err != nil {
		return err
	}
	key := keyOf(e.set.Type, del.Key)
	etag := ""
	if del.Check != nil {
		var cur []any
		if cur, etag, err = s.current(ctx, e, key); err != nil {
			return err
		}
		if err := del.Check(project(e.viewOf(del.Set.Type), cur)); err != nil {
			return err
		}
	}
	u, err := s.itemURL(e.itemPath(), e.set.Type, key)
	if err != nil {
		return err
	}
	c := call{method: http.MethodDelete, url: u, idempotent: true, ifMatch: etag}
	resp, err := s.do(ctx, c)
	if err != nil {
		return err
	}
	if resp.retried && resp.status == http.StatusNotFound {
		return nil // an earlier attempt deleted it; only its answer was lost
	}
	return s.writeStatus(e, c, resp)
}

// keyOf orders key values as the type's key.
func keyOf(t *metadata.EntityType, kv []adapters.KeyValue) []any {
	out := make([]any, len(t.Key))
	for i, k := range t.Key {
		for _, v := range kv {
			if v.Prop == k {
				out[i] = v.Value
			}
		}
	}
	return out
}

// current reads the entity with key and the API's ETag of it (when the
// API reads by key and sends one); 404 when it does not exist.
func (s *Source) current(ctx context.Context, e *entity, key []any) ([]any, string, error) {
	var row []any
	etag := ""
	if e.keyPath != "" {
		u, err := s.itemURL(e.keyPath, e.set.Type, key)
		if err != nil {
			return nil, "", err
		}
		var h http.Header
		if row, h, err = (&reader{s: s, e: e}).get(ctx, u); err != nil {
			return nil, "", err
		}
		if h != nil {
			etag = h.Get("ETag")
		}
	} else {
		var err error
		if row, err = s.readKey(ctx, e, key); err != nil {
			return nil, "", err
		}
	}
	if row == nil {
		return nil, "", odataerr.NotFound("no entity in '%s' has this key", e.set.Name)
	}
	return row, etag, nil
}

// readKey reads the entity with key through the collection (no key path).
func (s *Source) readKey(ctx context.Context, e *entity, key []any) ([]any, error) {
	q := &adapters.Query{Set: e.set, Top: -1}
	for i, k := range e.set.Type.Key {
		q.Key = append(q.Key, adapters.KeyValue{Prop: k, Value: key[i]})
	}
	rows, err := s.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	return append([]any(nil), rows.Values()...), nil
}

// reread reads the entity after a change whose response did not hold it.
func (s *Source) reread(ctx context.Context, e *entity, key []any) ([]any, error) {
	row, _, err := s.current(ctx, e, key)
	if oe, ok := err.(*odataerr.Error); ok && oe.Status == http.StatusNotFound {
		return nil, s.upstreamError(nil, "accepted the change of an entity of %s but does not find it afterwards", e.set.Name)
	}
	return row, err
}

// created returns the entity a POST created: from its response, else from
// the Location header, else by the key sent or answered (Write.Reread).
func (s *Source) created(ctx context.Context, e *entity, c call, resp *response, sent []adapters.PropertyValue) ([]any, error) {
	mode := e.cfg.Write.Reread
	if mode == "" {
		if row, ok := s.responseEntity(e, resp, e.createdAt()); ok {
			return row, nil
		}
		mode = "key"
		if resp.header.Get("Location") != "" {
			mode = "location"
		}
	}
	if mode == "location" {
		return s.location(ctx, e, c, resp)
	}
	key, ok := e.createdKey(resp, sent)
	if !ok {
		return nil, s.upstreamError(nil, "created an entity of %s but neither its response nor the request holds its key (configure write.created or write.reread)", e.set.Name)
	}
	return s.reread(ctx, e, key)
}

// location reads the entity at the POST response's Location header, which
// must be on the API's own scheme and host (the gateway's credentials go
// with the call).
func (s *Source) location(ctx context.Context, e *entity, c call, resp *response) ([]any, error) {
	loc := resp.header.Get("Location")
	u, err := c.url.Parse(loc)
	if loc == "" || err != nil {
		return nil, s.upstreamError(err, "created an entity of %s without a usable Location header", e.set.Name)
	}
	if u.Scheme != s.base.Scheme || u.Host != s.base.Host {
		return nil, s.upstreamError(nil, "created an entity of %s whose Location is on another host; it is not followed", e.set.Name)
	}
	row, _, err := (&reader{s: s, e: e}).get(ctx, u)
	if err == nil && row == nil {
		return nil, s.upstreamError(nil, "created an entity of %s but answers 404 at its Location", e.set.Name)
	}
	return row, err
}
