package tests

// Helpers for the $batch suites: send a batch over HTTP, read the
// multipart or JSON batch response back.

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"odatagw/gateway/batch/batchtest"
)

// postBatch POSTs body to the service's $batch with the given Content-Type
// and header pairs.
func (e *demoEnv) postBatch(t testing.TB, contentType, body string, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.root+"$batch", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}
}

// multipartBatch builds a multipart batch body (boundary "batch") from
// parts: each a request text ("GET Orders(1) HTTP/1.1\n…"), or a change set
// written as a []string of requests, given Content-IDs 1, 2, … in order.
func multipartBatch(parts ...any) string {
	var b strings.Builder
	id := 0
	for _, p := range parts {
		b.WriteString("--batch\r\n")
		switch p := p.(type) {
		case string:
			b.WriteString("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
			b.WriteString(strings.ReplaceAll(p, "\n", "\r\n") + "\r\n")
		case []string:
			b.WriteString("Content-Type: multipart/mixed; boundary=changeset\r\n\r\n")
			for _, rq := range p {
				id++
				b.WriteString("--changeset\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n")
				b.WriteString("Content-ID: " + strconv.Itoa(id) + "\r\n\r\n")
				b.WriteString(strings.ReplaceAll(rq, "\n", "\r\n") + "\r\n")
			}
			b.WriteString("--changeset--\r\n")
		}
	}
	b.WriteString("--batch--\r\n")
	return b.String()
}

const multipartBatchType = "multipart/mixed; boundary=batch"

// parts parses a 200 multipart batch response.
func (r *response) parts(t testing.TB) []batchtest.Part {
	t.Helper()
	r.mustStatus(t, http.StatusOK)
	return batchtest.Multipart(t, r.header.Get("Content-Type"), r.body)
}

// responses parses a 200 JSON batch response.
func (r *response) responses(t testing.TB) []batchtest.Response {
	t.Helper()
	r.mustStatus(t, http.StatusOK)
	return batchtest.JSON(t, r.body)
}
