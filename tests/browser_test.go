package tests

import (
	"bytes"
	"encoding/json"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"odatagw/gateway"
)

// The HTML pages in a real browser (headless Chromium through chromedriver).

func TestBrowserLandingPage(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	b := newBrowser(t)
	b.open(e.srv.URL + "/")
	if got := b.title(); got != "odatagw — OData services" {
		t.Fatalf("title %q: the browser did not get the landing page", got)
	}
	// No external assets, no scripts: the page loaded nothing besides itself.
	var resources int
	var names []string
	b.script(`return performance.getEntriesByType("resource").map(e => e.name)`, &names)
	resources = len(names)
	if resources != 0 {
		t.Errorf("the page loaded %d resources: %v", resources, names)
	}
	var scripts int
	b.script(`return document.scripts.length`, &scripts)
	if scripts != 0 {
		t.Errorf("the page has %d scripts", scripts)
	}

	// Orders' section shows its properties as a table a person can read.
	orders := b.one("#set-demo-Orders")
	if r := b.rect(orders); r.Width < 300 || r.Height < 200 {
		t.Errorf("the Orders section is %vx%v pixels", r.Width, r.Height)
	}
	var rows []string
	for _, tr := range b.all("#set-demo-Orders table.properties tbody tr") {
		rows = append(rows, b.text(tr))
	}
	if len(rows) != 10 || rows[0] != "OrderID Edm.Int64 key no" || rows[6] != "Freight Edm.Decimal no precision 10, scale 2" {
		t.Errorf("Orders properties as shown: %q", rows)
	}

	// Every sample link works: fetched over HTTP, each answers 200 with JSON (text for $count).
	links := b.all("a.sample")
	if len(links) < 30 {
		t.Fatalf("%d sample links", len(links))
	}
	var first string
	for _, l := range links {
		href := b.property(l, "href")
		if !strings.HasPrefix(href, e.root) {
			t.Errorf("sample link %s is not under the service root", href)
			continue
		}
		if first == "" {
			first = href
		}
		r := e.get(t, href)
		if r.status != http.StatusOK {
			t.Errorf("%s (%s): status %d: %s", b.text(l), href, r.status, trunc(r.body))
		}
	}

	// Following a link in the browser shows the JSON answer.
	b.click(links[0])
	if got := b.url(); got != first {
		t.Errorf("clicking the first sample went to %s, want %s", got, first)
	}
	var body string
	b.script(`return document.body.innerText`, &body)
	var page struct {
		Value []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil || len(page.Value) == 0 {
		t.Errorf("the browser shows %.300q after the click (%v)", body, err)
	}

	// An in-page link jumps to the entity set's section.
	b.open(e.srv.URL + "/")
	b.click(b.one(`.toc a[href="#set-demo-Suppliers"]`))
	if !strings.HasSuffix(b.url(), "#set-demo-Suppliers") {
		t.Errorf("the table of contents link went to %s", b.url())
	}
	var scrolled float64
	b.script(`return window.scrollY`, &scrolled)
	if scrolled <= 0 {
		t.Error("the page did not scroll to the Suppliers section")
	}
	shot := b.screenshot()
	if img, err := png.Decode(bytes.NewReader(shot)); err != nil || img.Bounds().Dx() < 800 {
		t.Errorf("screenshot: %v", err)
	}
}

func TestBrowserErrorPages(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	b := newBrowser(t)

	b.open(e.root + "Orders?$filter=Freight%20gt")
	if got := b.title(); got != "400 SyntaxError — odatagw" {
		t.Fatalf("title %q", got)
	}
	if got := b.text(b.one(".message")); got != "expected an expression but found end of input at position 10" {
		t.Errorf("message %q", got)
	}
	if got := b.text(b.one("pre.expression")); got != "Freight gt\n          ^" {
		t.Errorf("expression with caret %q", got)
	}
	if id := b.text(b.one(".request-id")); len(id) != 16 {
		t.Errorf("request ID %q", id)
	}

	b.open(e.srv.URL + "/odata/nope/Orders")
	if got := b.text(b.one("h1")); got != "404 NotFound" {
		t.Errorf("heading %q", got)
	}
	if got := b.text(b.one(".message")); got != "service 'nope' does not exist" {
		t.Errorf("message %q", got)
	}
	b.click(b.one(`a[href="/"]`))
	if got := b.title(); got != "odatagw — OData services" {
		t.Errorf("the way back leads to %q (%s)", got, b.url())
	}
}
