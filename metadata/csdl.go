package metadata

import "fmt"

// This file holds what the CSDL XML and CSDL JSON writers share: the document
// version, the vocabularies they reference, and the facet rules. The two
// representations differ in their defaults (XML: absent Scale means 0 and
// absent temporal Precision means 0; JSON: absent $Scale means variable and
// absent $Precision means unspecified), so each writer asks these helpers
// what the model says and then decides what to spell out.

// CSDLVersion is the Version of the CSDL documents the writers produce: the
// gateway speaks OData 4.0, the version every client in ../shared/clients.md
// accepts.
const CSDLVersion = "4.0"

// Capabilities are service-wide statements about what the service supports,
// written as Org.OData.Capabilities.V1 annotations. The gateway owns them
// (it knows which options it implements); a nil Model.Capabilities writes no
// capability annotations. Only statements that differ from the vocabulary's
// defaults are written, to keep $metadata small.
type Capabilities struct {
	// ReadOnly annotates every entity set with InsertRestrictions,
	// UpdateRestrictions and DeleteRestrictions whose Insertable, Updatable
	// and Deletable are false.
	ReadOnly bool
	// FilterFunctions lists the functions and operators $filter supports,
	// written as Capabilities.FilterFunctions on the entity container. The
	// vocabulary reads an absent or empty list as "everything may be
	// attempted", so list operators (eq, and, add…) as well as functions.
	FilterFunctions []string
	// Writes, when non-nil, states per entity set (by name) which changes
	// it accepts, replacing ReadOnly: a set it does not list accepts none.
	// Restrictions are written for the changes a set does not accept, and
	// Core.Immutable on the (not computed) key properties of the types of
	// sets that accept inserts or updates.
	Writes map[string]SetCapabilities
}

// SetCapabilities are the changes an entity set accepts.
type SetCapabilities struct {
	Insertable, Updatable, Deletable bool
}

// setCapabilities returns what set s accepts, and whether restrictions are
// stated at all.
func (c *Capabilities) setCapabilities(s *EntitySet) (SetCapabilities, bool) {
	switch {
	case c == nil:
		return SetCapabilities{}, false
	case c.Writes != nil:
		return c.Writes[s.Name], true
	}
	return SetCapabilities{}, c.ReadOnly
}

// restricted reports whether the set has at least one restriction to write.
func (sc SetCapabilities) restricted() bool { return !sc.Insertable || !sc.Updatable || !sc.Deletable }

// Vocabulary references.
const (
	coreNamespace         = "Org.OData.Core.V1"
	coreAlias             = "Core"
	coreURIXML            = "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml"
	coreURIJSON           = "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.json"
	capabilitiesNamespace = "Org.OData.Capabilities.V1"
	capabilitiesAlias     = "Capabilities"
	capabilitiesURIXML    = "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml"
	capabilitiesURIJSON   = "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.json"
)

// vocab is one vocabulary a document references, with the prefix its terms
// are written with: the alias, or the full namespace when the alias would
// collide with the model's own namespace.
type vocab struct {
	namespace, alias, uriXML, uriJSON string
	used                              bool
	// immutable are the key properties annotated Core.Immutable (core only).
	immutable map[*Property]bool
}

// prefix returns the qualifier of the vocabulary's terms.
func (v *vocab) prefix() string {
	if v.alias != "" {
		return v.alias
	}
	return v.namespace
}

// vocabularies returns the vocabularies m's document references, Core first.
// A vocabulary is referenced only when the document uses one of its terms.
func vocabularies(m *Model) (core, capabilities *vocab) {
	core = &vocab{namespace: coreNamespace, alias: coreAlias, uriXML: coreURIXML, uriJSON: coreURIJSON}
	capabilities = &vocab{namespace: capabilitiesNamespace, alias: capabilitiesAlias,
		uriXML: capabilitiesURIXML, uriJSON: capabilitiesURIJSON}
	for _, v := range []*vocab{core, capabilities} {
		// Aliases and namespaces share one name space in a CSDL document.
		if v.alias == m.Namespace {
			v.alias = ""
		}
	}
	for _, t := range m.Types {
		for _, p := range t.Properties {
			if p != nil && p.Computed {
				core.used = true
			}
		}
	}
	if c := m.Capabilities; c != nil && len(m.Sets) > 0 && (c.ReadOnly || c.Writes != nil || len(c.FilterFunctions) > 0) {
		capabilities.used = true
	}
	for _, s := range m.Sets {
		sc, stated := m.Capabilities.setCapabilities(s)
		if !stated || !sc.Insertable && !sc.Updatable {
			continue
		}
		for _, k := range s.Type.Key {
			if !k.Computed {
				if core.immutable == nil {
					core.immutable = map[*Property]bool{}
				}
				core.immutable[k] = true
				core.used = true
			}
		}
	}
	return core, capabilities
}

// maxLengthFacet returns the MaxLength to write for p, if any.
func maxLengthFacet(p *Property) (int, bool) {
	if (p.Type == EdmString || p.Type == EdmBinary) && p.MaxLength > 0 {
		return p.MaxLength, true
	}
	return 0, false
}

// isTemporalPrecision reports whether Precision on t counts fractional-second digits.
func isTemporalPrecision(t EdmType) bool {
	return t == EdmDateTimeOffset || t == EdmTimeOfDay || t == EdmDuration
}

// checkWritable reports the model defects a writer cannot write around: nil
// elements and dangling references. Everything else the model says is
// written as it is; Model.Validate checks the rest.
func checkWritable(m *Model) error {
	if m == nil {
		return fmt.Errorf("metadata: nil model")
	}
	for i, t := range m.Types {
		if t == nil {
			return fmt.Errorf("metadata: entity type #%d is nil", i)
		}
		for _, p := range t.Properties {
			if p == nil {
				return fmt.Errorf("metadata: entity type %q has a nil property", t.Name)
			}
		}
		for _, k := range t.Key {
			if k == nil {
				return fmt.Errorf("metadata: entity type %q has a nil key property", t.Name)
			}
		}
		for _, n := range t.Navigation {
			if n == nil || n.Target == nil {
				return fmt.Errorf("metadata: entity type %q has a navigation property without target", t.Name)
			}
			for _, c := range n.Constraints {
				if c.Property == nil || c.Referenced == nil {
					return fmt.Errorf("metadata: navigation property %s/%s has an incomplete referential constraint", t.Name, n.Name)
				}
			}
		}
	}
	for i, s := range m.Sets {
		if s == nil || s.Type == nil {
			return fmt.Errorf("metadata: entity set #%d has no entity type", i)
		}
	}
	return nil
}

// bindingTarget returns the entity set a navigation property of an entity in
// set s leads to: its TargetSet, or else the first set of its target type.
func bindingTarget(m *Model, n *NavigationProperty) *EntitySet {
	if n.TargetSet != nil {
		return n.TargetSet
	}
	return m.SetForType(n.Target)
}

// writesConstraints reports whether n's referential constraints are written.
// CSDL states referential constraints on the dependent side: the
// single-valued navigation property whose declaring type holds the foreign
// key. The reversed pairs the model keeps on principal sides (collection
// navigation, or Principal set) serve joins and are not written. A one-to-one
// pair built without Principal is told apart by nullability: the principal
// side is the optional one (its dependent may be missing), the dependent side
// is required.
func writesConstraints(n *NavigationProperty) bool {
	if n.Collection || n.Principal || len(n.Constraints) == 0 {
		return false
	}
	if p := n.Target.NavigationProperty(n.Partner); n.Partner != "" && p != nil &&
		!p.Collection && len(p.Constraints) > 0 && !p.Principal && n.Nullable && !p.Nullable {
		return false
	}
	return true
}
