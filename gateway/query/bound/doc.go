// # The binder
//
// A Binder resolves the syntax tree of package query against a
// *metadata.Model:
//
//	b := &bound.Binder{Model: model, Aliases: opts.Aliases}
//	target, err := b.Path(path)                      // what the URL addresses, keys converted
//	filter, err := b.Filter(set.Type, opts.Filter)   // Boolean Expr or nil
//	order, err := b.OrderBy(set.Type, opts.OrderBy)  // []OrderItem
//	props, err := b.Select(set.Type, opts.Select)    // []*metadata.Property, nil = all
//	search, err := b.Search(opts.Search)             // Search or nil
//
// Every error a client can cause is an *odataerr.Error: 400 for unknown
// properties, type errors, bad keys (Target is the option, "$filter", or
// "@p" inside an alias value; Pos the byte offset in its text), 404 for
// unknown entity sets and path segments, 501 for valid OData not served yet.
//
// # Names
//
// Member paths resolve to *Property, across single-valued navigation
// properties (Nav) and from lambda variables (Variable; "" is $it). A
// collection-valued navigation property may only end the path of any, all
// or $count (Lambda, Count). A type-cast segment is accepted only for the
// type itself.
//
// # Types (OData Part 2, 5.1.1)
//
//   - Integer literals are Edm.Int32 when they fit, else Edm.Int64.
//   - Comparisons: numerics compare with numerics; every other type only with
//     itself, except that a string constant compared with a Guid must be a
//     valid GUID and becomes a Guid, and a Date constant compared with a
//     DateTimeOffset becomes midnight UTC. A DateTimeOffset constant compared
//     with a Date compares with that midnight too: at midnight UTC it becomes
//     the Date; otherwise, with d its UTC date, eq is false, ne true, lt/le
//     become le d and gt/ge gt d (Salesforce shows Edm.Date as a DateTime and
//     may filter it with an instant). Constants are
//     converted to the other operand's type when exact: `Price gt 5` with a
//     Decimal Price compares with metadata.Decimal("5"), `Weight gt 5` with a
//     Double with float64(5); an integer that does not fit an Int32 property
//     stays an Int64 constant.
//   - Arithmetic: numerics are promoted with metadata.Promote and the
//     result has the promoted type, so div of two integers is integer
//     division (Binary{Op: Div} with an integral T) and Decimal arithmetic
//     stays Decimal; divby is Double for floating operands and Decimal
//     otherwise (the translator must divide exactly even for integer
//     operands). DateTimeOffset/Date add/sub Duration keeps the left type;
//     DateTimeOffset sub DateTimeOffset and Date sub Date are Durations.
//   - Negation: numerics and Durations; Byte, SByte and Int16 operands are
//     cast to Int32 first (unary numeric promotion); constants are folded.
//   - and/or/not take Booleans; has is 501 (no enumeration types).
//   - In: every item has X's type (constants converted, X and items cast to
//     the promoted type when a numeric item is wider).
//   - Functions: the canonical functions of 4.0 with their signatures; the
//     untyped null takes the parameter's first type; round/floor/ceiling of
//     an integer is the integer itself (no Call is produced), date() of a
//     Date is the Date. now(), maxdatetime() and mindatetime() are folded to
//     DateTimeOffset constants (now() once per call, from Binder.Now, in
//     UTC at microsecond precision), so every engine agrees.
//     cast folds constants (a failed cast is null, as the spec says) and
//     binds to Cast for numeric-to-numeric and anything-to-String; isof is
//     folded to a Boolean constant from static types.
//
// # Null semantics (what the SQL translator must preserve)
//
// The untyped null literal gets the type of the other operand, so every
// Const{Value: nil} in a bound tree is typed, except for the folded cases
// below. OData's rules differ from SQL's:
//
//   - eq/ne are two-valued: `null eq null` is true, `X eq null` is true
//     exactly when X is null (SQL: X IS NULL), `X ne null` is X IS NOT
//     NULL, and `Name ne 'a'` is TRUE for a null Name (SQL: Name <> 'a' is
//     unknown). Two non-constant operands: `A eq B` is true when both are
//     null (IS NOT DISTINCT FROM).
//   - lt/le/gt/ge are false when an operand is null (`Price gt null` is
//     false, also under not: `not (Price gt 5)` is true for a null Price).
//   - Arithmetic, functions and negation of null are null; and/or/not follow
//     three-valued logic; a filter keeps only rows where it is true.
//
// So a comparison is never null (MayBeNull reports which expressions can
// be), and the translator must make a comparison with nullable operands
// two-valued wherever unknown and false differ: under not, and when a
// comparison is itself compared (`(A eq B) eq false`). At the top of a filter
// and under and/or in positive positions, SQL's unknown drops the row just
// as OData's false does, so `Price gt 5` and `Name eq 'a'` may be emitted
// plainly there — but not `Name ne 'a'` (nor `A eq B` of two nullable
// operands), which OData makes true for a null operand everywhere:
// `(Name IS NULL OR Name <> ?)`.
//
// The binder folds `null eq null` to true and other comparisons of two
// untyped nulls to false, and `null in (null, …)` with only nulls to true. It
// rewrites `X eq true` to X and `X eq false` to not X (likewise `X ne false`
// and `X ne true`) when X is a non-nullable Boolean, and `X eq true/false`
// also for a nullable X in positive positions of a filter, where both mean
// the same (see simplify; `X ne true` is true for a null X and is kept).
// Salesforce Connect's `contains(Name,'Acme') eq true` thus reaches the
// translator as the plain call.
//
// # Aggregation ($apply) and computed properties ($compute)
//
// The system query options are evaluated in the order $apply, $compute,
// $search, $filter, $count, $orderby, $skip, $top, $select (OData 4.01 Part
// 1, 11.2.1). The binder follows that order through a *Shape, the
// description of the instances flowing between steps:
//
//	sh := bound.EntityShape(set.Type)
//	apply, err := b.Apply(set.Type, opts.ApplyTree)    // nil without $apply
//	if apply != nil { sh = apply.Out }
//	comp, sh, err := b.Compute(sh, opts.ComputeItems)  // nil, sh without $compute
//	filter, err := b.FilterOn(sh, opts.Filter)
//	order, err := b.OrderByOn(sh, opts.OrderBy)
//	cols, err := b.SelectOn(sh, opts.Select)           // []Expr (*Property / *AliasRef); nil = whole shape
//
// Without $apply and $compute, FilterOn, OrderByOn on EntityShape(t) equal
// Filter and OrderBy on t.
//
// Apply.Steps are typed: *Filter, *SearchStep, *OrderBy, *Top, *Skip,
// *Compute, *Aggregate, *GroupBy and *Concat (identity binds to nothing).
// Each step sees the shape its predecessor produced:
//
//   - Before aggregation (Shape.Entity) every property and navigation of
//     the entity type is usable, plus the dynamic properties of earlier
//     compute steps.
//   - aggregate(…) collapses the input into ONE row (also for an empty
//     input: counts 0, other values null) holding only its aliases.
//   - groupby((Keys), aggregate(Items)) yields one row per distinct key
//     combination: Keys are *Property (across single-valued navigation,
//     which must be a LEFT JOIN so that a missing related entity groups as
//     null) or *AliasRef (grouping by an earlier alias); without aggregate it
//     yields the distinct keys. Only groupby((…),aggregate(…)) is served;
//     other nested transformations are 501.
//   - After either, a name is a grouping property (a *Property equal, by
//     Nav and Prop, to a Shape.Groups entry — see Shape.GroupIndex) or an
//     alias (*AliasRef); anything else is 400 listing what is available.
//     Navigation (any, all, $count of a collection) and search are 400 there.
//   - Aliases are *Dynamic properties with an inferred type (see
//     Aggregation for the result types of sum, average, min, max,
//     countdistinct and $count) and nullability. An alias may not reuse a
//     name visible in its input (400). An *AliasRef is identified by
//     Prop.Name: after concat the shape holds copies of the branches'
//     Dynamic values (made nullable when a branch lacks them).
//   - concat(A, B, …) is UNION ALL of the branches, each applied to the
//     same input; the result has the union of the branches' groups and
//     aliases (missing ones null). Concatenating an aggregated with a
//     non-aggregated branch is 501.
//
// What the SQL translator does with it: every step that changes the shape
// (compute, aggregate, groupby, concat) or that must apply before a later
// grouping (filter, orderby with top/skip) becomes a derived table, and the
// following steps and the request's $filter/$orderby/$top/$skip/$count read
// the derived table's columns: grouping properties under a column alias of
// the translator's choosing, dynamic properties under their alias (always
// quoted as an identifier: aliases are odataIdentifiers but still client
// text). Consecutive steps that SQL can express in one SELECT (filter then
// groupby then filter on aliases = WHERE, GROUP BY, HAVING; then orderby and
// top) should be merged so that a typical BI query is one statement.
// Aggregation results must keep the inferred types: sum of integers may
// come back from MySQL/PostgreSQL as DECIMAL/numeric and must be read as
// int64; average of integers must divide exactly (cast to DECIMAL before
// AVG on engines that would truncate or use floating point); countdistinct
// counts non-null values. $count=true after $apply counts the result rows.
//
// Not served (501 naming them): topcount, topsum, toppercent, bottomcount,
// bottomsum, bottompercent, join, outerjoin, nest, addnested, ancestors,
// descendants, traverse, custom function transformations, rollup and
// rolluprecursive, 'from' in aggregate, custom aggregates and custom
// aggregation methods, Path/$count in aggregate, aggregation across a
// collection-valued navigation property, grouping by an entity, and the
// aggregate function inside expressions ($these/aggregate(…)).
package bound
