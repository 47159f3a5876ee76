package schema

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
