package bound

import (
	"strconv"

	"odatagw/metadata"
	"odatagw/odataerr"
)

// Reach is the end of a resource path as one read of one entity set: the
// entities of Set with Key (when the last segment has one) for which Filter
// holds. A path without navigation reaches its first set unfiltered.
type Reach struct {
	Set    *metadata.EntitySet
	Key    []KeyValue
	Filter Expr
	// Parent is what the path reaches before its last navigation property
	// (nil without navigation). When the read finds nothing, reading the
	// parent tells a missing entity on the way (404) from an empty
	// collection or a null single-valued navigation property.
	Parent *Reach
}

// RowFilter gives the predicate an entity set is limited to (the caller's
// row filter), or nil for every row.
type RowFilter func(*metadata.EntitySet) Expr

// Follow turns the navigation hops of t into one predicate on the last
// hop's entity set, so that a path of any length is read with one
// statement: each hop restricts its target to the entities related to
// the entities the path reached so far, through the partner navigation
// property (EXISTS over the previous hop, nested once per hop).
// rowFilter (nil: none) is ANDed in for every set the path passes through,
// so an entity the caller cannot see is no way station either; the row
// filter of the reached set itself is left to the caller, who adds it to
// any read of a set.
//
// A hop from an entity known by its key alone, along a navigation property
// whose constraints start at that key (Customers('A')/Orders), is plain
// equality on the target: Orders where CustomerID eq 'A'. Every other hop
// (Orders(1)/Customer, and any hop after a restricted one) goes back
// through the partner: Customers where Orders/any(v: v/OrderID eq 1).
func Follow(t *Target, rowFilter RowFilter) (*Reach, error) {
	if rowFilter == nil {
		rowFilter = func(*metadata.EntitySet) Expr { return nil }
	}
	r := &Reach{Set: t.Set, Key: t.Key}
	for i, h := range t.Hops {
		next, err := follow(r, h.Nav, rowFilter(r.Set), i+1)
		if err != nil {
			return nil, err
		}
		next.Key, next.Parent = h.Key, r
		r = next
	}
	return r, nil
}

// follow restricts nav's target set to the entities related to those of
// from (further limited by own, the row filter of from's set). depth
// names the lambda variable, unique along the path.
func follow(from *Reach, nav *metadata.NavigationProperty, own Expr, depth int) (*Reach, error) {
	target := nav.TargetSet
	if target == nil {
		return nil, odataerr.NotImplemented("navigation property '%s' has no target entity set", nav.Name)
	}
	rest := AndAll(from.Filter, own)
	if rest == nil {
		if eq := constraintEq(from.Key, nav); eq != nil {
			return &Reach{Set: target, Filter: eq}, nil
		}
	}
	partner := target.Type.NavigationProperty(nav.Partner)
	if nav.Partner == "" || partner == nil {
		return nil, odataerr.NotImplemented("navigation property '%s' cannot be followed: it has no partner", nav.Name)
	}
	if rest == nil && !partner.Collection {
		// One-to-one back to an entity known by key: a property path across the partner.
		var conds []Expr
		for _, kv := range from.Key {
			conds = append(conds, EqConst(&Property{Nav: []*metadata.NavigationProperty{partner}, Prop: kv.Prop}, kv.Value))
		}
		return &Reach{Set: target, Filter: AndAll(conds...)}, nil
	}
	v := "$nav" + strconv.Itoa(depth) // no client variable starts with $
	var conds []Expr
	for _, kv := range from.Key {
		conds = append(conds, EqConst(&Property{Variable: v, Prop: kv.Prop}, kv.Value))
	}
	conds = append(conds, withVariable(rest, v))
	return &Reach{Set: target, Filter: &Lambda{Variable: v, Nav: []*metadata.NavigationProperty{partner}, Pred: AndAll(conds...)}}, nil
}

// constraintEq is the equality on nav's target that relates it to the
// entity with key, when every referential constraint of nav starts at a
// key property; nil otherwise.
func constraintEq(key []KeyValue, nav *metadata.NavigationProperty) Expr {
	if len(nav.Constraints) == 0 {
		return nil
	}
	var conds []Expr
	for _, c := range nav.Constraints {
		found := false
		for _, kv := range key {
			if kv.Prop == c.Property {
				conds, found = append(conds, EqConst(&Property{Prop: c.Referenced}, kv.Value)), true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return AndAll(conds...)
}

// withVariable copies e with every reference to $it made a reference to
// the lambda variable v instead, so that a predicate on an entity set can
// be asked of the related entities inside a lambda. Row filters are
// shared between requests: e itself is never changed.
func withVariable(e Expr, v string) Expr {
	switch x := e.(type) {
	case *Property:
		c := *x
		if c.Variable == "" {
			c.Variable = v
		}
		return &c
	case *Lambda:
		c := *x
		if c.Outer == "" {
			c.Outer = v
		}
		if c.Pred != nil {
			c.Pred = withVariable(c.Pred, v)
		}
		return &c
	case *Count:
		c := *x
		if c.Outer == "" {
			c.Outer = v
		}
		return &c
	case *Binary:
		c := *x
		c.Left, c.Right = withVariable(x.Left, v), withVariable(x.Right, v)
		return &c
	case *Not:
		return &Not{P: x.P, X: withVariable(x.X, v)}
	case *Neg:
		return &Neg{P: x.P, X: withVariable(x.X, v)}
	case *Cast:
		c := *x
		c.X = withVariable(x.X, v)
		return &c
	case *In:
		c := &In{P: x.P, X: withVariable(x.X, v), List: make([]Expr, len(x.List))}
		for i, it := range x.List {
			c.List[i] = withVariable(it, v)
		}
		return c
	case *Call:
		c := *x
		c.Args = make([]Expr, len(x.Args))
		for i, a := range x.Args {
			c.Args[i] = withVariable(a, v)
		}
		return &c
	}
	return e // constants, and nodes without references to $it
}
