package memquery

import (
	"bytes"
	"math"
	"math/big"
	"strings"
	"time"

	"odatagw/metadata"
)

// Values inside an evaluation are the Go values of metadata/values.go, except
// that computed decimals are *big.Rat (exact); decimal values read from rows
// (metadata.Decimal) are converted on use.

// ratOf returns v as an exact rational when it is an integer or a decimal.
func ratOf(v any) (*big.Rat, bool) {
	switch x := v.(type) {
	case int64:
		return new(big.Rat).SetInt64(x), true
	case metadata.Decimal:
		r, ok := new(big.Rat).SetString(string(x))
		return r, ok
	case *big.Rat:
		return x, true
	}
	return nil, false
}

// floatOf returns v as a float64 when it is numeric.
func floatOf(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	if r, ok := ratOf(v); ok {
		f, _ := r.Float64()
		return f, true
	}
	return 0, false
}

func isNumber(v any) bool {
	switch v.(type) {
	case int64, float64, metadata.Decimal, *big.Rat:
		return true
	}
	return false
}

// compareValues orders two non-null values of comparable types: -1, 0, 1.
// ok is false when the values cannot be compared (a binder bug, or data of
// the wrong Go type).
func compareValues(a, b any) (int, bool) {
	if isNumber(a) && isNumber(b) {
		return compareNumbers(a, b)
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return strings.Compare(x, y), ok
	case bool:
		y, ok := b.(bool)
		switch {
		case !ok:
			return 0, false
		case x == y:
			return 0, true
		case !x:
			return -1, true
		}
		return 1, true
	case metadata.Date:
		switch y := b.(type) {
		case metadata.Date:
			return compareDates(x, y), true
		case time.Time:
			return x.Time().Compare(y), true
		}
	case time.Time:
		switch y := b.(type) {
		case time.Time:
			return x.Compare(y), true
		case metadata.Date:
			return x.Compare(y.Time()), true
		}
	case metadata.TimeOfDay:
		if y, ok := b.(metadata.TimeOfDay); ok {
			return compareInts(nanosOfDay(x), nanosOfDay(y)), true
		}
	case time.Duration:
		if y, ok := b.(time.Duration); ok {
			return compareInts(int64(x), int64(y)), true
		}
	case []byte:
		if y, ok := b.([]byte); ok {
			return bytes.Compare(x, y), true
		}
	}
	return 0, false
}

func compareNumbers(a, b any) (int, bool) {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	if aInt && bInt {
		return compareInts(ai, bi), true
	}
	_, aFloat := a.(float64)
	_, bFloat := b.(float64)
	if aFloat || bFloat {
		x, _ := floatOf(a)
		y, _ := floatOf(b)
		switch {
		case math.IsNaN(x) || math.IsNaN(y):
			return 0, false
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	}
	x, okx := ratOf(a)
	y, oky := ratOf(b)
	if !okx || !oky {
		return 0, false
	}
	return x.Cmp(y), true
}

func compareInts(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareDates(a, b metadata.Date) int {
	if c := compareInts(int64(a.Year), int64(b.Year)); c != 0 {
		return c
	}
	if c := compareInts(int64(a.Month), int64(b.Month)); c != 0 {
		return c
	}
	return compareInts(int64(a.Day), int64(b.Day))
}

func nanosOfDay(t metadata.TimeOfDay) int64 {
	return ((int64(t.Hour)*60+int64(t.Minute))*60+int64(t.Second))*1e9 + int64(t.Nanosecond)
}

// equalValues is OData's two-valued eq: null equals null only; GUIDs compare
// case-insensitively (they may arrive in either case from a source).
func equalValues(t metadata.EdmType, a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if t == metadata.EdmGuid {
		x, _ := a.(string)
		y, _ := b.(string)
		return strings.EqualFold(x, y)
	}
	c, ok := compareValues(a, b)
	return ok && c == 0
}

// orderValues orders two values of an $orderby item: null first.
func orderValues(t metadata.EdmType, a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if t == metadata.EdmGuid {
		x, _ := a.(string)
		y, _ := b.(string)
		return strings.Compare(strings.ToLower(x), strings.ToLower(y))
	}
	c, _ := compareValues(a, b)
	return c
}

// outValue converts an evaluation value to the Go value of its Edm type
// (computed decimals back to metadata.Decimal).
func outValue(v any) any {
	if r, ok := v.(*big.Rat); ok {
		return metadata.Decimal(ratText(r))
	}
	return v
}

// ratText writes r in decimal notation: exact when its expansion ends,
// otherwise rounded to 28 fractional digits; without trailing zeros.
func ratText(r *big.Rat) string {
	s := r.FloatString(28)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
