package sqlite

import (
	"bytes"
	"testing"

	"odatagw/metadata"
	"odatagw/metadata/csdltest"
)

// validateCSDL writes m as CSDL XML and JSON and validates both against the
// OASIS schemas.
func validateCSDL(t *testing.T, m *metadata.Model) {
	t.Helper()
	var xml, js bytes.Buffer
	if err := metadata.WriteXML(&xml, m); err != nil {
		t.Fatal(err)
	}
	if err := metadata.WriteJSON(&js, m); err != nil {
		t.Fatal(err)
	}
	csdltest.ValidateXML(t, xml.Bytes())
	csdltest.ValidateJSON(t, js.Bytes())
}
