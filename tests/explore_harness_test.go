package tests

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"odatagw/gateway/openapi/openapitest"
)

// Headers of the clients the exploring tests pretend to be.
var (
	browserHeaders = []string{
		"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
		"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	}
	powerQueryHeaders = []string{
		"Accept", "application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7",
		"User-Agent", "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)",
		"OData-MaxVersion", "4.0", "MaxDataServiceVersion", "3.0",
	}
	// javaHeaders are what a Java HttpURLConnection sends when the caller sets no Accept.
	javaHeaders = []string{"Accept", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", "User-Agent", "Java/17.0.2"}
)

// sampleLink matches the sample requests of the landing page.
var sampleLink = regexp.MustCompile(`<a class="mono sample" href="([^"]+)">`)

// landingLinks returns the sample request URLs the landing page shows for
// the service at root.
func landingLinks(t testing.TB, e *demoEnv) []string {
	t.Helper()
	page := e.get(t, e.srv.URL+"/", browserHeaders...).mustStatus(t, 200)
	if ct := page.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("landing page for a browser has Content-Type %q", ct)
	}
	var out []string
	for _, m := range sampleLink.FindAllStringSubmatch(string(page.body), -1) {
		if u := html.UnescapeString(m[1]); strings.HasPrefix(u, e.root) {
			out = append(out, u)
		}
	}
	return out
}

// checkExplore checks what a person exploring the service at e meets: the
// OpenAPI document validates, the first entities of every set match their
// schema (numbers, and strings with IEEE754Compatible=true), and every
// sample request on the landing page answers 200.
func checkExplore(t *testing.T, e *demoEnv) {
	t.Helper()
	doc := fetchOpenAPI(t, e)
	sets := serviceSets(t, e)
	for _, s := range sets {
		for _, accept := range []string{"application/json", "application/json;IEEE754Compatible=true"} {
			c := e.get(t, s+"?$top=5", "Accept", accept).collection(t)
			for _, row := range c.rows(t) {
				checkEntity(t, doc, s, row)
			}
		}
	}
	links := landingLinks(t, e)
	if len(links) < 2*len(sets) {
		t.Errorf("landing page shows %d sample requests for %d entity sets", len(links), len(sets))
	}
	for _, u := range links {
		r := e.get(t, u)
		if r.status != 200 {
			t.Errorf("sample request %s: status %d: %s", u, r.status, trunc(r.body))
		}
	}
}

// fetchOpenAPI fetches and validates the service's OpenAPI document.
func fetchOpenAPI(t *testing.T, e *demoEnv) *openapi3.T {
	t.Helper()
	r := e.get(t, "openapi.json").mustStatus(t, 200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("openapi.json has Content-Type %q", ct)
	}
	doc := openapitest.Validate(t, r.body)
	if len(doc.Servers) != 1 || doc.Servers[0].URL+"/" != e.root {
		t.Errorf("OpenAPI servers %v, want the service root %s", doc.Servers, e.root)
	}
	return doc
}

// checkEntity validates one entity of set against its OpenAPI schema.
func checkEntity(t *testing.T, doc *openapi3.T, set string, row map[string]any) {
	t.Helper()
	path := doc.Paths.Value("/" + set)
	if path == nil || path.Get == nil {
		t.Fatalf("OpenAPI document has no GET /%s", set)
	}
	ref := path.Get.Responses.Value("200").Value.Content["application/json"].Schema
	items := ref.Value.Properties["value"].Value.Items
	name := strings.TrimPrefix(items.Ref, "#/components/schemas/")
	openapitest.CheckValue(t, doc, name, row)
}

// serviceIndex is the JSON answer of GET /.
type serviceIndex struct {
	Services []struct {
		Name    string `json:"name"`
		URL     string `json:"url"`
		OpenAPI string `json:"openapi"`
	} `json:"services"`
}

func decodeIndex(t *testing.T, r *response) serviceIndex {
	t.Helper()
	r.mustStatus(t, 200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("index has Content-Type %q, want JSON: %s", ct, trunc(r.body))
	}
	var idx serviceIndex
	if err := json.Unmarshal(r.body, &idx); err != nil {
		t.Fatalf("index: %v: %s", err, trunc(r.body))
	}
	return idx
}
