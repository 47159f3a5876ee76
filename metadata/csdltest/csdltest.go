// Package csdltest validates CSDL documents against the OASIS schemas in
// ../shared/conformance/csdl-schemas: CSDL XML with xmllint and edmx.xsd (which
// imports edm.xsd from the same folder), CSDL JSON with csdl.schema.json
// (JSON Schema draft-07). Both run offline.
//
// Tests call ValidateXML and ValidateJSON on any $metadata they produce:
//
//	csdltest.ValidateXML(t, xmlBytes)
//	csdltest.ValidateJSON(t, jsonBytes)
//
// When a validator cannot run (xmllint not installed, the shared folder not
// found) they fail the test if the environment variable CI is "true" and skip
// it otherwise. CheckXML and CheckJSON are the same checks returning an error,
// for tests that expect a document to be rejected.
package csdltest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// ErrUnavailable wraps every error meaning "this validator cannot run here"
// (as opposed to "the document is invalid").
var ErrUnavailable = errors.New("csdl validator unavailable")

// EnvSchemas names an environment variable that, when set, points at the
// folder holding edmx.xsd, edm.xsd and csdl.schema.json.
const EnvSchemas = "ODATAGW_CSDL_SCHEMAS"

// SchemasDir returns the folder with the OASIS CSDL schemas: $ODATAGW_CSDL_SCHEMAS,
// or shared/conformance/csdl-schemas beside the module root (the repository is
// cloned with shared/ next to it), found by walking up from the working
// directory to the directory holding go.mod.
func SchemasDir() (string, error) {
	if dir := os.Getenv(EnvSchemas); dir != "" {
		return checkSchemasDir(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return checkSchemasDir(filepath.Join(dir, "..", "shared", "conformance", "csdl-schemas"))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: no go.mod above %s", ErrUnavailable, wd)
		}
		dir = parent
	}
}

func checkSchemasDir(dir string) (string, error) {
	for _, f := range []string{"edmx.xsd", "edm.xsd", "csdl.schema.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return "", fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
	}
	return filepath.Clean(dir), nil
}

// ValidateXML fails t unless doc is a CSDL XML document valid against edmx.xsd.
func ValidateXML(t testing.TB, doc []byte) {
	t.Helper()
	report(t, "CSDL XML", doc, CheckXML(doc))
}

// ValidateJSON fails t unless doc is a CSDL JSON document valid against
// csdl.schema.json, with no object holding the same member twice.
func ValidateJSON(t testing.TB, doc []byte) {
	t.Helper()
	report(t, "CSDL JSON", doc, CheckJSON(doc))
}

func report(t testing.TB, what string, doc []byte, err error) {
	t.Helper()
	switch {
	case err == nil:
	case errors.Is(err, ErrUnavailable):
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot validate %s (CI=true): %v", what, err)
			return
		}
		t.Skipf("cannot validate %s: %v", what, err)
	default:
		t.Fatalf("invalid %s: %v\n--- document ---\n%s", what, err, excerpt(doc))
	}
}

// excerpt limits a document quoted in a failure message.
func excerpt(doc []byte) []byte {
	const limit = 64 << 10
	if len(doc) > limit {
		return append(doc[:limit:limit], "\n…(truncated)"...)
	}
	return doc
}
