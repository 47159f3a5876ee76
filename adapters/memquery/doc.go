// Package memquery evaluates the bound query tree (gateway/query/bound) over
// rows of Go values (metadata/values.go) in memory, so that a source which
// cannot run the query language itself (a JSON API, a file) answers every
// request the SQL sources answer, with the same results.
//
// Its semantics are those of the SQL translation (adapters/sqldb), which the
// equivalence test checks case by case against SQLite over the same rows:
//
//   - eq/ne are two-valued (null eq null is true, null ne 5 is true),
//     lt/le/gt/ge with a null operand are false; and/or/not are three-valued;
//     a filter keeps the rows where it is true.
//   - Strings compare exactly, by code point; contains/startswith/endswith
//     are case-sensitive; tolower/toupper are Unicode; trim removes spaces;
//     length, indexof and substring count characters (indexof is 0-based).
//   - Numbers: integers stay integers (div truncates toward zero), decimals
//     are exact (math/big), a Double operand makes the operation floating
//     point; division and modulo by zero are null; round is half away from
//     zero.
//   - Date-times are instants (compared in UTC); date parts are UTC.
//   - $search matches a term when some searchable String property contains
//     it case-insensitively (null never contains anything).
//   - $orderby puts nulls first ascending and last descending.
//
// Navigation (paths across single-valued navigation properties, any, all,
// $count) asks a Navigator for the related rows; without one it is 501.
// $compute (adapters.Query.Compute) is evaluated once per row, before the
// filter, and read back by alias and in the projection. $apply (apply.go)
// runs the pipeline the SQL sources serve, with their result types and
// order; what they answer 501 is 501 here too.
package memquery
