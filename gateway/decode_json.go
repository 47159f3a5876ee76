package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"odatagw/odataerr"
)

// The request body decoder, first stage: JSON text into ordered objects,
// keeping numbers as their text (json.Number) so that Int64 and Decimal
// values stay exact, and refusing duplicate members (which OData forbids and
// which would otherwise make the last one win silently). The second stage
// (decode_entity.go) checks the objects against the entity type.

// maxBodyDepth bounds the nesting of objects and arrays in a body (deep
// inserts nest one object per navigation level).
const maxBodyDepth = 32

// jsonObject is a JSON object with its members in order.
// Values are nil, bool, json.Number, string, *jsonObject or []any.
type jsonObject struct {
	members []jsonMember
}

type jsonMember struct {
	name  string
	value any
}

// decodeJSONObject parses body, which must hold exactly one JSON object.
func decodeJSONObject(body []byte) (*jsonObject, error) {
	if err := checkJSONText(body); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonSyntaxError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, odataerr.BadRequest("the request body must be a JSON object")
	}
	obj, err := readObject(dec, 1)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, odataerr.BadRequest("the request body must hold one JSON object and nothing after it")
	}
	return obj, nil
}

// decodeJSONValue parses body, which must hold exactly one JSON value
// (a single property's new value: {"value": …} or, for $value, raw text).
func decodeJSONValue(body []byte) (any, error) {
	if err := checkJSONText(body); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	v, err := readValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, odataerr.BadRequest("the request body must hold one JSON value and nothing after it")
	}
	return v, nil
}

// readObject reads the members of an object whose '{' was consumed.
func readObject(dec *json.Decoder, depth int) (*jsonObject, error) {
	if depth > maxBodyDepth {
		return nil, odataerr.BadRequest("the request body nests more than %d levels", maxBodyDepth)
	}
	obj := &jsonObject{}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonSyntaxError(err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, odataerr.BadRequest("the request body is not valid JSON: expected a member name")
		}
		if seen[name] {
			return nil, odataerr.BadRequest("the member '%s' appears twice in an object of the request body", name).At(name, -1)
		}
		seen[name] = true
		v, err := readValue(dec, depth)
		if err != nil {
			return nil, err
		}
		obj.members = append(obj.members, jsonMember{name: name, value: v})
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, jsonSyntaxError(err)
	}
	return obj, nil
}

// readValue reads one value.
func readValue(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonSyntaxError(err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil // nil, bool, json.Number, string
	}
	switch d {
	case '{':
		return readObject(dec, depth+1)
	case '[':
		if depth+1 > maxBodyDepth {
			return nil, odataerr.BadRequest("the request body nests more than %d levels", maxBodyDepth)
		}
		arr := []any{}
		for dec.More() {
			v, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		if _, err := dec.Token(); err != nil {
			return nil, jsonSyntaxError(err)
		}
		return arr, nil
	}
	return nil, odataerr.BadRequest("the request body is not valid JSON")
}

// jsonSyntaxError says where the JSON text is broken, without echoing it.
func jsonSyntaxError(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		e := odataerr.BadRequest("the request body is not valid JSON: %s", se.Error())
		e.Pos = int(se.Offset)
		return e
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return odataerr.BadRequest("the request body is not valid JSON: it ends too early")
	}
	return odataerr.BadRequest("the request body is not valid JSON").WithCause(err)
}

// member returns the value of the member called name, and whether there is one.
func (o *jsonObject) member(name string) (any, bool) {
	for _, m := range o.members {
		if m.name == name {
			return m.value, true
		}
	}
	return nil, false
}
