// Package batchtest reads batch responses back for the tests of gateway/batch
// and the end-to-end suites: strictly (CRLF line ends, well-formed HTTP
// responses in every part), so that a framing error fails the test.
package batchtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"testing"
)

// Part is one part of a multipart batch response: an individual response,
// or a change set holding its responses.
type Part struct {
	ContentID string
	Status    int
	Header    http.Header
	Body      []byte
	ChangeSet []Part // non-nil for a change set
}

// Multipart parses a multipart batch response of the given Content-Type.
func Multipart(t testing.TB, contentType string, body []byte) []Part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/mixed" || params["boundary"] == "" {
		t.Fatalf("batch response Content-Type %q", contentType)
	}
	return parts(t, body, params["boundary"])
}

func parts(t testing.TB, body []byte, boundary string) []Part {
	t.Helper()
	delim := []byte("--" + boundary)
	for i, rest := 0, body; ; {
		j := bytes.Index(rest, delim)
		if j < 0 {
			break
		}
		after := rest[j+len(delim):]
		if (i+j > 0 && !bytes.HasSuffix(body[:i+j], []byte("\r\n"))) || !(bytes.HasPrefix(after, []byte("\r\n")) || bytes.HasPrefix(after, []byte("--"))) {
			t.Fatalf("boundary delimiter at byte %d is not on a line of its own ending in CRLF:\n%s", i+j, body)
		}
		i, rest = i+j+len(delim), after
	}
	out := []Part{}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("batch response: %v\n%s", err, body)
		}
		content, _ := io.ReadAll(p)
		mt, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if mt == "multipart/mixed" {
			out = append(out, Part{ChangeSet: parts(t, content, params["boundary"])})
			continue
		}
		if mt != "application/http" || p.Header.Get("Content-Transfer-Encoding") != "binary" {
			t.Fatalf("batch response part headers %v", p.Header)
		}
		head, _, ok := bytes.Cut(content, []byte("\r\n\r\n"))
		if !ok || bytes.Contains(bytes.ReplaceAll(head, []byte("\r\n"), nil), []byte("\n")) {
			t.Fatalf("batch response part: status line and headers do not end in CRLF:\n%s", content)
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(content)), nil)
		if err != nil {
			t.Fatalf("batch response part is not an HTTP response: %v\n%s", err, content)
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("batch response part body: %v", err)
		}
		out = append(out, Part{ContentID: p.Header.Get("Content-Id"), Status: resp.StatusCode, Header: resp.Header, Body: b})
	}
}

// Statuses lists the statuses of parts, a change set as -1, its
// statuses, -2.
func Statuses(ps []Part) []int {
	var out []int
	for _, p := range ps {
		if p.ChangeSet != nil {
			out = append(out, -1)
			out = append(out, Statuses(p.ChangeSet)...)
			out = append(out, -2)
			continue
		}
		out = append(out, p.Status)
	}
	return out
}

// Response is one response object of a JSON batch response.
type Response struct {
	ID             string            `json:"id"`
	AtomicityGroup string            `json:"atomicityGroup"`
	Status         int               `json:"status"`
	Headers        map[string]string `json:"headers"`
	Body           json.RawMessage   `json:"body"`
}

// JSON parses a JSON batch response, refusing members it does not know.
func JSON(t testing.TB, body []byte) []Response {
	t.Helper()
	var doc struct {
		Responses []Response `json:"responses"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("JSON batch response: %v\n%s", err, body)
	}
	return doc.Responses
}
