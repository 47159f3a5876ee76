package csdltest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// The OASIS schemas check the shape of a document only. These checks add the
// rules a client trips over when they are broken: names unique where CSDL
// requires it, and every reference that points into the document itself
// (entity set and navigation types, key properties, partners, referential
// constraints, navigation property bindings, $EntityContainer) resolving.
// References into other documents (edmx:Reference, vocabularies) and paths
// with casts or segments ("a/b") are not followed.

// doc is what the checks need of a CSDL document, from either representation.
type doc struct {
	schemas   []*schema
	container string // JSON $EntityContainer, qualified; "" for XML
	problems  []string
}

type schema struct {
	namespace, alias string
	types            map[string]*structured
	containers       map[string]*container
	names            map[string]bool // schema children except actions and functions
}

type structured struct {
	name, baseType string
	entity         bool
	keys           []string // key property paths
	props          map[string]bool
	navs           map[string]*nav
	members        map[string]bool
}

type nav struct {
	name, typ, partner string
	constraints        [][2]string // dependent property, principal property
}

type container struct {
	name     string
	extends  bool // children may come from another container
	children map[string]*set
}

// set is an entity set or a singleton (or an import, with typ "").
type set struct {
	name, typ string
	bindings  [][2]string // path, target
}

func (d *doc) addf(format string, args ...any) {
	if len(d.problems) < 50 {
		d.problems = append(d.problems, fmt.Sprintf(format, args...))
	}
}

func newSchema(namespace, alias string) *schema {
	return &schema{namespace: namespace, alias: alias, types: map[string]*structured{},
		containers: map[string]*container{}, names: map[string]bool{}}
}

// declare records a schema child name, reporting a duplicate.
func (d *doc) declare(s *schema, name string) {
	if s.names[name] {
		d.addf("schema %s declares %q twice", s.namespace, name)
	}
	s.names[name] = true
}

func (d *doc) addMember(t *structured, name string) {
	if t.members[name] {
		d.addf("type %s declares member %q twice", t.name, name)
	}
	t.members[name] = true
}

func newStructured(name, baseType string, entity bool) *structured {
	return &structured{name: name, baseType: baseType, entity: entity, props: map[string]bool{},
		navs: map[string]*nav{}, members: map[string]bool{}}
}

func (d *doc) addChild(c *container, s *set) {
	if _, dup := c.children[s.name]; dup {
		d.addf("entity container %s declares %q twice", c.name, s.name)
	}
	c.children[s.name] = s
}

// resolve finds the schema a qualified name points into; ok is false when
// the name is not qualified by a namespace or alias of this document.
func (d *doc) resolve(qualified string) (s *schema, name string, ok bool) {
	i := strings.LastIndexByte(qualified, '.')
	if i < 0 {
		return nil, "", false
	}
	prefix, name := qualified[:i], qualified[i+1:]
	for _, s := range d.schemas {
		if s.namespace == prefix || s.alias != "" && s.alias == prefix {
			return s, name, true
		}
	}
	return nil, "", false
}

// entityType resolves a qualified entity type name used at where: nil (and
// nothing reported) for types of other documents, nil and a problem for a
// dangling or non-entity type.
func (d *doc) entityType(qualified, where string) *structured {
	s, name, ok := d.resolve(qualified)
	if !ok {
		return nil
	}
	t := s.types[name]
	switch {
	case t == nil:
		d.addf("%s: type %s is not declared", where, qualified)
	case !t.entity:
		d.addf("%s: %s is not an entity type", where, qualified)
		return nil
	}
	return t
}

// lookup reports whether t or one of its base types has a member called name
// of the given kind; known is false when a base type lies outside the document.
func (d *doc) lookup(t *structured, name string, isNav bool) (found, known bool) {
	for seen := 0; t != nil && seen < 64; seen++ {
		if isNav && t.navs[name] != nil || !isNav && t.props[name] {
			return true, true
		}
		if t.baseType == "" {
			return false, true
		}
		s, base, ok := d.resolve(t.baseType)
		if !ok || s.types[base] == nil {
			return false, false
		}
		t = s.types[base]
	}
	return false, false
}

// sorted returns m's keys in order, so that problems are reported in a
// stable order.
func sorted[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func simple(path string) bool { return path != "" && !strings.ContainsAny(path, "/.@") }

// check runs the reference checks and returns the problems joined.
func (d *doc) check() error {
	for _, s := range d.schemas {
		for _, name := range sorted(s.types) {
			d.checkType(s, s.types[name])
		}
		for _, name := range sorted(s.containers) {
			d.checkContainer(s, s.containers[name])
		}
	}
	if d.container != "" {
		s, name, ok := d.resolve(d.container)
		if !ok || s.containers[name] == nil {
			d.addf("$EntityContainer %s is not declared", d.container)
		}
	}
	if len(d.problems) == 0 {
		return nil
	}
	return errors.New(strings.Join(d.problems, "; "))
}

func (d *doc) checkType(s *schema, t *structured) {
	where := s.namespace + "." + t.name
	if t.baseType == "" {
		for _, k := range t.keys {
			if simple(k) && !t.props[k] {
				d.addf("%s: key property %s is not a property of the type", where, k)
			}
		}
	}
	for _, name := range sorted(t.navs) {
		n := t.navs[name]
		at := where + "/" + n.name
		target := d.entityType(n.typ, at)
		if target == nil {
			continue
		}
		if simple(n.partner) {
			if found, known := d.lookup(target, n.partner, true); known && !found {
				d.addf("%s: partner %s is not a navigation property of %s", at, n.partner, n.typ)
			}
		}
		for _, c := range n.constraints {
			if simple(c[0]) {
				if found, known := d.lookup(t, c[0], false); known && !found {
					d.addf("%s: constraint property %s is not a property of %s", at, c[0], where)
				}
			}
			if simple(c[1]) {
				if found, known := d.lookup(target, c[1], false); known && !found {
					d.addf("%s: referenced property %s is not a property of %s", at, c[1], n.typ)
				}
			}
		}
	}
}

func (d *doc) checkContainer(s *schema, c *container) {
	for _, name := range sorted(c.children) {
		e := c.children[name]
		if e.typ == "" {
			continue
		}
		where := s.namespace + "." + c.name + "/" + e.name
		t := d.entityType(e.typ, where)
		for _, b := range e.bindings {
			if simple(b[1]) && c.children[b[1]] == nil && !c.extends {
				d.addf("%s: binding %s targets %s, which the container does not declare", where, b[0], b[1])
			}
			if t != nil && simple(b[0]) {
				if found, known := d.lookup(t, b[0], true); known && !found {
					d.addf("%s: binding path %s is not a navigation property of %s", where, b[0], e.typ)
				}
			}
		}
	}
}
