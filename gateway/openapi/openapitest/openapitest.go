// Package openapitest validates OpenAPI documents in tests with kin-openapi,
// a standard OpenAPI 3 validator, and checks response bodies against their
// schemas.
//
//	doc := openapitest.Validate(t, body)
//	openapitest.CheckValue(t, doc, "demo.Orders", entity)
package openapitest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// Validate loads an OpenAPI document (JSON), resolves its references and
// validates it as OpenAPI 3, failing the test on any error.
func Validate(t testing.TB, doc []byte) *openapi3.T {
	t.Helper()
	d, err := Load(doc)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Load loads and validates an OpenAPI document (JSON).
func Load(doc []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	d, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI document does not load: %w", err)
	}
	if err := d.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("OpenAPI document is not valid: %w", err)
	}
	return d, nil
}

// CheckValue validates a JSON value (as decoded by encoding/json, numbers as
// json.Number or float64) against the component schema named name.
func CheckValue(t testing.TB, doc *openapi3.T, name string, value any) {
	t.Helper()
	if err := Check(doc, name, value); err != nil {
		b, _ := json.Marshal(value)
		t.Errorf("%v\nvalue: %.500s", err, b)
	}
}

// Check returns why value does not match the component schema named name.
func Check(doc *openapi3.T, name string, value any) error {
	ref := doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("OpenAPI document has no schema %q", name)
	}
	if err := ref.Value.VisitJSON(normalize(value)); err != nil {
		return fmt.Errorf("value does not match schema %s: %w", name, err)
	}
	return nil
}

// normalize turns json.Number into float64, which the validator expects.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	}
	return v
}
