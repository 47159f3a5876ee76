package memquery

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

func (ev *Evaluator) binary(ctx context.Context, b *bound.Binary, en *env) (any, error) {
	l, err := ev.eval(ctx, b.Left, en)
	if err != nil {
		return nil, err
	}
	if b.Op == bound.And || b.Op == bound.Or {
		return ev.logic(ctx, b, l, en)
	}
	r, err := ev.eval(ctx, b.Right, en)
	if err != nil {
		return nil, err
	}
	if b.Op.IsComparison() {
		return compareOp(b.Op, b.Left.Type(), l, r), nil
	}
	if l == nil || r == nil {
		return nil, nil
	}
	return arith(b.Op, l, r, b.T)
}

// logic is Kleene's three-valued and/or; the right side is evaluated only
// when the left does not decide.
func (ev *Evaluator) logic(ctx context.Context, b *bound.Binary, l any, en *env) (any, error) {
	lb, lok := l.(bool)
	decides := b.Op == bound.Or // true decides or, false decides and
	if lok && lb == decides {
		return decides, nil
	}
	r, err := ev.eval(ctx, b.Right, en)
	if err != nil {
		return nil, err
	}
	rb, rok := r.(bool)
	switch {
	case rok && rb == decides:
		return decides, nil
	case lok && rok:
		return !decides, nil
	}
	return nil, nil
}

// compareOp is an OData comparison: eq/ne two-valued, the others false
// with a null operand.
func compareOp(op bound.Op, t metadata.EdmType, l, r any) bool {
	switch op {
	case bound.Eq:
		return equalValues(t, l, r)
	case bound.Ne:
		return !equalValues(t, l, r)
	}
	if l == nil || r == nil {
		return false
	}
	c, ok := compareValues(l, r)
	if !ok {
		return false
	}
	switch op {
	case bound.Lt:
		return c < 0
	case bound.Le:
		return c <= 0
	case bound.Gt:
		return c > 0
	}
	return c >= 0
}

// arith applies an arithmetic operator to two non-null values; t is the
// bound result type.
func arith(op bound.Op, l, r any, t metadata.EdmType) (any, error) {
	if d, ok := r.(time.Duration); ok {
		return addDuration(op, l, d)
	}
	switch x := l.(type) {
	case time.Time:
		if y, ok := r.(time.Time); ok && op == bound.Sub {
			return x.Sub(y), nil
		}
	case metadata.Date:
		if y, ok := r.(metadata.Date); ok && op == bound.Sub {
			return x.Time().Sub(y.Time()), nil
		}
	}
	if !isNumber(l) || !isNumber(r) {
		return nil, fmt.Errorf("memquery: %s of %T and %T", op, l, r)
	}
	_, lf := l.(float64)
	_, rf := r.(float64)
	switch {
	case t == metadata.EdmDouble || t == metadata.EdmSingle || lf || rf:
		x, _ := floatOf(l)
		y, _ := floatOf(r)
		return floatArith(op, x, y), nil
	case t.IsIntegral():
		x, xok := l.(int64)
		y, yok := r.(int64)
		if xok && yok {
			return intArith(op, x, y), nil
		}
	}
	x, _ := ratOf(l)
	y, _ := ratOf(r)
	return ratArith(op, x, y), nil
}

func addDuration(op bound.Op, l any, d time.Duration) (any, error) {
	if op == bound.Sub {
		d = -d
	} else if op != bound.Add {
		return nil, fmt.Errorf("memquery: %s with a duration", op)
	}
	switch x := l.(type) {
	case time.Time:
		return x.Add(d), nil
	case metadata.Date:
		return metadata.DateOf(x.Time().Add(d)), nil
	case time.Duration:
		return x + d, nil
	}
	return nil, fmt.Errorf("memquery: duration added to %T", l)
}

func intArith(op bound.Op, x, y int64) any {
	switch op {
	case bound.Add:
		return x + y
	case bound.Sub:
		return x - y
	case bound.Mul:
		return x * y
	case bound.Div:
		if y == 0 {
			return nil
		}
		return x / y // truncates toward zero, as SQL does
	case bound.Mod:
		if y == 0 {
			return nil
		}
		return x % y
	}
	return ratArith(op, big.NewRat(x, 1), big.NewRat(y, 1)) // divby: exact
}

func floatArith(op bound.Op, x, y float64) any {
	switch op {
	case bound.Add:
		return x + y
	case bound.Sub:
		return x - y
	case bound.Mul:
		return x * y
	case bound.Div, bound.DivBy:
		if y == 0 {
			return nil
		}
		return x / y
	case bound.Mod:
		if y == 0 {
			return nil
		}
		return math.Mod(x, y)
	}
	return nil
}

func ratArith(op bound.Op, x, y *big.Rat) any {
	z := new(big.Rat)
	switch op {
	case bound.Add:
		return z.Add(x, y)
	case bound.Sub:
		return z.Sub(x, y)
	case bound.Mul:
		return z.Mul(x, y)
	case bound.Div, bound.DivBy:
		if y.Sign() == 0 {
			return nil
		}
		return z.Quo(x, y)
	case bound.Mod:
		if y.Sign() == 0 {
			return nil
		}
		q := new(big.Rat).Quo(x, y)
		t := new(big.Int).Quo(q.Num(), q.Denom()) // truncated toward zero
		return z.Sub(x, new(big.Rat).Mul(y, new(big.Rat).SetInt(t)))
	}
	return nil
}

func negate(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		return -x, nil
	case float64:
		return -x, nil
	case time.Duration:
		return -x, nil
	}
	if r, ok := ratOf(v); ok {
		return new(big.Rat).Neg(r), nil
	}
	return nil, fmt.Errorf("memquery: negation of %T", v)
}
