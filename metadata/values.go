package metadata

import (
	"fmt"
	"time"
)

// Go representations of Edm values, shared by the parser (literals), the
// binder (constants), adapters (row values and bound arguments) and the JSON
// encoder. A nil value is null.
//
//	Edm.String                       string
//	Edm.Boolean                      bool
//	Edm.Byte/SByte/Int16/Int32/Int64 int64
//	Edm.Single/Double                float64
//	Edm.Decimal                      Decimal (exact decimal text)
//	Edm.Date                         Date
//	Edm.DateTimeOffset               time.Time
//	Edm.TimeOfDay                    TimeOfDay
//	Edm.Duration                     time.Duration
//	Edm.Guid                         string, lower-case 8-4-4-4-12 form
//	Edm.Binary                       []byte

// Decimal is an exact decimal number in canonical text form: an optional
// minus sign, digits, and optionally a point followed by digits ("-12.50").
// It never goes through float64.
type Decimal string

// Date is a calendar date without time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String returns the date in OData's dateValue form, "2024-02-29"; years
// before 1 keep four digits after the sign ("-0044-03-15").
func (d Date) String() string {
	if d.Year < 0 {
		return fmt.Sprintf("-%04d-%02d-%02d", -d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// TimeOfDay is a time of day without date or time zone.
type TimeOfDay struct {
	Hour, Minute, Second, Nanosecond int
}

func (t TimeOfDay) String() string {
	s := fmt.Sprintf("%02d:%02d:%02d", t.Hour, t.Minute, t.Second)
	if t.Nanosecond != 0 {
		frac := fmt.Sprintf("%09d", t.Nanosecond)
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		s += "." + frac
	}
	return s
}

// ValidValue reports whether v is the Go representation of type t listed
// above; nil (null) is valid for every type.
func ValidValue(t EdmType, v any) bool {
	if v == nil {
		return true
	}
	var ok bool
	switch t {
	case EdmString, EdmGuid:
		_, ok = v.(string)
	case EdmBoolean:
		_, ok = v.(bool)
	case EdmByte, EdmSByte, EdmInt16, EdmInt32, EdmInt64:
		_, ok = v.(int64)
	case EdmSingle, EdmDouble:
		_, ok = v.(float64)
	case EdmDecimal:
		_, ok = v.(Decimal)
	case EdmDate:
		_, ok = v.(Date)
	case EdmDateTimeOffset:
		_, ok = v.(time.Time)
	case EdmTimeOfDay:
		_, ok = v.(TimeOfDay)
	case EdmDuration:
		_, ok = v.(time.Duration)
	case EdmBinary:
		_, ok = v.([]byte)
	}
	return ok
}
