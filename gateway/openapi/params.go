package openapi

import (
	"odatagw/metadata"
)

// Component names of the shared parameters and responses.
const (
	paramTop    = "top"
	paramSkip   = "skip"
	paramCount  = "count"
	paramFilter = "filter"
	paramSearch = "search"
	paramApply  = "apply"
	respError   = "error"
)

func paramRef(name string) *Parameter { return &Parameter{Ref: "#/components/parameters/" + name} }

func respRef(name string) *Response { return &Response{Ref: "#/components/responses/" + name} }

// commonComponents adds the parameters every collection shares and the
// OData error response.
func (b *builder) commonComponents() {
	c := b.doc.Components
	c.Parameters.Set(paramTop, query("$top", "The number of entities to return (the server may page them)",
		&Schema{Type: "integer", Minimum: ptr[int64](0)}))
	c.Parameters.Set(paramSkip, query("$skip", "The number of entities to skip",
		&Schema{Type: "integer", Minimum: ptr[int64](0)}))
	c.Parameters.Set(paramCount, query("$count", "Include the number of matching entities as @odata.count",
		&Schema{Type: "boolean"}))
	c.Parameters.Set(paramFilter, query("$filter", "A boolean expression, e.g. `Price gt 10 and startswith(Name,'A')` "+
		"(OData URL conventions 4.0, section 5.1.1)", &Schema{Type: "string"}))
	c.Parameters.Set(paramSearch, query("$search", "Free-text search in the entity set's searchable string properties: "+
		"words, \"phrases\", AND, OR, NOT", &Schema{Type: "string"}))
	c.Parameters.Set(paramApply, query("$apply", "Aggregation, e.g. `groupby((Country),aggregate(Amount with sum as Total))` "+
		"(OData data aggregation extension)", &Schema{Type: "string"}))

	errProps := newOrdered[*Schema]()
	errProps.Set("code", &Schema{Type: "string"})
	errProps.Set("message", &Schema{Type: "string"})
	errProps.Set("target", &Schema{Type: "string", Description: "The query option or part of the request in error"})
	errProps.Set("@odatagw.position", &Schema{Type: "integer", Minimum: ptr[int64](0),
		Description: "Where in the target's text the problem starts (bytes from 0)"})
	errBody := newOrdered[*Schema]()
	errBody.Set("error", &Schema{Type: "object", Properties: errProps, Required: []string{"code", "message"}})
	c.Schemas.Set("odata.error", &Schema{Type: "object", Properties: errBody, Required: []string{"error"}})
	c.Responses.Set(respError, &Response{Description: "An OData error",
		Content: jsonContent(&Schema{Ref: "#/components/schemas/odata.error"})})
}

func query(name, description string, s *Schema) *Parameter {
	return &Parameter{Name: name, In: "query", Description: description, Schema: s}
}

// listParam is a comma-separated list of names offered from a fixed set.
func listParam(name, description string, names []string) *Parameter {
	return &Parameter{Name: name, In: "query", Description: description, Style: "form", Explode: ptr(false),
		Schema: &Schema{Type: "array", UniqueItems: true, Items: &Schema{Type: "string", Enum: names}}}
}

func (b *builder) selectParam(t *metadata.EntityType) *Parameter {
	var names []string
	for _, p := range t.Properties {
		names = append(names, p.Name)
	}
	return listParam("$select", "The properties to return", names)
}

func (b *builder) expandParam(t *metadata.EntityType) *Parameter {
	if len(t.Navigation) == 0 {
		return nil
	}
	names := []string{"*"}
	for _, n := range t.Navigation {
		names = append(names, n.Name)
	}
	return listParam("$expand", "Related entities to include inline; nested options in parentheses, "+
		"e.g. `Nav($select=A;$top=5)`", names)
}

func (b *builder) orderbyParam(t *metadata.EntityType) *Parameter {
	var names []string
	for _, p := range t.Properties {
		names = append(names, p.Name, p.Name+" desc")
	}
	return listParam("$orderby", "The order of the entities (any expression is allowed; these are the simple ones)", names)
}

// collectionParams are the query options of a collection of t.
func (b *builder) collectionParams(t *metadata.EntityType) []*Parameter {
	ps := []*Parameter{paramRef(paramTop), paramRef(paramSkip), paramRef(paramCount), paramRef(paramFilter),
		paramRef(paramSearch), b.orderbyParam(t), b.selectParam(t)}
	if e := b.expandParam(t); e != nil {
		ps = append(ps, e)
	}
	return append(ps, paramRef(paramApply))
}

// entityParams are the query options of a single entity of t.
func (b *builder) entityParams(t *metadata.EntityType) []*Parameter {
	ps := []*Parameter{b.selectParam(t)}
	if e := b.expandParam(t); e != nil {
		ps = append(ps, e)
	}
	return ps
}

func jsonContent(s *Schema) map[string]*MediaType {
	return map[string]*MediaType{"application/json": {Schema: s}}
}
