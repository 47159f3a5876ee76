package schema

import (
	"testing"

	"odatagw/metadata"
)

func TestOverrideConversions(t *testing.T) {
	c := Column{DeclaredType: "x"}
	cases := []struct {
		from Mapping
		to   string
		ok   bool
		want Mapping
	}{
		{String(36), "Edm.Guid", true, Simple(metadata.EdmGuid)},
		{String(10), "Edm.Date", true, Simple(metadata.EdmDate)},
		{String(0), "Edm.DateTimeOffset", true, DateTimeOffset(-1)},
		{String(0), "Edm.TimeOfDay", true, Mapping{Type: metadata.EdmTimeOfDay, Precision: -1}},
		{String(0), "Edm.Int32", false, Mapping{}},
		{Simple(metadata.EdmInt16), "Edm.Boolean", true, Simple(metadata.EdmBoolean)},
		{Simple(metadata.EdmBoolean), "Edm.Byte", true, Simple(metadata.EdmByte)},
		{Simple(metadata.EdmInt32), "Edm.Decimal", true, Mapping{Type: metadata.EdmDecimal}},
		{Decimal(10, 2), "Edm.Double", true, Simple(metadata.EdmDouble)},
		{Simple(metadata.EdmDate), "Edm.DateTimeOffset", true, DateTimeOffset(-1)},
		{DateTimeOffset(3), "Edm.Date", true, Simple(metadata.EdmDate)},
		{Binary(16), "Edm.Guid", false, Mapping{}},
		{Simple(metadata.EdmInt64), "Edm.String", true, Mapping{Type: metadata.EdmString, ReadAsText: true}},
		{Text(), "Edm.Guid", false, Mapping{}},
		{Simple(metadata.EdmInt32), "Edm.Duration", false, Mapping{}},
		{Simple(metadata.EdmInt32), "Int32", false, Mapping{}},
	}
	for _, tc := range cases {
		got, err := override(tc.from, tc.to, c)
		if (err == nil) != tc.ok {
			t.Errorf("%s → %s: err = %v", tc.from.Type, tc.to, err)
			continue
		}
		if tc.ok && got != tc.want {
			t.Errorf("%s → %s = %+v, want %+v", tc.from.Type, tc.to, got, tc.want)
		}
	}
}
