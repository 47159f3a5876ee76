package sqldb

import (
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// compare renders `l op r` for a comparison operator (see "Null semantics").
func (b *builder) compare(op bound.Op, l, r bound.Expr, faithful bool) (Frag, error) {
	ln, rn := isNullConst(l), isNullConst(r)
	switch {
	case ln && rn:
		if op == bound.Eq { // null eq null is true; every other comparison false
			return b.d.True(), nil
		}
		return b.d.False(), nil
	case ln || rn:
		x := l
		if ln {
			x = r
		}
		switch op {
		case bound.Eq, bound.Ne:
			v, err := b.value(x)
			if err != nil {
				return Frag{}, err
			}
			if op == bound.Eq {
				return cat(v.Frag, " IS NULL"), nil
			}
			return cat(v.Frag, " IS NOT NULL"), nil
		}
		return b.d.False(), nil // lt/le/gt/ge with null are false
	}
	// `predicate eq true` (Salesforce's search form): the predicate itself.
	// Only eq: `X ne false` is true for a null X, which X alone is not.
	if !faithful && op == bound.Eq {
		if v, ok := boolConst(r); ok && l.Type() == metadata.EdmBoolean {
			return b.boolIs(l, v)
		}
		if v, ok := boolConst(l); ok && r.Type() == metadata.EdmBoolean {
			return b.boolIs(r, v)
		}
	}
	a, err := b.value(l)
	if err != nil {
		return Frag{}, err
	}
	c, err := b.value(r)
	if err != nil {
		return Frag{}, err
	}
	an, cn := mayBeNull(l), mayBeNull(r)
	switch op {
	case bound.Eq:
		if an && cn {
			return b.d.NullSafeEq(a, c), nil
		}
		f := b.d.Compare(op, a, c)
		if faithful {
			f = guardNotNull(f, a, an, c, cn)
		}
		return f, nil
	case bound.Ne:
		if an && cn {
			return cat("NOT ", paren(b.d.NullSafeEq(a, c))), nil
		}
		f := b.d.Compare(op, a, c)
		switch {
		case an:
			return cat("(", a.Frag, " IS NULL OR ", f, ")"), nil
		case cn:
			return cat("(", c.Frag, " IS NULL OR ", f, ")"), nil
		}
		return f, nil
	}
	f := b.d.Compare(op, a, c)
	if faithful {
		f = guardNotNull(f, a, an, c, cn)
	}
	return f, nil
}

// boolIs renders `x eq true` (want) or `x eq false` in loose mode: true
// exactly when x is true (false), as null eq true and null eq false are false.
func (b *builder) boolIs(x bound.Expr, want bool) (Frag, error) {
	if want {
		return b.pred(x, false)
	}
	p, err := b.pred(x, true)
	if err != nil {
		return Frag{}, err
	}
	// null eq false is false; NOT NULL is NULL, which WHERE drops: loose is enough.
	return cat("NOT ", paren(p)), nil
}

// guardNotNull makes a comparison two-valued: FALSE when a nullable operand is NULL.
func guardNotNull(f Frag, a Operand, an bool, c Operand, cn bool) Frag {
	parts := []any{"("}
	if an {
		parts = append(parts, a.Frag, " IS NOT NULL AND ")
	}
	if cn {
		parts = append(parts, c.Frag, " IS NOT NULL AND ")
	}
	if len(parts) == 1 {
		return f
	}
	parts = append(parts, f, ")")
	return cat(parts...)
}

// in renders `x in (list)`: equivalent to `x eq i1 or x eq i2 ...`.
func (b *builder) in(e *bound.In, faithful bool) (Frag, error) {
	allConst := true
	hasNull := false
	for _, it := range e.List {
		c, ok := it.(*bound.Const)
		if !ok {
			allConst = false
		} else if c.Value == nil {
			hasNull = true
		}
	}
	if !allConst {
		ors := make([]Frag, len(e.List))
		for i, it := range e.List {
			f, err := b.compare(bound.Eq, e.X, it, faithful)
			if err != nil {
				return Frag{}, err
			}
			ors[i] = f
		}
		if len(ors) == 0 {
			return b.d.False(), nil
		}
		return paren(join(ors, " OR ")), nil
	}
	x, err := b.value(e.X)
	if err != nil {
		return Frag{}, err
	}
	var items []Operand
	for _, it := range e.List {
		c := it.(*bound.Const)
		if c.Value == nil {
			continue
		}
		f, err := b.d.Const(e.X.Type(), c.Value)
		if err != nil {
			return Frag{}, err
		}
		items = append(items, Operand{Frag: f, Type: e.X.Type()})
	}
	xn := mayBeNull(e.X)
	switch {
	case len(items) == 0 && hasNull:
		return cat(x.Frag, " IS NULL"), nil
	case len(items) == 0:
		return b.d.False(), nil
	case hasNull:
		return cat("(", x.Frag, " IS NULL OR ", b.d.In(x, items), ")"), nil
	case faithful && xn:
		return cat("(", x.Frag, " IS NOT NULL AND ", b.d.In(x, items), ")"), nil
	}
	return b.d.In(x, items), nil
}

// match renders contains/startswith/endswith (case-sensitive, wildcards escaped).
func (b *builder) match(e *bound.Call) (Frag, error) {
	if len(e.Args) != 2 {
		return Frag{}, odataerr.BadRequest("%s takes two arguments", e.Fn).At("$filter", int(e.P))
	}
	kind := map[bound.Func]MatchKind{bound.FnContains: MatchContains, bound.FnStartsWith: MatchStartsWith, bound.FnEndsWith: MatchEndsWith}[e.Fn]
	x, err := b.value(e.Args[0])
	if err != nil {
		return Frag{}, err
	}
	if c, ok := e.Args[1].(*bound.Const); ok {
		if c.Value == nil {
			return raw("NULL"), nil
		}
		s, ok := c.Value.(string)
		if !ok {
			return Frag{}, odataerr.BadRequest("%s needs a string argument", e.Fn).At("$filter", int(e.P))
		}
		if err := checkText(s); err != nil {
			return Frag{}, err
		}
		return b.d.Match(kind, x.Frag, s), nil
	}
	s, err := b.value(e.Args[1])
	if err != nil {
		return Frag{}, err
	}
	return b.d.MatchExpr(kind, x.Frag, s.Frag), nil
}
