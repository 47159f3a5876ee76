package metadata

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxIdentifierLength is the longest simple identifier CSDL allows, in characters.
const MaxIdentifierLength = 128

// IsSimpleIdentifier reports whether s is a CSDL simple identifier: a letter,
// letter number or underscore, then up to 127 letters, letter numbers,
// decimal digits, non-spacing or spacing combining marks, connector
// punctuation or format characters (CSDL 4.01 §15.2, the pattern of edm.xsd's
// TSimpleIdentifier and csdl.schema.json's SimpleIdentifier).
func IsSimpleIdentifier(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	n := 0
	for _, r := range s {
		n++
		if n > MaxIdentifierLength {
			return false
		}
		if r == '_' || unicode.In(r, unicode.L, unicode.Nl) {
			continue
		}
		if n == 1 || !unicode.In(r, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Pc, unicode.Cf) {
			return false
		}
	}
	return true
}

// IsNamespace reports whether s is a valid schema namespace: simple
// identifiers separated by dots, at most 511 characters, and not one of the
// reserved namespaces Edm, odata, System and Transient.
func IsNamespace(s string) bool {
	if utf8.RuneCountInString(s) > 511 {
		return false
	}
	switch s {
	case "Edm", "odata", "System", "Transient":
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if !IsSimpleIdentifier(part) {
			return false
		}
	}
	return true
}

// keyTypes are the primitive types CSDL allows for key properties.
var keyTypes = map[EdmType]bool{
	EdmBoolean: true, EdmByte: true, EdmDate: true, EdmDateTimeOffset: true,
	EdmDecimal: true, EdmDuration: true, EdmGuid: true, EdmInt16: true,
	EdmInt32: true, EdmInt64: true, EdmSByte: true, EdmString: true, EdmTimeOfDay: true,
}

// IsKeyType reports whether CSDL allows a key property of type t (Binary,
// Single and Double are not allowed).
func IsKeyType(t EdmType) bool { return keyTypes[t] }

// Validate checks that m can be written as valid CSDL and served: every name
// is a valid identifier, unique where CSDL requires it; every type has a key
// of non-nullable properties of key types; every reference (key, navigation
// target, target set, partner, referential constraint, entity set type)
// points into the model; facets are in range. It returns all problems found,
// joined, or nil. Call it once after building a model; the writers assume a
// valid model and do not repeat these checks.
func (m *Model) Validate() error {
	v := &validator{m: m}
	if m == nil {
		return errors.New("metadata: nil model")
	}
	if !IsNamespace(m.Namespace) {
		v.addf("namespace %q is not a valid namespace", m.Namespace)
	}
	if len(m.Sets) > 0 && !IsSimpleIdentifier(m.Container) {
		v.addf("entity container name %q is not a simple identifier", m.Container)
	}
	types := make(map[*EntityType]bool, len(m.Types))
	schemaNames := map[string]bool{}
	for i, t := range m.Types {
		if t == nil {
			v.addf("entity type #%d is nil", i)
			continue
		}
		types[t] = true
		if schemaNames[t.Name] {
			v.addf("entity type name %q is used twice", t.Name)
		}
		schemaNames[t.Name] = true
	}
	if len(m.Sets) > 0 && schemaNames[m.Container] {
		v.addf("entity container name %q is also the name of an entity type", m.Container)
	}
	for _, t := range m.Types {
		if t != nil {
			v.entityType(t, types)
		}
	}
	setNames := map[string]bool{}
	for i, s := range m.Sets {
		switch {
		case s == nil:
			v.addf("entity set #%d is nil", i)
			continue
		case !IsSimpleIdentifier(s.Name):
			v.addf("entity set name %q is not a simple identifier", s.Name)
		case setNames[s.Name]:
			v.addf("entity set name %q is used twice", s.Name)
		}
		setNames[s.Name] = true
		if !types[s.Type] {
			v.addf("entity set %s: its entity type is not in the model", s.Name)
		}
	}
	return v.err()
}

// validator collects problems; it stops collecting after maxProblems.
type validator struct {
	m    *Model
	errs []error
}

const maxProblems = 50

func (v *validator) addf(format string, args ...any) {
	if len(v.errs) < maxProblems {
		v.errs = append(v.errs, fmt.Errorf("metadata: "+format, args...))
	}
}

func (v *validator) err() error { return errors.Join(v.errs...) }

func (v *validator) entityType(t *EntityType, types map[*EntityType]bool) {
	if !IsSimpleIdentifier(t.Name) {
		v.addf("entity type name %q is not a simple identifier", t.Name)
	}
	names := map[string]bool{}
	own := make(map[*Property]bool, len(t.Properties))
	for i, p := range t.Properties {
		if p == nil {
			v.addf("%s: property #%d is nil", t.Name, i)
			continue
		}
		own[p] = true
		if names[p.Name] {
			v.addf("%s: member name %q is used twice", t.Name, p.Name)
		}
		names[p.Name] = true
		v.property(t, p)
	}
	if len(t.Key) == 0 {
		v.addf("%s: entity type has no key", t.Name)
	}
	inKey := map[*Property]bool{}
	for _, k := range t.Key {
		switch {
		case k == nil || !own[k]:
			v.addf("%s: a key property is not one of the type's properties", t.Name)
			continue
		case inKey[k]:
			v.addf("%s/%s: listed twice in the key", t.Name, k.Name)
		case k.Nullable:
			v.addf("%s/%s: key property is nullable", t.Name, k.Name)
		case !IsKeyType(k.Type):
			v.addf("%s/%s: %s cannot be a key property type", t.Name, k.Name, k.Type)
		}
		inKey[k] = true
	}
	for i, n := range t.Navigation {
		if n == nil {
			v.addf("%s: navigation property #%d is nil", t.Name, i)
			continue
		}
		if names[n.Name] {
			v.addf("%s: member name %q is used twice", t.Name, n.Name)
		}
		names[n.Name] = true
		v.navigation(t, n, own, types)
	}
}

func (v *validator) property(t *EntityType, p *Property) {
	where := t.Name + "/" + p.Name
	if !IsSimpleIdentifier(p.Name) {
		v.addf("%s: property name is not a simple identifier", where)
	}
	if _, ok := ParseEdmType(string(p.Type)); !ok {
		v.addf("%s: %q is not a primitive type", where, p.Type)
		return
	}
	if p.MaxLength < 0 || p.ColumnMaxLength < 0 {
		v.addf("%s: negative MaxLength %d (column %d)", where, p.MaxLength, p.ColumnMaxLength)
	}
	switch {
	case p.Type == EdmDecimal:
		if p.Precision < 0 {
			v.addf("%s: negative Precision %d", where, p.Precision)
		}
		if p.Scale < ScaleVariable {
			v.addf("%s: invalid Scale %d", where, p.Scale)
		}
		if p.Precision > 0 && p.Scale > p.Precision {
			v.addf("%s: Scale %d exceeds Precision %d", where, p.Scale, p.Precision)
		}
	case isTemporalPrecision(p.Type):
		if p.Precision < -1 || p.Precision > 12 {
			v.addf("%s: fractional-second Precision %d is outside 0..12", where, p.Precision)
		}
	}
}

func (v *validator) navigation(t *EntityType, n *NavigationProperty, own map[*Property]bool, types map[*EntityType]bool) {
	where := t.Name + "/" + n.Name
	if !IsSimpleIdentifier(n.Name) {
		v.addf("%s: navigation property name is not a simple identifier", where)
	}
	if n.Target == nil || !types[n.Target] {
		v.addf("%s: target entity type is not in the model", where)
		return
	}
	if s := n.TargetSet; s != nil {
		if v.m.EntitySet(s.Name) != s {
			v.addf("%s: target entity set %s is not in the model", where, s.Name)
		} else if s.Type != n.Target {
			v.addf("%s: target entity set %s holds %s, not %s", where, s.Name, s.Type.Name, n.Target.Name)
		}
	}
	if n.Partner != "" {
		p := n.Target.NavigationProperty(n.Partner)
		switch {
		case p == nil:
			v.addf("%s: partner %s is not a navigation property of %s", where, n.Partner, n.Target.Name)
		case p.Target != t:
			v.addf("%s: partner %s/%s does not lead back to %s", where, n.Target.Name, p.Name, t.Name)
		case p.Partner != "" && p.Partner != n.Name:
			v.addf("%s: partner %s/%s names %s as its partner", where, n.Target.Name, p.Name, p.Partner)
		}
	}
	for _, c := range n.Constraints {
		switch {
		case c.Property == nil || !own[c.Property]:
			v.addf("%s: referential constraint property is not a property of %s", where, t.Name)
		case c.Referenced == nil || !containsProperty(n.Target.Properties, c.Referenced):
			v.addf("%s: referenced property is not a property of %s", where, n.Target.Name)
		case c.Property.Type != c.Referenced.Type:
			v.addf("%s: constraint %s (%s) references %s (%s) of another type", where,
				c.Property.Name, c.Property.Type, c.Referenced.Name, c.Referenced.Type)
		}
	}
}

func containsProperty(ps []*Property, p *Property) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}
