package csdltest

import (
	"bytes"
	"encoding/json"
	"strings"
)

// checkJSONReferences runs the reference checks on a CSDL JSON document that
// already validated against the schema (and has no duplicate members).
func checkJSONReferences(data []byte) error {
	var root map[string]any
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		return err
	}
	d := &doc{}
	d.container, _ = root["$EntityContainer"].(string)
	for _, ns := range sorted(root) {
		body, ok := root[ns].(map[string]any)
		if !ok || strings.HasPrefix(ns, "$") || strings.HasPrefix(ns, "@") {
			continue
		}
		alias, _ := body["$Alias"].(string)
		s := newSchema(ns, alias)
		d.schemas = append(d.schemas, s)
		for _, name := range sorted(body) {
			el, ok := body[name].(map[string]any)
			if !ok || strings.HasPrefix(name, "$") || strings.HasPrefix(name, "@") {
				continue // actions and functions are arrays; overloads share a name
			}
			kind, _ := el["$Kind"].(string)
			d.declare(s, name)
			switch kind {
			case "EntityType", "ComplexType":
				s.types[name] = readJSONType(d, name, kind == "EntityType", el)
			case "EntityContainer":
				s.containers[name] = readJSONContainer(d, name, el)
			}
		}
	}
	return d.check()
}

func readJSONType(d *doc, name string, entity bool, el map[string]any) *structured {
	base, _ := el["$BaseType"].(string)
	t := newStructured(name, base, entity)
	keys, _ := el["$Key"].([]any)
	for _, k := range keys {
		if s, ok := k.(string); ok {
			t.keys = append(t.keys, s)
		}
	}
	for _, m := range sorted(el) {
		member, ok := el[m].(map[string]any)
		if !ok || strings.HasPrefix(m, "$") || strings.HasPrefix(m, "@") {
			continue
		}
		d.addMember(t, m)
		if kind, _ := member["$Kind"].(string); kind != "NavigationProperty" {
			t.props[m] = true
			continue
		}
		n := &nav{name: m}
		n.typ, _ = member["$Type"].(string)
		n.partner, _ = member["$Partner"].(string)
		rc, _ := member["$ReferentialConstraint"].(map[string]any)
		for _, dep := range sorted(rc) {
			if prin, ok := rc[dep].(string); ok && !strings.Contains(dep, "@") {
				n.constraints = append(n.constraints, [2]string{dep, prin})
			}
		}
		t.navs[m] = n
	}
	return t
}

func readJSONContainer(d *doc, name string, el map[string]any) *container {
	_, extends := el["$Extends"]
	c := &container{name: name, extends: extends, children: map[string]*set{}}
	for _, m := range sorted(el) {
		child, ok := el[m].(map[string]any)
		if !ok || strings.HasPrefix(m, "$") || strings.HasPrefix(m, "@") {
			continue
		}
		s := &set{name: m}
		if _, isImport := child["$Action"]; !isImport {
			if _, isImport = child["$Function"]; !isImport {
				s.typ, _ = child["$Type"].(string)
			}
		}
		b, _ := child["$NavigationPropertyBinding"].(map[string]any)
		for _, path := range sorted(b) {
			if target, ok := b[path].(string); ok {
				s.bindings = append(s.bindings, [2]string{path, target})
			}
		}
		d.addChild(c, s)
	}
	return c
}
