package gateway

import "odatagw/gateway/query"

// exprSize measures the parsed query options of a request for the limits:
// expression nodes and nesting, and $search terms. The parser bounds the
// nesting (query.MaxExprDepth), so the recursion here is bounded too.
type exprSize struct {
	nodes int // expression nodes in total
	depth int // deepest expression nesting seen
	terms int // $search words and phrases in total
}

// options measures o and the options nested in its $expand and $select
// items; level is the nesting of o's expressions (0 at the top).
func (s *exprSize) options(o *query.Options, level int) {
	if o == nil {
		return
	}
	s.expr(o.Filter, level+1)
	for _, it := range o.OrderBy {
		s.expr(it.Expr, level+1)
	}
	for _, a := range o.Aliases {
		s.expr(a, level+1)
	}
	for _, it := range o.ComputeItems {
		s.expr(it.Expr, level+1)
	}
	s.search(o.Search)
	for i := range o.Expand {
		s.options(o.Expand[i].Options, level)
	}
	for i := range o.Select {
		s.options(o.Select[i].Options, level)
	}
}

// expr counts e's nodes; depth is e's own nesting level. Every operator,
// function call, lambda and list nests its operands one level deeper, except
// chains of one binary operator (see below); parentheses alone do not add a
// level here (the parser bounds them).
func (s *exprSize) expr(e query.Expr, depth int) {
	if e == nil {
		return
	}
	s.nodes++
	s.depth = max(s.depth, depth)
	d := depth + 1
	switch x := e.(type) {
	case *query.MemberPath:
		s.path(x, d)
	case *query.CountExpr:
		s.path(x.Path, d)
		s.expr(x.Filter, d)
		s.search(x.Search)
	case *query.LambdaExpr:
		s.path(x.Path, d)
		s.expr(x.Predicate, d)
	case *query.BinaryExpr:
		// A chain of one operator (a or b or c…) is long, not deep: an
		// operand with the same operator stays at this level.
		for _, c := range []query.Expr{x.Left, x.Right} {
			if b, ok := c.(*query.BinaryExpr); ok && b.Op == x.Op {
				s.expr(c, depth)
			} else {
				s.expr(c, d)
			}
		}
	case *query.UnaryExpr:
		s.expr(x.X, d)
	case *query.InExpr:
		s.expr(x.X, d)
		for _, it := range x.List {
			s.expr(it, d)
		}
	case *query.CallExpr:
		for _, a := range x.Args {
			s.expr(a, d)
		}
	case *query.ListExpr:
		for _, it := range x.Items {
			s.expr(it, d)
		}
	case *query.ObjectExpr:
		for _, m := range x.Members {
			s.expr(m.Value, d)
		}
	}
}

// path counts the expressions inside a member path's segments (keys,
// function arguments, $filter segments); the names themselves are part of
// the path's node.
func (s *exprSize) path(p *query.MemberPath, depth int) {
	if p == nil {
		return
	}
	for i := range p.Segments {
		sg := &p.Segments[i]
		for _, k := range sg.Keys {
			s.expr(k.Value, depth)
		}
		for _, a := range sg.Args {
			s.expr(a.Value, depth)
		}
		s.expr(sg.Filter, depth)
	}
}

// search counts the terms of a $search expression.
func (s *exprSize) search(e query.SearchExpr) {
	switch x := e.(type) {
	case *query.SearchTerm:
		s.terms++
	case *query.SearchBinary:
		s.search(x.Left)
		s.search(x.Right)
	case *query.SearchNot:
		s.search(x.X)
	}
}
