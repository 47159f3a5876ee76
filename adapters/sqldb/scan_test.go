package sqldb

import (
	"math"
	"testing"
	"time"

	"odatagw/metadata"
)

func TestConvertDriverValues(t *testing.T) {
	prop := func(t metadata.EdmType) *metadata.Property {
		return &metadata.Property{Name: "P", Type: t, Precision: -1}
	}
	dec := &metadata.Property{Name: "D", Type: metadata.EdmDecimal, Precision: 10, Scale: 2}
	cases := []struct {
		in   any
		p    *metadata.Property
		want any
	}{
		{uint64(18446744073709551615), prop(metadata.EdmDecimal), metadata.Decimal("18446744073709551615")},
		{uint64(42), prop(metadata.EdmInt64), int64(42)},
		{int32(-5), prop(metadata.EdmInt32), int64(-5)},
		{float32(0.1), prop(metadata.EdmSingle), 0.1},
		{[]byte("12.50"), dec, metadata.Decimal("12.50")},
		{"12.5", dec, metadata.Decimal("12.50")},
		{10.5, dec, metadata.Decimal("10.50")},
		{0.30000000000000004, dec, metadata.Decimal("0.30000000000000004")},
		{int64(7), dec, metadata.Decimal("7.00")},
		{"1.5e3", prop(metadata.EdmDecimal), metadata.Decimal("1500")},
		{"-0.00", prop(metadata.EdmDecimal), metadata.Decimal("0.00")},
		{"-1E-3", prop(metadata.EdmDecimal), metadata.Decimal("-0.001")},
		{[]byte("12.000"), prop(metadata.EdmInt64), int64(12)},
		{int64(1), prop(metadata.EdmBoolean), true},
		{[]byte("0"), prop(metadata.EdmBoolean), false},
		{[]byte{1}, prop(metadata.EdmBoolean), true},
		{"ABCDEF00-0000-0000-0000-000000000000", prop(metadata.EdmGuid), "abcdef00-0000-0000-0000-000000000000"},
		{[16]byte{0xab, 0xcd, 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, prop(metadata.EdmGuid), "abcdef00-0102-0304-0506-0708090a0b0c"},
		{[]byte("2024-02-29"), prop(metadata.EdmDate), metadata.Date{Year: 2024, Month: 2, Day: 29}},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), prop(metadata.EdmDate), metadata.Date{Year: 2024, Month: 2, Day: 29}},
		{[]byte("10:11:12.5"), prop(metadata.EdmTimeOfDay), metadata.TimeOfDay{Hour: 10, Minute: 11, Second: 12, Nanosecond: 500000000}},
		{"x", prop(metadata.EdmBinary), []byte("x")},
	}
	for _, c := range cases {
		got, err := convert(c.in, c.p)
		if err != nil {
			t.Errorf("convert(%#v, %s): %v", c.in, c.p.Type, err)
			continue
		}
		if !sameValue(got, c.want) {
			t.Errorf("convert(%#v, %s) = %#v, want %#v", c.in, c.p.Type, got, c.want)
		}
	}
	times := []string{"2024-03-01T23:30:15.25Z", "2024-03-02 01:30:15.25+02:00", "2024-03-01 23:30:15.250", "2024-03-01T23:30:15.25"}
	for _, s := range times {
		got, err := convert([]byte(s), prop(metadata.EdmDateTimeOffset))
		if err != nil || !got.(time.Time).Equal(time.Date(2024, 3, 1, 23, 30, 15, 250000000, time.UTC)) || got.(time.Time).Location() != time.UTC {
			t.Errorf("convert(%q) = %v, %v", s, got, err)
		}
	}
	for _, bad := range []struct {
		in any
		t  metadata.EdmType
	}{{"abc", metadata.EdmInt32}, {"1.2.3", metadata.EdmDecimal}, {"NaNa", metadata.EdmDecimal}, {"Infinity", metadata.EdmInt64}, {"yesterday", metadata.EdmDateTimeOffset}, {true, metadata.EdmDate}} {
		if _, err := convert(bad.in, prop(bad.t)); err == nil {
			t.Errorf("convert(%#v, %s) must fail", bad.in, bad.t)
		}
	}
}

// TestConvertSpecialDecimals: a decimal column's NaN and ±Infinity
// (PostgreSQL numeric, SQLite REAL) come back as float64 special values,
// which JSON writes as "NaN", "INF" and "-INF".
func TestConvertSpecialDecimals(t *testing.T) {
	for in, check := range map[any]func(float64) bool{
		"NaN":       math.IsNaN,
		"Infinity":  func(f float64) bool { return math.IsInf(f, 1) },
		"-Infinity": func(f float64) bool { return math.IsInf(f, -1) },
		math.Inf(1): func(f float64) bool { return math.IsInf(f, 1) },
	} {
		got, err := convert(in, &metadata.Property{Name: "P", Type: metadata.EdmDecimal, Scale: 2})
		if f, ok := got.(float64); err != nil || !ok || !check(f) {
			t.Errorf("convert(%#v, Edm.Decimal) = %#v, %v", in, got, err)
		}
	}
}

func TestParseISOTime(t *testing.T) {
	want := time.Date(2024, 3, 1, 23, 30, 15, 250000000, time.UTC)
	for _, s := range []string{"2024-03-01T23:30:15.25Z", "2024-03-01 23:30:15.250", "2024-03-02T01:30:15.25+02:00",
		"2024-03-02 01:30:15.250000+0200", "2024-03-01T22:30:15.25-01", "2024-03-01T23:30:15.250000000"} {
		got, ok := parseISOTime(s)
		if !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseISOTime(%q) = %v, %v", s, got, ok)
		}
	}
	for s, w := range map[string]time.Time{
		"2024-02-29":          time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		"2024-02-29 10:05":    time.Date(2024, 2, 29, 10, 5, 0, 0, time.UTC),
		"2024-02-29T10:05:07": time.Date(2024, 2, 29, 10, 5, 7, 0, time.UTC),
	} {
		if got, ok := parseISOTime(s); !ok || !got.Equal(w) {
			t.Errorf("parseISOTime(%q) = %v, %v", s, got, ok)
		}
	}
	for _, bad := range []string{"", "2024", "2024-02-30", "2024-13-01", "2024-01-01T25:00", "2024-01-01 10:00:00.", "2024-01-01X", "2024-01-01T10:00:00+2", "24-01-01", "2024-01-01T10:00:00Zx"} {
		if got, ok := parseISOTime(bad); ok {
			t.Errorf("parseISOTime(%q) accepted: %v", bad, got)
		}
	}
}

// FuzzParseISOTime: no input panics, and what parses round-trips through
// the RFC 3339 form.
func FuzzParseISOTime(f *testing.F) {
	for _, s := range []string{"2024-03-01T23:30:15.25Z", "2024-03-02 01:30:15.250000+0200", "2024-02-29", "2024-01-01T10:00:00+2", "2024-01-01 10:00:00."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseISOTime(s)
		if !ok {
			return
		}
		back, ok := parseISOTime(got.Format("2006-01-02T15:04:05.999999999Z07:00"))
		if got.Year() >= 0 && got.Year() <= 9999 && (!ok || !back.Equal(got)) {
			t.Errorf("%q → %v does not round-trip", s, got)
		}
	})
}
