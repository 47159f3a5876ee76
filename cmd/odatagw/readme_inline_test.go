package main

// TestReadmeInlineRequests: the requests the README's prose writes inline
// (`Orders?$orderby=OrderDate desc&$top=50`, `Customers('X')/Orders`…)
// starting at a demo entity set are sent to the demo as written (spaces
// encoded): none may fail with a server error. Most are illustrations with
// made-up keys, so 4xx is fine, and 501 is a documented answer.

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestReadmeInlineRequests(t *testing.T) {
	srv := readmeGateway(t, false)
	resp, err := http.Get(srv.URL + "/odata/demo/")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Value []struct{ Name string }
	}
	err = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if err != nil || len(doc.Value) < 5 {
		t.Fatalf("service document: %v %+v", err, doc)
	}
	var names []string
	for _, v := range doc.Value {
		names = append(names, regexp.QuoteMeta(v.Name))
	}
	inline := regexp.MustCompile("`((?:" + strings.Join(names, "|") + ")[(?/][^`]*)`")
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, m := range inline.FindAllStringSubmatch(string(readme), -1) {
		resp, err := http.Get(srv.URL + "/odata/demo/" + strings.ReplaceAll(m[1], " ", "%20"))
		if err != nil {
			t.Errorf("%s: %v", m[1], err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented {
			t.Errorf("README `%s`: %d %.300s", m[1], resp.StatusCode, body)
		}
		sent++
	}
	if sent < 5 {
		t.Errorf("only %d inline requests found", sent)
	}
}
