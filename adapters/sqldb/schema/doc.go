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
// where the driver cannot hand the value over as text of its own, the
// property is marked ReadAsText (marked "text" below) and the SQL translator
// casts it to text.
//
//	SQL type                          SQLite (declared name)  MySQL / MariaDB               PostgreSQL
//	bool, boolean                     Boolean                 Boolean (= TINYINT(1))¹       Boolean
//	tinyint(1)                        Int32                   Boolean¹                      -
//	tinyint [unsigned]                Int32                   Int16 [Byte]                  -
//	smallint [unsigned], int2         Int32                   Int16 [Int32]                 Int16
//	mediumint [unsigned]              Int32                   Int32                         -
//	int, integer [unsigned], int4     Int64²                  Int32 [Int64]                 Int32
//	bigint [unsigned], int8           Int64                   Int64 [Decimal(20,0)]         Int64
//	year                              -                       Int16                         -
//	bit(1) / bit(n)                   -                       Boolean / Binary(n/8)         String text
//	decimal(p,s), numeric(p,s)        Decimal(p,s)            Decimal(p,s)                  Decimal(p,s); bare numeric: Scale variable
//	float / real                      Double                  Single / Double               Single (real, float4)
//	double [precision], float8        Double                  Double                        Double
//	char(n), varchar(n)               String(n)               String(n)                     String(n)
//	text types                        String                  String(max length)³           String
//	enum, set                         -                       String(n)                     String text (enums)
//	json, jsonb                       String text⁴            String text (MariaDB: String) String text
//	uuid                              Guid⁵                   Guid (MariaDB 10.7+)          Guid
//	date                              Date                    Date                          Date
//	datetime, timestamp[tz]           DateTimeOffset          DateTimeOffset(fsp)⁶          DateTimeOffset(p)
//	time, timetz, interval            String text⁴            String text                   String text
//	binary, varbinary, blob, bytea    Binary                  Binary(n)                     Binary
//	money                             -                       -                             String text
//	inet, cidr, macaddr, xml, arrays,
//	ranges, geometry, anything else   String text             String text                   String text
//	no declared type (view columns)   String text             -                             -
//
// ¹ MySQL's own convention: BOOL and BOOLEAN are TINYINT(1). Override with
// columns.<c>.type: Edm.Byte (or Edm.Int16) where a TINYINT(1) holds numbers.
// ² SQLite integers are 64-bit whatever their declared name. Declared names
// that are not in the table follow SQLite's affinity rules
// (https://sqlite.org/datatype3.html 3.1): …INT… → Int64; CHAR, CLOB, TEXT
// → String; BLOB → Binary; REAL, FLOA, DOUB → Double; anything else
// (NUMERIC affinity: json, time, enum...) → String text.
// ³ CHARACTER_MAXIMUM_LENGTH (65535 for TEXT), so that Salesforce makes a
// long text area rather than Text(128).
// ⁴ Via affinity (see ²).
// ⁵ SQLite has no uuid type; a column declared UUID, GUID or
// UNIQUEIDENTIFIER maps to Guid (the text must be in 8-4-4-4-12 form).
// ⁶ MySQL DATETIME has no time zone; the gateway reads and writes it as UTC
// (adapters/mysql forces loc=UTC and the session time_zone '+00:00').
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
// names follow the rules documented on (*builder).navigation (Orders.Customer
// and Customers.Orders for Orders.CustomerID → Customers); entities.<t>.
// navigation renames them. Options.Relationships declares relationships the
// database does not (see Relationship); they take the same path.
package schema
