package tests

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"odatagw/cache"
	"odatagw/gateway"
	"odatagw/gateway/batch"
)

// demoReads are reads as Power BI sends them in a batch when the user turns
// batching on, with the URL forms OData allows: relative, absolute path,
// absolute URL.
var demoReads = []string{
	"Customers?$top=2&$select=CustomerID,CompanyName",
	"Orders(10248)?$expand=Customer($select=CompanyName)",
	"Orders/$count?$filter=Freight gt 100",
	"Orders(10248)/ShipCity/$value",
	"$metadata",
	"Orders?$filter=ShipCountry eq 'Germany'&$orderby=OrderID&$top=3&$count=true",
	"Products(999999)",
}

// A batch of reads answers each part exactly as the same GET does alone,
// in order, with Content-ID echoed; the multipart response parses back.
func TestBatchReadsMatchDirectGets(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	var parts []any
	for i, u := range demoReads {
		switch i % 3 {
		case 0:
			parts = append(parts, "GET "+u+" HTTP/1.1\nAccept: */*\n")
		case 1:
			parts = append(parts, "GET /odata/demo/"+u+" HTTP/1.1\nHost: ignored\n")
		case 2:
			parts = append(parts, "GET "+e.root+u+" HTTP/1.1\n")
		}
	}
	r := e.postBatch(t, multipartBatchType, multipartBatch(parts...), "OData-MaxVersion", "4.0", "Prefer", "odata.continue-on-error")
	if r.header.Get("OData-Version") != "4.0" || len(r.header.Values("OData-Version")) != 1 {
		t.Errorf("OData-Version %q", r.header.Values("OData-Version"))
	}
	ps := r.parts(t)
	if len(ps) != len(demoReads) {
		t.Fatalf("%d parts for %d requests", len(ps), len(demoReads))
	}
	for i, u := range demoReads {
		direct := e.get(t, strings.ReplaceAll(u, " ", "%20"))
		if ps[i].Status != direct.status || !bytes.Equal(ps[i].Body, direct.body) {
			t.Errorf("%s: batch %d %s\ndirect %d %s", u, ps[i].Status, trunc(ps[i].Body), direct.status, trunc(direct.body))
		}
		if id := r.header.Get("X-Request-ID") + "." + strconv.Itoa(i+1); ps[i].Header.Get("X-Request-ID") != id {
			t.Errorf("%s: request ID %q, want %q (the batch's, numbered)", u, ps[i].Header.Get("X-Request-ID"), id)
		}
		if ct := direct.header.Get("Content-Type"); ps[i].Header.Get("Content-Type") != ct {
			t.Errorf("%s: Content-Type %q, direct %q", u, ps[i].Header.Get("Content-Type"), ct)
		}
	}
}

// Without continue-on-error a multipart batch stops at the first failure,
// whose error is the last part.
func TestBatchStopsAtFirstError(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	ps := e.postBatch(t, multipartBatchType, multipartBatch("GET Orders(10248) HTTP/1.1\n", "GET Orders?$filter=Freight gt HTTP/1.1\n",
		"GET Orders(10249) HTTP/1.1\n")).parts(t)
	if len(ps) != 2 || ps[0].Status != 200 || ps[1].Status != 400 {
		t.Fatalf("parts %+v", ps)
	}
	if !strings.Contains(string(ps[1].Body), `"target":"$filter"`) {
		t.Errorf("error part %s", ps[1].Body)
	}
}

// The JSON format answers the same reads with the bodies inline as JSON.
func TestBatchJSONReads(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	var reqs []map[string]any
	for i, u := range demoReads {
		reqs = append(reqs, map[string]any{"id": string(rune('a' + i)), "method": "get", "url": u})
	}
	body, _ := json.Marshal(map[string]any{"requests": reqs})
	r := e.postBatch(t, "application/json", string(body), "OData-Version", "4.01")
	rs := r.responses(t)
	if len(rs) != len(demoReads) || r.header.Get("OData-Version") != "4.01" {
		t.Fatalf("%d responses, OData-Version %q", len(rs), r.header.Get("OData-Version"))
	}
	for i, u := range demoReads {
		direct := e.get(t, strings.ReplaceAll(u, " ", "%20"))
		got := []byte(rs[i].Body)
		if ct := direct.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			var s string
			if err := json.Unmarshal(rs[i].Body, &s); err != nil {
				t.Errorf("%s: body %s is not a string", u, trunc(rs[i].Body))
			}
			got = []byte(s)
			if !strings.HasPrefix(ct, "text/") { // other media types are base64url-encoded
				got, _ = base64.RawURLEncoding.DecodeString(s)
			}
		}
		if rs[i].ID != string(rune('a'+i)) || rs[i].Status != direct.status || !bytes.Equal(got, direct.body) {
			t.Errorf("%s: %s %d %s\ndirect %d %s", u, rs[i].ID, rs[i].Status, trunc(got), direct.status, trunc(direct.body))
		}
	}
}

// Reads in a batch are answered from the response cache like direct ones;
// the batch response is gzip-compressed when the client accepts it.
func TestBatchReadsUseCache(t *testing.T) {
	path, src := openDemo(t)
	cs := &countingSource{Source: src}
	e := newEnv(t, gateway.Config{Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}}, path, gateway.Service{Name: "demo", Source: cs})
	e.get(t, "Orders?$top=5").mustStatus(t, 200)
	e.get(t, "Orders(10250)").mustStatus(t, 200)
	cs.reset()
	r := e.postBatch(t, multipartBatchType, multipartBatch("GET Orders?$top=5 HTTP/1.1\n", "GET Orders(10250) HTTP/1.1\n"), "Accept-Encoding", "gzip")
	if r.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", r.header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	r.body, _ = io.ReadAll(zr)
	ps := r.parts(t)
	if len(ps) != 2 || ps[0].Status != 200 || ps[1].Status != 200 {
		t.Fatalf("parts %+v", ps)
	}
	if n := cs.statements(); n != 0 {
		t.Errorf("%d statements ran for reads that were cached", n)
	}
}

// Limits, malformed batches, nesting and the method answer clear errors.
func TestBatchErrors(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{Batch: batch.Limits{MaxRequests: 3, MaxBodyBytes: 2048}})
	four := multipartBatch("GET Orders(1) HTTP/1.1\n", "GET Orders(2) HTTP/1.1\n", "GET Orders(3) HTTP/1.1\n", "GET Orders(4) HTTP/1.1\n")
	for _, c := range []struct {
		name, ct, body string
		status         int
		code           string
	}{
		{"too many requests", multipartBatchType, four, 413, "TooManyRequests"},
		{"too large", multipartBatchType, multipartBatch("GET Orders?$filter=" + strings.Repeat("x", 3000) + " HTTP/1.1\n"), 413, "BatchTooLarge"},
		{"no boundary", "multipart/mixed", four, 400, "BadBatchRequest"},
		{"wrong type", "text/plain", "GET Orders", 400, "BadBatchRequest"},
		{"bad JSON", "application/json", `{"requests":[{]}`, 400, "BadBatchRequest"},
	} {
		r := e.postBatch(t, c.ct, c.body)
		if r.status != c.status || r.odataError(t).Error.Code != c.code {
			t.Errorf("%s: %d %s", c.name, r.status, r.body)
		}
	}
	ps := e.postBatch(t, multipartBatchType, multipartBatch("POST $batch HTTP/1.1\nContent-Type: multipart/mixed; boundary=x\n\n--x--")).parts(t)
	if len(ps) != 1 || ps[0].Status != 400 || !strings.Contains(string(ps[0].Body), "another $batch") {
		t.Errorf("nested batch: %+v", ps)
	}
	if r := e.get(t, "$batch"); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
		t.Errorf("GET $batch: %d %v", r.status, r.header)
	}
	if r := e.postBatch(t, multipartBatchType, four, "OData-MaxVersion", "3.0"); r.status != 400 {
		t.Errorf("OData-MaxVersion 3.0: %d", r.status)
	}
}

// A change set on a service that does not accept writes answers as its first
// request does (405), as one part, and the transaction is rolled back.
func TestBatchChangeSetReadOnly(t *testing.T) {
	e := newDemoEnv(t, gateway.Config{})
	before := queryInts(t, e.db, "SELECT COUNT(*) FROM Categories")[0]
	ps := e.postBatch(t, multipartBatchType, multipartBatch([]string{
		"POST Categories HTTP/1.1\nContent-Type: application/json\n\n{\"CategoryName\":\"x\"}",
		"DELETE Categories(1) HTTP/1.1\n",
	}, "GET Categories/$count HTTP/1.1\n")).parts(t)
	if len(ps) != 1 || ps[0].ChangeSet != nil || ps[0].Status != http.StatusMethodNotAllowed || ps[0].ContentID != "1" {
		t.Fatalf("parts %+v", ps)
	}
	if after := queryInts(t, e.db, "SELECT COUNT(*) FROM Categories")[0]; after != before {
		t.Errorf("categories %d -> %d", before, after)
	}
}
