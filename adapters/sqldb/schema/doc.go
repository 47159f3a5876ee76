// Package schema builds a service's entity data model from the tables an
// engine reads from its catalog. Engines (adapters/sqlite, mysql, postgres)
// fill []Table and supply a TypeMapper; Build applies the configuration
// (allow-list, renames, naming convention, hidden columns, keys, type
// overrides, search columns), derives navigation properties from foreign keys,
// and returns a metadata.Model plus warnings.
//
// # Type mapping
//
// Only types every client accepts are emitted (Salesforce Connect's list:
// Boolean, Byte, Int16, Int32, Int64, Single, Double, Decimal, Date,
// DateTimeOffset, Guid, Binary, String). Everything else becomes Edm.String;
// where the driver cannot return the value as a string of its own, the
// property is marked ReadAsText and the SQL translator casts it to text.
//
//	SQL type                                   SQLite          MySQL/MariaDB                PostgreSQL
//	boolean / bool                             Boolean         Boolean (BOOL = TINYINT(1))  Boolean
//	tinyint(1)                                 Int32¹          Boolean²                     -
//	tinyint / tinyint unsigned                 Int32¹          Int16 / Int16                -
//	smallint / smallint unsigned / int2        Int32¹          Int16 / Int32                Int16
//	mediumint / int / int4 / serial            Int64¹          Int32 (unsigned: Int64)      Int32
//	bigint / int8 / bigserial                  Int64           Int64 (unsigned: Decimal(20,0)) Int64
//	year                                       -               Int16                        -
//	bit(1) / bit(n>1)                          -               Boolean / Int64              String (text)
//	decimal(p,s) / numeric(p,s)                Decimal(p,s)    Decimal(p,s)                 Decimal(p,s); bare numeric: Decimal, Scale variable
//	money                                      -               -                            String (text)³
//	real / float4 / float                      Double          Single (FLOAT), Double       Single
//	double / float8                            Double          Double                       Double
//	char(n) / varchar(n) / text                String(n)       String(n), text: String      String(n)
//	enum / set                                 -               String                       String (text, user enums)
//	json / jsonb                               String          String                       String (text)
//	uuid                                       Guid⁴           -                            Guid
//	date                                       Date            Date                         Date
//	datetime / timestamp [with time zone]      DateTimeOffset  DateTimeOffset(fsp)⁵         DateTimeOffset(p)
//	time / timetz / interval                   String          String (text)                String (text)
//	binary / varbinary / blob / bytea          Binary          Binary(n)                    Binary
//	inet, cidr, macaddr, xml, arrays, ranges,
//	geometry, tsvector, anything unknown       String          String (text)                String (text)
//
// ¹ SQLite integers are 64-bit whatever their declared name; INT, INTEGER and
// BIGINT map to Int64, SMALLINT/TINYINT/MEDIUMINT declared names to Int32.
// Columns follow SQLite's affinity rules when the declared name is not one of
// the common names above (…INT… → Int64, CHAR/CLOB/TEXT → String, BLOB or no
// type → Binary/String as stated in adapters/sqlite, REAL/FLOA/DOUB → Double,
// otherwise NUMERIC affinity → Decimal).
// ² MySQL's own convention: BOOL and BOOLEAN are TINYINT(1). Override with
// columns.<c>.type: Edm.Byte (or Int16) where a TINYINT(1) holds numbers.
// ³ PostgreSQL money is locale-formatted text; expose a numeric column instead.
// ⁴ SQLite has no uuid type; a column declared UUID or GUID maps to Guid.
// ⁵ MySQL DATETIME has no time zone; the gateway reads and writes it as UTC.
//
// # Type overrides
//
// columns.<c>.type may change a column's mapped type where the stored value
// supports it: String → Guid, Date, DateTimeOffset, TimeOfDay; integer types →
// Boolean, another integer type or Decimal; Boolean → integer types; Decimal →
// integer types or Double; Single ↔ Double; Date ↔ DateTimeOffset; and any
// type → String (read through a text cast). Everything else is an error at
// start-up.
//
// # Names
//
// Database names that are not OData identifiers are sanitised (every other
// character becomes '_', a leading digit gets a '_' prefix) with a warning;
// a name with no letter or digit is skipped with a warning. Two objects that
// end up with the same name are a configuration error. Navigation property
// names follow the rules documented on (*builder).navigation.
package schema
