// Package sqldb translates the bound query plan of package adapters into one
// parameterised SQL statement per request (plus one for $count) and runs it
// over database/sql. What differs between engines lives behind the Dialect
// interface; SQLite, MySQL (also MariaDB) and Postgres implement it. The
// engine packages (adapters/sqlite, mysql, postgres) open the database,
// introspect it into a model and call NewSource with their dialect.
//
// # Statements
//
//	SELECT t0."A", t0."B" FROM "schema"."Table" t0
//	  LEFT JOIN "Other" t1 ON t0."OtherID" = t1."ID"   -- single-valued navigation in paths
//	  WHERE (key) AND (filter) AND (search) AND (keyset continuation)
//	  ORDER BY … LIMIT ? OFFSET ?
//
// any/all lambdas and Nav/$count over collection-valued navigation are
// correlated subqueries inside that statement ([NOT] EXISTS (SELECT 1 …),
// (SELECT COUNT(*) …)), joined on every referential constraint pair; the
// scoping and the null semantics of all are in build_lambda.go.
//
// Every literal, the page size and offset included, is a bound parameter;
// every identifier is quoted from the model (Build refuses names the quoting
// cannot carry). Build and BuildCount are pure functions; the golden tests in
// testdata/golden show their output per dialect for OData requests.
//
// # Aggregation ($apply)
//
// A query with Apply set is one statement too (build_apply.go): the
// filters before groupby/aggregate are the WHERE of an aggregating SELECT
// (GROUP BY, navigation LEFT JOINed) whose columns the translator names
// ("g0"…, "a0"…; aliases never reach the SQL); later filter, orderby, top
// and skip steps and the request's $filter/$orderby/$top/$skip read those
// columns from derived tables around it; BuildCount counts its rows. Strings
// group, count distinct and compare by code point, date-times as instants,
// integers sum to int64 and decimal sums and averages are exact (MySQL AVG
// over DECIMAL(65,30); SQLite rounded to 10 fractional digits). Other
// transformations are 501.
//
// # Semantics every engine agrees on
//
//   - Null: OData's two-valued comparisons over SQL's three-valued logic;
//     the rule is documented in build_expr.go ("Null semantics").
//   - Strings: eq/ne/in are exact (case, trailing spaces, accents) even under
//     MySQL's case-insensitive PAD SPACE collations, with a first conjunct an
//     index can serve; lt/le/gt/ge and $orderby use code point order;
//     contains/startswith/endswith/indexof are case-sensitive and treat
//     % _ * ? [ in the argument literally; tolower/toupper fold every letter
//     (SQLite through registered Go functions); $search is case-insensitive.
//   - Numbers: decimals are exact on MySQL and PostgreSQL (constants bound
//     as text and cast); div of integers truncates toward zero; division by
//     zero and failed text-to-number casts are null; round is half away from
//     zero also for doubles.
//   - Dates and times are UTC; SQLite date-time text in any ISO-8601 form is
//     normalised for comparison and ordering.
//   - Nulls sort first ascending and last descending.
//   - Columns whose Edm type was overridden are read through a conversion
//     (stored.go), so that they compare as their Edm type.
//
// # Connection requirements
//
// The dialects assume what the engine packages configure: a session time
// zone of UTC (PostgreSQL RuntimeParams timezone=UTC, MySQL
// time_zone='+00:00'; NewSource logs a warning otherwise) and, for MySQL, a
// utf8mb4 connection character set (the go-sql-driver default).
//
// # Execution
//
// Source implements adapters.Source: Query streams rows converted to the Go
// values of metadata/values.go (scan.go) reusing one value slice, under a
// per-query deadline within the caller's context; errors become
// *odataerr.Error (errors.go): 504 on deadline, 503 when the database cannot
// be reached, 400 for data errors such as numeric overflow, otherwise 500 —
// naming the source, never the DSN or the SQL. The model is reloaded lazily
// after Config.RefreshInterval, keeping the last good one on failure.
//
// # Known limits
//
//   - Navigation properties without referential constraints cannot be
//     followed (501), in paths, lambdas and $count alike.
//   - SQLite has no exact decimal type: decimals are REAL, compared after
//     rounding computed values to 10 fractional digits; date-times in mixed
//     forms compare at millisecond precision through STRFTIME, which no index
//     serves; an indexed column whose values are all in one sortable form
//     (stored_form.go) compares and orders as stored, and its index serves.
//   - String ordering by code point and exact string comparisons cannot use
//     an index built under a linguistic collation (MySQL: the binary form;
//     PostgreSQL: COLLATE "C"); eq keeps an index-usable first conjunct.
//   - PostgreSQL char(n) (bpchar) ignores trailing spaces in =, and citext or
//     nondeterministic collations compare case-insensitively.
//   - totaloffsetminutes is 0: every engine stores or returns UTC.
package sqldb
