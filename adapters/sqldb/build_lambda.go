package sqldb

import (
	"fmt"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Lambdas and counts over collection-valued navigation.
//
// `Nav/any(v: p)`, `Nav/all(v: p)` and `Nav/$count` become correlated
// subqueries over the related rows, inside the one statement of the request
// (PostgreSQL quoting shown):
//
//	Orders/any(o: o/Freight gt 100)
//	  EXISTS (SELECT 1 FROM "Orders" t1 WHERE t0."CustomerID" = t1."CustomerID" AND (t1."Freight" > $1))
//	Orders/all(o: o/Freight gt 100)
//	  NOT EXISTS (SELECT 1 FROM "Orders" t1 WHERE t0."CustomerID" = t1."CustomerID" AND (t1."Freight" > $1) IS NOT TRUE)
//	Orders/$count
//	  (SELECT COUNT(*) FROM "Orders" t1 WHERE t0."CustomerID" = t1."CustomerID")
//
// Path: the first hop is correlated with the entity the path starts from
// ($it or an enclosing lambda's variable) in WHERE, one equality per
// referential constraint; every further hop is an inner JOIN inside the
// subquery, so a missing single-valued target (`Customer/Orders` of an order
// without customer) contributes no related entity. The lambda variable is
// the alias of the last hop.
//
// Scopes: property paths of the variable across single-valued navigation
// LEFT JOIN inside the lambda's subquery; paths of $it or of an enclosing
// variable join in the scope of that entity and are referenced from inside
// (correlated), so `o/Customer/City` and `$it/City` mean the same in any
// nesting.
//
// Null semantics: any is true when the predicate is true for some related
// entity, all when it is true for every one; an entity for which the
// predicate is null satisfies neither (OData: a filter predicate that is null
// is not true). The predicate is rendered loose — SQL TRUE exactly when
// OData says true — so any keeps it as is, and all looks for a
// counterexample with `(p) IS NOT TRUE`, which holds whether SQL says FALSE
// or NULL. (The textbook `NOT EXISTS (… AND NOT p)` would miss entities
// where p is NULL and make all true for them.) EXISTS is never null, so both
// forms are two-valued; COUNT(*) is never null either.

// scope is an entity a property path can start from: $it (the root) or a
// lambda variable, with the LEFT JOINs its single-valued paths need.
type scope struct {
	variable string // lambda variable; "" for $it
	alias    string
	joins    []Frag
	// aliases maps a navigation path (joined pointers) to its table alias.
	aliases map[string]string
	outer   *scope // enclosing lambda variable, innermost first
}

// scopeOf finds the scope of a range variable ("" is $it).
func (b *builder) scopeOf(variable string) (*scope, error) {
	if variable == "" {
		return b.it, nil
	}
	for s := b.vars; s != nil; s = s.outer {
		if s.variable == variable {
			return s, nil
		}
	}
	return nil, fmt.Errorf("sqldb: lambda variable %q used outside its lambda", variable)
}

// related renders the tables of the entities reached from s by the
// navigation path nav (the hops after the first joined on their
// constraints), the condition correlating the first hop with s, and the
// alias of the last hop.
func (b *builder) related(s *scope, nav []*metadata.NavigationProperty, at bound.Expr) (from, corr Frag, last string, err error) {
	if len(nav) == 0 {
		return Frag{}, Frag{}, "", fmt.Errorf("sqldb: lambda or $count without navigation path")
	}
	parts := make([]any, 0, 6*len(nav))
	parent := s.alias
	for i, n := range nav {
		if err := checkJoinable(n); err != nil {
			return Frag{}, Frag{}, "", posErr(err, at)
		}
		a := b.newAlias()
		if i == 0 {
			parts = append(parts, b.table(n.Target), " ", a)
			corr = b.joinOn(parent, n, a)
		} else {
			parts = append(parts, " JOIN ", b.table(n.Target), " ", a, " ON ", b.joinOn(parent, n, a))
		}
		parent = a
	}
	return cat(parts...), corr, parent, nil
}

// lambda renders any/all as [NOT] EXISTS (see above).
func (b *builder) lambda(e *bound.Lambda) (Frag, error) {
	outer, err := b.scopeOf(e.Outer)
	if err != nil {
		return Frag{}, err
	}
	from, corr, last, err := b.related(outer, e.Nav, e)
	if err != nil {
		return Frag{}, err
	}
	if e.Pred == nil {
		if e.All {
			return Frag{}, odataerr.BadRequest("all needs a lambda variable and a predicate").At("$filter", int(e.P))
		}
		return cat("EXISTS (SELECT 1 FROM ", from, " WHERE ", corr, ")"), nil
	}
	if e.Variable == "" {
		return Frag{}, fmt.Errorf("sqldb: lambda predicate without variable")
	}
	s := &scope{variable: e.Variable, alias: last, outer: b.vars}
	b.vars = s
	p, err := b.pred(e.Pred, false)
	b.vars = s.outer
	if err != nil {
		return Frag{}, err
	}
	p = paren(p)
	if e.All {
		p = cat(p, " IS NOT TRUE")
	}
	parts := []any{"SELECT 1 FROM ", from}
	for _, j := range s.joins {
		parts = append(parts, j)
	}
	parts = append(parts, " WHERE ", corr, " AND ", p)
	if e.All {
		return cat("NOT EXISTS (", cat(parts...), ")"), nil
	}
	return cat("EXISTS (", cat(parts...), ")"), nil
}

// count renders Nav/$count as a correlated COUNT(*) subquery.
func (b *builder) count(e *bound.Count) (Operand, error) {
	outer, err := b.scopeOf(e.Outer)
	if err != nil {
		return Operand{}, err
	}
	from, corr, _, err := b.related(outer, e.Nav, e)
	if err != nil {
		return Operand{}, err
	}
	return Operand{Frag: cat("(SELECT COUNT(*) FROM ", from, " WHERE ", corr, ")"), Type: metadata.EdmInt64}, nil
}
