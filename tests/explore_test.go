package tests

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"odatagw/adapters"
	"odatagw/auth"
	"odatagw/gateway"
	"odatagw/gateway/openapi/openapitest"
	"odatagw/metadata"
)

// The landing page, the OpenAPI document and the error pages, over HTTP.

func TestDemoIndexJSONForClients(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	for name, headers := range map[string][]string{
		"no Accept":   nil,
		"curl":        {"Accept", "*/*", "User-Agent", "curl/8.5.0"},
		"JSON":        {"Accept", "application/json"},
		"Power Query": powerQueryHeaders,
		"JSON first":  {"Accept", "application/json, text/html;q=0.9"},
	} {
		t.Run(name, func(t *testing.T) {
			idx := decodeIndex(t, e.get(t, e.srv.URL+"/", headers...))
			if len(idx.Services) != 1 || idx.Services[0].Name != "demo" || idx.Services[0].URL != e.root ||
				idx.Services[0].OpenAPI != e.root+"openapi.json" {
				t.Errorf("index %+v", idx)
			}
		})
	}
}

func TestDemoLandingPage(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	page := e.get(t, e.srv.URL+"/", browserHeaders...).mustStatus(t, 200)
	body := string(page.body)
	if v := page.header.Get("Vary"); !strings.Contains(v, "Accept") {
		t.Errorf("Vary %q: the page and the JSON list share the URL", v)
	}
	if csp := page.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	for _, forbidden := range []string{"<script", `<link rel="stylesheet"`, "src=\"http", "@import"} {
		if strings.Contains(body, forbidden) {
			t.Errorf("landing page contains %q: it must need no external assets or scripts", forbidden)
		}
	}
	// Every entity set has a section; Orders' properties are listed with type, key and nullability.
	for _, set := range []string{"Categories", "Customers", "Employees", "Order_Details", "Orders", "Products", "Suppliers"} {
		if !strings.Contains(body, `id="set-demo-`+set+`"`) {
			t.Errorf("no section for %s", set)
		}
	}
	rows := regexp.MustCompile(`(?s)<section class="set" id="set-demo-Orders">.*?</section>`).FindString(body)
	for _, want := range []string{
		`<td class="mono key">OrderID</td><td class="mono">Edm.Int64</td><td>key</td><td>no</td>`,
		`<td class="mono">CustomerID</td><td class="mono">Edm.String</td><td></td><td>yes</td><td>max length 5</td>`,
		`<td class="mono">Freight</td><td class="mono">Edm.Decimal</td><td></td><td>no</td><td>precision 10, scale 2</td>`,
		`<td class="mono">Customer</td><td><a href="#set-demo-Customers">Customers</a></td><td>zero or one</td>`,
		`<td class="mono">Order_Details</td><td><a href="#set-demo-Order_Details">Order_Details</a></td><td>many</td>`,
		`href="` + e.root + `$metadata"`, `href="` + e.root + `openapi.json"`,
	} {
		if !strings.Contains(rows, want) && !strings.Contains(body, want) {
			t.Errorf("landing page lacks %s", want)
		}
	}
	links := landingLinks(t, e)
	for _, want := range []string{
		e.root + "Orders?$top=10",
		e.root + "Orders/$count",
		e.root + "Orders?$top=5&$expand=Employee",
		e.root + "Orders?$filter=Freight%20gt%200&$orderby=Freight%20desc&$top=10",
		e.root + "Orders?$apply=groupby%28%28CustomerID%29,aggregate%28$count%20as%20Count%29%29&$orderby=Count%20desc&$top=10",
		e.root + "Customers?$filter=contains%28CompanyName,%27a%27%29&$orderby=CompanyName%20desc&$top=10",
	} {
		found := false
		for _, l := range links {
			found = found || l == want
		}
		if !found {
			t.Errorf("no sample link %s among %v", want, links)
		}
	}
	checkExplore(t, e)
}

// TestLandingPageEscapes: names come from databases and configuration and
// the Host header from the client; the page must show them as text.
func TestLandingPageEscapes(t *testing.T) {
	_, src := openDemo(t)
	gw, err := gateway.New(gateway.Config{}, gateway.Service{Name: `x"><b onclick=alert(1)>`, Source: src})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Host = `h"><img src=x onerror=alert(2)>`
	for i := 0; i+1 < len(browserHeaders); i += 2 {
		req.Header.Set(browserHeaders[i], browserHeaders[i+1])
	}
	rec := httptest.NewRecorder()
	gw.Handler().ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, "x&#34;&gt;&lt;b onclick=alert(1)&gt;") {
		t.Fatalf("status %d; the service name is not shown escaped: %.600s", rec.Code, body)
	}
	if strings.Contains(body, "<b ") || strings.Contains(body, "<img") {
		t.Errorf("markup from a name or the Host header reached the page")
	}
}

// downSource is a source whose database cannot be reached.
type downSource struct{ adapters.Source }

func (downSource) Model(context.Context) (*metadata.Model, error) {
	return nil, context.DeadlineExceeded
}

func TestLandingPageWithServiceDown(t *testing.T) {
	_, src := openDemo(t)
	e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: "demo", Source: src},
		gateway.Service{Name: "gone", Source: downSource{src}})
	page := string(e.get(t, e.srv.URL+"/", browserHeaders...).mustStatus(t, 200).body)
	if !strings.Contains(page, `id="set-demo-Orders"`) {
		t.Error("the reachable service is not listed")
	}
	if !strings.Contains(page, `<p class="error">the data source is not available: the data source did not answer in time</p>`) {
		t.Errorf("the unreachable service does not say so: %.2000s", page)
	}
}

func TestDemoOpenAPI(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	doc := fetchOpenAPI(t, e)
	for _, p := range []string{"/Orders", "/Orders/$count", "/Orders({OrderID})", "/Orders({OrderID})/Customer",
		"/Orders({OrderID})/Order_Details", "/Customers('{CustomerID}')", "/Order_Details(OrderID={OrderID},ProductID={ProductID})",
		"/$metadata", "/"} {
		if doc.Paths.Value(p) == nil {
			t.Errorf("no path %s", p)
		}
	}
	for _, p := range doc.Paths.Keys() {
		if it := doc.Paths.Value(p); it.Post != nil || it.Patch != nil || it.Put != nil || it.Delete != nil {
			t.Errorf("%s offers writes on a read-only service", p)
		}
	}
	// Expanded entities match the schemas too, numbers as numbers and as strings.
	for _, accept := range []string{"application/json", "application/json;IEEE754Compatible=true"} {
		c := e.get(t, "Orders?$top=20&$expand=Customer,Order_Details,Employee($expand=Manager)", "Accept", accept).collection(t)
		for _, row := range c.rows(t) {
			checkEntity(t, doc, "Orders", row)
		}
		one := e.get(t, "Order_Details(OrderID=10248,ProductID=3)", "Accept", accept)
		if one.status == 200 {
			openapitest.CheckValue(t, doc, "demo.Order_Details", one.entity(t))
		}
	}
	// The document is generated per request from the model and the base URL.
	behind := newDemoEnv(t, gateway.Config{BaseURL: "https://odata.example.com"})
	r := behind.get(t, "openapi.json").mustStatus(t, 200)
	if !strings.Contains(string(r.body), `"url": "https://odata.example.com/odata/demo"`) {
		t.Errorf("the server URL does not follow base_url: %.400s", r.body)
	}
}

func TestErrorPageOnlyForBrowsers(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	bad := "Orders?$filter=Freight%20gt"
	page := e.get(t, bad, browserHeaders...)
	if page.status != 400 || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") {
		t.Fatalf("browser: status %d, Content-Type %q", page.status, page.header.Get("Content-Type"))
	}
	for _, want := range []string{`<code class="code">SyntaxError</code>`,
		`<p class="message">expected an expression but found end of input at position 10</p>`,
		`<code class="target">$filter</code>`, "Freight gt\n<span class=\"caret\">          ^</span>",
		`<code class="request-id">` + page.header.Get("X-Request-ID") + `</code>`} {
		if !strings.Contains(string(page.body), want) {
			t.Errorf("error page lacks %q: %s", want, page.body)
		}
	}
	// Clients get the OData JSON error, whatever else they send.
	for name, headers := range map[string][]string{
		"Power Query":            powerQueryHeaders,
		"Java default Accept":    javaHeaders,
		"curl":                   {"Accept", "*/*", "User-Agent", "curl/8.5.0"},
		"browser with OData":     append(append([]string{}, browserHeaders...), "OData-MaxVersion", "4.0"),
		"Salesforce":             {"Accept", "application/json", "User-Agent", "SFDC-Callout/62.0"},
		"browser asking $format": browserHeaders,
	} {
		t.Run(name, func(t *testing.T) {
			u := bad
			if name == "browser asking $format" {
				u += "&$format=json"
			}
			r := e.get(t, u, headers...)
			if r.status != 400 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Fatalf("status %d, Content-Type %q: %.300s", r.status, r.header.Get("Content-Type"), r.body)
			}
			if code := r.odataError(t).Error.Code; code != "SyntaxError" {
				t.Errorf("code %q", code)
			}
		})
	}
	// Unknown services and paths: a page with a way back to the services.
	for _, u := range []string{e.srv.URL + "/odata/nope/Orders", e.srv.URL + "/elsewhere", e.root + "Nope"} {
		r := e.get(t, u, browserHeaders...)
		if r.status != 404 || !strings.Contains(string(r.body), `<a href="/">All services and sample requests</a>`) {
			t.Errorf("%s: status %d: %.300s", u, r.status, r.body)
		}
	}
}

// oneServiceGuard lets everybody see the index and service "demo", and
// nobody service "secret".
type oneServiceGuard struct{}

func (oneServiceGuard) Authenticate(_ *http.Request, service string) (*auth.Principal, error) {
	if service == "secret" {
		return nil, &auth.Failure{Reason: "credentials required", Challenges: []string{`Basic realm="secret"`}}
	}
	return &auth.Principal{}, nil
}

func (oneServiceGuard) Admit(*http.Request, *auth.Principal) error { return nil }

// View hides the entity set Employees and the property Orders.Freight.
func (oneServiceGuard) View(_ string, _ *auth.Principal, m *metadata.Model) (*auth.View, error) {
	v := *m
	v.Sets, v.Types = nil, nil
	types := map[string]*metadata.EntityType{}
	for _, t := range m.Types {
		if t.Name == "Orders" {
			c := *t
			c.Properties = nil
			for _, p := range t.Properties {
				if p.Name != "Freight" {
					c.Properties = append(c.Properties, p)
				}
			}
			t = &c
		}
		types[t.Name] = t
		v.Types = append(v.Types, t)
	}
	for _, s := range m.Sets {
		if s.Name != "Employees" {
			v.Sets = append(v.Sets, &metadata.EntitySet{Name: s.Name, Type: types[s.Type.Name]})
		}
	}
	v.Index()
	return &auth.View{Model: &v}, nil
}

// TestLandingPageHidesGuardedModels: the page shows a service's entity sets
// only to callers the service would admit.
func TestLandingPageHidesGuardedModels(t *testing.T) {
	_, src := openDemo(t)
	e := newEnv(t, gateway.Config{Guard: oneServiceGuard{}}, "", gateway.Service{Name: "demo", Source: src},
		gateway.Service{Name: "secret", Source: src})
	page := string(e.get(t, e.srv.URL+"/", browserHeaders...).mustStatus(t, 200).body)
	if !strings.Contains(page, `id="set-demo-Orders"`) {
		t.Error("the open service's sets are not listed")
	}
	if strings.Contains(page, `id="set-secret-`) || !strings.Contains(page, "sign in to this service to see its entity sets") {
		t.Errorf("the guarded service's model is shown: %.3000s", page)
	}
	if r := e.get(t, e.srv.URL+"/odata/secret/openapi.json"); r.status != http.StatusUnauthorized {
		t.Errorf("openapi.json of the guarded service: status %d", r.status)
	}
	// What the caller's view hides is on neither the page nor the OpenAPI document.
	if strings.Contains(page, `id="set-demo-Employees"`) || strings.Contains(page, `<td class="mono">Freight</td>`) {
		t.Error("the landing page shows a set or property the caller's view hides")
	}
	doc := fetchOpenAPI(t, e)
	if doc.Paths.Value("/Employees") != nil || doc.Paths.Value("/Orders") == nil {
		t.Error("openapi.json: Employees is hidden from the caller, Orders is not")
	}
	if _, ok := doc.Components.Schemas["demo.Orders"].Value.Properties["Freight"]; ok {
		t.Error("openapi.json: Orders.Freight is hidden from the caller")
	}
}
