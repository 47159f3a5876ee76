package gateway

import (
	"bytes"
	"net/http"

	"odatagw/adapters"
	"odatagw/gateway/openapi"
	"odatagw/metadata"
)

// openAPIPath is the OpenAPI document's path under a service root. It cannot
// name an entity set: OData identifiers have no dots.
const openAPIPath = "openapi.json"

// serveOpenAPI writes the service's OpenAPI 3 document, generated from the
// current model (gateway/openapi).
func (q *request) serveOpenAPI() error {
	model, err := q.svc.Source.Model(q.r.Context())
	if err != nil {
		return err
	}
	if model, err = q.authorize(model); err != nil { // the caller's view (authz.go)
		return err
	}
	var buf bytes.Buffer
	err = openapi.Write(&buf, model, openapi.Options{
		ServiceRoot: q.serviceRoot(),
		Title:       q.svc.Name,
		MaxPageSize: q.g.cfg.MaxPageSize,
		Writable:    q.openAPIWrites,
	})
	if err != nil {
		return err
	}
	out := q.startBody(http.StatusOK, "application/json;charset=utf-8")
	_, _ = out.Write(buf.Bytes())
	return out.Close()
}

// openAPIWrites says which writes the caller may make to set: those the
// service's write policy accepts, when its source can write and the caller's
// roles may write the set.
func (q *request) openAPIWrites(set *metadata.EntitySet) openapi.Writes {
	if _, ok := q.svc.Source.(adapters.Writer); !ok || !q.view.CanWrite(set.Name) {
		return openapi.Writes{}
	}
	w := q.svc.Writes.forSet(set.Name)
	return openapi.Writes{Insert: w.Insert, Update: w.Update, Delete: w.Delete}
}
