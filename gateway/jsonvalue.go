package gateway

import (
	"encoding/base64"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"odatagw/metadata"
)

// valueFormat carries the per-request choices that change how values look.
type valueFormat struct {
	// ieee754 renders Int64 and Decimal as JSON strings (IEEE754Compatible=true),
	// for clients whose numbers are doubles.
	ieee754 bool
}

// appendValue appends the OData JSON representation of v, a Go value of Edm
// type t per metadata/values.go. Unknown Go types are rendered as strings of
// their text so a driver surprise never produces invalid JSON.
func appendValue(b []byte, t metadata.EdmType, v any, f valueFormat) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	switch x := v.(type) {
	case string:
		return appendString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		if f.ieee754 && t == metadata.EdmInt64 {
			b = append(b, '"')
			b = strconv.AppendInt(b, x, 10)
			return append(b, '"')
		}
		if t == metadata.EdmDecimal && f.ieee754 {
			b = append(b, '"')
			b = strconv.AppendInt(b, x, 10)
			return append(b, '"')
		}
		return strconv.AppendInt(b, x, 10)
	case metadata.Decimal:
		if f.ieee754 {
			return appendString(b, string(x))
		}
		return append(b, x...)
	case float64:
		return appendFloat(b, x, t == metadata.EdmSingle)
	case metadata.Date:
		if x.Year >= 0 && x.Year <= 9999 {
			b = append(b, '"')
			b = appendDigits(b, x.Year, 4)
			b = append(b, '-')
			b = appendDigits(b, int(x.Month), 2)
			b = append(b, '-')
			b = appendDigits(b, x.Day, 2)
			return append(b, '"')
		}
		return appendString(b, x.String())
	case time.Time:
		b = append(b, '"')
		b = x.UTC().AppendFormat(b, time.RFC3339Nano)
		return append(b, '"')
	case metadata.TimeOfDay:
		return appendString(b, x.String())
	case time.Duration:
		return appendString(b, formatDuration(x))
	case []byte:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, x)
		return append(b, '"')
	}
	return appendString(b, "")
}

// appendFloat renders a Double or Single; OData JSON writes the special values
// as the strings "NaN", "INF" and "-INF".
func appendFloat(b []byte, f float64, single bool) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"INF"`...)
	case math.IsInf(f, -1):
		return append(b, `"-INF"`...)
	}
	bits := 64
	if single {
		bits = 32
	}
	// Shortest representation that round-trips; JSON has no exponent-less rule,
	// and strconv's 'g' form (1e+21) is valid JSON.
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}

// formatDuration renders d as an xsd:duration ("P1DT2H3M4.5S"), the form
// durationValue uses without the duration'…' wrapper.
func formatDuration(d time.Duration) string {
	var b []byte
	if d < 0 {
		b = append(b, '-')
		d = -d
	}
	b = append(b, 'P')
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	if days > 0 {
		b = strconv.AppendInt(b, int64(days), 10)
		b = append(b, 'D')
	}
	b = append(b, 'T')
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	d -= m * time.Minute
	if h > 0 {
		b = strconv.AppendInt(b, int64(h), 10)
		b = append(b, 'H')
	}
	if m > 0 {
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, 'M')
	}
	s := d / time.Second
	ns := d - s*time.Second
	b = strconv.AppendInt(b, int64(s), 10)
	if ns > 0 {
		frac := strconv.FormatInt(int64(ns)+1e9, 10)[1:]
		for frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		b = append(b, '.')
		b = append(b, frac...)
	}
	b = append(b, 'S')
	return string(b)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, and
// U+2028/U+2029 are escaped so the output is also safe JavaScript.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func b64url(p []byte) string { return base64.RawURLEncoding.EncodeToString(p) }

// appendDigits appends n (0 ≤ n < 10^width) with leading zeros to width digits.
func appendDigits(b []byte, n, width int) []byte {
	var d [4]byte
	for i := width - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:width]...)
}
