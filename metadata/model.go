// Package metadata holds the entity data model (EDM) the gateway serves: entity
// types, their properties and keys, navigation properties with referential
// constraints, and entity sets. It writes the model as CSDL XML and CSDL JSON.
//
// The package imports nothing else of the project. Adapters build a Model from a
// source's live schema; the gateway binds requests against it.
package metadata

import (
	"sort"
	"strings"
)

// Model is one service's entity data model: a single schema with one entity
// container.
type Model struct {
	// Namespace of the schema, e.g. "demo". Entity types are qualified with it.
	Namespace string
	// Container is the entity container's name, e.g. "Container".
	Container string
	// Types are the entity types, in a stable order.
	Types []*EntityType
	// Sets are the entity sets, in a stable order.
	Sets []*EntitySet
	// Capabilities, when set, are written into $metadata as
	// Org.OData.Capabilities.V1 annotations (see Capabilities in csdl.go).
	Capabilities *Capabilities

	setsByName map[string]*EntitySet
}

// EntityType is a structured type with a key, mapped to one table or view.
type EntityType struct {
	// Name is the EDM name (unqualified), e.g. "Orders".
	Name string
	// Properties are the structural properties in column order.
	Properties []*Property
	// Key lists the key properties in key order (a subset of Properties).
	Key []*Property
	// Navigation lists the navigation properties.
	Navigation []*NavigationProperty

	// Source-side identity of the table or view. Adapters fill these; the
	// gateway never shows them to clients.
	Table            string // table or view name in the database
	DBSchema         string // database schema (PostgreSQL schema, MySQL database); may be empty
	IsView           bool
	SearchProperties []*Property // properties $search looks in; nil means every String property

	propsByName map[string]*Property
	navByName   map[string]*NavigationProperty
}

// Property is a structural property of primitive type, mapped to a column.
type Property struct {
	Name     string  // EDM name as clients see it
	Column   string  // column name in the database
	Type     EdmType // primitive Edm type
	Nullable bool
	// MaxLength of String and Binary properties; 0 means unspecified. It is
	// what $metadata and OpenAPI state (see WriteMaxLength for writes).
	MaxLength int
	// LengthRestated marks a String MaxLength stated by configuration for a
	// whole source or table (string_max_length) rather than the column's own:
	// a cap below the column's length, or a length for a column that declares
	// none. ColumnMaxLength then keeps the column's length (0: none), which
	// writes are checked against instead: a stated MaxLength only changes
	// what clients are told, never rejects a value the column accepts.
	LengthRestated  bool
	ColumnMaxLength int
	// Precision: total digits for Decimal (0 = unspecified); fractional-second
	// digits for DateTimeOffset, TimeOfDay and Duration (-1 = unspecified).
	Precision int
	// Scale of Decimal properties; ScaleVariable marks a variable scale. Only
	// meaningful when Type is EdmDecimal.
	Scale int
	// Computed marks values the database generates (identity, defaults on
	// read-only columns). Shown as Core.Computed in later metadata versions.
	Computed bool
	// HasDefault marks columns the database fills when an insert gives no
	// value (a DEFAULT clause); DefaultSQL is that default as the catalog
	// writes it (SQL text for adapters, never shown to clients).
	HasDefault bool
	DefaultSQL string
	// DBType is the column's declared database type, for diagnostics only.
	DBType string
	// ReadAsText marks a column whose database type the driver cannot hand
	// back as the Go value of Type (PostgreSQL json/jsonb, arrays, interval,
	// time, inet, xml, geometry...; or any column whose Type was overridden to
	// Edm.String). The SQL translator must cast the column to the dialect's
	// text type wherever it reads it, in the select list and in expressions
	// (PostgreSQL "col"::text, MySQL CAST(col AS CHAR), SQLite CAST(col AS TEXT)),
	// so that the value arrives as a string and compares as one. Set by the
	// schema builder (adapters/sqldb/schema); only ever true for Edm.String.
	ReadAsText bool
	// NativeType is the Edm type the column's database type maps to on its
	// own, before a configured type override. Empty or equal to Type means the
	// column holds values of Type natively. When it differs (and ReadAsText is
	// false) the SQL translator must convert the column to Type wherever it
	// reads it, in the select list and in expressions, e.g.:
	//
	//	String → Guid            compare case-insensitively (LOWER(col); Guid values are lower case)
	//	String → Date            CAST(col AS DATE)
	//	String → DateTimeOffset  CAST(col AS TIMESTAMP WITH TIME ZONE) / DATETIME(6) / STRFTIME
	//	String → TimeOfDay       CAST(col AS TIME)
	//	integer → Boolean        (col <> 0)
	//	Boolean → integer        CAST(col AS INTEGER)
	//	Date ↔ DateTimeOffset    CAST(col AS TIMESTAMP WITH TIME ZONE) / CAST(col AS DATE)
	//
	// Numeric-to-numeric overrides need no conversion in any dialect. Set by
	// the schema builder (adapters/sqldb/schema) on every property.
	NativeType EdmType
	// StoredForm, when not empty, is the one representation every value of
	// a DateTimeOffset column had when the model was loaded, chosen so that
	// the database's own order of the stored values is their chronological
	// order and equal instants are equal values. The SQL translator then
	// compares and orders the column as stored, so that an index on it
	// serves, and binds constants (and writes values) in the same form. Set
	// by the SQLite loader (adapters/sqlite) for indexed date-time columns:
	// a Go time layout such as "2006-01-02 15:04:05" or
	// "2006-01-02T15:04:05.000" (UTC, no zone), the same with a "Z" or
	// "+00:00" suffix ("2006-01-02T15:04:05.000Z": exactly those digits), or
	// "unixepoch" (numbers of seconds). Empty means unknown or mixed forms.
	StoredForm string
}

// ScaleVariable is the Scale value meaning "variable" (CSDL Scale="variable").
const ScaleVariable = -1

// NavigationProperty is a relationship from one entity type to another.
type NavigationProperty struct {
	Name       string
	Target     *EntityType
	TargetSet  *EntitySet // the entity set the relationship lands in
	Collection bool       // true for to-many
	Nullable   bool       // for single-valued navigation: may the target be absent
	Partner    string     // name of the navigation property in the opposite direction, if any
	// Constraints pair each dependent property (on this type) with the principal
	// property (on Target). Set on the dependent side (the one holding the
	// foreign key); on the principal side the pairs are reversed: Property is on
	// this type and Referenced on Target, which lets SQL join either way.
	Constraints []ReferentialConstraint
	// Principal marks the principal side of a relationship: Target holds the
	// foreign key and Constraints are the reversed pairs. CSDL states
	// referential constraints on the dependent side only, so the metadata
	// writers leave them out here. Collection-valued navigation properties
	// are always principal sides; set this on single-valued ones (one-to-one).
	Principal bool
}

// ReferentialConstraint pairs a property of the declaring type with a property
// of the target type that must hold the same value.
type ReferentialConstraint struct {
	Property   *Property // on the declaring entity type
	Referenced *Property // on the target entity type
}

// EntitySet is an addressable collection of entities of one type.
type EntitySet struct {
	Name string
	Type *EntityType
}

// Index builds the lookup maps. Call it once after the model is assembled and
// before it is shared; a Model is read-only afterwards and safe for concurrent use.
func (m *Model) Index() {
	m.setsByName = make(map[string]*EntitySet, len(m.Sets))
	for _, s := range m.Sets {
		if s != nil {
			m.setsByName[s.Name] = s
		}
	}
	for _, t := range m.Types {
		if t == nil {
			continue // reported by Validate
		}
		t.propsByName = make(map[string]*Property, len(t.Properties))
		for _, p := range t.Properties {
			if p != nil {
				t.propsByName[p.Name] = p
			}
		}
		t.navByName = make(map[string]*NavigationProperty, len(t.Navigation))
		for _, n := range t.Navigation {
			if n != nil {
				t.navByName[n.Name] = n
			}
		}
	}
}

// EntitySet returns the entity set with the given name (case-sensitive, as
// OData identifiers are), or nil.
func (m *Model) EntitySet(name string) *EntitySet {
	if m.setsByName == nil {
		for _, s := range m.Sets {
			if s != nil && s.Name == name {
				return s
			}
		}
		return nil
	}
	return m.setsByName[name]
}

// SetForType returns the first entity set whose type is t, or nil.
func (m *Model) SetForType(t *EntityType) *EntitySet {
	for _, s := range m.Sets {
		if s.Type == t {
			return s
		}
	}
	return nil
}

// QualifiedName returns "Namespace.Name" for an entity type of this model.
func (m *Model) QualifiedName(t *EntityType) string { return m.Namespace + "." + t.Name }

// Property returns the structural property with the given name, or nil.
func (t *EntityType) Property(name string) *Property {
	if t.propsByName == nil {
		for _, p := range t.Properties {
			if p != nil && p.Name == name {
				return p
			}
		}
		return nil
	}
	return t.propsByName[name]
}

// NavigationProperty returns the navigation property with the given name, or nil.
func (t *EntityType) NavigationProperty(name string) *NavigationProperty {
	if t.navByName == nil {
		for _, n := range t.Navigation {
			if n != nil && n.Name == name {
				return n
			}
		}
		return nil
	}
	return t.navByName[name]
}

// IsKey reports whether p is one of the type's key properties.
func (t *EntityType) IsKey(p *Property) bool {
	for _, k := range t.Key {
		if k == p {
			return true
		}
	}
	return false
}

// Searchable returns the properties $search looks in.
func (t *EntityType) Searchable() []*Property {
	if t.SearchProperties != nil {
		return t.SearchProperties
	}
	var out []*Property
	for _, p := range t.Properties {
		if p.Type == EdmString {
			out = append(out, p)
		}
	}
	return out
}

// SortSets orders entity sets and types by name, for stable metadata output.
func (m *Model) SortSets() {
	sort.Slice(m.Sets, func(i, j int) bool { return strings.Compare(m.Sets[i].Name, m.Sets[j].Name) < 0 })
	sort.Slice(m.Types, func(i, j int) bool { return strings.Compare(m.Types[i].Name, m.Types[j].Name) < 0 })
}

// WriteMaxLength is the length a written value of p may have (characters for
// String, bytes for Binary); 0 means no limit. It is MaxLength unless that was
// restated by configuration (LengthRestated), then the column's own length.
func (p *Property) WriteMaxLength() int {
	if p.LengthRestated {
		return p.ColumnMaxLength
	}
	return p.MaxLength
}
