package sqlite

import (
	"strings"

	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

// mapType maps a SQLite column by its declared type: first the common
// declared names, then SQLite's affinity rules (https://sqlite.org/datatype3.html,
// 3.1). See the table in the schema package doc.
func mapType(c schema.Column) schema.Mapping {
	base := c.BaseType
	switch base {
	case "boolean", "bool":
		return schema.Simple(metadata.EdmBoolean)
	case "tinyint", "smallint", "mediumint", "int2":
		return schema.Simple(metadata.EdmInt32)
	case "int", "integer", "bigint", "int8", "unsigned big int":
		return schema.Simple(metadata.EdmInt64)
	case "decimal", "numeric", "number":
		return schema.Decimal(c.Precision, c.Scale)
	case "real", "double", "double precision", "float":
		return schema.Simple(metadata.EdmDouble)
	case "date":
		return schema.Simple(metadata.EdmDate)
	case "datetime", "timestamp":
		return schema.DateTimeOffset(-1)
	case "uuid", "guid", "uniqueidentifier":
		return schema.Simple(metadata.EdmGuid)
	case "blob":
		return schema.Binary(c.MaxLength)
	case "":
		// No declared type (BLOB affinity): view columns computed from
		// expressions look like this. Read them as text.
		return schema.Text()
	}
	switch {
	case strings.Contains(base, "int"):
		return schema.Simple(metadata.EdmInt64)
	case strings.Contains(base, "char"), strings.Contains(base, "clob"), strings.Contains(base, "text"):
		return schema.String(c.MaxLength)
	case strings.Contains(base, "blob"):
		return schema.Binary(c.MaxLength)
	case strings.Contains(base, "real"), strings.Contains(base, "floa"), strings.Contains(base, "doub"):
		return schema.Simple(metadata.EdmDouble)
	}
	// NUMERIC affinity for everything else (json, time, enum... are text in
	// practice, but a SQLite NUMERIC column may hold any storage class):
	// read as text so that whatever is stored arrives as a string.
	return schema.Text()
}
