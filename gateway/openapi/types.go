package openapi

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Document is an OpenAPI 3.0 document (the subset this package writes).
type Document struct {
	OpenAPI    string              `json:"openapi"`
	Info       Info                `json:"info"`
	Servers    []Server            `json:"servers,omitempty"`
	Tags       []Tag               `json:"tags,omitempty"`
	Paths      *ordered[*PathItem] `json:"paths"`
	Components Components          `json:"components"`
}

// Info is the document's info object.
type Info struct {
	Title       string `json:"title"`
	Version     string `json:"version"`
	Description string `json:"description,omitempty"`
}

// Server is a base URL of the API.
type Server struct {
	URL string `json:"url"`
}

// Tag groups the operations of one entity set.
type Tag struct {
	Name string `json:"name"`
}

// PathItem holds the operations of one path.
type PathItem struct {
	Parameters []*Parameter `json:"parameters,omitempty"`
	Get        *Operation   `json:"get,omitempty"`
	Put        *Operation   `json:"put,omitempty"`
	Post       *Operation   `json:"post,omitempty"`
	Delete     *Operation   `json:"delete,omitempty"`
	Patch      *Operation   `json:"patch,omitempty"`
}

// Operation is one method on one path.
type Operation struct {
	Tags        []string            `json:"tags,omitempty"`
	Summary     string              `json:"summary,omitempty"`
	OperationID string              `json:"operationId"`
	Parameters  []*Parameter        `json:"parameters,omitempty"`
	RequestBody *RequestBody        `json:"requestBody,omitempty"`
	Responses   *ordered[*Response] `json:"responses"`
}

// Parameter is a path, query or header parameter, or a reference to one.
type Parameter struct {
	Ref         string  `json:"$ref,omitempty"`
	Name        string  `json:"name,omitempty"`
	In          string  `json:"in,omitempty"`
	Description string  `json:"description,omitempty"`
	Required    bool    `json:"required,omitempty"`
	Style       string  `json:"style,omitempty"`
	Explode     *bool   `json:"explode,omitempty"`
	Schema      *Schema `json:"schema,omitempty"`
}

// RequestBody is the body of a write.
type RequestBody struct {
	Required bool                  `json:"required"`
	Content  map[string]*MediaType `json:"content"`
}

// Response is one response of an operation, or a reference to one.
type Response struct {
	Ref         string                `json:"$ref,omitempty"`
	Description string                `json:"description,omitempty"`
	Content     map[string]*MediaType `json:"content,omitempty"`
}

// MediaType is the schema of a body in one media type.
type MediaType struct {
	Schema *Schema `json:"schema"`
}

// Components are the reusable parts.
type Components struct {
	Schemas    *ordered[*Schema]    `json:"schemas"`
	Parameters *ordered[*Parameter] `json:"parameters"`
	Responses  *ordered[*Response]  `json:"responses"`
}

// Schema is a JSON schema in the OpenAPI 3.0 dialect (the subset written here).
type Schema struct {
	Ref                  string            `json:"$ref,omitempty"`
	Title                string            `json:"title,omitempty"`
	Description          string            `json:"description,omitempty"`
	Type                 string            `json:"type,omitempty"`
	Format               string            `json:"format,omitempty"`
	Nullable             bool              `json:"nullable,omitempty"`
	ReadOnly             bool              `json:"readOnly,omitempty"`
	MaxLength            *int              `json:"maxLength,omitempty"`
	Minimum              *int64            `json:"minimum,omitempty"`
	Maximum              *int64            `json:"maximum,omitempty"`
	Pattern              string            `json:"pattern,omitempty"`
	Enum                 []string          `json:"enum,omitempty"`
	Items                *Schema           `json:"items,omitempty"`
	UniqueItems          bool              `json:"uniqueItems,omitempty"`
	Properties           *ordered[*Schema] `json:"properties,omitempty"`
	Required             []string          `json:"required,omitempty"`
	AdditionalProperties *bool             `json:"additionalProperties,omitempty"`
	AnyOf                []*Schema         `json:"anyOf,omitempty"`
	AllOf                []*Schema         `json:"allOf,omitempty"`
	Example              any               `json:"example,omitempty"`
}

// ordered is a JSON object whose members keep their insertion order (entity
// properties in column order, paths in model order).
type ordered[T any] struct {
	keys []string
	vals map[string]T
}

func newOrdered[T any]() *ordered[T] { return &ordered[T]{vals: map[string]T{}} }

// Set adds or replaces the member k.
func (o *ordered[T]) Set(k string, v T) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// Get returns the member k.
func (o *ordered[T]) Get(k string) (T, bool) {
	v, ok := o.vals[k]
	return v, ok
}

// Keys returns the member names in order.
func (o *ordered[T]) Keys() []string { return o.keys }

// Len is the number of members.
func (o *ordered[T]) Len() int { return len(o.keys) }

func (o *ordered[T]) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		name, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		buf.Write(name)
		buf.WriteByte(':')
		v, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func ptr[T any](v T) *T { return &v }
