package memquery

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// castValue is cast(v, to): null when v is null or cannot be converted.
// from is the cast operand (a decimal property's scale shapes its text).
func castValue(v any, from bound.Expr, to metadata.EdmType) any {
	if v == nil {
		return nil
	}
	switch {
	case to == metadata.EdmString:
		return castToString(v, from)
	case to.IsIntegral():
		return castToInt(v)
	case to == metadata.EdmDecimal:
		if s, ok := v.(string); ok {
			r, ok := new(big.Rat).SetString(strings.TrimPrefix(strings.TrimSpace(s), "+"))
			if !ok {
				return nil
			}
			return r
		}
		if f, ok := v.(float64); ok {
			r := new(big.Rat)
			if r.SetFloat64(f) == nil {
				return nil
			}
			return r
		}
		if r, ok := ratOf(v); ok {
			return r
		}
	case to == metadata.EdmDouble || to == metadata.EdmSingle:
		if s, ok := v.(string); ok {
			f, err := strconv.ParseFloat(strings.TrimPrefix(strings.TrimSpace(s), "+"), 64)
			if err != nil {
				return nil
			}
			return f
		}
		if f, ok := floatOf(v); ok {
			return f
		}
	case to == metadata.EdmDate:
		switch x := v.(type) {
		case time.Time:
			return metadata.DateOf(x.UTC())
		case metadata.Date:
			return x
		}
	case to == metadata.EdmDateTimeOffset:
		switch x := v.(type) {
		case metadata.Date:
			return x.Time()
		case time.Time:
			return x.UTC()
		}
	}
	return nil
}

func castToString(v any, from bound.Expr) any {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case metadata.Decimal:
		if p, ok := from.(*bound.Property); ok && p.Prop.Scale > 0 {
			r, ok := ratOf(x)
			if ok {
				return r.FloatString(p.Prop.Scale)
			}
		}
		return string(x)
	case *big.Rat:
		return ratText(x)
	case metadata.Date:
		return x.String()
	case metadata.TimeOfDay:
		return x.String()
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return nil
}

func castToInt(v any) any {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return int64(math.Round(x))
	case string:
		n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(x), "+"), 10, 64)
		if err != nil {
			return nil
		}
		return n
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	}
	if r, ok := ratOf(v); ok {
		i := roundRat(bound.FnRound, r)
		if !i.IsInt64() {
			return nil
		}
		return i.Int64()
	}
	return nil
}
