package gateway

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"odatagw/metadata"
)

var tenth = 0.1 // a variable: constant arithmetic would be exact

func TestAppendValue(t *testing.T) {
	ts := time.Date(2024, 2, 29, 13, 4, 5, 120000000, time.FixedZone("CET", 3600))
	cases := []struct {
		t    metadata.EdmType
		v    any
		ieee bool
		want string
	}{
		{metadata.EdmString, "O'Brien \"x\" \\ \n\t\u2028é", false, `"O'Brien \"x\" \\ \n\t\u2028é"`},
		{metadata.EdmString, "bad\xffutf8\x01", false, `"bad\ufffdutf8\u0001"`},
		{metadata.EdmInt64, int64(9007199254740993), false, `9007199254740993`},
		{metadata.EdmInt64, int64(9007199254740993), true, `"9007199254740993"`},
		{metadata.EdmInt32, int64(-5), true, `-5`},
		{metadata.EdmDecimal, metadata.Decimal("12345678901234567890.123456789"), false, `12345678901234567890.123456789`},
		{metadata.EdmDecimal, metadata.Decimal("0.30"), true, `"0.30"`},
		{metadata.EdmDouble, tenth + 0.2, false, `0.30000000000000004`},
		{metadata.EdmDouble, math.Inf(-1), false, `"-INF"`},
		{metadata.EdmDouble, math.NaN(), false, `"NaN"`},
		{metadata.EdmSingle, float64(float32(1.1)), false, `1.1`},
		{metadata.EdmBoolean, true, false, `true`},
		{metadata.EdmDate, metadata.Date{Year: 2024, Month: 2, Day: 29}, false, `"2024-02-29"`},
		{metadata.EdmDateTimeOffset, ts, false, `"2024-02-29T12:04:05.12Z"`},
		{metadata.EdmTimeOfDay, metadata.TimeOfDay{Hour: 7, Minute: 5, Second: 3, Nanosecond: 500000000}, false, `"07:05:03.5"`},
		{metadata.EdmDuration, 26*time.Hour + 3*time.Minute + 1500*time.Millisecond, false, `"P1DT2H3M1.5S"`},
		{metadata.EdmDuration, -time.Second, false, `"-PT1S"`},
		{metadata.EdmBinary, []byte{0xfb, 0xff}, false, `"+/8="`},
		{metadata.EdmGuid, "0b5e6c3a-1f2d-4c5b-9e8f-123456789abc", false, `"0b5e6c3a-1f2d-4c5b-9e8f-123456789abc"`},
		{metadata.EdmString, nil, false, `null`},
	}
	for _, tc := range cases {
		got := string(appendValue(nil, tc.t, tc.v, valueFormat{ieee754: tc.ieee}))
		if got != tc.want {
			t.Errorf("%s %#v: got %s, want %s", tc.t, tc.v, got, tc.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("%s %#v: invalid JSON %s", tc.t, tc.v, got)
		}
	}
}

func TestAppendStringRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", "quote\"back\\slash", "\x00\x1f\x7f", "日本語", "\u2029"} {
		var back string
		if err := json.Unmarshal(appendString(nil, s), &back); err != nil || back != s {
			t.Errorf("%q: got %q, %v", s, back, err)
		}
	}
}
