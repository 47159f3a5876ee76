package csdltest

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckXML validates doc against edmx.xsd with xmllint (Debian package
// libxml2-utils), then checks what the schema cannot: unique names and
// references that resolve inside the document (see refs.go). It returns nil
// for a valid document, an error wrapping
// ErrUnavailable when xmllint or the schemas are missing or the schema does
// not compile, and otherwise an error quoting xmllint's diagnostics.
//
// xmllint runs with --nonet: edmx.xsd imports edm.xsd by relative
// schemaLocation, so nothing is fetched from the network.
//
// libxml2 (2.9.14 at least) rejects most CJK ideographs and Hangul syllables
// in identifiers: its \p{L} tables hold only the first and last character of
// the ranges UnicodeData.txt abbreviates. Before validating, such characters
// are replaced by the first character of their range, which libxml2 accepts.
// This cannot hide a defect: the replacement is a letter of the same category
// (Lo), the character count stays the same, and edm.xsd and edmx.xsd declare
// no identity constraints (xs:unique, xs:key) that equal names could trip.
func CheckXML(doc []byte) error {
	if err := checkXMLSchema(doc); err != nil {
		return err
	}
	if err := checkXMLReferences(doc); err != nil {
		return fmt.Errorf("valid against edmx.xsd, but: %v", err)
	}
	return nil
}

// checkXMLSchema is the xmllint part of CheckXML.
func checkXMLSchema(doc []byte) error {
	dir, err := SchemasDir()
	if err != nil {
		return err
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		return fmt.Errorf("%w: xmllint not found (apt-get install libxml2-utils): %v", ErrUnavailable, err)
	}
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join(dir, "edmx.xsd"), "-")
	cmd.Stdin = bytes.NewReader(libxml2Letters(doc))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	msg := strings.TrimSpace(stderr.String())
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exit):
		// xmllint exit codes: 1 not well-formed, 3 invalid, 4 or 5 the
		// schema could not be loaded or compiled.
		switch exit.ExitCode() {
		case 1:
			return fmt.Errorf("not well-formed XML (xmllint rc 1): %s", msg)
		case 3:
			return fmt.Errorf("does not validate against edmx.xsd (xmllint rc 3): %s", msg)
		case 4, 5:
			return fmt.Errorf("%w: xmllint cannot use %s (rc %d): %s", ErrUnavailable, dir, exit.ExitCode(), msg)
		}
		return fmt.Errorf("xmllint rc %d: %s", exit.ExitCode(), msg)
	default:
		return fmt.Errorf("%w: running xmllint: %v", ErrUnavailable, err)
	}
}

// abbreviatedRanges are the Lo ranges UnicodeData.txt lists as First/Last
// pairs, which libxml2's pattern matching does not know beyond the endpoints.
var abbreviatedRanges = [...][2]rune{
	{0x3400, 0x4DBF},   // CJK Unified Ideographs Extension A
	{0x4E00, 0x9FFF},   // CJK Unified Ideographs
	{0xAC00, 0xD7A3},   // Hangul Syllables
	{0x17000, 0x187FF}, // Tangut
	{0x18D00, 0x18D7F}, // Tangut Supplement
	{0x20000, 0x323AF}, // CJK Unified Ideographs Extensions B to H
}

// libxml2Letters returns doc with every letter of abbreviatedRanges replaced
// by the first character of its range (see CheckXML); doc itself when there
// is none.
func libxml2Letters(doc []byte) []byte {
	var out []byte
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		repl := rune(-1)
		if r >= 0x3400 && unicode.Is(unicode.Lo, r) {
			for _, rg := range abbreviatedRanges {
				if r >= rg[0] && r <= rg[1] {
					repl = rg[0]
				}
			}
		}
		if repl >= 0 && out == nil {
			out = append(make([]byte, 0, len(doc)), doc[:i]...)
		}
		switch {
		case repl >= 0:
			out = utf8.AppendRune(out, repl)
		case out != nil:
			out = append(out, doc[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return doc
	}
	return out
}
