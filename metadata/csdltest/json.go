package csdltest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// CheckJSON validates doc against csdl.schema.json, then checks what the
// schema cannot: unique names and references that resolve inside the
// document (see refs.go). It returns nil for a valid
// document, an error wrapping ErrUnavailable when the schema cannot be found
// or compiled, and otherwise an error describing the violations. Besides the
// schema it rejects an object with two members of the same name, which JSON
// Schema cannot see (decoders keep one of them) and which in CSDL means two
// model elements with one name.
//
// The schema is loaded from the local file; its only non-local reference is
// its $schema (draft-07), whose meta-schema the validator library embeds, so
// nothing is fetched from the network.
func CheckJSON(doc []byte) error {
	if err := checkJSONSchema(doc); err != nil {
		return err
	}
	if err := checkJSONReferences(doc); err != nil {
		return fmt.Errorf("valid against csdl.schema.json, but: %v", err)
	}
	return nil
}

// checkJSONSchema is the schema part of CheckJSON, duplicate members included.
func checkJSONSchema(doc []byte) error {
	dir, err := SchemasDir()
	if err != nil {
		return err
	}
	schema, err := compileSchema(filepath.Join(dir, "csdl.schema.json"))
	if err != nil {
		return fmt.Errorf("%w: compiling csdl.schema.json: %v", ErrUnavailable, err)
	}
	if err := checkDuplicateMembers(doc); err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not well-formed JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		return fmt.Errorf("does not validate against csdl.schema.json: %v", err)
	}
	return nil
}

// compileSchema compiles the CSDL JSON schema at path. The default loader
// reads file: URLs only and the draft-07 meta-schema is built in, so a remote
// $ref would fail here instead of reaching the network. Compiling takes a few
// milliseconds; it is done per call rather than cached in a package variable.
func compileSchema(path string) (*jsonschema.Schema, error) {
	return jsonschema.NewCompiler().Compile(path)
}

// checkDuplicateMembers walks doc's tokens and reports the first object that
// holds a member name twice, with the path to it.
func checkDuplicateMembers(doc []byte) error {
	dec := json.NewDecoder(bytes.NewReader(doc))
	type frame struct {
		object bool
		seen   map[string]bool
		name   string // path segment of this value
		expect bool   // object: the next string token is a member name
	}
	var stack []*frame
	path := func() string {
		var b bytes.Buffer
		for _, f := range stack {
			b.WriteString("/" + f.name)
		}
		return b.String()
	}
	nextName := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("not well-formed JSON: %v", err)
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.expect {
			if d, ok := tok.(json.Delim); !ok || d != '}' {
				name, _ := tok.(string)
				if top.seen[name] {
					return fmt.Errorf("duplicate member %q in object %s", name, path())
				}
				top.seen[name] = true
				top.expect = false
				nextName = name
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, &frame{object: tok == json.Delim('{'), seen: map[string]bool{}, name: nextName, expect: tok == json.Delim('{')})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].expect = true
		}
		nextName = ""
	}
}
