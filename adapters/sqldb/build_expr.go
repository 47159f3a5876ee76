package sqldb

import (
	"fmt"
	"strings"
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Null semantics.
//
// OData's logic is three-valued like SQL's, and `and`, `or` and `not` agree
// with SQL on null (Kleene logic). The comparisons differ: in OData they are
// never null — `null eq null` is true, `null ne 5` is true, and lt/le/gt/ge
// with a null operand are false — while SQL yields NULL. The translator
// therefore renders every predicate in one of two modes:
//
//   - loose (faithful=false): the SQL is TRUE exactly when the OData value is
//     true; where OData says false, SQL may say FALSE or NULL. This is enough
//     for WHERE, and for both operands of and/or in loose mode, and it keeps
//     plain index-friendly comparisons (`col < ?`).
//   - faithful (faithful=true): the SQL value equals the OData value (TRUE,
//     FALSE or NULL). `not` needs it of its operand — otherwise
//     `not (Price lt 5)` would drop rows whose Price is null, which OData
//     returns — and so does a Boolean expression used as a value.
//
// Comparisons in faithful mode guard each possibly-null operand:
// `x lt y` → `(x IS NOT NULL AND x < y)`; `x eq y` with both sides possibly
// null → null-safe equality; `x ne y` → `(x IS NULL OR x <> y)` in both
// modes. Comparisons with the null literal become IS [NOT] NULL, or FALSE for
// lt/le/gt/ge.

// pred renders a Boolean expression as a predicate.
func (b *builder) pred(e bound.Expr, faithful bool) (Frag, error) {
	switch e := e.(type) {
	case *bound.Binary:
		switch {
		case e.Op == bound.And || e.Op == bound.Or:
			l, err := b.pred(e.Left, faithful)
			if err != nil {
				return Frag{}, err
			}
			r, err := b.pred(e.Right, faithful)
			if err != nil {
				return Frag{}, err
			}
			op := " AND "
			if e.Op == bound.Or {
				op = " OR "
			}
			return cat("(", l, op, r, ")"), nil
		case e.Op.IsComparison():
			return b.compare(e.Op, e.Left, e.Right, faithful)
		}
	case *bound.Not:
		x, err := b.pred(e.X, true)
		if err != nil {
			return Frag{}, err
		}
		return cat("NOT ", paren(x)), nil
	case *bound.In:
		return b.in(e, faithful)
	case *bound.Const:
		switch v := e.Value.(type) {
		case nil:
			return raw("NULL"), nil
		case bool:
			if v {
				return b.d.True(), nil
			}
			return b.d.False(), nil
		}
	case *bound.Call:
		switch e.Fn {
		case bound.FnContains, bound.FnStartsWith, bound.FnEndsWith:
			return b.match(e)
		}
	case *bound.Lambda:
		return b.lambda(e)
	}
	if e.Type() != metadata.EdmBoolean {
		return Frag{}, odataerr.BadRequest("expected a Boolean expression, found %s", e.Type()).At("$filter", int(e.Pos()))
	}
	v, err := b.value(e)
	if err != nil {
		return Frag{}, err
	}
	return b.d.BoolPredicate(v.Frag), nil
}

// value renders an expression as a value.
func (b *builder) value(e bound.Expr) (Operand, error) {
	if b.out != nil {
		if v, ok := b.outColumn(e); ok {
			return v, nil
		}
	}
	switch e := e.(type) {
	case *bound.AliasRef:
		if v, ok := b.computedRef(e); ok {
			return v, nil
		}
		return Operand{}, odataerr.NotImplemented("the alias %s cannot be used here", e.Prop.Name).At("$apply", int(e.P))
	case *bound.Property:
		if e.Prop == nil {
			return Operand{}, fmt.Errorf("sqldb: property reference without property")
		}
		s, err := b.scopeOf(e.Variable)
		if err != nil {
			return Operand{}, err
		}
		a, err := b.alias(s, e.Nav)
		if err != nil {
			return Operand{}, err
		}
		return b.column(a, e.Prop), nil
	case *bound.Const:
		if e.Value == nil {
			return Operand{Frag: raw("NULL"), Type: e.T}, nil
		}
		if s, ok := e.Value.(string); ok {
			if err := checkText(s); err != nil {
				return Operand{}, err
			}
		}
		f, err := b.d.Const(e.T, e.Value)
		if err != nil {
			return Operand{}, err
		}
		return Operand{Frag: f, Type: e.T, Value: e.Value}, nil
	case *bound.Binary:
		if e.Op.IsComparison() || e.Op == bound.And || e.Op == bound.Or {
			return b.boolValue(e)
		}
		l, err := b.value(e.Left)
		if err != nil {
			return Operand{}, err
		}
		if e.Right.Type() == metadata.EdmDuration && (e.T == metadata.EdmDateTimeOffset || e.T == metadata.EdmDate) {
			return b.addDuration(e, l)
		}
		r, err := b.value(e.Right)
		if err != nil {
			return Operand{}, err
		}
		if !e.T.IsNumeric() || !l.Type.IsNumeric() || !r.Type.IsNumeric() {
			return Operand{}, odataerr.NotImplemented("arithmetic on %s values is not supported", e.T).At("$filter", int(e.P))
		}
		f, err := b.d.Arith(e.Op, l, r, e.T)
		if err != nil {
			return Operand{}, posErr(err, e)
		}
		return Operand{Frag: f, Type: e.T}, nil
	case *bound.Not, *bound.In:
		return b.boolValue(e)
	case *bound.Neg:
		x, err := b.value(e.X)
		if err != nil {
			return Operand{}, err
		}
		if !x.Type.IsNumeric() {
			return Operand{}, odataerr.NotImplemented("negation of %s values is not supported", x.Type).At("$filter", int(e.P))
		}
		return Operand{Frag: b.d.Neg(x), Type: x.Type}, nil
	case *bound.Call:
		switch e.Fn {
		case bound.FnContains, bound.FnStartsWith, bound.FnEndsWith:
			return b.boolValue(e)
		}
		if !translatedFuncs[e.Fn] {
			return Operand{}, odataerr.NotImplemented("the function %s is not supported on this data source", e.Fn).At("$filter", int(e.P))
		}
		args := make([]Operand, len(e.Args))
		for i, a := range e.Args {
			v, err := b.value(a)
			if err != nil {
				return Operand{}, err
			}
			args[i] = v
		}
		f, err := b.d.Call(e.Fn, args, e.T)
		if err != nil {
			return Operand{}, posErr(err, e)
		}
		return Operand{Frag: f, Type: e.T}, nil
	case *bound.Cast:
		x, err := b.value(e.X)
		if err != nil {
			return Operand{}, err
		}
		if x.Type == e.T {
			return x, nil
		}
		f, err := b.d.Cast(x, e.T)
		if err != nil {
			return Operand{}, posErr(err, e)
		}
		return Operand{Frag: f, Type: e.T}, nil
	case *bound.Lambda:
		return b.boolValue(e)
	case *bound.Count:
		return b.count(e)
	case nil:
		return Operand{}, fmt.Errorf("sqldb: nil expression")
	}
	return Operand{}, odataerr.NotImplemented("this expression is not supported").At("$filter", int(e.Pos()))
}

// translatedFuncs are the functions the dialects translate (besides the
// matching functions); maxdatetime/mindatetime are folded by the binder.
var translatedFuncs = map[bound.Func]bool{
	bound.FnLength: true, bound.FnIndexOf: true, bound.FnSubstring: true, bound.FnToLower: true,
	bound.FnToUpper: true, bound.FnTrim: true, bound.FnConcat: true, bound.FnYear: true, bound.FnMonth: true,
	bound.FnDay: true, bound.FnHour: true, bound.FnMinute: true, bound.FnSecond: true,
	bound.FnFractionalSeconds: true, bound.FnDate: true, bound.FnTime: true, bound.FnTotalOffsetMinutes: true,
	bound.FnNow: true, bound.FnRound: true, bound.FnFloor: true, bound.FnCeiling: true,
}

// addDuration renders `x add duration'…'` and `x sub duration'…'` for a
// Date or DateTimeOffset x and a constant duration.
func (b *builder) addDuration(e *bound.Binary, x Operand) (Operand, error) {
	c, ok := e.Right.(*bound.Const)
	if !ok || (e.Op != bound.Add && e.Op != bound.Sub) {
		return Operand{}, odataerr.NotImplemented("date arithmetic is supported with a constant duration only").At("$filter", int(e.P))
	}
	dur, ok := c.Value.(time.Duration)
	if !ok {
		return Operand{}, fmt.Errorf("sqldb: duration constant has Go type %T", c.Value)
	}
	if e.Op == bound.Sub {
		dur = -dur
	}
	return Operand{Frag: b.d.AddDuration(x, dur), Type: e.T}, nil
}

// boolValue renders a predicate as a Boolean value (faithful: null stays null).
func (b *builder) boolValue(e bound.Expr) (Operand, error) {
	p, err := b.pred(e, true)
	if err != nil {
		return Operand{}, err
	}
	return Operand{Frag: b.d.BoolValue(p), Type: metadata.EdmBoolean}, nil
}

// isNullConst reports whether e is the null literal.
func isNullConst(e bound.Expr) bool {
	c, ok := e.(*bound.Const)
	return ok && c.Value == nil
}

// boolConst returns the value of a non-null Boolean constant.
func boolConst(e bound.Expr) (v, ok bool) {
	c, isConst := e.(*bound.Const)
	if !isConst {
		return false, false
	}
	v, ok = c.Value.(bool)
	return v, ok
}

// posErr points a dialect's *odataerr.Error at the expression's position.
func posErr(err error, e bound.Expr) error {
	if oe := odataerr.As(err); oe != nil && oe.Pos < 0 {
		return oe.At("$filter", int(e.Pos()))
	}
	return err
}

// inOption points an error that the translation of an expression
// attributed to $filter (posErr and the checks above cannot tell where an
// expression came from) at the option that holds it: the position is within
// that option's text already.
func inOption(err error, option string) error {
	if oe := odataerr.As(err); oe != nil && oe.Target == "$filter" {
		return oe.At(option, oe.Pos)
	}
	return err
}

// mayBeNull reports whether e can evaluate to null in OData (conservatively:
// true when unsure). Comparisons and `in` are never null in OData.
func mayBeNull(e bound.Expr) bool {
	switch e := e.(type) {
	case *bound.Property:
		// A lambda variable always stands for a related row (never null).
		return e.Prop.Nullable || len(e.Nav) > 0
	case *bound.Const:
		return e.Value == nil
	case *bound.Binary:
		switch {
		case e.Op.IsComparison():
			return false
		case e.Op == bound.Div || e.Op == bound.DivBy || e.Op == bound.Mod:
			return true // division by zero is NULL on MySQL and SQLite
		}
		return mayBeNull(e.Left) || mayBeNull(e.Right)
	case *bound.Not:
		return mayBeNull(e.X)
	case *bound.Neg:
		return mayBeNull(e.X)
	case *bound.In:
		return false
	case *bound.Call:
		if e.Fn == bound.FnNow {
			return false
		}
		for _, a := range e.Args {
			if mayBeNull(a) {
				return true
			}
		}
		return false
	case *bound.Cast:
		return mayBeNull(e.X)
	case *bound.Count, *bound.Lambda:
		return false
	}
	return true
}

// checkText refuses string literals holding NUL: PostgreSQL rejects NUL in
// text and SQLite's string functions stop at it (contains(Name,'a%00b')
// would match 'alpha'), so every engine refuses it and all answer alike.
func checkText(s string) error {
	if strings.ContainsRune(s, 0) {
		return odataerr.BadRequest("a string literal contains a NUL character (%%00), which is not supported")
	}
	return nil
}
