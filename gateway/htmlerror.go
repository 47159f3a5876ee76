package gateway

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"

	"odatagw/odataerr"
)

// Errors for people: a browser that opens a URL that fails gets the error as
// a small HTML page instead of the OData JSON body, with the same status,
// code, message, target and position. OData clients always get JSON: the page
// is only for requests that prefer text/html, come from a browser engine
// (User-Agent "Mozilla/…") and carry no OData header or $format.

var errorTemplate = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{{.Status}} {{.Code}} — odatagw</title>
<style>
:root { color-scheme: light dark; }
body { margin: 2rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem; }
h1 { font-size: 1.4rem; margin: 0 0 .8rem; }
.message { font-size: 1.1rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { padding: .6rem .8rem; border: 1px solid #d0d7de; border-radius: 6px; overflow-x: auto; }
.caret { color: #cf222e; font-weight: 700; }
dt { color: #57606a; font-size: .85rem; margin-top: .6rem; }
dd { margin: 0; }
</style>
</head>
<body>
<h1><span class="status">{{.Status}}</span> <code class="code">{{.Code}}</code></h1>
<p class="message">{{.Message}}</p>
{{- if .Target}}
<dl><dt>in</dt><dd><code class="target">{{.Target}}</code></dd></dl>
{{- end}}
{{- if .Text}}
<pre class="expression">{{.Text}}
<span class="caret">{{.Pad}}^</span></pre>
{{- end}}
<dl><dt>request ID</dt><dd><code class="request-id">{{.RequestID}}</code></dd></dl>
<p><a href="/">All services and sample requests</a></p>
</body>
</html>
`))

type errorPage struct {
	Status                                 int
	Code, Message, Target, RequestID, Text string
	Pad                                    string // spaces up to the error position
}

// wantsErrorPage reports whether err should be rendered as a page for a person.
func wantsErrorPage(r *http.Request) bool {
	if r.Method != http.MethodGet || !strings.HasPrefix(r.UserAgent(), "Mozilla/") {
		return false
	}
	for _, h := range []string{"OData-Version", "OData-MaxVersion", "MaxDataServiceVersion", "DataServiceVersion"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	if q := strings.ToLower(r.URL.RawQuery); strings.Contains(q, "$format") || strings.Contains(q, "%24format") {
		return false
	}
	return prefersHTML(r)
}

// writeErrorPage writes e as an HTML page; msg is the message to show.
func writeErrorPage(w http.ResponseWriter, r *http.Request, e *odataerr.Error, msg, reqID string) {
	p := errorPage{Status: e.Status, Code: e.Code, Message: msg, Target: e.Target, RequestID: reqID}
	if e.Pos >= 0 && e.Target != "" {
		if text := r.URL.Query().Get(e.Target); text != "" && e.Pos <= len(text) {
			p.Text, p.Pad = text, strings.Repeat(" ", len([]rune(text[:e.Pos])))
		}
	}
	var buf bytes.Buffer
	if err := errorTemplate.Execute(&buf, p); err != nil {
		buf.Reset()
		buf.WriteString(template.HTMLEscapeString(msg))
	}
	h := w.Header()
	h.Del("Content-Encoding")
	h.Set("Content-Type", "text/html;charset=utf-8")
	h.Set("Vary", "Accept")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(e.Status)
	_, _ = w.Write(buf.Bytes())
}
