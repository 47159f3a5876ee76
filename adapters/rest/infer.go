package rest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"odatagw/metadata"
)

// Infer proposes the configuration of one entity set from a sample
// collection response: where the rows are (pointer, or found), their
// properties (nested objects flattened into JSON pointer fields) with Edm
// types and nullability inferred from the values, a key guess, and the
// paging style when the response shows one. It is a starting point for a
// person to check, not a contract: a sample cannot prove a key unique.
func Infer(body []byte, header http.Header, pointerTo, name string) (Entity, error) {
	doc, err := parseJSON(body)
	if err != nil {
		return Entity{}, fmt.Errorf("the response is not JSON: %w", err)
	}
	e := Entity{Name: name, Rows: pointerTo}
	if pointerTo == "" {
		e.Rows = findRows(doc)
	}
	arr, ok := pointer(doc, e.Rows)
	list, isList := arr.([]any)
	if !ok || !isList {
		return e, fmt.Errorf("no array of rows at %q (give --pointer)", e.Rows)
	}
	var rows []map[string]any
	for _, r := range list {
		if m, ok := r.(map[string]any); ok {
			rows = append(rows, m)
		}
	}
	if len(rows) == 0 {
		return e, fmt.Errorf("the array at %q holds no objects to learn from", e.Rows)
	}
	fields := map[string][]any{}
	var order []string
	for _, r := range rows {
		flatten(r, "", func(ptr string, v any) {
			if _, seen := fields[ptr]; !seen {
				order = append(order, ptr)
			}
			fields[ptr] = append(fields[ptr], v)
		})
	}
	used := map[string]bool{}
	for _, ptr := range order {
		vals := fields[ptr]
		p := Property{Name: propertyName(ptr, used), Type: string(inferType(vals))}
		if p.Type == string(metadata.EdmString) {
			p.Type = ""
		}
		if f := strings.TrimPrefix(ptr, "/"); !strings.Contains(f, "/") && f != p.Name {
			p.Field = f
		} else if strings.Contains(f, "/") {
			p.Field = ptr
		}
		e.Properties = append(e.Properties, p) // nullable: a sample cannot show a property is never null
	}
	if k := guessKey(name, e.Properties, order, fields, len(rows)); k != "" {
		e.Key = []string{k}
	}
	e.Paging = inferPaging(doc, header)
	return e, nil
}

// findRows returns the pointer of the rows: the document when it is an
// array, else the first member (then one level deeper) holding an array of
// objects, preferring the usual names.
func findRows(doc any) string {
	if _, ok := doc.([]any); ok {
		return ""
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	preferred := []string{"data", "items", "results", "value", "records", "rows"}
	slices.SortFunc(keys, func(a, b string) int {
		ia, ib := slices.Index(preferred, strings.ToLower(a)), slices.Index(preferred, strings.ToLower(b))
		if ia < 0 {
			ia = len(preferred)
		}
		if ib < 0 {
			ib = len(preferred)
		}
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		if arr, ok := m[k].([]any); ok && len(arr) > 0 {
			if _, isObj := arr[0].(map[string]any); isObj {
				return "/" + escapePointer(k)
			}
		}
	}
	for _, k := range keys {
		if sub, ok := m[k].(map[string]any); ok {
			if p := findRows(sub); p != "" {
				return "/" + escapePointer(k) + p
			}
		}
	}
	return ""
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// flatten calls f with the JSON pointer and value of every scalar member of
// obj, descending into nested objects; arrays are left out.
func flatten(obj map[string]any, prefix string, f func(string, any)) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // JSON objects carry no order a map keeps
	for _, k := range keys {
		ptr := prefix + "/" + escapePointer(k)
		switch v := obj[k].(type) {
		case map[string]any:
			flatten(v, ptr, f)
		case []any:
		default:
			f(ptr, v)
		}
	}
}

// inferType is the narrowest Edm type every non-null value fits.
func inferType(vals []any) metadata.EdmType {
	kind := ""
	for _, v := range vals {
		if v == nil {
			continue
		}
		k := jsonKind(v)
		if kind != "" && k != kind {
			return metadata.EdmString
		}
		kind = k
	}
	switch kind {
	case "boolean":
		return metadata.EdmBoolean
	case "number":
		return numberType(vals)
	case "string":
		return textType(vals)
	}
	return metadata.EdmString
}

func numberType(vals []any) metadata.EdmType {
	t := metadata.EdmInt32
	for _, v := range vals {
		n, ok := v.(json.Number)
		if !ok {
			continue
		}
		s := string(n)
		if strings.ContainsAny(s, "eE") {
			return metadata.EdmDouble
		}
		if strings.Contains(s, ".") {
			t = metadata.EdmDecimal
		} else if i, err := strconv.ParseInt(s, 10, 64); err != nil {
			t = metadata.EdmDecimal
		} else if (i > 1<<31-1 || i < -1<<31) && t == metadata.EdmInt32 {
			t = metadata.EdmInt64
		}
	}
	return t
}

func textType(vals []any) metadata.EdmType {
	fits := func(parse func(string) bool) bool {
		n := 0
		for _, v := range vals {
			if s, ok := v.(string); ok {
				if !parse(s) {
					return false
				}
				n++
			}
		}
		return n > 0
	}
	switch {
	case fits(func(s string) bool { _, err := time.Parse(time.RFC3339Nano, s); return err == nil }):
		return metadata.EdmDateTimeOffset
	case fits(func(s string) bool { _, err := time.Parse(time.DateOnly, s); return err == nil }):
		return metadata.EdmDate
	case fits(func(s string) bool { return isGUID(strings.ToLower(s)) }):
		return metadata.EdmGuid
	}
	return metadata.EdmString
}

// propertyName turns a JSON pointer into a PascalCase identifier
// (/measures/weight_kg → MeasuresWeightKg), unique among used.
func propertyName(ptr string, used map[string]bool) string {
	var sb strings.Builder
	upper := true
	for _, r := range ptr {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if upper {
				r = unicode.ToUpper(r)
			}
			sb.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	name := sb.String()
	if name == "" || !unicode.IsLetter([]rune(name)[0]) {
		name = "P" + name
	}
	base := name
	for i := 2; used[name]; i++ {
		name = base + strconv.Itoa(i)
	}
	used[name] = true
	return name
}

// guessKey picks a top-level property whose sample values are all there,
// non-null and unique,
// preferring id (or the set's own id, ShipmentId), then names ending in number,
// code or key, then other ids (often foreign keys).
func guessKey(set string, props []Property, order []string, fields map[string][]any, n int) string {
	best, bestRank := "", 99
	for i, p := range props {
		vals := fields[order[i]]
		if len(vals) != n || slices.Contains(vals, nil) || strings.Contains(order[i][1:], "/") {
			continue
		}
		t := metadata.EdmString
		if p.Type != "" {
			t, _ = metadata.ParseEdmType(p.Type)
		}
		if !metadata.IsKeyType(t) || t == metadata.EdmDateTimeOffset || t == metadata.EdmBoolean || t == metadata.EdmDecimal {
			continue
		}
		seen := map[string]bool{}
		for _, v := range vals {
			seen[fmt.Sprint(v)] = true
		}
		if len(seen) != n {
			continue
		}
		lower := strings.ToLower(p.Name)
		rank := 3
		own := strings.TrimSuffix(strings.ToLower(set), "s") + "id" // ShipmentId for Shipments
		switch {
		case lower == "id" || lower == own:
			rank = 0
		case strings.HasSuffix(lower, "number") || strings.HasSuffix(lower, "code") || strings.HasSuffix(lower, "key"):
			rank = 1
		case strings.HasSuffix(lower, "id"):
			rank = 2 // often another entity's id (a foreign key)
		}
		if rank < bestRank {
			best, bestRank = p.Name, rank
		}
	}
	return best
}

// inferPaging recognises a Link rel="next" header, a next URL or a cursor
// in the body.
func inferPaging(doc any, header http.Header) Paging {
	if nextLink(header) != "" {
		return Paging{Style: "link"}
	}
	for _, ptr := range []string{"/next", "/links/next", "/paging/next", "/@odata.nextLink", "/meta/next", "/_links/next/href"} {
		if v, ok := pointer(doc, ptr); ok {
			if s, isText := v.(string); isText && (strings.HasPrefix(s, "http") || strings.HasPrefix(s, "/")) {
				return Paging{Style: "next", Next: ptr}
			}
		}
	}
	for _, ptr := range []string{"/next_cursor", "/cursor", "/meta/next_cursor", "/meta/cursor", "/paging/cursor", "/nextPageToken", "/next_page_token"} {
		if v, ok := pointer(doc, ptr); ok && v != nil {
			return Paging{Style: "cursor", Cursor: ptr}
		}
	}
	return Paging{}
}
