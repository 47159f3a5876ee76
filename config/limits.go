package config

import "fmt"

// Limits bound the work one request may ask for (README: Limits). Zero
// values take the gateway's defaults.
type Limits struct {
	// MaxURLLength bounds the request URL (default 40KiB; 414 beyond it).
	MaxURLLength ByteSize `yaml:"max_url_length"`
	// MaxQueryLength bounds the query string, all options together,
	// percent-encoded (default 32KiB; 414 beyond it).
	MaxQueryLength ByteSize `yaml:"max_query_length"`
	// MaxExprNodes bounds the nodes of all expressions of a request (default 4096).
	MaxExprNodes int `yaml:"max_expr_nodes"`
	// MaxExprDepth bounds expression nesting (default and at most 100).
	MaxExprDepth int `yaml:"max_expr_depth"`
	// MaxExpandDepth bounds $expand nesting (default and at most 4).
	MaxExpandDepth int `yaml:"max_expand_depth"`
	// MaxExpandItems bounds the navigation properties expanded in total (default 32).
	MaxExpandItems int `yaml:"max_expand_items"`
	// MaxSearchTerms bounds the words and phrases of $search (default 32).
	MaxSearchTerms int `yaml:"max_search_terms"`
	// MaxExpandedEntities bounds the related entities $expand holds for one page (default 100000).
	MaxExpandedEntities int `yaml:"max_expanded_entities"`
}

// Ceilings of the limits the gateway enforces regardless of the
// configuration (the parser's nesting bound and the deepest $expand the
// binder answers).
const (
	maxExprDepthCeiling   = 100
	maxExpandDepthCeiling = 4
)

// validate checks the ranges; errors name the key as the file spells it.
func (l *Limits) validate() error {
	for _, c := range []struct {
		key      string
		v, limit int64
	}{
		{"max_url_length", int64(l.MaxURLLength), 1 << 30},
		{"max_query_length", int64(l.MaxQueryLength), 1 << 30},
		{"max_expr_nodes", int64(l.MaxExprNodes), 1 << 30},
		{"max_expr_depth", int64(l.MaxExprDepth), maxExprDepthCeiling},
		{"max_expand_depth", int64(l.MaxExpandDepth), maxExpandDepthCeiling},
		{"max_expand_items", int64(l.MaxExpandItems), 1 << 20},
		{"max_search_terms", int64(l.MaxSearchTerms), 1 << 20},
		{"max_expanded_entities", int64(l.MaxExpandedEntities), 1 << 30},
	} {
		if c.v < 0 || c.v > c.limit {
			return fmt.Errorf("limits.%s: %d is out of range 1..%d", c.key, c.v, c.limit)
		}
	}
	if l.MaxURLLength > 0 && l.MaxQueryLength > l.MaxURLLength {
		return fmt.Errorf("limits.max_query_length: %d is larger than limits.max_url_length (%d)", l.MaxQueryLength, l.MaxURLLength)
	}
	return nil
}
