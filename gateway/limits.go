package gateway

import (
	"errors"
	"fmt"
	"net/http"

	"odatagw/adapters/expand"
	"odatagw/gateway/query"
	"odatagw/gateway/query/bound"
	"odatagw/odataerr"
)

// Limits bound the work one request may ask for. Requests beyond a limit are
// answered with 400 (414 for the query string), naming the limit; the error
// wraps the limit's sentinel (errors.Is). A zero field takes its default.
// The parser's own ceilings (query.MaxExprDepth, query.MaxFilterLength per
// option) and the page size (Config.MaxPageSize) apply as well.
type Limits struct {
	// MaxQueryLength bounds the raw (percent-encoded) query string: all
	// query options together. Default DefaultMaxQueryLength; 414 beyond it.
	MaxQueryLength int
	// MaxExprNodes bounds the nodes (operators, operands, function calls,
	// list items) of all expressions of a request together: $filter,
	// $orderby, parameter aliases, key predicates and the options nested in
	// $expand and $select. Default DefaultMaxExprNodes.
	MaxExprNodes int
	// MaxExprDepth bounds the nesting of any expression; at most
	// query.MaxExprDepth, the parser's ceiling (also the default).
	MaxExprDepth int
	// MaxExpandDepth bounds $expand nesting; at most bound.MaxExpandDepth
	// (also the default).
	MaxExpandDepth int
	// MaxExpandItems bounds the navigation properties expanded in total, at
	// every level, `*` counting each property it expands. Default
	// DefaultMaxExpandItems.
	MaxExpandItems int
	// MaxSearchTerms bounds the words and phrases of $search (and of nested
	// $search options together). Default DefaultMaxSearchTerms.
	MaxSearchTerms int
	// MaxExpandedEntities bounds the related entities $expand holds in
	// memory for one page, all levels together (400 ExpandTooLarge beyond
	// it, wrapping expand.ErrTooManyRows). Default expand.MaxRows.
	MaxExpandedEntities int
}

// Limit defaults.
const (
	DefaultMaxQueryLength = 32 * 1024
	DefaultMaxExprNodes   = 4096
	DefaultMaxExpandItems = 32
	DefaultMaxSearchTerms = 32
)

// Sentinels wrapped by the errors of requests beyond a limit.
var (
	ErrURLTooLong        = errors.New("gateway: request URL too long")
	ErrQueryTooLong      = errors.New("gateway: query string too long")
	ErrTooManyExprNodes  = errors.New("gateway: expressions too large")
	ErrExprTooDeep       = errors.New("gateway: expression nested too deeply")
	ErrExpandTooDeep     = errors.New("gateway: $expand nested too deeply")
	ErrTooManyExpands    = errors.New("gateway: too many expanded navigation properties")
	ErrTooManySearchTerm = errors.New("gateway: too many $search terms")
)

// withDefaults fills zero fields and checks the ranges.
func (l Limits) withDefaults() (Limits, error) {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.MaxQueryLength, DefaultMaxQueryLength)
	def(&l.MaxExprNodes, DefaultMaxExprNodes)
	def(&l.MaxExprDepth, query.MaxExprDepth)
	def(&l.MaxExpandDepth, bound.MaxExpandDepth)
	def(&l.MaxExpandItems, DefaultMaxExpandItems)
	def(&l.MaxSearchTerms, DefaultMaxSearchTerms)
	def(&l.MaxExpandedEntities, expand.MaxRows)
	for _, c := range []struct {
		name     string
		v, limit int
	}{
		{"MaxQueryLength", l.MaxQueryLength, 1 << 30},
		{"MaxExprNodes", l.MaxExprNodes, 1 << 30},
		{"MaxExprDepth", l.MaxExprDepth, query.MaxExprDepth},
		{"MaxExpandDepth", l.MaxExpandDepth, bound.MaxExpandDepth},
		{"MaxExpandItems", l.MaxExpandItems, 1 << 20},
		{"MaxSearchTerms", l.MaxSearchTerms, 1 << 20},
		{"MaxExpandedEntities", l.MaxExpandedEntities, 1 << 30},
	} {
		if c.v < 1 || c.v > c.limit {
			return l, fmt.Errorf("limit %s must be between 1 and %d, got %d", c.name, c.limit, c.v)
		}
	}
	return l, nil
}

// checkQuery enforces the limits on the raw query string and on the parsed
// options, before anything is bound or run.
func (l *Limits) checkQuery(rawQuery string, opts *query.Options, path *query.ResourcePath) error {
	if len(rawQuery) > l.MaxQueryLength {
		return odataerr.New(http.StatusRequestURITooLong, "URITooLong",
			"the query options are longer than %d bytes", l.MaxQueryLength).WithCause(ErrQueryTooLong)
	}
	var sz exprSize
	sz.options(opts, 0)
	if path != nil {
		for i := range path.Segments {
			sg := &path.Segments[i]
			for _, k := range append(sg.Keys[:len(sg.Keys):len(sg.Keys)], sg.Params...) {
				sz.expr(k.Value, 1)
			}
			sz.expr(sg.Filter, 1)
		}
	}
	switch {
	case sz.depth > l.MaxExprDepth:
		return limitError(ErrExprTooDeep, "", "an expression is nested %d levels deep; at most %d levels are allowed", sz.depth, l.MaxExprDepth)
	case sz.nodes > l.MaxExprNodes:
		return limitError(ErrTooManyExprNodes, "", "the expressions of the request have %d nodes; at most %d are allowed", sz.nodes, l.MaxExprNodes)
	case sz.terms > l.MaxSearchTerms:
		return limitError(ErrTooManySearchTerm, "$search", "$search has %d terms; at most %d are allowed", sz.terms, l.MaxSearchTerms)
	}
	return nil
}

// checkExpand enforces the $expand limits on the bound expansion (where `*`
// is resolved to the properties it expands).
func (l *Limits) checkExpand(xs []*bound.Expand) error {
	items, depth := countExpands(xs, 1)
	switch {
	case depth > l.MaxExpandDepth:
		return limitError(ErrExpandTooDeep, "$expand", "$expand is nested %d levels deep; at most %d levels are allowed", depth, l.MaxExpandDepth)
	case items > l.MaxExpandItems:
		return limitError(ErrTooManyExpands, "$expand", "$expand names %d navigation properties in total; at most %d are allowed", items, l.MaxExpandItems)
	}
	return nil
}

func countExpands(xs []*bound.Expand, level int) (items, depth int) {
	if len(xs) > 0 {
		depth = level
	}
	for _, x := range xs {
		n, d := countExpands(x.Expand, level+1)
		items += 1 + n
		depth = max(depth, d)
	}
	return items, depth
}

func limitError(sentinel error, target, format string, args ...any) error {
	e := odataerr.BadRequest(format, args...).WithCause(sentinel)
	e.Code = "LimitExceeded"
	if target != "" {
		e = e.At(target, -1)
	}
	return e
}
