package gateway

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"odatagw/metadata"
	"odatagw/odataerr"
)

// propertyValue converts the JSON value v of property p to its Go value
// (metadata/values.go), checking type and facets: nulls in non-nullable
// properties, strings longer than MaxLength, integers out of range,
// decimals beyond Precision/Scale. Errors are 400s naming the property.
func propertyValue(p *metadata.Property, v any) (any, error) {
	if v == nil {
		if !p.Nullable {
			return nil, badValue(p, "must not be null")
		}
		return nil, nil
	}
	switch p.Type {
	case metadata.EdmString:
		s, ok := v.(string)
		if !ok {
			return nil, wrongJSONType(p, v, "a string")
		}
		switch {
		case !utf8.ValidString(s): // a raw $value body
			return nil, badValue(p, "is not valid UTF-8")
		case strings.IndexByte(s, 0) >= 0:
			// PostgreSQL cannot store it, and no $filter literal can name it.
			return nil, badValue(p, "contains a NUL character (\\u0000), which is not supported")
		}
		// WriteMaxLength, not MaxLength: a length stated by string_max_length
		// only changes what clients are told; the column's own limit applies.
		if n := p.WriteMaxLength(); n > 0 && utf8.RuneCountInString(s) > n {
			return nil, badValue(p, "is longer than its %s of %d characters", lengthName(p), n)
		}
		return s, nil
	case metadata.EdmBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, wrongJSONType(p, v, "true or false")
		}
		return b, nil
	case metadata.EdmByte, metadata.EdmSByte, metadata.EdmInt16, metadata.EdmInt32, metadata.EdmInt64:
		return intValue(p, v)
	case metadata.EdmSingle, metadata.EdmDouble:
		return floatValue(p, v)
	case metadata.EdmDecimal:
		return decimalValue(p, v)
	}
	s, ok := v.(string)
	if !ok {
		return nil, wrongJSONType(p, v, "a string")
	}
	return textValue(p, s)
}

// lengthName names the limit WriteMaxLength returned: the column's own where
// $metadata states a different MaxLength.
func lengthName(p *metadata.Property) string {
	if p.LengthRestated {
		return "column's maximum length"
	}
	return "MaxLength"
}

// textValue parses the string forms of dates, times, GUIDs and binary.
func textValue(p *metadata.Property, s string) (any, error) {
	switch p.Type {
	case metadata.EdmDate:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return dateFromMidnight(p, s)
		}
		return metadata.DateOf(t), nil
	case metadata.EdmDateTimeOffset:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, badValue(p, "is not a date-time with offset (e.g. 2024-05-01T10:00:00Z)")
		}
		return t.UTC(), nil
	case metadata.EdmTimeOfDay:
		t, err := time.Parse("15:04:05.999999999", s)
		if err != nil {
			if t, err = time.Parse("15:04", s); err != nil {
				return nil, badValue(p, "is not a time of day (HH:MM:SS)")
			}
		}
		return metadata.TimeOfDay{Hour: t.Hour(), Minute: t.Minute(), Second: t.Second(), Nanosecond: t.Nanosecond()}, nil
	case metadata.EdmGuid:
		if !isGUID(s) {
			return nil, badValue(p, "is not a GUID (8-4-4-4-12 hexadecimal digits)")
		}
		return strings.ToLower(s), nil
	case metadata.EdmBinary:
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			if b, err = base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "=")); err != nil {
				return nil, badValue(p, "is not base64-encoded binary data")
			}
		}
		if n := p.WriteMaxLength(); n > 0 && len(b) > n {
			return nil, badValue(p, "is longer than its %s of %d bytes", lengthName(p), n)
		}
		return b, nil
	case metadata.EdmDuration:
		return nil, badValue(p, "cannot be written: Edm.Duration properties are read-only")
	}
	return nil, badValue(p, "has a type the gateway cannot write")
}

// dateFromMidnight accepts a date-time at midnight for a Date property, as
// written in its own offset (2025-01-31T00:00:00.000-08:00 is 2025-01-31):
// Salesforce Connect shows Edm.Date as a DateTime field at time 0 and may
// send it back that way. Any other time of day would lose it: refused.
func dateFromMidnight(p *metadata.Property, s string) (any, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil, badValue(p, "is not a date (YYYY-MM-DD)")
	}
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return nil, badValue(p, "is a date (YYYY-MM-DD); a date-time is accepted only at midnight, not %s", s)
	}
	return metadata.DateOf(t), nil
}

// maxDecimalScale bounds the fractional digits of a decimal value.
const maxDecimalScale = 100

var intRanges = map[metadata.EdmType][2]int64{
	metadata.EdmByte: {0, math.MaxUint8}, metadata.EdmSByte: {math.MinInt8, math.MaxInt8},
	metadata.EdmInt16: {math.MinInt16, math.MaxInt16}, metadata.EdmInt32: {math.MinInt32, math.MaxInt32},
	metadata.EdmInt64: {math.MinInt64, math.MaxInt64},
}

func intValue(p *metadata.Property, v any) (any, error) {
	text, ok := numberText(v, p.Type == metadata.EdmInt64)
	if !ok {
		return nil, wrongJSONType(p, v, "an integer")
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		if strings.ContainsAny(text, ".eE") {
			return nil, badValue(p, "must be a whole number")
		}
		return nil, badValue(p, "is out of the range of %s", p.Type)
	}
	r := intRanges[p.Type]
	if n < r[0] || n > r[1] {
		return nil, badValue(p, "is out of the range of %s (%d to %d)", p.Type, r[0], r[1])
	}
	return n, nil
}

func floatValue(p *metadata.Property, v any) (any, error) {
	if s, ok := v.(string); ok {
		switch s {
		case "NaN":
			return math.NaN(), nil
		case "INF":
			return math.Inf(1), nil
		case "-INF":
			return math.Inf(-1), nil
		}
	}
	text, ok := numberText(v, true)
	if !ok {
		return nil, wrongJSONType(p, v, "a number")
	}
	bits := 64
	if p.Type == metadata.EdmSingle {
		bits = 32
	}
	f, err := strconv.ParseFloat(text, bits)
	if err != nil {
		return nil, badValue(p, "is out of the range of %s", p.Type)
	}
	return f, nil
}

// decimalValue checks a decimal against Precision and Scale and returns its
// canonical text (no exponent).
func decimalValue(p *metadata.Property, v any) (any, error) {
	text, ok := numberText(v, true)
	if !ok {
		return nil, wrongJSONType(p, v, "a number")
	}
	if len(text) > 400 {
		return nil, badValue(p, "has too many digits")
	}
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		// Bound the exponent before big.Rat computes the power of ten.
		if exp, err := strconv.Atoi(text[i+1:]); err != nil || exp > 400 || exp < -400 {
			return nil, badValue(p, "is out of the range of %s", p.Type)
		}
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok || strings.ContainsAny(text, "xXpP_/") {
		return nil, badValue(p, "is not a decimal number")
	}
	// The digits after the point that the value needs (decimal text has a
	// finite expansion; an exponent may ask for many).
	scale := 0
	for x := new(big.Rat).Set(r); !x.IsInt(); scale++ {
		if scale >= maxDecimalScale {
			return nil, badValue(p, "has more than %d digits after the decimal point", maxDecimalScale)
		}
		x.Mul(x, big.NewRat(10, 1))
	}
	if p.Scale != metadata.ScaleVariable && scale > p.Scale {
		return nil, badValue(p, "has more than %d digits after the decimal point", p.Scale)
	}
	s := r.FloatString(scale)
	if p.Precision > 0 {
		intDigits := len(strings.TrimLeft(strings.TrimPrefix(strings.SplitN(s, ".", 2)[0], "-"), "0"))
		maxInt := p.Precision
		if p.Scale > 0 {
			maxInt -= p.Scale
		}
		if intDigits > maxInt {
			return nil, badValue(p, "has more than %d digits before the decimal point (Precision %d, Scale %d)", maxInt, p.Precision, max(p.Scale, 0))
		}
	}
	return metadata.Decimal(s), nil
}

// numberText returns the text of a JSON number, or of a string holding one
// when strings are allowed (IEEE754Compatible Int64 and Decimal).
func numberText(v any, stringOK bool) (string, bool) {
	switch x := v.(type) {
	case json.Number:
		return string(x), true
	case string:
		if stringOK && x != "" {
			if _, err := strconv.ParseFloat(x, 64); err == nil || strings.Contains(err.Error(), "range") {
				return x, true
			}
		}
	}
	return "", false
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func badValue(p *metadata.Property, format string, args ...any) error {
	e := odataerr.BadRequest("property '"+p.Name+"' "+format, args...)
	e.Target = p.Name
	return e
}

func wrongJSONType(p *metadata.Property, v any, want string) error {
	return badValue(p, "must be %s (%s), not %s", want, p.Type, jsonKind(v))
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a Boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case *jsonObject:
		return "an object"
	case []any:
		return "an array"
	}
	return "a value"
}
