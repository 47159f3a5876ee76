package schema

import "fmt"

// Options is the per-source model configuration, filled by the cmd layer from
// the YAML configuration. The zero value exposes every table and view that has
// a primary key, under the database's own names.
type Options struct {
	// Namespace of the EDM schema (e.g. the source's name). Required; it must
	// be a valid namespace (dot-separated OData identifiers).
	Namespace string `yaml:"namespace"`
	// Schemas lists the database schemas to read (PostgreSQL only; default
	// ["public"]). With more than one schema, entity set names are prefixed
	// "schema_table" so that they stay unique.
	Schemas []string `yaml:"schemas"`
	// Tables is the allow-list of tables and views to expose, by database name
	// ("table", or "schema.table" where schemas are in play). Empty exposes
	// every table and view. A name that does not exist is an error.
	Tables []string `yaml:"tables"`
	// Naming is the convention applied to database names that have no explicit
	// rename: "" or "keep" keeps them as they are, "pascal" turns snake_case
	// into PascalCase (order_details → OrderDetails), "camel" into camelCase
	// (order_details → orderDetails). The convention applies to entity sets
	// and properties alike; explicit renames are taken as written.
	Naming string `yaml:"naming"`
	// StringMaxLength restates the MaxLength of String properties across the
	// source (see StringMaxLength); TableOptions can refine it per table.
	StringMaxLength StringMaxLength `yaml:"string_max_length"`
	// TableOptions holds per-table options keyed like Tables.
	TableOptions map[string]TableOptions `yaml:"entities"`
	// Relationships declares relationships the database does not (views,
	// legacy schemas); they become navigation properties like foreign keys.
	Relationships []Relationship `yaml:"relationships"`
}

// Naming conventions for Options.Naming.
const (
	NamingKeep   = "keep"
	NamingPascal = "pascal"
	NamingCamel  = "camel"
)

// TableOptions configures one table or view.
type TableOptions struct {
	// EntitySet renames the entity set (and its entity type). It must be a
	// valid OData identifier.
	EntitySet string `yaml:"name"`
	// Key lists the key columns (database names) in key order. Required for
	// views and tables without a primary key (they are skipped with a warning
	// otherwise); on a table with a primary key it replaces that key.
	Key []string `yaml:"key"`
	// Hide lists columns (database names) not to expose. Key columns cannot be
	// hidden; a foreign key with a hidden column yields no navigation property.
	Hide []string `yaml:"hide"`
	// Search lists the columns (database names, String-typed) that $search
	// looks in. Empty means every String property.
	Search []string `yaml:"search"`
	// StringMaxLength overrides the source's, field by field (a zero field
	// inherits the source's).
	StringMaxLength StringMaxLength `yaml:"string_max_length"`
	// Columns holds per-column options keyed by database column name.
	Columns map[string]ColumnOptions `yaml:"properties"`
	// Navigation renames navigation properties of this entity type, keyed by
	// the name the gateway derives from the foreign key (see $metadata or the
	// package doc), e.g. {"ReportsTo_Employees": "Manager"}. Partners follow.
	Navigation map[string]string `yaml:"navigation"`
	// Version names the column whose value is the entity's ETag (config
	// writes.etag); the property is marked computed.
	Version string `yaml:"version"`
}

// ColumnOptions configures one column.
type ColumnOptions struct {
	// Name renames the property. It must be a valid OData identifier.
	Name string `yaml:"name"`
	// Type overrides the Edm type, e.g. "Edm.Guid" for a CHAR(36) column,
	// "Edm.Boolean" for a TINYINT, "Edm.Date" or "Edm.DateTimeOffset" for a
	// text column holding ISO dates. Only conversions the database value
	// supports are accepted (see the package doc).
	Type string `yaml:"type"`
	// MaxLength overrides the MaxLength facet of a String or Binary property.
	MaxLength int `yaml:"max_length"`
}

// StringMaxLength restates the MaxLength facet of String properties for
// clients that map it to a field type (Salesforce Connect: none → Text(128),
// up to 255 → Text(n), more → an unfilterable Long Text Area). It changes
// $metadata and OpenAPI only: values are never truncated, and writes are
// checked against the column's own length (metadata.Property.WriteMaxLength).
// A column's max_length option wins over both fields. Zero fields are unset.
type StringMaxLength struct {
	// Unbounded is the MaxLength stated for String columns that declare no
	// length (TEXT, unbounded VARCHAR, json...).
	Unbounded int `yaml:"unbounded"`
	// Cap is the largest MaxLength stated; longer declared lengths (and an
	// Unbounded above it) are stated as Cap.
	Cap int `yaml:"cap"`
}

// check rejects negative lengths; where names the setting.
func (s StringMaxLength) check(where string) error {
	if s.Unbounded < 0 || s.Cap < 0 {
		return fmt.Errorf("%s: unbounded and cap must be positive lengths (0 or absent: unset)", where)
	}
	return nil
}

// merge returns s with the non-zero fields of over replacing its own.
func (s StringMaxLength) merge(over StringMaxLength) StringMaxLength {
	if over.Unbounded != 0 {
		s.Unbounded = over.Unbounded
	}
	if over.Cap != 0 {
		s.Cap = over.Cap
	}
	return s
}

// restate returns the MaxLength to state for a String column whose own
// length is n (0: none).
func (s StringMaxLength) restate(n int) int {
	if n == 0 {
		n = s.Unbounded
	}
	if s.Cap > 0 && n > s.Cap {
		n = s.Cap
	}
	return n
}
