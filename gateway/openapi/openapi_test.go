package openapi_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"odatagw/gateway/openapi"
	"odatagw/gateway/openapi/openapitest"
	md "odatagw/metadata"
)

// model is a small service with every Edm type, a composite key, a string
// key and a relationship in both directions.
func model() *md.Model {
	p := func(name string, t md.EdmType, nullable bool) *md.Property {
		return &md.Property{Name: name, Column: name, Type: t, Nullable: nullable}
	}
	code := p("Code", md.EdmString, false)
	code.MaxLength = 5
	name := p("Name", md.EdmString, true)
	name.MaxLength = 40
	owner := &md.EntityType{Name: "Owner", Properties: []*md.Property{code, name}, Key: []*md.Property{code}}

	a, b := p("A", md.EdmInt32, false), p("B", md.EdmGuid, false)
	a.Computed = true
	ownerCode := p("OwnerCode", md.EdmString, true)
	dec := p("Amount", md.EdmDecimal, false)
	dec.Precision, dec.Scale = 10, 2
	props := []*md.Property{a, b, ownerCode, dec,
		p("Big", md.EdmInt64, true), p("Small", md.EdmInt16, true), p("Tiny", md.EdmByte, true), p("Signed", md.EdmSByte, true),
		p("Flag", md.EdmBoolean, true), p("Ratio", md.EdmDouble, true), p("Half", md.EdmSingle, true),
		p("Day", md.EdmDate, true), p("At", md.EdmDateTimeOffset, true), p("Clock", md.EdmTimeOfDay, true),
		p("Span", md.EdmDuration, true), p("Blob", md.EdmBinary, true)}
	item := &md.EntityType{Name: "Item", Properties: props, Key: []*md.Property{a, b}}

	owners := &md.EntitySet{Name: "Owners", Type: owner}
	items := &md.EntitySet{Name: "Items", Type: item}
	item.Navigation = []*md.NavigationProperty{{Name: "Owner", Target: owner, TargetSet: owners, Nullable: true, Partner: "Items",
		Constraints: []md.ReferentialConstraint{{Property: ownerCode, Referenced: code}}}}
	owner.Navigation = []*md.NavigationProperty{{Name: "Items", Target: item, TargetSet: items, Collection: true, Partner: "Owner",
		Constraints: []md.ReferentialConstraint{{Property: code, Referenced: ownerCode}}}}
	m := &md.Model{Namespace: "ns", Container: "Container", Types: []*md.EntityType{item, owner}, Sets: []*md.EntitySet{items, owners}}
	m.Index()
	return m
}

func render(t *testing.T, m *md.Model, opt openapi.Options) ([]byte, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	if err := openapi.Write(&buf, m, opt); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), doc
}

// sameJSON compares a decoded JSON value with the JSON text want.
func sameJSON(t *testing.T, what string, got any, want string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, w) {
		b, _ := json.Marshal(got)
		t.Errorf("%s:\n got %s\nwant %s", what, b, want)
	}
}

// at walks a decoded JSON document along keys.
func at(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok || m[k] == nil {
			t.Fatalf("no member %q on the way to %v", k, keys)
		}
		v = m[k]
	}
	return v
}

func TestReadOnlyDocument(t *testing.T) {
	raw, doc := render(t, model(), openapi.Options{ServiceRoot: "http://127.0.0.1:8080/odata/svc/", Title: "svc", MaxPageSize: 1000})
	openapitest.Validate(t, raw)

	if got := at(t, doc, "openapi"); got != openapi.Version {
		t.Errorf("openapi = %v", got)
	}
	if got := at(t, doc, "servers").([]any)[0].(map[string]any)["url"]; got != "http://127.0.0.1:8080/odata/svc" {
		t.Errorf("server url = %v", got)
	}
	paths := at(t, doc, "paths").(map[string]any)
	for _, p := range []string{"/", "/$metadata", "/Items", "/Items/$count", "/Items(A={A},B={B})", "/Items(A={A},B={B})/Owner",
		"/Owners", "/Owners/$count", "/Owners('{Code}')", "/Owners('{Code}')/Items"} {
		if paths[p] == nil {
			t.Errorf("path %s missing", p)
		}
	}
	for p, item := range paths {
		for _, m := range []string{"post", "patch", "put", "delete"} {
			if item.(map[string]any)[m] != nil {
				t.Errorf("read-only service offers %s %s", m, p)
			}
		}
	}
	params := at(t, paths, "/Items", "get", "parameters").([]any)
	var names []string
	for _, p := range params {
		pm := p.(map[string]any)
		if r, ok := pm["$ref"].(string); ok {
			names = append(names, r)
			continue
		}
		names = append(names, pm["name"].(string))
	}
	want := []string{"#/components/parameters/top", "#/components/parameters/skip", "#/components/parameters/count",
		"#/components/parameters/filter", "#/components/parameters/search", "$orderby", "$select", "$expand", "#/components/parameters/apply"}
	if len(names) != len(want) {
		t.Fatalf("collection parameters %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("collection parameter %d = %s, want %s", i, names[i], want[i])
		}
	}

	props := at(t, doc, "components", "schemas", "ns.Item", "properties").(map[string]any)
	check := func(prop, want string) {
		t.Helper()
		sameJSON(t, "schema of "+prop, props[prop], want)
	}
	check("A", `{"type":"integer","format":"int32","minimum":-2147483648,"maximum":2147483647}`)
	check("B", `{"type":"string","format":"uuid","pattern":"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$","example":"01234567-89ab-cdef-0123-456789abcdef"}`)
	check("Big", `{"anyOf":[{"type":"integer","format":"int64","nullable":true},{"type":"string","nullable":true,"pattern":"^-?[0-9]+$"}],"example":42}`)
	check("Amount", `{"description":"Decimal with precision 10 and scale 2","anyOf":[{"type":"number","format":"decimal"},{"type":"string","pattern":"^-?[0-9]+(\\.[0-9]+)?$"}],"example":0}`)
	check("Tiny", `{"type":"integer","format":"uint8","nullable":true,"minimum":0,"maximum":255}`)
	check("Day", `{"type":"string","format":"date","nullable":true,"example":"2024-12-31"}`)
	check("At", `{"type":"string","format":"date-time","nullable":true,"example":"2024-12-31T23:59:59Z"}`)
	check("Owner", `{"description":"The related Owners entity, present with $expand=Owner","nullable":true,"allOf":[{"$ref":"#/components/schemas/ns.Owner"}]}`)
	owner := at(t, doc, "components", "schemas", "ns.Owner", "properties").(map[string]any)
	sameJSON(t, "schema of Owner.Code", owner["Code"], `{"type":"string","maxLength":5}`)
	keyParams := at(t, paths, "/Owners('{Code}')", "parameters").([]any)
	if len(keyParams) != 1 || keyParams[0].(map[string]any)["in"] != "path" || keyParams[0].(map[string]any)["required"] != true {
		t.Errorf("key parameters %v", keyParams)
	}
}

func TestWritableSets(t *testing.T) {
	m := model()
	raw, doc := render(t, m, openapi.Options{Title: "svc", Writable: func(s *md.EntitySet) openapi.Writes {
		if s.Name == "Items" {
			return openapi.Writes{Insert: true, Update: true, Delete: true}
		}
		return openapi.Writes{Delete: true}
	}})
	openapitest.Validate(t, raw)
	paths := at(t, doc, "paths").(map[string]any)
	for _, p := range []string{"post"} {
		at(t, paths, "/Items", p)
	}
	for _, p := range []string{"patch", "put", "delete"} {
		at(t, paths, "/Items(A={A},B={B})", p)
	}
	at(t, paths, "/Owners('{Code}')", "delete")
	owners := paths["/Owners('{Code}')"].(map[string]any)
	if owners["patch"] != nil || paths["/Owners"].(map[string]any)["post"] != nil {
		t.Error("Owners accepts only deletes, but the document offers more")
	}
	create := at(t, doc, "components", "schemas", "ns.Item-create").(map[string]any)
	if _, ok := create["properties"].(map[string]any)["A"]; ok {
		t.Error("the computed key A is in the create body")
	}
	req, _ := json.Marshal(create["required"])
	if string(req) != `["B","Amount"]` {
		t.Errorf("create body requires %s, want the non-nullable, non-computed properties", req)
	}
	update := at(t, doc, "components", "schemas", "ns.Item-update").(map[string]any)
	if _, ok := update["properties"].(map[string]any)["B"]; ok || update["required"] != nil {
		t.Errorf("update body names keys or requires properties: %v", update)
	}
	if _, ok := doc["components"].(map[string]any)["schemas"].(map[string]any)["ns.Owner-create"]; ok {
		t.Error("a create schema for Owners, which does not accept inserts")
	}
}

func TestDocumentChecksEntities(t *testing.T) {
	raw, _ := render(t, model(), openapi.Options{Title: "svc"})
	doc := openapitest.Validate(t, raw)
	entity := map[string]any{"A": json.Number("1"), "B": "01234567-89ab-cdef-0123-456789abcdef", "OwnerCode": nil,
		"Amount": "12.50", "Big": "9007199254740993", "Flag": true, "Ratio": "NaN", "Day": "2024-02-29",
		"At": "2024-02-29T10:00:00Z", "Owner": map[string]any{"Code": "ALFKI", "Name": nil}}
	openapitest.CheckValue(t, doc, "ns.Item", entity)

	for prop, v := range map[string]any{"Tiny": json.Number("256"), "Day": "29.02.2024", "A": nil, "Amount": true} {
		bad := map[string]any{prop: v}
		if err := openapitest.Check(doc, "ns.Item", bad); err == nil {
			t.Errorf("%s = %v passed the schema", prop, v)
		}
	}
}

// TestValidatorCatchesMistakes makes sure the validation above can fail: a
// key path without its parameter, and a reference to a missing schema.
func TestValidatorCatchesMistakes(t *testing.T) {
	raw, _ := render(t, model(), openapi.Options{Title: "svc"})
	for name, breakIt := range map[string]func(doc map[string]any){
		"undeclared path parameter": func(doc map[string]any) {
			delete(doc["paths"].(map[string]any)["/Owners('{Code}')"].(map[string]any), "parameters")
		},
		"dangling reference": func(doc map[string]any) {
			delete(doc["components"].(map[string]any)["schemas"].(map[string]any), "ns.Owner")
		},
	} {
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		breakIt(doc)
		broken, _ := json.Marshal(doc)
		if _, err := openapitest.Load(broken); err == nil {
			t.Errorf("%s: the validator accepted the document", name)
		}
	}
}
