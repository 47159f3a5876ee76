// Package openapi describes an OData service as an OpenAPI 3.0.3 document, so
// that Swagger UI, Postman and code generators can explore and call it. The
// document is generated from the entity data model alone: a path per entity
// set (collection, $count, by key, navigation), a schema per entity type with
// the JSON representation of each Edm type (OData JSON format 4.0, including
// the IEEE754Compatible forms of Int64 and Decimal), and the query options the
// gateway implements. Writes appear only for the entity sets Options.Writable
// admits.
package openapi

import (
	"bytes"
	"encoding/json"
	"io"

	"odatagw/metadata"
)

// Version is the OpenAPI version of the documents written.
const Version = "3.0.3"

// Options are what the document needs besides the model.
type Options struct {
	// ServiceRoot is the absolute URL of the service root (trailing slash
	// optional), the document's server.
	ServiceRoot string
	// Title names the service, e.g. "demo".
	Title string
	// MaxPageSize is the largest page the service returns, for the
	// descriptions; 0 leaves it unsaid.
	MaxPageSize int
	// Writable says which writes an entity set accepts; nil means none (a
	// read-only service).
	Writable func(*metadata.EntitySet) Writes
}

// Writes are the modifications an entity set accepts.
type Writes struct {
	Insert, Update, Delete bool
}

// Write renders the OpenAPI document of m as indented JSON.
func Write(w io.Writer, m *metadata.Model, opt Options) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(Build(m, opt)); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Build returns the OpenAPI document of m.
func Build(m *metadata.Model, opt Options) *Document {
	b := &builder{m: m, opt: opt, doc: &Document{
		OpenAPI: Version,
		Info: Info{
			Title:       opt.Title + " (OData v4)",
			Version:     "1",
			Description: serviceDescription(opt),
		},
		Paths: newOrdered[*PathItem](),
		Components: Components{
			Schemas:    newOrdered[*Schema](),
			Parameters: newOrdered[*Parameter](),
			Responses:  newOrdered[*Response](),
		},
	}}
	if opt.ServiceRoot != "" {
		b.doc.Servers = []Server{{URL: trimSlash(opt.ServiceRoot)}}
	}
	b.commonComponents()
	b.servicePaths()
	for _, t := range m.Types {
		b.entitySchemas(t)
	}
	for _, s := range m.Sets {
		b.doc.Tags = append(b.doc.Tags, Tag{Name: s.Name})
		b.setPaths(s)
	}
	return b.doc
}

func serviceDescription(opt Options) string {
	d := "OData v4 service generated from the data source's schema. Collections are paged: follow " +
		"`@odata.nextLink` until it is absent"
	if opt.MaxPageSize > 0 {
		d += " (at most " + itoa(opt.MaxPageSize) + " entities per page)"
	}
	d += ". Int64 and Decimal values are JSON numbers, or strings when the request's Accept header says " +
		"`application/json;IEEE754Compatible=true`. The CSDL metadata at `$metadata` is the complete description."
	return d
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// builder accumulates one document.
type builder struct {
	m   *metadata.Model
	opt Options
	doc *Document
}

func (b *builder) writes(s *metadata.EntitySet) Writes {
	if b.opt.Writable == nil {
		return Writes{}
	}
	return b.opt.Writable(s)
}
