package openapi

import (
	"strings"

	"odatagw/metadata"
)

// servicePaths adds the service document and $metadata.
func (b *builder) servicePaths() {
	doc := newOrdered[*Schema]()
	doc.Set("@odata.context", &Schema{Type: "string"})
	entry := newOrdered[*Schema]()
	entry.Set("name", &Schema{Type: "string"})
	entry.Set("kind", &Schema{Type: "string"})
	entry.Set("url", &Schema{Type: "string"})
	doc.Set("value", &Schema{Type: "array", Items: &Schema{Type: "object", Properties: entry}})
	b.doc.Paths.Set("/", &PathItem{Get: &Operation{
		Summary: "The service document: every entity set", OperationID: "serviceDocument",
		Responses: responses("200", &Response{Description: "The entity sets", Content: jsonContent(&Schema{Type: "object", Properties: doc})}),
	}})
	b.doc.Paths.Set("/$metadata", &PathItem{Get: &Operation{
		Summary: "The CSDL metadata document (XML; JSON with $format=json)", OperationID: "metadata",
		Responses: responses("200", &Response{Description: "The entity data model",
			Content: map[string]*MediaType{"application/xml": {Schema: &Schema{Type: "string"}}}}),
	}})
}

// responses is a response map with the given success response and the
// OData error for everything else.
func responses(status string, ok *Response) *ordered[*Response] {
	r := newOrdered[*Response]()
	r.Set(status, ok)
	r.Set("default", respRef(respError))
	return r
}

// setPaths adds the paths of one entity set: the collection, its $count,
// the entity by key and each navigation property from it.
func (b *builder) setPaths(s *metadata.EntitySet) {
	t := s.Type
	w := b.writes(s)
	tags := []string{s.Name}
	coll := &PathItem{Get: &Operation{
		Tags: tags, Summary: "Read " + s.Name, OperationID: s.Name + ".list",
		Parameters: b.collectionParams(t),
		Responses:  responses("200", &Response{Description: "A page of " + s.Name, Content: jsonContent(b.collectionSchema(t))}),
	}}
	if w.Insert {
		coll.Post = &Operation{
			Tags: tags, Summary: "Create an entity in " + s.Name, OperationID: s.Name + ".create",
			RequestBody: &RequestBody{Required: true, Content: jsonContent(b.ref(t, "-create"))},
			Responses:   responses("201", &Response{Description: "The created entity", Content: jsonContent(b.ref(t, ""))}),
		}
	}
	b.doc.Paths.Set("/"+s.Name, coll)

	b.doc.Paths.Set("/"+s.Name+"/$count", &PathItem{Get: &Operation{
		Tags: tags, Summary: "Count " + s.Name, OperationID: s.Name + ".count",
		Parameters: []*Parameter{paramRef(paramFilter), paramRef(paramSearch)},
		Responses: responses("200", &Response{Description: "The number of matching entities",
			Content: map[string]*MediaType{"text/plain": {Schema: &Schema{Type: "integer", Minimum: ptr[int64](0)}}}}),
	}})

	if len(t.Key) == 0 {
		return
	}
	keyPath, keyParams := b.keySegment(s)
	entity := &PathItem{Parameters: keyParams, Get: &Operation{
		Tags: tags, Summary: "Read one entity of " + s.Name + " by key", OperationID: s.Name + ".get",
		Parameters: b.entityParams(t),
		Responses:  responses("200", &Response{Description: "The entity", Content: jsonContent(b.ref(t, ""))}),
	}}
	b.addEntityWrites(entity, s, w)
	b.doc.Paths.Set(keyPath, entity)

	for _, n := range t.Navigation {
		b.doc.Paths.Set(keyPath+"/"+n.Name, b.navigationPath(s, n, keyParams))
	}
}

func (b *builder) addEntityWrites(p *PathItem, s *metadata.EntitySet, w Writes) {
	t, tags := s.Type, []string{s.Name}
	noContent := &Response{Description: "Done"}
	if w.Update {
		p.Patch = &Operation{
			Tags: tags, Summary: "Change the given properties of an entity of " + s.Name, OperationID: s.Name + ".update",
			RequestBody: &RequestBody{Required: true, Content: jsonContent(b.ref(t, "-update"))},
			Responses:   responses("204", noContent),
		}
		p.Put = &Operation{
			Tags: tags, Summary: "Replace an entity of " + s.Name, OperationID: s.Name + ".replace",
			RequestBody: &RequestBody{Required: true, Content: jsonContent(b.ref(t, "-update"))},
			Responses:   responses("204", noContent),
		}
	}
	if w.Delete {
		p.Delete = &Operation{
			Tags: tags, Summary: "Delete an entity of " + s.Name, OperationID: s.Name + ".delete",
			Responses: responses("204", noContent),
		}
	}
}

// navigationPath is the path of navigation property n from an entity of s.
func (b *builder) navigationPath(s *metadata.EntitySet, n *metadata.NavigationProperty, keyParams []*Parameter) *PathItem {
	id := s.Name + ".nav." + n.Name
	tags := []string{s.Name}
	if n.Collection {
		return &PathItem{Parameters: keyParams, Get: &Operation{
			Tags: tags, Summary: "Read the " + n.TargetSet.Name + " related to an entity of " + s.Name, OperationID: id,
			Parameters: b.collectionParams(n.Target),
			Responses:  responses("200", &Response{Description: "A page of related entities", Content: jsonContent(b.collectionSchema(n.Target))}),
		}}
	}
	return &PathItem{Parameters: keyParams, Get: &Operation{
		Tags: tags, Summary: "Read the " + n.TargetSet.Name + " entity related to an entity of " + s.Name, OperationID: id,
		Parameters: b.entityParams(n.Target),
		Responses:  responses("200", &Response{Description: "The related entity (204 when there is none)", Content: jsonContent(b.ref(n.Target, ""))}),
	}}
}

// keySegment returns the path of one entity of s, /Set(key) with a path
// parameter per key property (/Set(A={A},B={B}) for composite keys), and
// those parameters. String keys are quoted in the URL: /Customers('{ID}').
func (b *builder) keySegment(s *metadata.EntitySet) (string, []*Parameter) {
	key := s.Type.Key
	var parts []string
	var params []*Parameter
	for _, k := range key {
		v := "{" + k.Name + "}"
		desc := "Key property " + k.Name + " (" + string(k.Type) + ")"
		if quotedKey(k.Type) {
			v = "'" + v + "'"
			desc += "; single quotes inside the value are doubled"
		}
		if len(key) > 1 {
			v = k.Name + "=" + v
		}
		parts = append(parts, v)
		ps := valueSchema(k)
		if len(ps.AnyOf) > 0 { // a key in a URL is a literal, never the JSON string form
			ps = ps.AnyOf[0]
		}
		params = append(params, &Parameter{Name: k.Name, In: "path", Required: true, Description: desc, Schema: ps})
	}
	return "/" + s.Name + "(" + strings.Join(parts, ",") + ")", params
}

// quotedKey reports whether key values of type t are written in quotes.
func quotedKey(t metadata.EdmType) bool {
	return t == metadata.EdmString
}
