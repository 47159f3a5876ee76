package bound

import (
	"odatagw/gateway/query"
	"odatagw/metadata"
)

// Apply is a bound $apply pipeline (see "Aggregation" in the package
// documentation): Steps run in order on the entities of Input; Out is the
// shape of the result, which $filter, $orderby, $select, $top, $skip and
// $count of the same request operate on (FilterOn, OrderByOn, SelectOn).
type Apply struct {
	Input *metadata.EntityType
	Steps []Step
	Out   *Shape
}

// Step is one bound transformation: *Filter, *SearchStep, *OrderBy, *Top,
// *Skip, *Compute, *Aggregate, *GroupBy or *Concat. (identity binds to no
// step.)
type Step interface {
	Pos() query.Pos
	step()
}

// Shape describes the instances flowing out of a step: which names an
// expression may use there and what the result rows hold.
//
// While Entity is true the instances are still entities of Type (only
// filter, search, orderby, top, skip and compute ran): every property and
// navigation property of Type can be used, and the result rows are entities
// with the Dynamic properties added. Once aggregate or groupby ran, Entity
// is false and a row holds exactly the Groups (grouping properties, possibly
// across single-valued navigation) followed by the Dynamic properties.
type Shape struct {
	Type    *metadata.EntityType
	Entity  bool
	Groups  []*Property
	Dynamic []*Dynamic
}

// EntityShape is the shape of plain entities of t (no $apply).
func EntityShape(t *metadata.EntityType) *Shape { return &Shape{Type: t, Entity: true} }

// Dynamic is a dynamic property introduced by aggregate or compute (an
// alias). Nullable tells whether its values may be null; T is never
// EdmNull.
type Dynamic struct {
	Name     string
	T        metadata.EdmType
	Nullable bool
}

// AliasRef is a reference to a dynamic property in an expression after the
// step that introduced it. The SQL translator reads it as the column named
// by the alias in the sub-select of that step.
type AliasRef struct {
	P    query.Pos
	Prop *Dynamic
}

func (a *AliasRef) Type() metadata.EdmType { return a.Prop.T }
func (a *AliasRef) Pos() query.Pos         { return a.P }
func (*AliasRef) boundExpr()               {}

// Filter keeps the instances for which Cond (Boolean) is true.
type Filter struct {
	P    query.Pos
	Cond Expr
}

// SearchStep keeps the entities matching a search expression (only before
// aggregation).
type SearchStep struct {
	P      query.Pos
	Search Search
}

// OrderBy sorts the instances.
type OrderBy struct {
	P     query.Pos
	Items []OrderItem
}

// Top keeps the first N instances; Skip drops them.
type Top struct {
	P query.Pos
	N int64
}

// Skip drops the first N instances.
type Skip struct {
	P query.Pos
	N int64
}

// Compute adds a dynamic property per item to every instance.
type Compute struct {
	P     query.Pos
	Items []*Computed
}

// Computed is one `expr as Alias`: Out.T is Expr's type. Prop stands for
// the value where a property is expected (a select list of $compute or of
// a nested $compute in $expand): Name is the alias, Type and Nullable
// Out's; it is not a property of any entity type.
type Computed struct {
	Expr Expr
	Out  *Dynamic
	Prop *metadata.Property
}

// Method is a standard aggregation method.
type Method string

// Aggregation methods (OData Data Aggregation 4.0, 3.1.3).
const (
	MethodSum           Method = "sum"
	MethodMin           Method = "min"
	MethodMax           Method = "max"
	MethodAverage       Method = "average"
	MethodCountDistinct Method = "countdistinct"
	MethodCount         Method = "$count" // `$count as Alias`: the number of instances
)

// Aggregation is one aggregated value: Method applied to Expr (nil for
// MethodCount) over the instances of the input or of one group. Out.T is
// the result type:
//
//	sum:           Int64 for integer inputs, Decimal for Decimal, Double for Single/Double
//	average:       Double for Single/Double, else Decimal (exact, also for integers)
//	min, max:      the input's type
//	countdistinct: Int64 (nulls are not counted); $count: Int64
//
// sum, average, min and max of no non-null values are null; counts are
// never null.
type Aggregation struct {
	P      query.Pos
	Method Method
	Expr   Expr
	Out    *Dynamic
}

// Aggregate collapses its whole input into one row of aggregated values
// (`aggregate(…)` outside groupby; one row even when the input is empty).
type Aggregate struct {
	P     query.Pos
	Items []*Aggregation
}

// GroupBy groups the input by Keys and yields one row per group with the
// key values and the Items aggregated over the group (`groupby((Keys),
// aggregate(Items))`); without Items it yields the distinct key
// combinations. Keys are *Property (possibly across single-valued
// navigation: a LEFT JOIN, a missing related entity groups as null) or
// *AliasRef (grouping by an earlier step's alias).
type GroupBy struct {
	P     query.Pos
	Keys  []Expr
	Items []*Aggregation
}

// Concat is the union (with duplicates) of each branch applied to the same
// input. A row of one branch has null in the dynamic properties and groups
// that only other branches produce.
type Concat struct {
	P        query.Pos
	Branches []*Apply
}

func (s *Filter) Pos() query.Pos     { return s.P }
func (s *SearchStep) Pos() query.Pos { return s.P }
func (s *OrderBy) Pos() query.Pos    { return s.P }
func (s *Top) Pos() query.Pos        { return s.P }
func (s *Skip) Pos() query.Pos       { return s.P }
func (s *Compute) Pos() query.Pos    { return s.P }
func (s *Aggregate) Pos() query.Pos  { return s.P }
func (s *GroupBy) Pos() query.Pos    { return s.P }
func (s *Concat) Pos() query.Pos     { return s.P }

func (*Filter) step()     {}
func (*SearchStep) step() {}
func (*OrderBy) step()    {}
func (*Top) step()        {}
func (*Skip) step()       {}
func (*Compute) step()    {}
func (*Aggregate) step()  {}
func (*GroupBy) step()    {}
func (*Concat) step()     {}
