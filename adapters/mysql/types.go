package mysql

import (
	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

// mapType maps a MySQL/MariaDB column by information_schema.COLUMNS.DATA_TYPE
// (the BaseType) and COLUMN_TYPE (DeclaredType, for display width and
// UNSIGNED). See the table in the schema package doc.
func mapType(c schema.Column) schema.Mapping {
	switch c.BaseType {
	case "tinyint":
		if _, args := schema.ParseDeclaredType(c.DeclaredType); len(args) == 1 && args[0] == 1 && !c.Unsigned {
			return schema.Simple(metadata.EdmBoolean) // BOOL/BOOLEAN are TINYINT(1)
		}
		if c.Unsigned {
			return schema.Simple(metadata.EdmByte)
		}
		return schema.Simple(metadata.EdmInt16)
	case "smallint":
		if c.Unsigned {
			return schema.Simple(metadata.EdmInt32)
		}
		return schema.Simple(metadata.EdmInt16)
	case "mediumint":
		return schema.Simple(metadata.EdmInt32)
	case "int", "integer":
		if c.Unsigned {
			return schema.Simple(metadata.EdmInt64)
		}
		return schema.Simple(metadata.EdmInt32)
	case "bigint":
		if c.Unsigned {
			return schema.Decimal(20, 0)
		}
		return schema.Simple(metadata.EdmInt64)
	case "year":
		return schema.Simple(metadata.EdmInt16)
	case "bit":
		if c.Precision == 1 {
			return schema.Simple(metadata.EdmBoolean)
		}
		// BIT(n) arrives as big-endian bytes; expose them as they are.
		return schema.Binary((c.Precision + 7) / 8)
	case "decimal", "numeric", "dec", "fixed":
		return schema.Decimal(c.Precision, c.Scale)
	case "float":
		return schema.Simple(metadata.EdmSingle)
	case "double", "real", "double precision":
		return schema.Simple(metadata.EdmDouble)
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set":
		return schema.String(c.MaxLength)
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		return schema.Binary(c.MaxLength)
	case "date":
		return schema.Simple(metadata.EdmDate)
	case "datetime", "timestamp":
		return schema.DateTimeOffset(max(c.Precision, 0))
	case "uuid": // MariaDB 10.7+
		return schema.Simple(metadata.EdmGuid)
	}
	// json, time, geometry types, inet4/inet6 and anything unknown.
	return schema.Text()
}
