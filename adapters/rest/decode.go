package rest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
)

// pointer resolves the JSON pointer ptr (RFC 6901) in v; "" is v itself.
// ok is false when a segment is missing.
func pointer(v any, ptr string) (any, bool) {
	if ptr == "" {
		return v, true
	}
	for _, seg := range strings.Split(ptr[1:], "/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[seg]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// parseJSON decodes a response body, keeping numbers exact.
func parseJSON(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// rowOf converts one JSON object into a row of e (Type.Properties order).
func (e *entity) rowOf(obj any) ([]any, error) {
	m, ok := obj.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a row is a JSON %s, not an object", jsonKind(obj))
	}
	props := e.set.Type.Properties
	row := make([]any, len(props))
	for i, p := range props {
		var raw any
		if f := e.fields[i]; strings.HasPrefix(f, "/") {
			raw, _ = pointer(m, f)
		} else {
			raw = m[f]
		}
		v, err := convert(p, raw)
		if err != nil {
			return nil, &propError{prop: p, err: err}
		}
		if v == nil && !p.Nullable {
			return nil, &propError{prop: p, err: errors.New("null or missing, but it is not nullable")}
		}
		row[i] = v
	}
	return row, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// convert turns a JSON value into the Go value of p's Edm type
// (metadata/values.go). Numbers may come as strings and vice versa where
// the text is unambiguous.
func convert(p *metadata.Property, raw any) (any, error) {
	if raw == nil {
		return nil, nil
	}
	bad := func() (any, error) {
		return nil, fmt.Errorf("a JSON %s is not a valid %s value", jsonKind(raw), p.Type)
	}
	text, isText := raw.(string)
	num, isNum := raw.(json.Number)
	if isNum {
		text = string(num)
	}
	switch p.Type {
	case metadata.EdmString:
		switch x := raw.(type) {
		case string:
			return x, nil
		case json.Number:
			return string(x), nil
		case bool:
			return strconv.FormatBool(x), nil
		}
		return bad()
	case metadata.EdmBoolean:
		if b, ok := raw.(bool); ok {
			return b, nil
		}
		if isText && (text == "true" || text == "false") {
			return text == "true", nil
		}
		return bad()
	case metadata.EdmByte, metadata.EdmInt16, metadata.EdmInt32, metadata.EdmInt64:
		if !isNum && !isText {
			return bad()
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return bad()
		}
		return n, nil
	case metadata.EdmSingle, metadata.EdmDouble:
		if !isNum && !isText {
			return bad()
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return bad()
		}
		return f, nil
	case metadata.EdmDecimal:
		if !isNum && !isText {
			return bad()
		}
		return decimalOf(text, p.Scale)
	}
	if !isText {
		return bad()
	}
	return convertText(p, text)
}

// decimalOf canonicalises decimal text (exponents expanded), written with
// scale fractional digits when scale > 0, as SQL sources return them.
func decimalOf(text string, scale int) (any, error) {
	r, ok := new(big.Rat).SetString(strings.TrimPrefix(text, "+"))
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal number", text)
	}
	if scale > 0 {
		return metadata.Decimal(r.FloatString(scale)), nil
	}
	if strings.ContainsAny(text, "eE+") {
		s := r.FloatString(30)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		return metadata.Decimal(s), nil
	}
	return metadata.Decimal(text), nil
}

// convertText parses the text forms of dates, times, GUIDs and binaries.
func convertText(p *metadata.Property, s string) (any, error) {
	switch p.Type {
	case metadata.EdmDate:
		if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
			s = s[:10] // a date-time where a date is declared: its date part
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
		}
		return metadata.DateOf(t), nil
	case metadata.EdmDateTimeOffset:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an RFC 3339 date-time", s)
		}
		return t.UTC(), nil
	case metadata.EdmTimeOfDay:
		t, err := time.Parse("15:04:05.999999999", s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a time of day (hh:mm:ss)", s)
		}
		return metadata.TimeOfDay{Hour: t.Hour(), Minute: t.Minute(), Second: t.Second(), Nanosecond: t.Nanosecond()}, nil
	case metadata.EdmGuid:
		g := strings.ToLower(s)
		if !isGUID(g) {
			return nil, fmt.Errorf("%q is not a GUID", s)
		}
		return g, nil
	case metadata.EdmBinary:
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			if b, err = base64.URLEncoding.DecodeString(s); err != nil {
				return nil, fmt.Errorf("the value is not base64")
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("type %s is not supported", p.Type)
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// paramText writes a value as a query parameter or path segment.
func paramText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case metadata.Decimal:
		return string(x)
	case metadata.Date:
		return x.String()
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case metadata.TimeOfDay:
		return x.String()
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	}
	return fmt.Sprint(v)
}
