package memquery

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

func (ev *Evaluator) call(ctx context.Context, c *bound.Call, en *env) (any, error) {
	if c.Fn == bound.FnNow {
		return time.Now().UTC().Truncate(time.Microsecond), nil
	}
	args := make([]any, len(c.Args))
	for i, a := range c.Args {
		v, err := ev.eval(ctx, a, en)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, nil // every function of a null argument is null
		}
		args[i] = v
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("memquery: %s without arguments", c.Fn)
	}
	if s, ok := args[0].(string); ok {
		return stringFunc(c, s, args)
	}
	switch c.Fn {
	case bound.FnRound, bound.FnFloor, bound.FnCeiling:
		return roundFunc(c.Fn, args[0])
	}
	return dateFunc(c, args[0])
}

// stringFunc evaluates the string functions; positions count characters.
func stringFunc(c *bound.Call, s string, args []any) (any, error) {
	arg := func(i int) string {
		if i < len(args) {
			v, _ := args[i].(string)
			return v
		}
		return ""
	}
	switch c.Fn {
	case bound.FnContains:
		return strings.Contains(s, arg(1)), nil
	case bound.FnStartsWith:
		return strings.HasPrefix(s, arg(1)), nil
	case bound.FnEndsWith:
		return strings.HasSuffix(s, arg(1)), nil
	case bound.FnLength:
		return int64(utf8.RuneCountInString(s)), nil
	case bound.FnIndexOf:
		i := strings.Index(s, arg(1))
		if i < 0 {
			return int64(-1), nil
		}
		return int64(utf8.RuneCountInString(s[:i])), nil
	case bound.FnToLower:
		return strings.ToLower(s), nil
	case bound.FnToUpper:
		return strings.ToUpper(s), nil
	case bound.FnTrim:
		return strings.Trim(s, " "), nil
	case bound.FnConcat:
		return s + arg(1), nil
	case bound.FnSubstring:
		return substring(s, args[1:])
	}
	return nil, odataerr.NotImplemented("the function %s is not supported on this data source", c.Fn).At("$filter", int(c.P))
}

// substring is substring(s, start[, length]) with a 0-based start; a start
// or length out of range clamps to the string.
func substring(s string, rest []any) (any, error) {
	r := []rune(s)
	start, ok := rest[0].(int64)
	if !ok {
		return nil, fmt.Errorf("memquery: substring start of type %T", rest[0])
	}
	start = max(0, min(start, int64(len(r))))
	end := int64(len(r))
	if len(rest) > 1 {
		n, ok := rest[1].(int64)
		if !ok {
			return nil, fmt.Errorf("memquery: substring length of type %T", rest[1])
		}
		end = max(start, min(end, start+n))
	}
	return string(r[start:end]), nil
}

// roundFunc is round (half away from zero), floor and ceiling of a decimal
// or floating-point value; integers are themselves.
func roundFunc(fn bound.Func, v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case float64:
		switch fn {
		case bound.FnRound:
			return math.Round(x), nil
		case bound.FnFloor:
			return math.Floor(x), nil
		}
		return math.Ceil(x), nil
	}
	r, ok := ratOf(v)
	if !ok {
		return nil, fmt.Errorf("memquery: %s of %T", fn, v)
	}
	return new(big.Rat).SetInt(roundRat(fn, r)), nil
}

// roundRat rounds r to an integer per fn.
func roundRat(fn bound.Func, r *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int)) // truncated toward zero
	if m.Sign() == 0 {
		return q
	}
	one := big.NewInt(int64(r.Sign()))
	switch fn {
	case bound.FnFloor:
		if r.Sign() < 0 {
			return q.Sub(q, big.NewInt(1))
		}
		return q
	case bound.FnCeiling:
		if r.Sign() > 0 {
			return q.Add(q, big.NewInt(1))
		}
		return q
	}
	twice := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2))
	if twice.Cmp(r.Denom()) >= 0 {
		return q.Add(q, one)
	}
	return q
}

// dateFunc evaluates the date and time functions (in UTC).
func dateFunc(c *bound.Call, v any) (any, error) {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x.UTC()
	case metadata.Date:
		t = x.Time()
	case metadata.TimeOfDay:
		t = time.Date(2000, 1, 1, x.Hour, x.Minute, x.Second, x.Nanosecond, time.UTC)
	default:
		return nil, fmt.Errorf("memquery: %s of %T", c.Fn, v)
	}
	switch c.Fn {
	case bound.FnYear:
		return int64(t.Year()), nil
	case bound.FnMonth:
		return int64(t.Month()), nil
	case bound.FnDay:
		return int64(t.Day()), nil
	case bound.FnHour:
		return int64(t.Hour()), nil
	case bound.FnMinute:
		return int64(t.Minute()), nil
	case bound.FnSecond:
		return int64(t.Second()), nil
	case bound.FnFractionalSeconds:
		return big.NewRat(int64(t.Nanosecond()), 1e9), nil
	case bound.FnDate:
		return metadata.DateOf(t), nil
	case bound.FnTime:
		return metadata.TimeOfDay{Hour: t.Hour(), Minute: t.Minute(), Second: t.Second(), Nanosecond: t.Nanosecond()}, nil
	case bound.FnTotalOffsetMinutes:
		return int64(0), nil // date-times are instants, served in UTC
	}
	return nil, odataerr.NotImplemented("the function %s is not supported on this data source", c.Fn).At("$filter", int(c.P))
}
