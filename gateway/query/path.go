package query

// ResourcePath is the parsed resource path after the service root:
// `Orders(10248)/Customer/$ref`, `$metadata`, `Products/$count`.
//
//	resourcePath = entitySetName [ collectionNavigation ] / singletonEntity … / "$batch" / "$metadata" …
type ResourcePath struct {
	// Kind tells what the path addresses before model binding.
	Kind PathKind
	// Segments are the resource segments in order (for PathResource).
	Segments []PathSegment
}

// PathKind classifies a resource path.
type PathKind int

// Path kinds.
const (
	PathServiceDocument PathKind = iota // empty path: the service document
	PathMetadata                        // $metadata
	PathBatch                           // $batch
	PathResource                        // entity set, entity, property, navigation...
	PathAll                             // $all
	PathCrossjoin                       // $crossjoin(...)
	PathEntity                          // $entity
)

// PathSegment is one segment of a resource path: a name with an optional key
// predicate, or one of the system segments $count, $value, $ref.
type PathSegment struct {
	P    Pos
	Name string // identifier, qualified type cast, or "$count" / "$value" / "$ref"
	// Keys is the key predicate, nil when absent. A single unnamed key
	// `(10248)` has one KeyValue with empty Name.
	Keys []KeyValue
	// Params holds function-call parameters `Fn(a=1)` (not yet bound); it is
	// non-nil (possibly empty) exactly when the segment is a call: `Fn()`,
	// `Ns.Fn(a=1)`, or the first group of `Fn(a=1)(2)`.
	Params []KeyValue
	// KeySegment marks a key given as its own segment (`Orders/10248`, key-as-segment).
	// Keys then holds one string literal with the segment text (also used for
	// an ordinal index `Addresses/0`); the binder converts it to the key type.
	KeySegment bool
	// Filter is the condition of a `$filter(…)` segment (Name "$filter").
	Filter Expr
}

// KeyValue is one `Name=value` pair of a key predicate or parameter list. The
// value is a literal or a parameter alias.
type KeyValue struct {
	P     Pos
	Name  string
	Value Expr // *Literal or *AliasExpr
}
