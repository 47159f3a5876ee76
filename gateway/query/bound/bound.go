// Package bound holds the bound tree — the typed, model-resolved form of a
// request that adapters read — and the binder that builds it from the syntax
// tree of package query. Adapters never see raw user text: every name here is a
// *metadata.Property or *metadata.NavigationProperty, every literal a typed
// constant.
package bound

import (
	"odatagw/gateway/query"
	"odatagw/metadata"
)

// Expr is a bound, typed expression.
type Expr interface {
	// Type is the expression's Edm type; metadata.EdmNull for an untyped null.
	Type() metadata.EdmType
	// Pos is the position in the option text it came from, for errors.
	Pos() query.Pos
	boundExpr()
}

// Property is a reference to a structural property, possibly across
// single-valued navigation properties (`Customer/Country`), and possibly of a
// lambda variable instead of the current entity ($it).
type Property struct {
	P        query.Pos
	Variable string                         // lambda variable name; "" means $it
	Nav      []*metadata.NavigationProperty // single-valued navigation hops, in order
	Prop     *metadata.Property
}

// Const is a typed constant. Value holds the Go value for T listed in
// metadata/values.go; nil is null.
type Const struct {
	P     query.Pos
	T     metadata.EdmType
	Value any
}

// Op is a bound binary operator.
type Op int

// Bound binary operators. Comparison operands have compatible types (the binder
// promotes numerics and checks the rest); And/Or operands are Boolean.
const (
	Eq Op = iota
	Ne
	Lt
	Le
	Gt
	Ge
	And
	Or
	Add
	Sub
	Mul
	Div   // integer division when both operands are integral, else exact/float division
	DivBy // always non-integer division (4.01 divby)
	Mod
)

var opNames = [...]string{"eq", "ne", "lt", "le", "gt", "ge", "and", "or", "add", "sub", "mul", "div", "divby", "mod"}

func (o Op) String() string { return opNames[o] }

// IsComparison reports whether o compares two values.
func (o Op) IsComparison() bool { return o <= Ge }

// Binary is `L op R` with result type T (Boolean for comparisons and logic).
type Binary struct {
	P     query.Pos
	Op    Op
	Left  Expr
	Right Expr
	T     metadata.EdmType
}

// Not is logical negation of a Boolean expression.
type Not struct {
	P query.Pos
	X Expr
}

// Neg is arithmetic negation.
type Neg struct {
	P query.Pos
	X Expr
}

// In is `X in (List...)`; every list item has X's type (or is null).
type In struct {
	P    query.Pos
	X    Expr
	List []Expr
}

// Func names a built-in function of OData v4.0.
type Func string

// Built-in functions (OData Part 2, 5.1.1.5–5.1.1.9).
const (
	FnContains           Func = "contains"
	FnStartsWith         Func = "startswith"
	FnEndsWith           Func = "endswith"
	FnLength             Func = "length"
	FnIndexOf            Func = "indexof"
	FnSubstring          Func = "substring" // 2 or 3 arguments
	FnToLower            Func = "tolower"
	FnToUpper            Func = "toupper"
	FnTrim               Func = "trim"
	FnConcat             Func = "concat"
	FnYear               Func = "year"
	FnMonth              Func = "month"
	FnDay                Func = "day"
	FnHour               Func = "hour"
	FnMinute             Func = "minute"
	FnSecond             Func = "second"
	FnFractionalSeconds  Func = "fractionalseconds"
	FnDate               Func = "date"
	FnTime               Func = "time"
	FnTotalOffsetMinutes Func = "totaloffsetminutes"
	FnNow                Func = "now"
	FnMaxDateTime        Func = "maxdatetime"
	FnMinDateTime        Func = "mindatetime"
	FnRound              Func = "round"
	FnFloor              Func = "floor"
	FnCeiling            Func = "ceiling"
)

// Call is a built-in function call with result type T.
type Call struct {
	P    query.Pos
	Fn   Func
	Args []Expr
	T    metadata.EdmType
}

// Cast converts X to primitive type T (`cast(X, Edm.String)`). The binder
// folds casts of constants and rejects casts the model cannot express.
type Cast struct {
	P query.Pos
	X Expr
	T metadata.EdmType
}

// Lambda is `Nav/any(v: Pred)` or `Nav/all(v: Pred)` over a collection-valued
// navigation path (bound for issue 3; adapters may answer 501 until then).
type Lambda struct {
	P        query.Pos
	Variable string // the lambda's own variable ("" for any())
	Outer    string // the variable the path starts from ("" = $it)
	Nav      []*metadata.NavigationProperty
	All      bool
	Pred     Expr // nil for any()
}

// Count is `Nav/$count` (the number of related entities).
type Count struct {
	P     query.Pos
	Outer string
	Nav   []*metadata.NavigationProperty
}

func (p *Property) Type() metadata.EdmType { return p.Prop.Type }
func (c *Const) Type() metadata.EdmType    { return c.T }
func (b *Binary) Type() metadata.EdmType   { return b.T }
func (*Not) Type() metadata.EdmType        { return metadata.EdmBoolean }
func (n *Neg) Type() metadata.EdmType      { return n.X.Type() }
func (*In) Type() metadata.EdmType         { return metadata.EdmBoolean }
func (c *Call) Type() metadata.EdmType     { return c.T }
func (c *Cast) Type() metadata.EdmType     { return c.T }
func (*Lambda) Type() metadata.EdmType     { return metadata.EdmBoolean }
func (*Count) Type() metadata.EdmType      { return metadata.EdmInt64 }

func (p *Property) Pos() query.Pos { return p.P }
func (c *Const) Pos() query.Pos    { return c.P }
func (b *Binary) Pos() query.Pos   { return b.P }
func (n *Not) Pos() query.Pos      { return n.P }
func (n *Neg) Pos() query.Pos      { return n.P }
func (i *In) Pos() query.Pos       { return i.P }
func (c *Call) Pos() query.Pos     { return c.P }
func (c *Cast) Pos() query.Pos     { return c.P }
func (l *Lambda) Pos() query.Pos   { return l.P }
func (c *Count) Pos() query.Pos    { return c.P }

func (*Property) boundExpr() {}
func (*Const) boundExpr()    {}
func (*Binary) boundExpr()   {}
func (*Not) boundExpr()      {}
func (*Neg) boundExpr()      {}
func (*In) boundExpr()       {}
func (*Call) boundExpr()     {}
func (*Cast) boundExpr()     {}
func (*Lambda) boundExpr()   {}
func (*Count) boundExpr()    {}

// OrderItem is one bound $orderby item.
type OrderItem struct {
	Expr Expr
	Desc bool
}

// Search is a bound $search tree. Terms match when any of the entity type's
// searchable String properties contains the text (case-insensitively, as
// users expect of search).
type Search interface{ searchNode() }

// SearchTerm matches entities where some searchable property contains Text.
type SearchTerm struct{ Text string }

// SearchAnd matches when both sides match.
type SearchAnd struct{ Left, Right Search }

// SearchOr matches when either side matches.
type SearchOr struct{ Left, Right Search }

// SearchNot matches when X does not.
type SearchNot struct{ X Search }

func (*SearchTerm) searchNode() {}
func (*SearchAnd) searchNode()  {}
func (*SearchOr) searchNode()   {}
func (*SearchNot) searchNode()  {}
