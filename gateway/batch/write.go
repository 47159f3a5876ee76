package batch

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"sort"
	"strconv"
	"strings"
)

// writer writes the batch response as units complete.
type writer interface {
	contentType() string
	unit(u *Unit, o outcome) error
	close() error
}

func newWriter(f Format, w io.Writer) writer {
	if f == JSON {
		return &jsonWriter{w: w}
	}
	return &multipartWriter{mw: multipart.NewWriter(w)}
}

// multipartWriter writes multipart/mixed: one application/http part per
// request, a nested multipart/mixed per applied change set, and a single
// application/http error part for a change set that failed (OData 4.01
// §11.7.7.3).
type multipartWriter struct{ mw *multipart.Writer }

func (m *multipartWriter) contentType() string { return "multipart/mixed; boundary=" + m.mw.Boundary() }

func (m *multipartWriter) unit(u *Unit, o outcome) error {
	if !u.Atomic || o.failed >= 0 {
		i := max(o.failed, 0)
		return writeHTTPPart(m.mw, u.Requests[i], o.results[i])
	}
	boundary := "changeset_" + multipart.NewWriter(io.Discard).Boundary()
	pw, err := m.mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"multipart/mixed; boundary=" + boundary}})
	if err != nil {
		return err
	}
	cs := multipart.NewWriter(pw)
	if err := cs.SetBoundary(boundary); err != nil {
		return err
	}
	for i, rq := range u.Requests {
		if err := writeHTTPPart(cs, rq, o.results[i]); err != nil {
			return err
		}
	}
	return cs.Close()
}

func (m *multipartWriter) close() error { return m.mw.Close() }

// writeHTTPPart writes one response as an application/http body part.
func writeHTTPPart(mw *multipart.Writer, rq *Request, res *result) error {
	h := textproto.MIMEHeader{"Content-Type": {"application/http"}, "Content-Transfer-Encoding": {"binary"}}
	if rq.ID != "" {
		h["Content-ID"] = []string{rq.ID}
	}
	pw, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(pw)
	text := http.StatusText(res.status)
	if text == "" {
		text = "Status " + strconv.Itoa(res.status)
	}
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", res.status, text)
	for _, k := range sortedKeys(res.header) {
		for _, v := range res.header[k] {
			fmt.Fprintf(bw, "%s: %s\r\n", spelling(k), v)
		}
	}
	if len(res.body) > 0 || (res.status != http.StatusNoContent && res.status != http.StatusNotModified) {
		fmt.Fprintf(bw, "Content-Length: %d\r\n", len(res.body))
	}
	bw.WriteString("\r\n")
	bw.Write(res.body)
	return bw.Flush()
}

// skippedHeaders are response headers that do not describe an individual
// response inside a batch (Content-Length is written from the body).
var skippedHeaders = map[string]bool{"Content-Length": true, "Transfer-Encoding": true, "Connection": true, "Vary": true}

// spellings are the usual spellings of headers that Go's canonical form
// writes otherwise (header names are case-insensitive, but not every client's
// multipart parser is).
var spellings = map[string]string{"Etag": "ETag", "Odata-Version": "OData-Version", "Odata-Entityid": "OData-EntityId", "Content-Id": "Content-ID"}

func spelling(k string) string {
	if s, ok := spellings[k]; ok {
		return s
	}
	return k
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		if !skippedHeaders[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// jsonWriter writes {"responses":[…]} (OData 4.01 JSON format §19.6): one
// response object per request, with its id and atomicityGroup.
type jsonWriter struct {
	w io.Writer
	n int
}

func (j *jsonWriter) contentType() string { return "application/json" }

func (j *jsonWriter) unit(u *Unit, o outcome) error {
	for i, rq := range u.Requests {
		b := make([]byte, 0, 256+len(o.results[i].body))
		if j.n == 0 {
			b = append(b, `{"responses":[`...)
		} else {
			b = append(b, ',')
		}
		j.n++
		b = appendResponse(b, u, rq, o.results[i])
		if _, err := j.w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonWriter) close() error {
	end := "]}"
	if j.n == 0 {
		end = `{"responses":[]}`
	}
	_, err := io.WriteString(j.w, end)
	return err
}

// appendResponse appends the response object of rq.
func appendResponse(b []byte, u *Unit, rq *Request, res *result) []byte {
	b = append(b, '{')
	if rq.ID != "" {
		b = append(b, `"id":`...)
		b = appendJSONString(b, rq.ID)
		b = append(b, ',')
	}
	if u.Atomic {
		b = append(b, `"atomicityGroup":`...)
		b = appendJSONString(b, u.Group)
		b = append(b, ',')
	}
	b = append(b, `"status":`...)
	b = strconv.AppendInt(b, int64(res.status), 10)
	if keys := sortedKeys(res.header); len(keys) > 0 {
		b = append(b, `,"headers":{`...)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, strings.ToLower(k))
			b = append(b, ':')
			b = appendJSONString(b, strings.Join(res.header[k], ", "))
		}
		b = append(b, '}')
	}
	if len(res.body) > 0 {
		b = append(b, `,"body":`...)
		b = appendBody(b, res)
	}
	return append(b, '}')
}

// appendBody appends a response body as the JSON format wants it: JSON as
// is, text as a string, anything else base64url-encoded.
func appendBody(b []byte, res *result) []byte {
	mt, _, _ := mime.ParseMediaType(res.header.Get("Content-Type"))
	switch {
	case isJSONType(mt) && res.header.Get("Content-Encoding") == "" && json.Valid(res.body):
		return append(b, res.body...)
	case strings.HasPrefix(mt, "text/") && res.header.Get("Content-Encoding") == "":
		return appendJSONString(b, strings.ToValidUTF8(string(res.body), "\ufffd"))
	}
	return appendJSONString(b, base64.RawURLEncoding.EncodeToString(res.body))
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}
