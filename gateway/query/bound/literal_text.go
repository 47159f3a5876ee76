package bound

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
)

// parseText reads s as the literal text of type t, as cast('…', Edm.T) does;
// nil (null) when s is not such a literal.
func parseText(t metadata.EdmType, s string) any {
	switch {
	case t == metadata.EdmString:
		return s
	case t.IsIntegral():
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !fitsInt(t, v) {
			return nil
		}
		return v
	case t == metadata.EdmDecimal:
		if !isDecimalText(s) {
			return nil
		}
		return metadata.Decimal(s)
	case t == metadata.EdmDouble || t == metadata.EdmSingle:
		switch s {
		case "INF":
			return math.Inf(1)
		case "-INF":
			return math.Inf(-1)
		case "NaN":
			return math.NaN()
		}
		if strings.ContainsAny(s, "iInN") { // only the spellings above
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil
		}
		return f
	case t == metadata.EdmBoolean:
		switch strings.ToLower(s) {
		case "true":
			return true
		case "false":
			return false
		}
	case t == metadata.EdmGuid:
		if g, ok := parseGuid(s); ok {
			return g
		}
	case t == metadata.EdmDate:
		if d, err := time.Parse("2006-01-02", s); err == nil {
			return metadata.DateOf(d)
		}
	case t == metadata.EdmDateTimeOffset:
		if d, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return d.UTC()
		}
	case t == metadata.EdmTimeOfDay:
		for _, layout := range []string{"15:04:05.999999999", "15:04"} {
			if d, err := time.Parse(layout, s); err == nil {
				return metadata.TimeOfDay{Hour: d.Hour(), Minute: d.Minute(), Second: d.Second(), Nanosecond: d.Nanosecond()}
			}
		}
	case t == metadata.EdmDuration:
		if d, ok := parseDuration(s); ok {
			return d
		}
	}
	return nil
}

// formatDouble renders a float in OData literal form (INF, -INF, NaN, or the
// shortest decimal/exponent form that reads back exactly).
func formatDouble(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'G', -1, 64)
}

// formatDuration renders a duration as an OData durationValue without the
// duration'…' wrapper: [-]P[nD][T[nH][nM][n[.n]S]], "PT0S" for zero.
func formatDuration(d time.Duration) string {
	var b strings.Builder
	u := uint64(d)
	if d < 0 {
		b.WriteByte('-')
		u = uint64(-d) // MinInt64 wraps to its own magnitude as uint64
	}
	b.WriteByte('P')
	day := uint64(24 * time.Hour)
	if u >= day {
		b.WriteString(strconv.FormatUint(u/day, 10) + "D")
		u %= day
	}
	if u == 0 && b.Len() > 2 {
		return b.String()
	}
	b.WriteByte('T')
	if h := u / uint64(time.Hour); h > 0 {
		b.WriteString(strconv.FormatUint(h, 10) + "H")
		u %= uint64(time.Hour)
	}
	if m := u / uint64(time.Minute); m > 0 {
		b.WriteString(strconv.FormatUint(m, 10) + "M")
		u %= uint64(time.Minute)
	}
	if u > 0 || strings.HasSuffix(b.String(), "T") {
		sec := strconv.FormatUint(u/uint64(time.Second), 10)
		if ns := u % uint64(time.Second); ns > 0 {
			sec += "." + strings.TrimRight(strconv.FormatUint(ns+uint64(time.Second), 10)[1:], "0")
		}
		b.WriteString(sec + "S")
	}
	return b.String()
}

// parseDuration reads the durationValue form formatDuration writes.
func parseDuration(s string) (time.Duration, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if !strings.HasPrefix(s, "P") || len(s) < 2 {
		return 0, false
	}
	s = s[1:]
	var total time.Duration
	inTime, units := false, 0
	for len(s) > 0 {
		if s[0] == 'T' {
			if inTime || len(s) == 1 {
				return 0, false
			}
			inTime, s = true, s[1:]
			continue
		}
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, false
		}
		num, unit := s[:i], s[i]
		s = s[i+1:]
		var scale time.Duration
		switch {
		case unit == 'D' && !inTime:
			scale = 24 * time.Hour
		case unit == 'H' && inTime:
			scale = time.Hour
		case unit == 'M' && inTime:
			scale = time.Minute
		case unit == 'S' && inTime:
			scale = time.Second
		default:
			return 0, false
		}
		if strings.Contains(num, ".") && unit != 'S' {
			return 0, false
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil || f*float64(scale) > math.MaxInt64 {
			return 0, false
		}
		total += time.Duration(math.Round(f * float64(scale)))
		units++
	}
	if units == 0 {
		return 0, false
	}
	if neg {
		total = -total
	}
	return total, true
}

func base64URL(b []byte) string { return base64.URLEncoding.EncodeToString(b) }
