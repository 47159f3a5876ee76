package sqldb

import (
	"testing"
	"time"

	"odatagw/metadata"
)

func TestStoredTimeForm(t *testing.T) {
	for in, want := range map[any]string{
		"2024-01-01 10:00:00":         "2006-01-02 15:04:05",
		"2024-01-01T10:00:00.125":     "2006-01-02T15:04:05.000",
		"2024-01-01 10:00:00.123456":  "2006-01-02 15:04:05.000000",
		int64(1704103200):             StoredFormUnixEpoch,
		1704103200.5:                  StoredFormUnixEpoch,
		"2024-01-01T10:00:00Z":        "2006-01-02T15:04:05Z",
		"2024-01-01T10:00:00.000Z":    "2006-01-02T15:04:05.000Z",
		"2024-01-01 10:00:00+00:00":   "2006-01-02 15:04:05+00:00",
		"2024-01-01T10:00:00.5+00:00": "2006-01-02T15:04:05.0+00:00",
		"2024-01-01T10:00:00+01:00":   "", // not UTC: its text does not sort with others
		"2024-01-01T10:00:00-00:00":   "",
		"2024-01-01T10:00:00.Z":       "",
		"2024-01-01T10:00:00ZZ":       "",
		"2024-01-01T10:00:00 Z":       "",
		"2024-01-01 10:00":            "",
		"2024-01-01":                  "",
		"2024-01-01 10:00:00.":        "",
		"2024/01/01 10:00:00":         "",
	} {
		form, _, ok := StoredTimeForm(in)
		if form != want || ok != (want != "") {
			t.Errorf("%v: form %q (%v), want %q", in, form, ok, want)
		}
	}
}

// TestStoredTimeOrder: rendered in a form, later instants give greater
// values and each instant one value, including instants with more precision
// than the form (written by the gateway, or compared as constants).
func TestStoredTimeOrder(t *testing.T) {
	base := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	times := []time.Time{base, base.Add(time.Nanosecond), base.Add(500 * time.Microsecond), base.Add(time.Millisecond),
		base.Add(time.Millisecond + 500*time.Nanosecond), base.Add(500 * time.Millisecond), base.Add(time.Second)}
	for _, form := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05.000", StoredFormUnixEpoch} {
		for i := 1; i < len(times); i++ {
			a, _ := storedTime(form, times[i-1])
			b, _ := storedTime(form, times[i])
			less := false
			switch a := a.(type) {
			case string:
				less = a < b.(string)
			default:
				less = number(a) < number(b)
			}
			if !less && !(form == StoredFormUnixEpoch && times[i].Sub(times[i-1]) < time.Microsecond) {
				t.Errorf("%s: %v (%v) is not before %v (%v)", form, a, times[i-1], b, times[i])
			}
		}
	}
	for _, c := range []struct {
		form string
		t    time.Time
		want any // nil: no text in the form
	}{
		{"2006-01-02 15:04:05", base.Add(500 * time.Millisecond), "2024-01-01 10:00:00.5"},
		{"2006-01-02T15:04:05.000", base.Add(1500 * time.Microsecond), "2024-01-01T10:00:00.0015"},
		{"2006-01-02T15:04:05.000", base.Add(time.Millisecond).In(time.FixedZone("x", 7200)), "2024-01-01T10:00:00.001"},
		{StoredFormUnixEpoch, base, int64(1704103200)},
		{"2006-01-02T15:04:05.000Z", base.Add(time.Millisecond).In(time.FixedZone("x", 7200)), "2024-01-01T10:00:00.001Z"},
		{"2006-01-02T15:04:05.000Z", base, "2024-01-01T10:00:00.000Z"},
		{"2006-01-02 15:04:05+00:00", base, "2024-01-01 10:00:00+00:00"},
		{"2006-01-02T15:04:05.000Z", base.Add(1500 * time.Microsecond), nil}, // more precision than the form
		{"2006-01-02 15:04:05+00:00", base.Add(500 * time.Millisecond), nil},
	} {
		got, ok := storedTime(c.form, c.t)
		if got != c.want || ok != (c.want != nil) {
			t.Errorf("%s, %v: got %#v (%v), want %#v", c.form, c.t, got, ok, c.want)
		}
	}
}

// TestStoredTimeOrderZoned: in a zoned form, the texts of instants of the
// form's precision sort as the instants do.
func TestStoredTimeOrderZoned(t *testing.T) {
	base := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	for _, form := range []string{"2006-01-02T15:04:05.000Z", "2006-01-02 15:04:05.000+00:00"} {
		prev := ""
		for _, d := range []time.Duration{0, time.Millisecond, 10 * time.Millisecond, 999 * time.Millisecond, time.Second, time.Hour} {
			v, ok := storedTime(form, base.Add(d))
			if !ok || v.(string) <= prev {
				t.Errorf("%s: %v (%v) not after %q", form, v, ok, prev)
			}
			prev = v.(string)
		}
	}
}

func number(v any) float64 {
	if i, ok := v.(int64); ok {
		return float64(i)
	}
	return v.(float64)
}

// TestDateTimeTextForms: date-times the driver hands over as text (+col in
// the select list) or numbers read as the same instants, including Go's
// time.Time.String() that drivers write by default, and Unix seconds with
// a fraction.
func TestDateTimeTextForms(t *testing.T) {
	want := time.Date(2024, 1, 2, 9, 0, 0, 500e6, time.UTC)
	for _, v := range []any{"2024-01-02 09:00:00.5", "2024-01-02T10:00:00.5+01:00", "2024-01-02 09:00:00.5 +0000 UTC",
		"2024-01-02 10:00:00.5 +0100 CET m=+0.001", 1704186000.5} {
		got, err := toTime(v)
		if err != nil || !got.Equal(want) {
			t.Errorf("%v: %v, %v", v, got, err)
		}
	}
	if _, err := toTime("2024-01-02 nine"); err == nil {
		t.Error("no error for text that is no date-time")
	}
}

// TestRealDecimal: the one-allocation path gives what toDecimal and
// withScale give.
func TestRealDecimal(t *testing.T) {
	for _, f := range []float64{0, 188.46, 188.4, 188, -2.5, 0.1 + 0.2, 1e21, 3.4999, -0.000001} {
		for _, scale := range []int{0, 2, 4} {
			p := &metadata.Property{Type: metadata.EdmDecimal, Precision: 12, Scale: scale}
			d, _ := toDecimal(f)
			if got, want := realDecimal(f, scale), withScale(d, p); got != want {
				t.Errorf("%v scale %d: %q, want %q", f, scale, got, want)
			}
		}
	}
}
