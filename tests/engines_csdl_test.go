package tests

// CSDL helpers of the engine suites: fetch, validate and inspect $metadata
// and the service document.

import (
	"encoding/json"
	"encoding/xml"
	"sort"
	"strings"
	"testing"

	"odatagw/metadata/csdltest"
)

// edmxDoc is the part of a CSDL XML document the engine suites inspect.
type edmxDoc struct {
	Schemas []struct {
		Namespace   string `xml:"Namespace,attr"`
		EntityTypes []struct {
			Name string `xml:"Name,attr"`
			Key  []struct {
				Name string `xml:"Name,attr"`
			} `xml:"Key>PropertyRef"`
			Props []struct {
				Name     string `xml:"Name,attr"`
				Type     string `xml:"Type,attr"`
				Nullable string `xml:"Nullable,attr"`
			} `xml:"Property"`
		} `xml:"EntityType"`
		Sets []struct {
			Name       string `xml:"Name,attr"`
			EntityType string `xml:"EntityType,attr"`
		} `xml:"EntityContainer>EntitySet"`
	} `xml:"DataServices>Schema"`
}

// fetchMetadata fetches $metadata in XML and JSON, validates both against the
// OASIS schemas and returns the parsed XML and the raw JSON document.
func fetchMetadata(t *testing.T, e *demoEnv) (*edmxDoc, map[string]any) {
	t.Helper()
	doc, jdoc := fetchCSDL(t, e)
	checkExplore(t, e) // the OpenAPI document and the landing page of every test database
	return doc, jdoc
}

// fetchCSDL is fetchMetadata without the exploration checks, for a model
// that may change between two requests (a schema refresh under way: the
// OpenAPI document and the service document could come from different
// models).
func fetchCSDL(t *testing.T, e *demoEnv) (*edmxDoc, map[string]any) {
	t.Helper()
	x := e.get(t, "$metadata").mustStatus(t, 200)
	csdltest.ValidateXML(t, x.body)
	var doc edmxDoc
	if err := xml.Unmarshal(x.body, &doc); err != nil {
		t.Fatalf("$metadata: %v", err)
	}
	j := e.get(t, "$metadata?$format=json").mustStatus(t, 200)
	csdltest.ValidateJSON(t, j.body)
	var jdoc map[string]any
	if err := json.Unmarshal(j.body, &jdoc); err != nil {
		t.Fatal(err)
	}
	return &doc, jdoc
}

// sets returns the entity set names of the document, sorted.
func (d *edmxDoc) sets() []string {
	var out []string
	for _, s := range d.Schemas {
		for _, es := range s.Sets {
			out = append(out, es.Name)
		}
	}
	sort.Strings(out)
	return out
}

// props returns the property types (name → Edm type) and key of entity set set.
func (d *edmxDoc) props(t *testing.T, set string) (map[string]string, []string) {
	t.Helper()
	var typeName string
	for _, s := range d.Schemas {
		for _, es := range s.Sets {
			if es.Name == set {
				typeName = es.EntityType
			}
		}
	}
	for _, s := range d.Schemas {
		for _, et := range s.EntityTypes {
			if s.Namespace+"."+et.Name != typeName {
				continue
			}
			props := map[string]string{}
			for _, p := range et.Props {
				props[p.Name] = p.Type
			}
			var key []string
			for _, k := range et.Key {
				key = append(key, k.Name)
			}
			return props, key
		}
	}
	t.Fatalf("$metadata has no entity type for set %s (%q)", set, typeName)
	return nil, nil
}

// jsonPropType finds property prop of entity set set in a CSDL JSON document
// and returns its $Type ("Edm.String" when absent, the CSDL JSON default).
func jsonPropType(t *testing.T, doc map[string]any, set, prop string) string {
	t.Helper()
	cname, _ := doc["$EntityContainer"].(string)
	i := strings.LastIndex(cname, ".")
	if i < 0 {
		t.Fatalf("$EntityContainer %q", cname)
	}
	ns, _ := doc[cname[:i]].(map[string]any)
	container, _ := ns[cname[i+1:]].(map[string]any)
	es, _ := container[set].(map[string]any)
	typeName, _ := es["$Type"].(string)
	j := strings.LastIndex(typeName, ".")
	if j < 0 {
		t.Fatalf("JSON $metadata: set %s has type %q", set, typeName)
	}
	et, _ := ns[typeName[j+1:]].(map[string]any)
	p, ok := et[prop].(map[string]any)
	if !ok {
		t.Fatalf("JSON $metadata: %s has no property %s", typeName, prop)
	}
	if ty, ok := p["$Type"].(string); ok {
		return ty
	}
	return "Edm.String"
}

// serviceSets returns the entity set names the service document lists, sorted.
func serviceSets(t *testing.T, e *demoEnv) []string {
	t.Helper()
	var doc struct {
		Value []struct{ Name, Kind, URL string }
	}
	r := e.get(t, "").mustStatus(t, 200)
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range doc.Value {
		if v.Kind != "EntitySet" {
			t.Errorf("service document entry %+v", v)
		}
		out = append(out, v.Name)
	}
	sort.Strings(out)
	return out
}
