package sqldb

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
)

// convert turns a driver value into the Go value of p's Edm type
// (metadata/values.go), normalising what the drivers hand back: MySQL bytes
// for DECIMAL, strings and (without parseTime) dates; pgx strings for
// numeric; SQLite's dynamic types (INTEGER 0/1 booleans, REAL or TEXT
// decimals, date-times as text in several ISO-8601 forms).
func convert(v any, p *metadata.Property) (any, error) {
	if v == nil {
		return nil, nil
	}
	v = normalizeDriverValue(v)
	// A value the driver already hands over as the Go type of p's Edm type
	// is returned as the same interface value: converting it would box it
	// anew, an allocation per value of every row.
	switch v.(type) {
	case string:
		if p.Type == metadata.EdmString {
			return v, nil
		}
	case int64:
		if p.Type.IsIntegral() {
			return v, nil
		}
	case float64:
		if p.Type == metadata.EdmDouble || p.Type == metadata.EdmSingle {
			return v, nil
		}
	}
	switch p.Type {
	case metadata.EdmString:
		return toString(v)
	case metadata.EdmGuid:
		s, err := toString(v)
		if err != nil {
			return nil, err
		}
		return strings.ToLower(s), nil
	case metadata.EdmBoolean:
		return toBool(v)
	case metadata.EdmByte, metadata.EdmSByte, metadata.EdmInt16, metadata.EdmInt32, metadata.EdmInt64:
		return toInt(v)
	case metadata.EdmSingle, metadata.EdmDouble:
		return toFloat(v)
	case metadata.EdmDecimal:
		if f, ok := specialDecimal(v); ok {
			return f, nil
		}
		if f, ok := v.(float64); ok && p.Precision > 0 && p.Scale >= 0 {
			return realDecimal(f, p.Scale), nil
		}
		d, err := toDecimal(v)
		if err != nil {
			return nil, err
		}
		return withScale(d, p), nil
	case metadata.EdmDate:
		return toDate(v)
	case metadata.EdmDateTimeOffset:
		return toTime(v)
	case metadata.EdmTimeOfDay:
		return toTimeOfDay(v)
	case metadata.EdmBinary:
		switch v := v.(type) {
		case []byte:
			return v, nil // database/sql copies bytes scanned into *any
		case string:
			return []byte(v), nil
		}
	}
	return nil, fmt.Errorf("cannot read %T as %s", v, p.Type)
}

// normalizeDriverValue maps the numeric types some drivers return (MySQL
// BIGINT UNSIGNED as uint64, float32 for REAL/FLOAT4, small ints) to int64,
// float64, or — for unsigned values beyond int64 — decimal text.
func normalizeDriverValue(v any) any {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int8:
		return int64(n)
	case int16:
		return int64(n)
	case int32:
		return int64(n)
	case uint8:
		return int64(n)
	case uint16:
		return int64(n)
	case uint32:
		return int64(n)
	case uint:
		return normalizeDriverValue(uint64(n))
	case uint64:
		if n <= math.MaxInt64 {
			return int64(n)
		}
		return strconv.FormatUint(n, 10)
	case float32:
		// The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149).
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(n), 'g', -1, 32), 64)
		return f
	}
	return v
}

func toString(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano), nil
	case [16]byte: // uuid
		return fmt.Sprintf("%x-%x-%x-%x-%x", v[0:4], v[4:6], v[6:8], v[8:10], v[10:16]), nil
	}
	return "", fmt.Errorf("cannot read %T as a string", v)
}

func toBool(v any) (bool, error) {
	switch v := v.(type) {
	case bool:
		return v, nil
	case int64:
		return v != 0, nil
	case float64:
		return v != 0, nil
	case []byte, string:
		s, _ := toString(v)
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "1", "true", "t":
			return true, nil
		case "0", "false", "f":
			return false, nil
		}
		if len(s) == 1 { // MySQL BIT(1)
			return s[0] != 0, nil
		}
	}
	return false, fmt.Errorf("cannot read %T as a Boolean", v)
}

func toInt(v any) (int64, error) {
	switch v := v.(type) {
	case int64:
		return v, nil
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<63 {
			return int64(v), nil
		}
		if v == math.Trunc(v) {
			return 0, fmt.Errorf("%v: %w", v, strconv.ErrRange)
		}
		return 0, fmt.Errorf("%v is not an integer", v)
	case bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case []byte, string:
		s, _ := toString(v)
		s = strings.TrimSpace(s)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
		// A decimal with a zero fraction ("12.000") is an integer value.
		if d, err := canonicalDecimal(s); err == nil {
			whole, frac, _ := strings.Cut(string(d), ".")
			if strings.Trim(frac, "0") == "" {
				return strconv.ParseInt(whole, 10, 64)
			}
		}
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return 0, fmt.Errorf("cannot read %T as an integer", v)
}

func toFloat(v any) (float64, error) {
	switch v := v.(type) {
	case float64:
		return v, nil
	case float32:
		return float64(v), nil
	case int64:
		return float64(v), nil
	case []byte, string:
		s, _ := toString(v)
		return strconv.ParseFloat(strings.TrimSpace(s), 64)
	}
	return 0, fmt.Errorf("cannot read %T as a floating-point number", v)
}

// specialDecimal recognises the special values a decimal column can hold:
// PostgreSQL's numeric has NaN (and, since 14, ±Infinity), SQLite's REAL
// in a DECIMAL column ±Inf. OData's decimalValue has them too (nanInfinity)
// and JSON writes them as the strings "NaN", "INF" and "-INF"; they come
// back as float64 so the encoder does so, instead of failing the response.
func specialDecimal(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, math.IsNaN(v) || math.IsInf(v, 0)
	case string, []byte:
		s, _ := toString(v)
		switch strings.TrimSpace(s) {
		case "NaN":
			return math.NaN(), true
		case "Infinity", "inf", "Inf":
			return math.Inf(1), true
		case "-Infinity", "-inf", "-Inf":
			return math.Inf(-1), true
		}
	}
	return 0, false
}

func toDecimal(v any) (metadata.Decimal, error) {
	switch v := v.(type) {
	case int64:
		return metadata.Decimal(strconv.FormatInt(v, 10)), nil
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return "", fmt.Errorf("%v is not a decimal", v)
		}
		return metadata.Decimal(strconv.FormatFloat(v, 'f', -1, 64)), nil
	case []byte, string:
		s, _ := toString(v)
		return canonicalDecimal(strings.TrimSpace(s))
	}
	return "", fmt.Errorf("cannot read %T as a decimal", v)
}

// canonicalDecimal validates decimal text and brings it to the canonical form
// of metadata.Decimal: optional minus, digits, optional point and digits.
// Exponent forms (SQLite text, large REALs) are expanded exactly.
func canonicalDecimal(s string) (metadata.Decimal, error) {
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 400 || e < -400 {
			return "", fmt.Errorf("%q is not a decimal", s)
		}
		exp, s = e, s[:i]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return "", fmt.Errorf("%q is not a decimal", s)
	}
	digits := intPart + frac
	point := len(intPart) + exp
	for point > len(digits) {
		digits += "0"
	}
	for point < 0 {
		digits = "0" + digits
		point++
	}
	intPart, frac = strings.TrimLeft(digits[:point], "0"), digits[point:]
	if intPart == "" {
		intPart = "0"
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return metadata.Decimal(out), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func toTime(v any) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		return v.UTC(), nil
	case []byte, string:
		s, _ := toString(v)
		s = strings.TrimSpace(s)
		if t, ok := parseISOTime(s); ok {
			return t, nil
		}
		// Go's time.Time.String(), which database/sql drivers write by
		// default ("2024-01-02 10:00:00 +0000 UTC", maybe with " m=…").
		if i := strings.Index(s, " m="); i > 0 {
			s = s[:i]
		}
		if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", s); err == nil {
			return t.UTC(), nil
		}
		return time.Time{}, fmt.Errorf("%q is not an ISO-8601 date-time", s)
	case int64: // Unix seconds, as some SQLite schemas store them
		return time.Unix(v, 0).UTC(), nil
	case float64: // Unix seconds with a fraction (to the microsecond)
		sec := math.Floor(v)
		return time.Unix(int64(sec), int64(math.Round((v-sec)*1e6))*1e3).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("cannot read %T as a date-time", v)
}

func toDate(v any) (metadata.Date, error) {
	switch v := v.(type) {
	case time.Time:
		return metadata.DateOf(v), nil
	case []byte, string:
		s, _ := toString(v)
		s = strings.TrimSpace(s)
		if len(s) >= 10 {
			if t, ok := parseISOTime(s[:10]); ok { // without time.Parse's allocations
				return metadata.DateOf(t), nil
			}
		}
		if len(s) >= 10 {
			if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
				return metadata.DateOf(t), nil
			}
		}
		return metadata.Date{}, fmt.Errorf("%q is not a date", s)
	}
	return metadata.Date{}, fmt.Errorf("cannot read %T as a date", v)
}

func toTimeOfDay(v any) (metadata.TimeOfDay, error) {
	switch v := v.(type) {
	case time.Time:
		return metadata.TimeOfDay{Hour: v.Hour(), Minute: v.Minute(), Second: v.Second(), Nanosecond: v.Nanosecond()}, nil
	case []byte, string:
		s, _ := toString(v)
		t, err := time.Parse("15:04:05.999999999", strings.TrimSpace(s))
		if err != nil {
			return metadata.TimeOfDay{}, fmt.Errorf("%q is not a time of day", s)
		}
		return metadata.TimeOfDay{Hour: t.Hour(), Minute: t.Minute(), Second: t.Second(), Nanosecond: t.Nanosecond()}, nil
	}
	return metadata.TimeOfDay{}, fmt.Errorf("cannot read %T as a time of day", v)
}

// withScale writes a decimal with the property's fixed scale (DECIMAL(12,4)
// reads as "10.5000" whether the engine returned "10.5000" or the REAL 10.5),
// so that every engine returns the same text. Digits beyond the scale (a
// REAL's binary artefacts) are kept rather than rounded away silently.
func withScale(d metadata.Decimal, p *metadata.Property) metadata.Decimal {
	if p.Precision <= 0 || p.Scale < 0 {
		return d
	}
	s := string(d)
	intPart, frac, _ := strings.Cut(s, ".")
	for len(frac) > p.Scale && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	for len(frac) < p.Scale {
		frac += "0"
	}
	if frac == "" {
		return metadata.Decimal(intPart)
	}
	return metadata.Decimal(intPart + "." + frac)
}

// realDecimal is withScale(toDecimal(f)) for a REAL value (SQLite's
// decimals) in one allocation: the shortest text that reads back as f
// ('f' format, never an exponent), padded with zeros to scale.
func realDecimal(f float64, scale int) metadata.Decimal {
	var buf [48]byte
	b := strconv.AppendFloat(buf[:0], f, 'f', -1, 64)
	frac := 0
	if i := bytes.IndexByte(b, '.'); i >= 0 {
		frac = len(b) - i - 1
	} else if scale > 0 {
		b = append(b, '.')
	}
	for ; frac < scale; frac++ {
		b = append(b, '0')
	}
	return metadata.Decimal(b)
}
