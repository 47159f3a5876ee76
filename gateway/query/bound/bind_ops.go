package bound

import (
	"strconv"
	"strings"
	"time"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

var boundOps = map[query.BinaryOp]Op{
	query.OpEq: Eq, query.OpNe: Ne, query.OpLt: Lt, query.OpLe: Le, query.OpGt: Gt, query.OpGe: Ge,
	query.OpAnd: And, query.OpOr: Or, query.OpAdd: Add, query.OpSub: Sub, query.OpMul: Mul,
	query.OpDiv: Div, query.OpDivBy: DivBy, query.OpMod: Mod,
}

// binary binds a binary operator expression.
func (s *binding) binary(e *query.BinaryExpr) (Expr, error) {
	if e.Op == query.OpHas {
		return nil, s.notImplemented(e.P, "operator 'has' is not supported: this service exposes no enumeration types")
	}
	op, ok := boundOps[e.Op]
	if !ok {
		return nil, s.notImplemented(e.P, "operator %d is not supported", int(e.Op))
	}
	l, err := s.expr(e.Left)
	if err != nil {
		return nil, err
	}
	r, err := s.expr(e.Right)
	if err != nil {
		return nil, err
	}
	switch {
	case op == And || op == Or:
		return s.logical(e.P, op, l, r)
	case op.IsComparison():
		return s.compare(e.P, op, l, r)
	default:
		return s.arith(e.P, op, l, r)
	}
}

func (s *binding) opError(pos query.Pos, op Op, l, r Expr) error {
	return s.badRequest(pos, "operator '%s' is not defined for %s and %s", op, typeText(l.Type()), typeText(r.Type()))
}

// typeText names a type in messages; the untyped null is "null".
func typeText(t metadata.EdmType) string {
	if t == metadata.EdmNull {
		return "null"
	}
	return string(t)
}

// logical binds `and` / `or`: both operands Boolean (a null operand is a
// Boolean null).
func (s *binding) logical(pos query.Pos, op Op, l, r Expr) (Expr, error) {
	l, lok := asBoolean(l)
	r, rok := asBoolean(r)
	if !lok || !rok {
		return nil, s.opError(pos, op, l, r)
	}
	return &Binary{P: pos, Op: op, Left: l, Right: r, T: metadata.EdmBoolean}, nil
}

// nullAs types x as t when it is the untyped null constant.
func nullAs(x Expr, t metadata.EdmType) Expr {
	if c, ok := x.(*Const); ok && c.T == metadata.EdmNull {
		return typedNull(c, t)
	}
	return x
}

// asBoolean types an untyped null as Boolean and reports whether x is Boolean.
func asBoolean(x Expr) (Expr, bool) {
	x = nullAs(x, metadata.EdmBoolean)
	return x, x.Type() == metadata.EdmBoolean
}

// compare binds eq, ne, lt, le, gt, ge. The untyped null takes the other
// operand's type; constants are converted to the other operand's type (see
// unify). `null eq null` folds to true and any other comparison of two
// untyped nulls to false.
func (s *binding) compare(pos query.Pos, op Op, l, r Expr) (Expr, error) {
	lt, rt := l.Type(), r.Type()
	switch {
	case lt == metadata.EdmNull && rt == metadata.EdmNull:
		return &Const{P: pos, T: metadata.EdmBoolean, Value: op == Eq}, nil
	case lt == metadata.EdmNull:
		l = nullAs(l, rt)
	case rt == metadata.EdmNull:
		r = nullAs(r, lt)
	}
	if x, ok := dateVsInstant(pos, op, l, r); ok {
		return x, nil
	}
	l2, r2, err := s.unify(pos, op.String(), l, r)
	if err != nil {
		return nil, err
	}
	return &Binary{P: pos, Op: op, Left: l2, Right: r2, T: metadata.EdmBoolean}, nil
}

// flipped is the comparison with its operands swapped (a lt b ⇔ b gt a).
var flipped = map[Op]Op{Eq: Eq, Ne: Ne, Lt: Gt, Le: Ge, Gt: Lt, Ge: Le}

// dateVsInstant compares a Date expression with a DateTimeOffset constant
// that is not at midnight UTC (Salesforce Connect shows Edm.Date as a
// DateTime and may filter with an instant). The Date stands for its midnight
// UTC, as a Date constant compared with a DateTimeOffset does, so with d the
// UTC date of the instant: eq is false, ne is true, lt/le become le d and
// gt/ge become gt d. Other operands are left to unify.
func dateVsInstant(pos query.Pos, op Op, l, r Expr) (Expr, bool) {
	if l.Type() == metadata.EdmDateTimeOffset && r.Type() == metadata.EdmDate {
		l, r, op = r, l, flipped[op]
	}
	c, ok := r.(*Const)
	if !ok || l.Type() != metadata.EdmDate || c.T != metadata.EdmDateTimeOffset || c.Value == nil {
		return nil, false
	}
	if _, isConst := l.(*Const); isConst {
		return nil, false
	}
	t := c.Value.(time.Time).UTC()
	d := metadata.DateOf(t)
	if t.Equal(d.Time()) {
		return nil, false // midnight: unify converts it to the Date exactly
	}
	dc := &Const{P: c.P, T: metadata.EdmDate, Value: d}
	switch op {
	case Eq, Ne:
		return &Const{P: pos, T: metadata.EdmBoolean, Value: op == Ne}, true
	case Lt, Le:
		return &Binary{P: pos, Op: Le, Left: l, Right: dc, T: metadata.EdmBoolean}, true
	default:
		return &Binary{P: pos, Op: Gt, Left: l, Right: dc, T: metadata.EdmBoolean}, true
	}
}

// unify makes two typed operands comparable: numerics are compatible with
// each other, a constant being converted to the other operand's type when
// that is exact (else to the promoted type); a string constant becomes a Guid
// when compared with a Guid (it must be a valid GUID); a Date constant
// becomes midnight UTC when compared with a DateTimeOffset, and a
// DateTimeOffset constant at midnight UTC becomes a Date when compared with a
// Date (compare handles other instants, see dateVsInstant). Everything else
// must have the same type.
func (s *binding) unify(pos query.Pos, op string, l, r Expr) (Expr, Expr, error) {
	lt, rt := l.Type(), r.Type()
	if lt == rt {
		return l, r, nil
	}
	if lt.IsNumeric() && rt.IsNumeric() {
		return convertToward(l, r), convertToward(r, l), nil
	}
	lc, lIsConst := l.(*Const)
	rc, rIsConst := r.(*Const)
	fail := func() (Expr, Expr, error) {
		return nil, nil, s.badRequest(pos, "operator '%s' is not defined for %s and %s", op, typeText(lt), typeText(rt))
	}
	convert := func(c *Const, to metadata.EdmType) (*Const, error) {
		if out, ok := convertConst(c, to); ok {
			return out, nil
		}
		return nil, s.badRequest(c.P, "%s is not a valid %s value", constText(c), to)
	}
	switch {
	case lt == metadata.EdmGuid && rt == metadata.EdmString && rIsConst,
		lt == metadata.EdmDateTimeOffset && rt == metadata.EdmDate && rIsConst,
		lt == metadata.EdmDate && rt == metadata.EdmDateTimeOffset && rIsConst:
		c, err := convert(rc, lt)
		return l, c, err
	case rt == metadata.EdmGuid && lt == metadata.EdmString && lIsConst,
		rt == metadata.EdmDateTimeOffset && lt == metadata.EdmDate && lIsConst,
		rt == metadata.EdmDate && lt == metadata.EdmDateTimeOffset && lIsConst:
		c, err := convert(lc, rt)
		return c, r, err
	}
	return fail()
}

// convertToward converts x, when it is a numeric constant, to the type of
// the other operand if that is exact, else to the promoted type if that is
// exact; otherwise x is returned as is.
func convertToward(x, other Expr) Expr {
	c, ok := x.(*Const)
	if !ok {
		return x
	}
	if _, otherConst := other.(*Const); otherConst {
		return x
	}
	if out, ok := convertConst(c, other.Type()); ok {
		return out
	}
	if p, ok := metadata.Promote(c.T, other.Type()); ok {
		if out, ok := convertConst(c, p); ok {
			return out
		}
	}
	return x
}

// constText renders a constant for messages.
func constText(c *Const) string {
	switch v := c.Value.(type) {
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case nil:
		return "null"
	}
	return formatValue(c.T, c.Value)
}

// arith binds add, sub, mul, div, divby and mod.
func (s *binding) arith(pos query.Pos, op Op, l, r Expr) (Expr, error) {
	lt, rt := l.Type(), r.Type()
	switch {
	case lt == metadata.EdmNull && rt == metadata.EdmNull:
		return &Const{P: pos, T: metadata.EdmNull}, nil
	case lt == metadata.EdmNull:
		l, lt = nullAs(l, rt), rt
	case rt == metadata.EdmNull:
		r, rt = nullAs(r, lt), lt
	}
	if lt.IsNumeric() && rt.IsNumeric() {
		t, _ := metadata.Promote(lt, rt)
		if op == DivBy && t != metadata.EdmDouble && t != metadata.EdmSingle {
			t = metadata.EdmDecimal
		}
		return &Binary{P: pos, Op: op, Left: convertTo(l, t), Right: convertTo(r, t), T: t}, nil
	}
	if t, ok := temporalArith(op, lt, rt); ok {
		return &Binary{P: pos, Op: op, Left: l, Right: r, T: t}, nil
	}
	// A Date constant next to a DateTimeOffset: `Shipped sub 2024-01-01`.
	if (op == Sub) && lt == metadata.EdmDateTimeOffset && rt == metadata.EdmDate {
		if c, ok := r.(*Const); ok {
			r, _ = convertConst(c, lt)
			return &Binary{P: pos, Op: op, Left: l, Right: r, T: metadata.EdmDuration}, nil
		}
	}
	return nil, s.opError(pos, op, l, r)
}

// convertTo converts x to t when x is a constant and the conversion exact.
func convertTo(x Expr, t metadata.EdmType) Expr {
	if c, ok := x.(*Const); ok {
		if out, ok := convertConst(c, t); ok {
			return out
		}
	}
	return x
}

// temporalArith is the result type of date/time arithmetic (OData Part 2,
// 5.1.1.2): DateTimeOffset/Date ± Duration, Duration ± Duration, and the
// difference of two DateTimeOffsets or two Dates (a Duration).
func temporalArith(op Op, l, r metadata.EdmType) (metadata.EdmType, bool) {
	if op != Add && op != Sub {
		return "", false
	}
	switch {
	case (l == metadata.EdmDateTimeOffset || l == metadata.EdmDate || l == metadata.EdmDuration) && r == metadata.EdmDuration:
		return l, true
	case op == Sub && l == r && (l == metadata.EdmDateTimeOffset || l == metadata.EdmDate):
		return metadata.EdmDuration, true
	}
	return "", false
}

// unary binds `not X` and `-X`. Negation of a constant is folded.
func (s *binding) unary(e *query.UnaryExpr) (Expr, error) {
	x, err := s.expr(e.X)
	if err != nil {
		return nil, err
	}
	if e.Op == query.OpNot {
		x, ok := asBoolean(x)
		if !ok {
			return nil, s.badRequest(e.P, "operator 'not' is not defined for %s", typeText(x.Type()))
		}
		if c, ok := x.(*Const); ok && c.Value != nil {
			return &Const{P: e.P, T: metadata.EdmBoolean, Value: !c.Value.(bool)}, nil
		}
		return &Not{P: e.P, X: x}, nil
	}
	t := x.Type()
	if !t.IsNumeric() && t != metadata.EdmDuration && t != metadata.EdmNull {
		return nil, s.badRequest(e.P, "operator '-' is not defined for %s", t)
	}
	// Unary numeric promotion: Byte, SByte and Int16 are negated as Int32
	// (-Rating of a Byte 200 is -200, which no Byte holds).
	if t == metadata.EdmByte || t == metadata.EdmSByte || t == metadata.EdmInt16 {
		t = metadata.EdmInt32
		x = castTo(x, t)
	}
	if c, ok := x.(*Const); ok {
		if v, ok := negate(c); ok {
			return &Const{P: e.P, T: c.T, Value: v}, nil
		}
	}
	return &Neg{P: e.P, X: x}, nil
}

// negate returns -c's value, and false when it cannot be folded exactly.
func negate(c *Const) (any, bool) {
	switch v := c.Value.(type) {
	case nil:
		return nil, true
	case int64:
		if v == -v && v != 0 { // MinInt64
			return nil, false
		}
		return -v, true
	case float64:
		return -v, true
	case metadata.Decimal:
		if strings.HasPrefix(string(v), "-") {
			return v[1:], true
		}
		return "-" + v, true
	case time.Duration:
		if v == -v && v != 0 {
			return nil, false
		}
		return -v, true
	}
	return nil, false
}

// formatValue renders a non-null value in its OData literal form without
// quotes (the form cast(…, Edm.String) yields).
func formatValue(t metadata.EdmType, v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return formatDouble(v)
	case metadata.Decimal:
		return string(v)
	case metadata.Date:
		return v.String()
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case metadata.TimeOfDay:
		return v.String()
	case time.Duration:
		return formatDuration(v)
	case []byte:
		return base64URL(v)
	}
	return ""
}
