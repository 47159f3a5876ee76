package query

// Syntax tree of $apply (OData Extension for Data Aggregation 4.0, grammar
// odata-aggregation-abnf.txt) and of $compute. The parser knows the grammar
// only; package bound resolves names and types and decides which
// transformations are served (the others answer 501 naming them).

// Apply is a pipeline of transformations, applied left to right.
//
//	apply     = ( "$apply" / "apply" ) EQ applyExpr
//	applyExpr = applyTrafo *( "/" applyTrafo )
type Apply struct {
	P     Pos
	Steps []Transformation
}

// Transformation is one step of an Apply pipeline.
type Transformation interface {
	Node
	// Name is the transformation's keyword as written ("aggregate",
	// "groupby", …) or, for a custom function, its qualified name.
	Name() string
	trafoNode()
}

// AggregateTrafo is `aggregate(item, …)`.
//
//	aggregateTrafo = %s"aggregate" OPEN BWS aggregateExpr *( BWS COMMA BWS aggregateExpr ) BWS CLOSE
type AggregateTrafo struct {
	P     Pos
	Items []AggregateItem
}

// AggregateKind tells the form of one aggregateExpr.
type AggregateKind int

// Forms of aggregateExpr.
const (
	// AggWith is `expr with method as Alias`: Expr is the aggregated
	// expression (a *MemberPath for `Nav/Prop with sum`), Method the method.
	AggWith AggregateKind = iota
	// AggCount is `$count as Alias`: the number of input instances.
	AggCount
	// AggPathCount is `Path/$count as Alias`: Expr is a *CountExpr.
	AggPathCount
	// AggCustom is a custom aggregate `[Path/]Name [from …] [as Alias]`:
	// Expr is the *MemberPath ending in the custom aggregate's name.
	AggCustom
)

var aggregateKindNames = [...]string{"with", "$count", "path/$count", "custom"}

func (k AggregateKind) String() string { return aggregateKindNames[k] }

// AggregateItem is one aggregateExpr.
//
//	aggregateExpr    = ( aggrPathPrefix / aggrCastPath ) nonprimAggWith [ aggregateFrom ] asAlias
//	                 / aggregatableExpW [ aggregateFrom ] asAlias
//	                 / aggregateCount [ aggregateFrom ] asAlias
//	                 / aggregateCustom [ [ customFrom ] asAlias ]
//	aggregateWith    = RWS %s"with" RWS aggregateMethod
//	aggregateMethod  = %s"sum" / %s"min" / %s"max" / %s"average" / nonprimAggMethod
//	nonprimAggMethod = %s"countdistinct" / namespace "." odataIdentifier
type AggregateItem struct {
	P         Pos
	Kind      AggregateKind
	Expr      Expr   // nil for AggCount
	Method    string // "sum", "min", "max", "average", "countdistinct" or a qualified custom method; "" for counts and custom aggregates
	MethodPos Pos
	From      []AggregateFrom // nested aggregation steps, in order
	Alias     string          // "" only for a custom aggregate without 'as'
	AliasPos  Pos
}

// AggregateFrom is one `from groupingProperties with method` clause: the
// value is first aggregated per group of Properties, then the groups' values
// are aggregated with Method (the next clause's or the item's outer step).
// Method is "" only in a custom aggregate's from clause.
//
//	aggregateFrom = RWS %s"from" RWS groupingProperties aggregateWith [ aggregateFrom ]
//	customFrom    = RWS %s"from" RWS groupingProperties [ aggregateWith ] [ customFrom ]
type AggregateFrom struct {
	P          Pos
	Properties []*MemberPath
	Method     string
	MethodPos  Pos
}

// AggregateExpr is the aggregate function applied to a collection inside an
// expression: `Sales/aggregate(Amount with sum)` or, for the current input
// set of a transformation, `$these/aggregate($count)` (Path's first segment
// is then "$these"). Item has no alias.
//
//	collectionPathExpr =/ %s"/aggregate" OPEN BWS aggregateFunctionExpr BWS CLOSE
//	currCollectionExpr =  %s"$these" collectionPathExpr
type AggregateExpr struct {
	P    Pos // position of the keyword aggregate
	Path *MemberPath
	Item AggregateItem
}

func (a *AggregateExpr) Pos() Pos { return a.Path.Pos() }
func (*AggregateExpr) exprNode()  {}

// GroupByTrafo is `groupby((paths…)[, applyExpr])`.
//
//	groupbyTrafo   = %s"groupby" OPEN BWS groupbyList [ BWS COMMA BWS applyExpr ] BWS CLOSE
//	groupbyList    = OPEN BWS groupbyElement *( BWS COMMA BWS groupbyElement ) BWS CLOSE
//	groupbyElement = groupingProperty / rollupLevels / rollupRecursive
type GroupByTrafo struct {
	P        Pos
	Elements []GroupByElement
	Then     *Apply // the transformations applied to each group; nil when absent
}

// GroupByElement is one grouping property or a rollup. Exactly one of Path
// and Rollup is set.
//
//	groupingProperty = [ aggrCastPath "/" ] ( snglPrimPath / snglPropPath )
type GroupByElement struct {
	Path   *MemberPath
	Rollup *Rollup
}

// Rollup is `rollup(p1, p2, …)`, `rollup(Hierarchy)` or
// `rolluprecursive(rootExpr, Hierarchy, NodePath[, preservingTrafos])`.
//
//	rollupLevels      = %s"rollup" OPEN BWS ( rollupUnnamedHier / rollupNamedHier ) BWS CLOSE
//	rollupRecursive   = %s"rolluprecursive" OPEN BWS recHierReference BWS [ COMMA BWS preservingTrafos BWS ] CLOSE
//	rollupUnnamedHier = groupingProperty 1*( BWS COMMA BWS groupingProperty )
//	rollupNamedHier   = odataIdentifier
type Rollup struct {
	P         Pos
	Recursive bool
	Paths     []*MemberPath // rollup(p1, p2, …)
	Hierarchy string        // rollup(Hierarchy) or the recursive hierarchy's qualifier
	Ref       *HierarchyRef // rolluprecursive only
	Then      *Apply        // rolluprecursive's preserving transformations; nil when absent
}

// HierarchyRef names a recursive hierarchy.
//
//	recHierReference    = rootExpr BWS COMMA BWS recHierQualifier BWS COMMA BWS recHierPropertyPath
//	recHierQualifier    = odataIdentifier
//	recHierPropertyPath = [ aggrCastPath "/" ] aggrPrimPath
type HierarchyRef struct {
	Root      Expr // `$root/SalesOrganizations` (a *MemberPath)
	Qualifier string
	Node      *MemberPath
}

// FilterTrafo is `filter(boolCommonExpr)`.
//
//	filterTrafo = %s"filter" OPEN BWS boolCommonExpr BWS CLOSE
type FilterTrafo struct {
	P    Pos
	Cond Expr
}

// SearchTrafo is `search(searchExpr)`.
//
//	searchTrafo = %s"search" OPEN BWS ( searchExpr / searchExpr-incomplete ) BWS CLOSE
type SearchTrafo struct {
	P      Pos
	Search SearchExpr
}

// OrderByTrafo is `orderby(item, …)`.
//
//	orderbyTrafo = %s"orderby" OPEN orderbyItem *( BWS COMMA BWS orderbyItem ) CLOSE
type OrderByTrafo struct {
	P     Pos
	Items []OrderItem
}

// TopTrafo is `top(n)`; SkipTrafo is `skip(n)`.
//
//	topTrafo  = %s"top" OPEN BWS 1*DIGIT BWS CLOSE
//	skipTrafo = %s"skip" OPEN BWS 1*DIGIT BWS CLOSE
type TopTrafo struct {
	P Pos
	N int64
}

// SkipTrafo is `skip(n)`.
type SkipTrafo struct {
	P Pos
	N int64
}

// ComputeTrafo is `compute(expr as Alias, …)`.
//
//	computeTrafo = %s"compute" OPEN BWS computeExpr *( BWS COMMA BWS computeExpr ) BWS CLOSE
//	computeExpr  = commonExpr asAlias
type ComputeTrafo struct {
	P     Pos
	Items []ComputeItem
}

// ComputeItem is one `expr as Alias` of $compute or of compute().
//
//	computeItem      = commonExpr RWS "as" RWS computedProperty
//	computedProperty = odataIdentifier
type ComputeItem struct {
	P        Pos
	Expr     Expr
	Alias    string
	AliasPos Pos
}

// ConcatTrafo is `concat(applyExpr, applyExpr, …)`: the union (with
// duplicates) of the results of each branch applied to the same input.
//
//	concatTrafo = %s"concat" OPEN BWS applyExpr 1*( BWS COMMA BWS applyExpr ) BWS CLOSE
type ConcatTrafo struct {
	P        Pos
	Branches []*Apply
}

// IdentityTrafo is `identity`.
//
//	identityTrafo = %s"identity"
type IdentityTrafo struct{ P Pos }

// RankTrafo is topcount, topsum, toppercent, bottomcount, bottomsum or
// bottompercent: Kind is the keyword, Amount the count, sum or percentage,
// Value the expression instances are ranked by.
//
//	topcountTrafo = %s"topcount" OPEN BWS collectionExpr BWS COMMA BWS commonExpr BWS CLOSE
//	(topsumTrafo, toppercentTrafo, bottomcountTrafo, bottomsumTrafo, bottompercentTrafo alike)
type RankTrafo struct {
	P      Pos
	Kind   string
	Amount Expr
	Value  Expr
}

// JoinTrafo is `join(Path as Alias[, applyExpr])` or outerjoin.
//
//	joinTrafo      = %s"join" OPEN BWS joinProperty asAlias [ BWS COMMA BWS applyExpr ] BWS CLOSE
//	outerjoinTrafo = %s"outerjoin" OPEN BWS joinProperty asAlias [ BWS COMMA BWS applyExpr ] BWS CLOSE
type JoinTrafo struct {
	P        Pos
	Outer    bool
	Path     *MemberPath
	Alias    string
	AliasPos Pos
	Then     *Apply
}

// NestTrafo is `nest(applyExpr as Alias, …)` (Path nil) or
// `addnested(Path, applyExpr as Alias, …)`.
//
//	nestTrafo     = %s"nest" OPEN BWS nestApplyExpr BWS CLOSE
//	              / %s"addnested" OPEN BWS nestPath BWS COMMA BWS nestApplyExpr BWS CLOSE
//	nestApplyExpr = applyExpr asAlias *( BWS COMMA BWS applyExpr asAlias )
type NestTrafo struct {
	P     Pos
	Path  *MemberPath
	Items []NestItem
}

// NestItem is one `applyExpr as Alias` of a NestTrafo.
type NestItem struct {
	Apply    *Apply
	Alias    string
	AliasPos Pos
}

// HierarchyTrafo is ancestors, descendants or traverse.
//
//	ancestorsTrafo   = %s"ancestors" OPEN BWS recHierReference BWS COMMA BWS preservingTrafos BWS
//	                   [ COMMA BWS 1*DIGIT BWS ] [ COMMA BWS %s"keep start" BWS ] CLOSE
//	descendantsTrafo = (the same with %s"descendants")
//	traverseTrafo    = %s"traverse" OPEN BWS recHierReference BWS COMMA BWS ( %s"preorder" / %s"postorder" ) BWS
//	                   [ COMMA BWS preservingTrafos BWS ] [ COMMA BWS orderbyItem *( BWS COMMA BWS orderbyItem ) BWS ] CLOSE
type HierarchyTrafo struct {
	P         Pos
	Kind      string // "ancestors", "descendants", "traverse"
	Ref       HierarchyRef
	Then      *Apply // preserving transformations (required for ancestors/descendants)
	Distance  *int64 // ancestors/descendants: maximum distance
	KeepStart bool
	Order     string // traverse: "preorder" or "postorder"
	OrderBy   []OrderItem
}

// CustomTrafo is a call of a service-defined function as a transformation.
//
//	customFunction = namespace "." ( entityColFunction / complexColFunction / primitiveColFunction ) functionExprParameters
type CustomTrafo struct {
	P        Pos
	Function string // qualified name
	Args     []KeyValue
}

func (a *Apply) Pos() Pos            { return a.P }
func (t *AggregateTrafo) Pos() Pos   { return t.P }
func (t *GroupByTrafo) Pos() Pos     { return t.P }
func (t *FilterTrafo) Pos() Pos      { return t.P }
func (t *SearchTrafo) Pos() Pos      { return t.P }
func (t *OrderByTrafo) Pos() Pos     { return t.P }
func (t *TopTrafo) Pos() Pos         { return t.P }
func (t *SkipTrafo) Pos() Pos        { return t.P }
func (t *ComputeTrafo) Pos() Pos     { return t.P }
func (t *ConcatTrafo) Pos() Pos      { return t.P }
func (t *IdentityTrafo) Pos() Pos    { return t.P }
func (t *RankTrafo) Pos() Pos        { return t.P }
func (t *JoinTrafo) Pos() Pos        { return t.P }
func (t *NestTrafo) Pos() Pos        { return t.P }
func (t *HierarchyTrafo) Pos() Pos   { return t.P }
func (t *CustomTrafo) Pos() Pos      { return t.P }
func (*AggregateTrafo) Name() string { return "aggregate" }
func (*GroupByTrafo) Name() string   { return "groupby" }
func (*FilterTrafo) Name() string    { return "filter" }
func (*SearchTrafo) Name() string    { return "search" }
func (*OrderByTrafo) Name() string   { return "orderby" }
func (*TopTrafo) Name() string       { return "top" }
func (*SkipTrafo) Name() string      { return "skip" }
func (*ComputeTrafo) Name() string   { return "compute" }
func (*ConcatTrafo) Name() string    { return "concat" }
func (*IdentityTrafo) Name() string  { return "identity" }
func (t *RankTrafo) Name() string    { return t.Kind }
func (t *JoinTrafo) Name() string {
	if t.Outer {
		return "outerjoin"
	}
	return "join"
}
func (t *NestTrafo) Name() string {
	if t.Path != nil {
		return "addnested"
	}
	return "nest"
}
func (t *HierarchyTrafo) Name() string { return t.Kind }
func (t *CustomTrafo) Name() string    { return t.Function }

func (*AggregateTrafo) trafoNode() {}
func (*GroupByTrafo) trafoNode()   {}
func (*FilterTrafo) trafoNode()    {}
func (*SearchTrafo) trafoNode()    {}
func (*OrderByTrafo) trafoNode()   {}
func (*TopTrafo) trafoNode()       {}
func (*SkipTrafo) trafoNode()      {}
func (*ComputeTrafo) trafoNode()   {}
func (*ConcatTrafo) trafoNode()    {}
func (*IdentityTrafo) trafoNode()  {}
func (*RankTrafo) trafoNode()      {}
func (*JoinTrafo) trafoNode()      {}
func (*NestTrafo) trafoNode()      {}
func (*HierarchyTrafo) trafoNode() {}
func (*CustomTrafo) trafoNode()    {}
