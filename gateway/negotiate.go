package gateway

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"odatagw/odataerr"
)

// metadataLevel is the JSON format's odata.metadata parameter.
type metadataLevel int

const (
	metadataMinimal metadataLevel = iota
	metadataFull
	metadataNone
)

// format is the negotiated representation of a response.
type format struct {
	kind     formatKind
	metadata metadataLevel
	value    valueFormat
}

type formatKind int

const (
	formatJSON formatKind = iota
	formatXML             // $metadata only
	formatText            // $count and $value
)

// contentType returns the Content-Type header for a JSON response in f.
func (f format) contentType() string {
	var b strings.Builder
	b.WriteString("application/json;odata.metadata=")
	switch f.metadata {
	case metadataFull:
		b.WriteString("full")
	case metadataNone:
		b.WriteString("none")
	default:
		b.WriteString("minimal")
	}
	b.WriteString(";odata.streaming=true;IEEE754Compatible=")
	b.WriteString(strconv.FormatBool(f.value.ieee754))
	b.WriteString(";charset=utf-8")
	return b.String()
}

// mediaRange is one element of an Accept header (or a $format value).
type mediaRange struct {
	typ, sub string
	params   map[string]string // lower-case names; values as written
	q        float64
	order    int
}

// parseAccept parses an Accept header into media ranges ordered by preference
// (q descending, then specificity, then order of appearance). Malformed
// elements are ignored, as HTTP recommends.
func parseAccept(h string) []mediaRange {
	var out []mediaRange
	for i, part := range splitOutsideQuotes(h, ',') {
		mr, ok := parseMediaRange(part)
		if !ok {
			continue
		}
		mr.order = i
		out = append(out, mr)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].q != out[j].q {
			return out[i].q > out[j].q
		}
		return specificity(out[i]) > specificity(out[j])
	})
	return out
}

func specificity(m mediaRange) int {
	switch {
	case m.typ == "*":
		return 0
	case m.sub == "*":
		return 1
	}
	return 2 + len(m.params)
}

func parseMediaRange(s string) (mediaRange, bool) {
	parts := splitOutsideQuotes(s, ';')
	mt := strings.ToLower(strings.TrimSpace(parts[0]))
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok || typ == "" || sub == "" {
		return mediaRange{}, false
	}
	mr := mediaRange{typ: typ, sub: sub, q: 1, params: map[string]string{}}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.Trim(strings.TrimSpace(v), `"`)
		if k == "q" {
			q, err := strconv.ParseFloat(v, 64)
			if err != nil || q < 0 || q > 1 {
				return mediaRange{}, false
			}
			mr.q = q
			continue
		}
		if k != "" {
			mr.params[k] = v
		}
	}
	return mr, true
}

func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	inQuote, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			inQuote = !inQuote
		case sep:
			if !inQuote {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// negotiate picks the representation for a response that can be served as the
// kinds in offer (first = server preference). $format wins over Accept.
func negotiate(r *http.Request, dollarFormat string, offer ...formatKind) (format, error) {
	var ranges []mediaRange
	if dollarFormat != "" {
		mr, ok := formatOption(dollarFormat)
		if !ok {
			return format{}, notAcceptable("$format '%s' is not supported; use json (or xml for $metadata)", dollarFormat)
		}
		ranges = []mediaRange{mr}
	} else if h := strings.Join(r.Header.Values("Accept"), ","); strings.TrimSpace(h) != "" {
		ranges = parseAccept(h)
	} else {
		return format{kind: offer[0]}, nil
	}
	for _, mr := range ranges {
		if mr.q == 0 {
			continue
		}
		for _, k := range offer {
			if f, ok := matches(mr, k); ok {
				return f, nil
			}
		}
	}
	return format{}, notAcceptable("none of the requested representations is available; this resource is served as %s", describe(offer))
}

func formatOption(v string) (mediaRange, bool) {
	switch strings.ToLower(v) {
	case "json":
		return mediaRange{typ: "application", sub: "json", q: 1, params: map[string]string{}}, true
	case "xml":
		return mediaRange{typ: "application", sub: "xml", q: 1, params: map[string]string{}}, true
	}
	mr, ok := parseMediaRange(v)
	return mr, ok
}

func matches(mr mediaRange, k formatKind) (format, bool) {
	any := mr.typ == "*"
	switch k {
	case formatJSON:
		if !(any || mr.typ == "application" && (mr.sub == "*" || mr.sub == "json")) {
			return format{}, false
		}
		f := format{kind: formatJSON}
		if m, ok := mr.params["odata.metadata"]; ok {
			switch strings.ToLower(m) {
			case "minimal":
			case "full":
				f.metadata = metadataFull
			case "none":
				f.metadata = metadataNone
			default:
				return format{}, false
			}
		}
		if m, ok := mr.params["odata"]; ok { // OData v3 verbose form, e.g. odata=minimalmetadata
			switch strings.ToLower(m) {
			case "fullmetadata":
				f.metadata = metadataFull
			case "nometadata":
				f.metadata = metadataNone
			}
		}
		if v, ok := mr.params["ieee754compatible"]; ok {
			f.value.ieee754 = strings.EqualFold(v, "true")
		}
		return f, true
	case formatXML:
		if any || mr.typ == "application" && (mr.sub == "*" || mr.sub == "xml") || mr.typ == "text" && mr.sub == "xml" {
			return format{kind: formatXML}, true
		}
	case formatText:
		if any || mr.typ == "text" && (mr.sub == "*" || mr.sub == "plain") {
			return format{kind: formatText}, true
		}
	}
	return format{}, false
}

func describe(offer []formatKind) string {
	var names []string
	for _, k := range offer {
		switch k {
		case formatJSON:
			names = append(names, "application/json")
		case formatXML:
			names = append(names, "application/xml")
		case formatText:
			names = append(names, "text/plain")
		}
	}
	return strings.Join(names, " or ")
}

func notAcceptable(format string, args ...any) error {
	return odataerr.New(http.StatusNotAcceptable, "NotAcceptable", format, args...)
}
