package sqldb

import (
	"fmt"
	"time"

	"odatagw/metadata"
	"odatagw/odataerr"
)

// storedValue renders the bound parameter that stores v (the Go value of
// p's Edm type) in p's column: the inverse of the conversion reads apply to
// columns whose Edm type was overridden (stored.go), so that a Guid exposed
// over CHAR(36) is stored as text, a Boolean over TINYINT as 0/1, a Date
// over a text column as its ISO form. Other values bind as comparisons bind
// them (Dialect.Const).
func storedValue(d Dialect, p *metadata.Property, v any) (Frag, error) {
	if v == nil {
		return raw("NULL"), nil
	}
	if !metadata.ValidValue(p.Type, v) {
		return Frag{}, fmt.Errorf("sqldb: value of type %T for property %s of type %s", v, p.Name, p.Type)
	}
	if p.ReadAsText {
		return d.Const(metadata.EdmString, v)
	}
	if t, ok := v.(time.Time); ok && p.StoredForm != "" {
		// Keep the column in its one form: comparisons rely on it.
		sv, ok := storedTime(p.StoredForm, t)
		if !ok {
			return Frag{}, odataerr.BadRequest("property '%s' holds date-times in the form %s: %s has more fractional digits than it keeps",
				p.Name, p.StoredForm, t.UTC().Format(time.RFC3339Nano))
		}
		return param(sv), nil
	}
	from := storedType(p.DBType)
	if from == "" || from == p.Type || (from.IsIntegral() && p.Type.IsIntegral()) {
		return d.Const(p.Type, v)
	}
	switch {
	case from == metadata.EdmString:
		return d.Const(metadata.EdmString, textOf(d, v))
	case from.IsIntegral() && p.Type == metadata.EdmBoolean:
		n := int64(0)
		if v.(bool) {
			n = 1
		}
		return d.Const(metadata.EdmInt64, n)
	case from == metadata.EdmBoolean && p.Type.IsIntegral():
		return d.Const(metadata.EdmBoolean, v.(int64) != 0)
	case from == metadata.EdmDateTimeOffset && p.Type == metadata.EdmDate:
		return d.Const(metadata.EdmDateTimeOffset, v.(metadata.Date).Time())
	}
	return d.Const(p.Type, v)
}

// textOf is the text a value is stored as in a text column: the forms the
// read conversions parse back on every engine (UTC date-times without offset).
func textOf(d Dialect, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case metadata.Date:
		return x.String()
	case metadata.TimeOfDay:
		return timeOfDayText(x)
	case time.Time:
		if d.Name() == "sqlite" {
			return x.UTC().Format(sqliteTimeFormat)
		}
		return x.UTC().Format("2006-01-02 15:04:05.999999")
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return fmt.Sprint(v)
}
