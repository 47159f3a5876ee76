package postgres

import (
	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

// mapType maps a PostgreSQL column by the name of its (domain-resolved)
// base type in pg_catalog; user-defined types (enums, composites, ranges,
// PostGIS...) arrive as "user-defined" and arrays as "array". See the table in
// the schema package doc.
func mapType(c schema.Column) schema.Mapping {
	switch c.BaseType {
	case "bool":
		return schema.Simple(metadata.EdmBoolean)
	case "int2":
		return schema.Simple(metadata.EdmInt16)
	case "int4":
		return schema.Simple(metadata.EdmInt32)
	case "int8":
		return schema.Simple(metadata.EdmInt64)
	case "float4":
		return schema.Simple(metadata.EdmSingle)
	case "float8":
		return schema.Simple(metadata.EdmDouble)
	case "numeric":
		return schema.Decimal(c.Precision, c.Scale)
	case "varchar", "bpchar":
		return schema.String(c.MaxLength)
	case "text", "citext":
		return schema.String(0)
	case "uuid":
		return schema.Simple(metadata.EdmGuid)
	case "date":
		return schema.Simple(metadata.EdmDate)
	case "timestamp", "timestamptz":
		return schema.DateTimeOffset(c.Precision)
	case "bytea":
		return schema.Binary(0)
	}
	// json, jsonb, xml, money, time, timetz, interval, inet, cidr, macaddr,
	// bit, varbit, tsvector, "char", name, arrays, enums and other
	// user-defined types: text through a cast.
	return schema.Text()
}
