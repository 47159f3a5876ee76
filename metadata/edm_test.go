package metadata

import (
	"testing"
	"time"
)

func TestPromote(t *testing.T) {
	cases := []struct{ a, b, want EdmType }{
		// Same type: no promotion.
		{EdmByte, EdmByte, EdmByte},
		{EdmSByte, EdmSByte, EdmSByte},
		{EdmInt16, EdmInt16, EdmInt16},
		{EdmDecimal, EdmDecimal, EdmDecimal},
		{EdmSingle, EdmSingle, EdmSingle},
		// Byte and SByte: no rule applies; Int16 holds both ranges.
		{EdmByte, EdmSByte, EdmInt16},
		// Otherwise Int16, Int32, Int64 absorb the narrower integers.
		{EdmByte, EdmInt16, EdmInt16},
		{EdmSByte, EdmInt32, EdmInt32},
		{EdmInt16, EdmInt64, EdmInt64},
		{EdmInt32, EdmInt64, EdmInt64},
		// Decimal unless the other is Single or Double.
		{EdmInt64, EdmDecimal, EdmDecimal},
		{EdmByte, EdmDecimal, EdmDecimal},
		{EdmDecimal, EdmDouble, EdmDouble},
		{EdmDecimal, EdmSingle, EdmSingle},
		// Double over Single over integers.
		{EdmSingle, EdmDouble, EdmDouble},
		{EdmInt64, EdmSingle, EdmSingle},
		{EdmSByte, EdmDouble, EdmDouble},
	}
	for _, c := range cases {
		for _, pair := range [][2]EdmType{{c.a, c.b}, {c.b, c.a}} {
			got, ok := Promote(pair[0], pair[1])
			if !ok || got != c.want {
				t.Errorf("Promote(%s, %s) = %s, %v; want %s", pair[0], pair[1], got, ok, c.want)
			}
		}
	}
	for _, nonNumeric := range []EdmType{EdmString, EdmBoolean, EdmDate, EdmDuration, EdmNull, EdmGuid} {
		if got, ok := Promote(EdmInt32, nonNumeric); ok {
			t.Errorf("Promote(Int32, %s) = %s, true; want false", nonNumeric, got)
		}
		if got, ok := Promote(nonNumeric, EdmDouble); ok {
			t.Errorf("Promote(%s, Double) = %s, true; want false", nonNumeric, got)
		}
	}
}

// TestPromoteIsSymmetricAndWidening checks every pair of numeric types: the
// result is one of the operands or Int16, the same either way round, and
// promoting the result with either operand changes nothing.
func TestPromoteIsSymmetricAndWidening(t *testing.T) {
	var numeric []EdmType
	for _, p := range PrimitiveTypes {
		if p.IsNumeric() {
			numeric = append(numeric, p)
		}
	}
	if len(numeric) != 8 {
		t.Fatalf("%d numeric types", len(numeric))
	}
	for _, a := range numeric {
		for _, b := range numeric {
			ab, ok1 := Promote(a, b)
			ba, ok2 := Promote(b, a)
			if !ok1 || !ok2 || ab != ba {
				t.Errorf("Promote(%s,%s)=%s, Promote(%s,%s)=%s", a, b, ab, b, a, ba)
			}
			if ab != a && ab != b && ab != EdmInt16 {
				t.Errorf("Promote(%s,%s)=%s is neither operand", a, b, ab)
			}
			for _, x := range []EdmType{a, b} {
				if again, _ := Promote(ab, x); again != ab {
					t.Errorf("Promote(%s,%s)=%s but Promote(%s,%s)=%s", a, b, ab, ab, x, again)
				}
			}
		}
	}
}

func TestDateString(t *testing.T) {
	for d, want := range map[Date]string{
		{2024, time.February, 29}: "2024-02-29",
		{1, time.January, 1}:      "0001-01-01",
		{0, time.March, 1}:        "0000-03-01",
		{-44, time.March, 15}:     "-0044-03-15",
		{12345, time.June, 7}:     "12345-06-07",
	} {
		if got := d.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
	}
}
