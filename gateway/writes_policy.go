package gateway

import (
	"odatagw/metadata"
)

// DefaultMaxBodyBytes bounds a request body after decompression when
// Config.MaxBodyBytes is 0: 8 MiB, Salesforce Connect's own request limit.
const DefaultMaxBodyBytes = 8 << 20

// WritePolicy says which changes a service accepts. The zero value is
// read-only: every entity set answers writes with 405, and $metadata says
// so with Capabilities restrictions.
type WritePolicy struct {
	// Default applies to every entity set not listed in Sets.
	Default SetWrites
	// Sets overrides Default per entity set, by the name $metadata shows.
	Sets map[string]SetWrites
}

// SetWrites are the changes one entity set accepts and how its ETags are made.
type SetWrites struct {
	Insert, Update, Delete bool
	// RequireIfMatch answers updates and deletes without If-Match with 428.
	RequireIfMatch bool
	// VersionColumn names the column (database name) whose value is the ETag;
	// "" makes the ETag a hash of all the entity's values.
	VersionColumn string
}

// forSet returns the settings of set.
func (p *WritePolicy) forSet(set string) SetWrites {
	if w, ok := p.Sets[set]; ok {
		return w
	}
	return p.Default
}

// writable reports whether any set of the model may change.
func (p *WritePolicy) writable(m *metadata.Model) bool {
	for _, s := range m.Sets {
		if w := p.forSet(s.Name); w.Insert || w.Update || w.Delete {
			return true
		}
	}
	return false
}

// withCapabilities returns m as $metadata shows it: a shallow copy whose
// Capabilities state the policy per entity set, narrowed by canWrite (the
// caller's roles; nil: no roles) so that a client reading $metadata as a
// read-only principal (Salesforce Connect syncs external objects from it)
// is not offered writes that would answer 403.
func (p *WritePolicy) withCapabilities(m *metadata.Model, canWrite func(set string) bool) *metadata.Model {
	c := &metadata.Capabilities{Writes: make(map[string]metadata.SetCapabilities, len(m.Sets))}
	if m.Capabilities != nil {
		c.FilterFunctions = m.Capabilities.FilterFunctions
	}
	for _, s := range m.Sets {
		w := p.forSet(s.Name)
		if canWrite != nil && !canWrite(s.Name) {
			w = SetWrites{}
		}
		c.Writes[s.Name] = metadata.SetCapabilities{Insertable: w.Insert, Updatable: w.Update, Deletable: w.Delete}
	}
	out := *m
	out.Capabilities = c
	return &out
}

// etagProps returns the properties a set's ETag is computed from: its
// version property, or every property; nil when the set accepts no update
// or delete (its entities need no ETag).
func (p *WritePolicy) etagProps(set *metadata.EntitySet) []*metadata.Property {
	w := p.forSet(set.Name)
	if !w.Update && !w.Delete {
		return nil
	}
	if v := versionProp(set, w); v != nil {
		return []*metadata.Property{v}
	}
	return set.Type.Properties
}

// versionProp is the set's version property, or nil.
func versionProp(set *metadata.EntitySet, w SetWrites) *metadata.Property {
	if w.VersionColumn == "" {
		return nil
	}
	for _, prop := range set.Type.Properties {
		if prop.Column == w.VersionColumn {
			return prop
		}
	}
	return nil
}

// MetadataModel returns m as the service's $metadata shows it (with the
// capability annotations of its write policy), for tools that print CSDL.
func (s Service) MetadataModel(m *metadata.Model) *metadata.Model {
	return s.Writes.withCapabilities(m, nil)
}
