package gateway

import (
	"bytes"
	"net/http"

	"odatagw/gateway/openapi"
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
	})
	if err != nil {
		return err
	}
	out := q.startBody(http.StatusOK, "application/json;charset=utf-8")
	_, _ = out.Write(buf.Bytes())
	return out.Close()
}
