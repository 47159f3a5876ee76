package bound

import (
	"math"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
)

// validValue reports whether v is the Go representation of type t (nil, the
// null, is valid for every type).
func validValue(t metadata.EdmType, v any) bool { return metadata.ValidValue(t, v) }

// typedNull returns a copy of the null constant c typed t.
func typedNull(c *Const, t metadata.EdmType) *Const {
	return &Const{P: c.P, T: t}
}

// intRange is the value range of each integral type.
var intRange = map[metadata.EdmType][2]int64{
	metadata.EdmByte:  {0, math.MaxUint8},
	metadata.EdmSByte: {math.MinInt8, math.MaxInt8},
	metadata.EdmInt16: {math.MinInt16, math.MaxInt16},
	metadata.EdmInt32: {math.MinInt32, math.MaxInt32},
	metadata.EdmInt64: {math.MinInt64, math.MaxInt64},
}

func fitsInt(t metadata.EdmType, v int64) bool {
	r, ok := intRange[t]
	return ok && v >= r[0] && v <= r[1]
}

// convertConst converts constant c to type to when that keeps its value
// exactly (or, towards Single/Double, as exactly as the target allows). It
// is the implicit conversion of literals to the type of the other operand:
// `Price gt 5` compares a Decimal property with Decimal 5, `Id eq
// '…guid…'` a Guid property with a Guid. A null converts to any type.
func convertConst(c *Const, to metadata.EdmType) (*Const, bool) {
	if c.T == to {
		return c, true
	}
	if c.Value == nil {
		return &Const{P: c.P, T: to}, true
	}
	out := &Const{P: c.P, T: to}
	switch {
	case c.T.IsIntegral():
		v := c.Value.(int64)
		switch {
		case to.IsIntegral():
			out.Value = v
			return out, fitsInt(to, v)
		case to == metadata.EdmDecimal:
			out.Value = metadata.Decimal(strconv.FormatInt(v, 10))
			return out, true
		case to == metadata.EdmDouble || to == metadata.EdmSingle:
			f := float64(v)
			out.Value = f
			return out, f < 1<<63 && int64(f) == v
		}
	case c.T == metadata.EdmDecimal:
		d := c.Value.(metadata.Decimal)
		switch {
		case to.IsIntegral():
			v, ok := decimalToInt(d)
			out.Value = v
			return out, ok && fitsInt(to, v)
		case to == metadata.EdmDouble || to == metadata.EdmSingle:
			f, err := strconv.ParseFloat(string(d), 64)
			out.Value = f
			return out, err == nil
		}
	case c.T == metadata.EdmDouble || c.T == metadata.EdmSingle:
		f := c.Value.(float64)
		switch {
		case to == metadata.EdmDouble || to == metadata.EdmSingle:
			out.Value = f
			return out, true
		case to == metadata.EdmDecimal:
			out.Value = metadata.Decimal(strconv.FormatFloat(f, 'f', -1, 64))
			return out, !math.IsInf(f, 0) && !math.IsNaN(f)
		case to.IsIntegral():
			if f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
				return nil, false
			}
			out.Value = int64(f)
			return out, fitsInt(to, int64(f))
		}
	case c.T == metadata.EdmString && to == metadata.EdmGuid:
		g, ok := parseGuid(c.Value.(string))
		out.Value = g
		return out, ok
	case c.T == metadata.EdmDate && to == metadata.EdmDateTimeOffset:
		out.Value = c.Value.(metadata.Date).Time()
		return out, true
	case c.T == metadata.EdmDateTimeOffset && to == metadata.EdmDate:
		t := c.Value.(time.Time).UTC()
		out.Value = metadata.DateOf(t)
		return out, t.Equal(out.Value.(metadata.Date).Time())
	}
	return nil, false
}

// decimalToInt returns the integer value of d when d has no fractional part.
func decimalToInt(d metadata.Decimal) (int64, bool) {
	s := string(d)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		if strings.Trim(s[i+1:], "0") != "" {
			return 0, false
		}
		s = s[:i]
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// parseGuid validates the 8-4-4-4-12 hexadecimal form and lower-cases it.
func parseGuid(s string) (string, bool) {
	if len(s) != 36 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return "", false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return "", false
			}
		}
	}
	return strings.ToLower(s), true
}

// isDecimalText reports whether s is the canonical metadata.Decimal form.
func isDecimalText(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" || hasPoint && frac == "" {
		return false
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}
