package csdltest

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// CheckXML validates doc against edmx.xsd with xmllint (Debian package
// libxml2-utils). It returns nil for a valid document, an error wrapping
// ErrUnavailable when xmllint or the schemas are missing or the schema does
// not compile, and otherwise an error quoting xmllint's diagnostics.
//
// xmllint runs with --nonet: edmx.xsd imports edm.xsd by relative
// schemaLocation, so nothing is fetched from the network.
func CheckXML(doc []byte) error {
	dir, err := SchemasDir()
	if err != nil {
		return err
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		return fmt.Errorf("%w: xmllint not found (apt-get install libxml2-utils): %v", ErrUnavailable, err)
	}
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join(dir, "edmx.xsd"), "-")
	cmd.Stdin = bytes.NewReader(doc)
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
