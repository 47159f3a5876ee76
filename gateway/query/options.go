package query

// Options are the parsed query options of one request (or of one $expand item).
// A nil pointer or slice means the option was absent.
type Options struct {
	Filter    Expr         // $filter
	OrderBy   []OrderItem  // $orderby
	Select    []SelectItem // $select; nil = absent
	Expand    []ExpandItem // $expand
	Top       *int64       // $top
	Skip      *int64       // $skip
	Count     *bool        // $count
	Search    SearchExpr   // $search
	Format    string       // $format, as written ("json", "xml", "application/json;odata.metadata=full")
	SkipToken string       // $skiptoken, opaque
	Levels    *int         // $levels inside $expand; -1 = max
	// Apply and Compute are the options' percent-decoded text, as written;
	// a non-empty value is answered with 501 until the SQL layer serves
	// them. ApplyTree and ComputeItems are their parsed forms (set exactly
	// when the text is non-empty).
	Apply   string
	Compute string
	// ApplyTree is the parsed $apply pipeline (bind with bound.Binder.Apply).
	ApplyTree *Apply
	// ComputeItems are the parsed $compute items (bind with bound.Binder.Compute).
	ComputeItems []ComputeItem
	// Index is the 4.01 $index (may be negative).
	Index *int64
	// SchemaVersion is $schemaversion as written ("*" for the latest).
	SchemaVersion string
	// DeltaToken is $deltatoken, opaque.
	DeltaToken string
	// ID is $id (for $entity requests), as written.
	ID string
	// Aliases are parameter alias values (@p=...) by name without the @.
	Aliases map[string]Expr
	// Custom holds custom query options (names without $ or @), by name.
	Custom map[string]string
	// Positions of each present system option's value, for error messages,
	// keyed by the option's canonical name ("$filter").
	present map[string]bool
}

// Has reports whether the system query option name ("$filter") was present.
func (o *Options) Has(name string) bool { return o.present[name] }

// OrderItem is one `$orderby` item.
type OrderItem struct {
	Expr Expr
	Desc bool
}

// SelectItem is one `$select` item: `*`, a property path, or `Namespace.*`.
type SelectItem struct {
	P    Pos
	Star bool     // `*`
	Path []string // property path segments, e.g. ["Address","City"]
	// Namespace is set (and Path empty) for `Namespace.*`, all operations of a schema.
	Namespace string
	// Params are the parameter names of an overloaded function `Fn(A,B)`.
	Params []string
	// Options are nested options `Addresses($filter=…;$top=5)`; nil when absent.
	Options *Options
}

// ExpandItem is one `$expand` item with its nested options.
type ExpandItem struct {
	P       Pos
	Star    bool     // `*`
	Path    []string // navigation path segments
	Ref     bool     // `/$ref`
	Count   bool     // `/$count`
	Options *Options // nested options in parentheses; never nil
}

// SearchExpr is a $search expression node.
//
//	searchExpr = ( OPEN BWS searchExpr BWS CLOSE / searchTerm ) [ searchOrExpr / searchAndExpr ]
type SearchExpr interface {
	Node
	searchNode()
}

// SearchTerm is a word or a "quoted phrase".
type SearchTerm struct {
	P      Pos
	Text   string // unquoted, escapes resolved
	Phrase bool
}

// SearchBinary is `A AND B`, `A OR B`, or juxtaposed terms `A B` (AND).
type SearchBinary struct {
	P     Pos
	Or    bool // false: AND
	Left  SearchExpr
	Right SearchExpr
}

// SearchNot is `NOT A`.
type SearchNot struct {
	P Pos
	X SearchExpr
}

func (s *SearchTerm) Pos() Pos    { return s.P }
func (s *SearchBinary) Pos() Pos  { return s.P }
func (s *SearchNot) Pos() Pos     { return s.P }
func (*SearchTerm) searchNode()   {}
func (*SearchBinary) searchNode() {}
func (*SearchNot) searchNode()    {}
