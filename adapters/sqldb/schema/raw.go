package schema

import "odatagw/metadata"

// Table is a table or view as an engine reads it from its catalog, before any
// configuration is applied. Names are the database's own.
type Table struct {
	// Schema is the database schema (PostgreSQL schema, MySQL database); empty
	// for SQLite.
	Schema string
	Name   string
	IsView bool
	// Columns in ordinal order.
	Columns []Column
	// PrimaryKey lists the primary key's column names in key order; empty when
	// the table (or any view) has none.
	PrimaryKey []string
	// ForeignKeys declared on this table (this table is the dependent side).
	ForeignKeys []ForeignKey
}

// Column is one column of a Table.
type Column struct {
	Name string
	// DeclaredType is the type as declared, for diagnostics and metadata
	// (e.g. "varchar(40)", "tinyint(1) unsigned", "numeric(10,2)").
	DeclaredType string
	// BaseType is the normalised base type name in lower case without length,
	// precision or modifiers (e.g. "varchar", "tinyint", "numeric",
	// "timestamptz"). Type mappers switch on it.
	BaseType string
	Nullable bool
	// MaxLength is the maximum length in characters (character types) or bytes
	// (binary types); 0 when unknown or unlimited.
	MaxLength int
	// Precision is the numeric precision (total digits), or the fractional
	// seconds digits of temporal types; -1 when unknown.
	Precision int
	// Scale is the numeric scale; -1 when unknown.
	Scale int
	// Unsigned marks MySQL unsigned integer and decimal types.
	Unsigned bool
	// AutoIncrement marks identity / auto-increment / serial columns.
	AutoIncrement bool
	// Generated marks computed (generated) columns.
	Generated bool
	// Default is the column default expression as the catalog shows it;
	// HasDefault tells an empty default from none.
	Default    string
	HasDefault bool
}

// ForeignKey is a foreign key constraint; Columns[i] references RefColumns[i].
type ForeignKey struct {
	Name       string
	Columns    []string
	RefSchema  string // empty means the same schema as the declaring table
	RefTable   string
	RefColumns []string
}

// Mapping is the Edm type and facets an engine's type mapper chooses for a column.
type Mapping struct {
	Type metadata.EdmType
	// MaxLength for String and Binary; 0 = unspecified.
	MaxLength int
	// Precision: total digits for Decimal (0 = unspecified); fractional-second
	// digits for DateTimeOffset (-1 = unspecified).
	Precision int
	// Scale for Decimal (metadata.ScaleVariable = variable).
	Scale int
	// ReadAsText asks the SQL translator to cast the column to text (see
	// metadata.Property.ReadAsText). Only valid with Type Edm.String.
	ReadAsText bool
}

// TypeMapper maps a column to its Edm type and facets. Every engine has one;
// it must return a type from the client-safe set (see the package doc).
type TypeMapper func(Column) Mapping
