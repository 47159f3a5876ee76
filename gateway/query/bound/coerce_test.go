package bound

import (
	"fmt"
	"math"
	"testing"
	"time"

	"odatagw/metadata"
)

func TestConvertConst(t *testing.T) {
	c := func(tp metadata.EdmType, v any) *Const { return &Const{T: tp, Value: v} }
	cases := []struct {
		in   *Const
		to   metadata.EdmType
		ok   bool
		want any
	}{
		{c(metadata.EdmInt32, int64(5)), metadata.EdmByte, true, int64(5)},
		{c(metadata.EdmInt32, int64(-1)), metadata.EdmByte, false, nil},
		{c(metadata.EdmInt32, int64(-128)), metadata.EdmSByte, true, int64(-128)},
		{c(metadata.EdmInt64, int64(math.MaxInt32+1)), metadata.EdmInt32, false, nil},
		{c(metadata.EdmInt32, int64(-7)), metadata.EdmDecimal, true, metadata.Decimal("-7")},
		{c(metadata.EdmInt64, int64(1<<53)), metadata.EdmDouble, true, float64(1 << 53)},
		{c(metadata.EdmInt64, int64(1<<53+1)), metadata.EdmDouble, false, nil},
		{c(metadata.EdmDecimal, metadata.Decimal("12.000")), metadata.EdmInt16, true, int64(12)},
		{c(metadata.EdmDecimal, metadata.Decimal("12.5")), metadata.EdmInt64, false, nil},
		{c(metadata.EdmDecimal, metadata.Decimal("99999999999999999999")), metadata.EdmInt64, false, nil},
		{c(metadata.EdmDecimal, metadata.Decimal("0.1")), metadata.EdmDouble, true, 0.1},
		{c(metadata.EdmDouble, 1e-7), metadata.EdmDecimal, true, metadata.Decimal("0.0000001")},
		{c(metadata.EdmDouble, math.Inf(1)), metadata.EdmDecimal, false, nil},
		{c(metadata.EdmDouble, 3.0), metadata.EdmInt32, true, int64(3)},
		{c(metadata.EdmDouble, 3.5), metadata.EdmInt32, false, nil},
		{c(metadata.EdmDouble, 1e19), metadata.EdmInt64, false, nil},
		{c(metadata.EdmString, "0F8FAD5B-D9CB-469F-A165-70867728950E"), metadata.EdmGuid, true, "0f8fad5b-d9cb-469f-a165-70867728950e"},
		{c(metadata.EdmString, "0F8FAD5B-D9CB-469F-A165-70867728950"), metadata.EdmGuid, false, nil},
		{c(metadata.EdmString, "0F8FAD5BxD9CB-469F-A165-70867728950E"), metadata.EdmGuid, false, nil},
		{c(metadata.EdmString, "0F8FAD5B-D9CB-469F-A165-70867728950G"), metadata.EdmGuid, false, nil},
		{c(metadata.EdmString, "5"), metadata.EdmInt32, false, nil},
		{c(metadata.EdmDate, metadata.Date{Year: 2024, Month: 2, Day: 29}), metadata.EdmDateTimeOffset, true, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{c(metadata.EdmDateTimeOffset, time.Date(2024, 2, 29, 0, 0, 0, 1, time.UTC)), metadata.EdmDate, false, nil},
		{c(metadata.EdmBoolean, true), metadata.EdmInt32, false, nil},
		{c(metadata.EdmInt32, nil), metadata.EdmString, true, nil},
	}
	for _, tc := range cases {
		got, ok := convertConst(tc.in, tc.to)
		if ok != tc.ok {
			t.Errorf("convertConst(%v %s → %s) ok = %v, want %v", tc.in.Value, tc.in.T, tc.to, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if got.T != tc.to || fmt.Sprintf("%T %v", got.Value, got.Value) != fmt.Sprintf("%T %v", tc.want, tc.want) {
			t.Errorf("convertConst(%v %s → %s) = %T %v", tc.in.Value, tc.in.T, tc.to, got.Value, got.Value)
		}
	}
}

func TestDurationText(t *testing.T) {
	cases := []struct {
		d    time.Duration
		text string
	}{
		{0, "PT0S"},
		{time.Second, "PT1S"},
		{90*time.Second + 500*time.Millisecond, "PT1M30.5S"},
		{26 * time.Hour, "P1DT2H"},
		{48 * time.Hour, "P2D"},
		{-(time.Hour + time.Nanosecond), "-PT1H0.000000001S"},
	}
	for _, c := range cases {
		if got := formatDuration(c.d); got != c.text {
			t.Errorf("formatDuration(%v) = %s, want %s", c.d, got, c.text)
		}
		if got, ok := parseDuration(c.text); !ok || got != c.d {
			t.Errorf("parseDuration(%s) = %v %v, want %v", c.text, got, ok, c.d)
		}
	}
	for _, bad := range []string{"", "P", "PT", "1D", "P1H", "PT1D", "P1.5D", "PxS", "P1DT", "PT1S2"} {
		if d, ok := parseDuration(bad); ok {
			t.Errorf("parseDuration(%q) = %v, want failure", bad, d)
		}
	}
}

func TestParseText(t *testing.T) {
	cases := []struct {
		t    metadata.EdmType
		text string
		want any
	}{
		{metadata.EdmInt16, "-32768", int64(-32768)},
		{metadata.EdmInt16, "32768", nil},
		{metadata.EdmDecimal, "-1.50", metadata.Decimal("-1.50")},
		{metadata.EdmDecimal, "1e3", nil},
		{metadata.EdmDecimal, ".5", nil},
		{metadata.EdmDouble, "1E3", 1000.0},
		{metadata.EdmDouble, "INF", math.Inf(1)},
		{metadata.EdmDouble, "Infinity", nil},
		{metadata.EdmBoolean, "False", false},
		{metadata.EdmBoolean, "yes", nil},
		{metadata.EdmDate, "2024-02-30", nil},
		{metadata.EdmDateTimeOffset, "2024-01-02T03:04:05+01:00", time.Date(2024, 1, 2, 2, 4, 5, 0, time.UTC)},
		{metadata.EdmTimeOfDay, "23:59:59.5", metadata.TimeOfDay{Hour: 23, Minute: 59, Second: 59, Nanosecond: 500000000}},
		{metadata.EdmTimeOfDay, "24:00", nil},
		{metadata.EdmString, "as is", "as is"},
		{metadata.EdmBinary, "AQI", nil},
	}
	for _, c := range cases {
		got := parseText(c.t, c.text)
		if fmt.Sprintf("%T %v", got, got) != fmt.Sprintf("%T %v", c.want, c.want) {
			t.Errorf("parseText(%s, %q) = %T %v, want %T %v", c.t, c.text, got, got, c.want, c.want)
		}
	}
	if f := formatDouble(math.NaN()); f != "NaN" {
		t.Errorf("formatDouble(NaN) = %s", f)
	}
	if f := formatDouble(-1e21); f != "-1E+21" {
		t.Errorf("formatDouble(-1e21) = %s", f)
	}
}
