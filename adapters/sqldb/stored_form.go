package sqldb

import (
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
)

// Stored forms of SQLite date-times (metadata.Property.StoredForm).
//
// SQLite has no date-time type: a column holds whatever text or number was
// written. In general the translator compares such columns through
// STRFTIME, which no index serves. Most databases write one form only,
// though, and for these forms the stored values' own order is chronological:
//
//   - text "YYYY-MM-DD HH:MM:SS" (or with 'T'), with a fixed number of
//     fractional digits (0–9) and no zone (UTC). A value with more precision
//     than the layout carries its further digits after the layout's
//     (trailing zeros trimmed): "10:00:00" < "10:00:00.5" < "10:00:01"
//     still holds as text, and each instant has exactly one text;
//   - numbers of seconds since 1970 (integers; reals for fractions).
//
//   - the same text with a uniform UTC zone suffix, "Z" or "+00:00"
//     (JavaScript's toISOString writes "YYYY-MM-DDTHH:MM:SS.sssZ"), with
//     exactly the layout's fractional digits: a further digit would sort
//     after the suffix ("…:00Z" > "…:00.5Z"), so an instant of more
//     precision than the layout has no text in such a form (storedTime
//     says so; constants then compare through STRFTIME, writes are refused).
//
// The SQLite loader verifies the form over every value of an indexed column
// (adapters/sqlite); constants compared with the column, keyset positions
// and written values are then rendered in it (storedTime).

// StoredFormUnixEpoch is the stored form of date-times held as seconds since
// 1970-01-01 UTC.
const StoredFormUnixEpoch = "unixepoch"

// StoredTimeForm returns the stored form of a sample value of a date-time
// column (as the SQLite driver returns it for a column of no declared
// date-time type: string, []byte, int64 or float64), and the GLOB pattern
// that every text value in that form matches, without further fractional
// digits ("" for numbers). ok is false when v is in no such form.
func StoredTimeForm(v any) (form, glob string, ok bool) {
	switch v := v.(type) {
	case int64, float64:
		return StoredFormUnixEpoch, "", true
	case []byte:
		return StoredTimeForm(string(v))
	case string:
		return textForm(v)
	}
	return "", "", false
}

// Zone suffixes of the zoned text forms.
var zoneSuffixes = []string{"Z", "+00:00"}

// StoredFormZone returns the zone suffix of a text form ("" for a form
// without one, whose values may carry further fractional digits).
func StoredFormZone(form string) string {
	for _, z := range zoneSuffixes {
		if strings.HasSuffix(form, z) {
			return z
		}
	}
	return ""
}

// textForm recognises YYYY-MM-DD[ T]HH:MM:SS[.d{1,9}][Z|+00:00].
func textForm(s string) (form, glob string, ok bool) {
	const shape = "dddd-dd-dd?dd:dd:dd"
	if len(s) < len(shape) {
		return "", "", false
	}
	for i := 0; i < len(shape); i++ {
		c := s[i]
		switch shape[i] {
		case 'd':
			if c < '0' || c > '9' {
				return "", "", false
			}
		case '?':
			if c != ' ' && c != 'T' {
				return "", "", false
			}
		default:
			if c != shape[i] {
				return "", "", false
			}
		}
	}
	digits := 0
	rest := s[len(shape):]
	zone := StoredFormZone(rest)
	rest = rest[:len(rest)-len(zone)]
	if rest != "" {
		if rest[0] != '.' || len(rest) == 1 || len(rest) > 10 {
			return "", "", false
		}
		for _, c := range []byte(rest[1:]) {
			if c < '0' || c > '9' {
				return "", "", false
			}
		}
		digits = len(rest) - 1
	}
	sep := s[10:11]
	form = "2006-01-02" + sep + "15:04:05"
	d := "[0-9]"
	glob = strings.Repeat(d, 4) + "-" + d + d + "-" + d + d + sep + d + d + ":" + d + d + ":" + d + d
	if digits > 0 {
		form += "." + strings.Repeat("0", digits)
		glob += "." + strings.Repeat(d, digits)
	}
	return form + zone, glob + zone, true
}

// storedTime renders t in a stored form: the text of the layout (UTC) with
// any further fractional digits and the form's zone suffix, or seconds since
// 1970 (int64 when whole, float64 otherwise). ok is false when t has more
// precision than a zoned form holds.
func storedTime(form string, t time.Time) (v any, ok bool) {
	t = t.UTC()
	if form == StoredFormUnixEpoch {
		if t.Nanosecond() == 0 {
			return t.Unix(), true
		}
		return float64(t.Unix()) + float64(t.Nanosecond())/1e9, true
	}
	zone := StoredFormZone(form)
	layout := form[:len(form)-len(zone)]
	s := t.Format(layout)
	digits := 0
	if i := strings.IndexByte(layout, '.'); i >= 0 {
		digits = len(layout) - i - 1
	}
	ns := strconv.Itoa(t.Nanosecond() + 1e9)[1:] // nine digits
	if extra := strings.TrimRight(ns[digits:], "0"); extra != "" {
		if zone != "" {
			return nil, false
		}
		if digits == 0 {
			s += "."
		}
		s += extra
	}
	return s + zone, true
}

// storedColumn tells the stored form of an operand that reads a column as
// stored ("" when it is no such column).
func storedColumn(o Operand) string {
	if o.Column && o.Prop != nil && o.Type == metadata.EdmDateTimeOffset {
		return o.Prop.StoredForm
	}
	return ""
}

// storedConst renders a date-time constant in form; ok is false when o is
// not a date-time constant.
func storedConst(o Operand, form string) (Frag, bool) {
	t, ok := o.Value.(time.Time)
	if !ok || form == "" || o.Type != metadata.EdmDateTimeOffset {
		return Frag{}, false
	}
	v, ok := storedTime(form, t)
	if !ok {
		return Frag{}, false
	}
	return param(v), true
}

// storedPair renders two date-time operands for a comparison as stored,
// when one is a column in a stored form and the other a constant or a
// column in the same form; ok is false otherwise (compare through STRFTIME).
func storedPair(a, b Operand) (Frag, Frag, bool) {
	fa, fb := storedColumn(a), storedColumn(b)
	switch {
	case fa != "" && fa == fb:
		return a.Frag, b.Frag, true
	case fa != "":
		if f, ok := storedConst(b, fa); ok {
			return a.Frag, f, true
		}
	case fb != "":
		if f, ok := storedConst(a, fb); ok {
			return f, b.Frag, true
		}
	}
	return Frag{}, Frag{}, false
}

// storedIn renders x IN (items) as stored when x is a column in a stored
// form (the items are constants).
func storedIn(x Operand, items []Operand) (Frag, bool) {
	form := storedColumn(x)
	if form == "" {
		return Frag{}, false
	}
	fs := make([]Frag, len(items))
	for i, it := range items {
		f, ok := storedConst(it, form)
		if !ok {
			return Frag{}, false
		}
		fs[i] = f
	}
	return cat(x.Frag, " IN (", join(fs, ", "), ")"), true
}
