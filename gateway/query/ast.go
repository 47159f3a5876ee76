// Package query parses OData v4 resource paths and system query options into a
// typed syntax tree with positions. It knows the grammar (the OASIS ABNF,
// odata-abnf-construction-rules.txt) but not the model: names are resolved
// later by package bound.
package query

// Pos is a 0-based byte offset into the (percent-decoded) text of the query
// option or path the node was parsed from.
type Pos int

// Node is any syntax tree node.
type Node interface {
	Pos() Pos
}

// Expr is an expression node ($filter, $orderby items, function arguments...).
type Expr interface {
	Node
	exprNode()
}

// LiteralKind tells which primitive literal a Literal is.
type LiteralKind int

// Literal kinds; Value holds the Go value listed in metadata/values.go.
const (
	LitNull           LiteralKind = iota // null; Value nil
	LitBoolean                           // bool
	LitInt                               // int64 (an integer that fits in Int64)
	LitDecimal                           // metadata.Decimal (digits with a point, or an integer too large for Int64)
	LitDouble                            // float64 (exponent form, INF, -INF, NaN)
	LitString                            // string, quotes removed and '' unescaped
	LitDate                              // metadata.Date
	LitDateTimeOffset                    // time.Time
	LitTimeOfDay                         // metadata.TimeOfDay
	LitDuration                          // time.Duration (duration'P1DT2H')
	LitGuid                              // string, lower-case
	LitBinary                            // []byte (binary'base64url')
	LitEnum                              // EnumValue
	LitGeography                         // string: the text inside geography'…' (not bound yet)
	LitGeometry                          // string: the text inside geometry'…' (not bound yet)
)

// Literal is a primitive literal.
type Literal struct {
	P     Pos
	Kind  LiteralKind
	Text  string // the literal exactly as written
	Value any
}

// EnumValue is an enumeration literal Namespace.EnumType'Member'.
type EnumValue struct {
	Type   string
	Member string
}

// Segment is one name in a member path.
type Segment struct {
	P    Pos
	Name string // property, navigation property, lambda variable, $it, $root, or a type-cast qualified name
	// The fields below are set only for the rarer 4.01 forms; a binder that
	// does not support them must reject a segment where any is set.
	//
	// Keys is a key predicate after a collection (`Items(1)`,
	// `Items(ID=1)`). A parenthesised list of Name=value pairs after an
	// unqualified name is always put here: the parser cannot tell a compound
	// key from function parameters; the binder re-reads it when Name is a
	// function. Values are literals or aliases.
	Keys []KeyValue
	// Call marks a function call segment `Ns.Fn(…)` or `Fn()`; Args are its
	// named parameters (values may be any expression).
	Call bool
	Args []KeyValue
	// Filter is the condition of a `$filter(…)` path segment (Name "$filter").
	Filter Expr
	// First-segment names starting with '@' refer to a parameter alias
	// (`@a/Street`, no dot in the name) or an annotation (`@Core.Messages`).
}

// MemberPath is a (possibly multi-segment) path to a property:
// `Name`, `Customer/Country`, `o/Freight`, `$it/Name`.
//
//	memberExpr = [ qualifiedEntityTypeName "/" ] ( propertyPathExpr / boundFunctionExpr / annotationExpr )
type MemberPath struct {
	Segments []Segment
}

// CountExpr is `path/$count`, the number of items of a collection.
type CountExpr struct {
	P    Pos
	Path *MemberPath
	// Filter and Search are set for the 4.01 form `path/$count($filter=…)`.
	Filter Expr
	Search SearchExpr
}

// LambdaExpr is `path/any(v: predicate)` or `path/all(v: predicate)`.
//
//	anyExpr = "any" OPEN BWS [ lambdaVariableExpr BWS COLON BWS lambdaPredicateExpr ] BWS CLOSE
//	allExpr = "all" OPEN BWS   lambdaVariableExpr BWS COLON BWS lambdaPredicateExpr   BWS CLOSE
type LambdaExpr struct {
	P         Pos
	Path      *MemberPath // the collection
	All       bool        // false: any, true: all
	Variable  string      // empty for the argument-less any()
	Predicate Expr        // nil for the argument-less any()
}

// BinaryOp is a binary operator.
type BinaryOp int

// Binary operators, from the ABNF's eqExpr … modExpr, andExpr, orExpr, hasExpr.
const (
	OpEq BinaryOp = iota
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpHas
	OpAnd
	OpOr
	OpAdd
	OpSub
	OpMul
	OpDiv   // div
	OpDivBy // divby (4.01: decimal division)
	OpMod
)

var binaryOpNames = [...]string{"eq", "ne", "lt", "le", "gt", "ge", "has", "and", "or", "add", "sub", "mul", "div", "divby", "mod"}

// String returns the operator as written in OData ("eq", "and", ...).
func (o BinaryOp) String() string { return binaryOpNames[o] }

// BinaryExpr is `L op R`.
type BinaryExpr struct {
	P     Pos // position of the operator keyword
	Op    BinaryOp
	Left  Expr
	Right Expr
}

// UnaryOp is a unary operator.
type UnaryOp int

// Unary operators.
const (
	OpNot UnaryOp = iota // not X
	OpNeg                // -X
)

// UnaryExpr is `not X` or `-X`.
type UnaryExpr struct {
	P  Pos
	Op UnaryOp
	X  Expr
}

// InExpr is `X in (a, b, c)` (or `X in @alias`, List then holds one *AliasExpr).
//
//	inExpr = RWS "in" RWS ( listExpr / parameterAlias / collectionPathExpr )
type InExpr struct {
	P    Pos
	X    Expr
	List []Expr
}

// CallExpr is a built-in function call: `contains(Name,'x')`,
// `cast(Price,Edm.String)`, `now()`. For cast and isof the type argument is a
// *TypeName.
type CallExpr struct {
	P    Pos
	Name string // lower-case as written; OData function names are case-sensitive
	Args []Expr
}

// TypeName is a qualified type name used as an argument of cast and isof.
type TypeName struct {
	P    Pos
	Name string // e.g. "Edm.String"
}

// AliasExpr is a parameter alias reference `@p`. Its value is in Options.Aliases.
type AliasExpr struct {
	P    Pos
	Name string // without the @
}

// ListExpr is a parenthesised list `(a, b)` outside `in` (4.01 collection literal).
// The parser produces it for a parenthesised list of literals as a parameter
// alias value (`@p=(1,2)`) and for JSON arrays `[a, b]` (JSON set).
type ListExpr struct {
	P     Pos
	Items []Expr
	JSON  bool // written as a JSON array `[…]`
}

// ObjectExpr is a JSON object `{"Name":value,…}` (4.01 complex literal).
//
//	object = begin-object [ member *( value-separator member ) ] end-object
type ObjectExpr struct {
	P       Pos
	Members []ObjectMember
}

// ObjectMember is one `"name":value` pair of an ObjectExpr.
type ObjectMember struct {
	P     Pos
	Name  string
	Value Expr
}

func (l *Literal) Pos() Pos    { return l.P }
func (m *MemberPath) Pos() Pos { return m.Segments[0].P }
func (c *CountExpr) Pos() Pos  { return c.P }
func (l *LambdaExpr) Pos() Pos { return l.P }
func (b *BinaryExpr) Pos() Pos { return b.P }
func (u *UnaryExpr) Pos() Pos  { return u.P }
func (i *InExpr) Pos() Pos     { return i.P }
func (c *CallExpr) Pos() Pos   { return c.P }
func (t *TypeName) Pos() Pos   { return t.P }
func (a *AliasExpr) Pos() Pos  { return a.P }
func (l *ListExpr) Pos() Pos   { return l.P }
func (o *ObjectExpr) Pos() Pos { return o.P }

func (*Literal) exprNode()    {}
func (*MemberPath) exprNode() {}
func (*CountExpr) exprNode()  {}
func (*LambdaExpr) exprNode() {}
func (*BinaryExpr) exprNode() {}
func (*UnaryExpr) exprNode()  {}
func (*InExpr) exprNode()     {}
func (*CallExpr) exprNode()   {}
func (*TypeName) exprNode()   {}
func (*AliasExpr) exprNode()  {}
func (*ListExpr) exprNode()   {}
func (*ObjectExpr) exprNode() {}
