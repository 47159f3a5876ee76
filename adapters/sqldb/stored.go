package sqldb

import (
	"strings"

	"odatagw/metadata"
)

// Columns whose Edm type was overridden in the configuration (a CHAR(36)
// exposed as Edm.Guid, a SMALLINT as Edm.Boolean, a VARCHAR holding dates as
// Edm.Date) hold values of another kind than their property's type. The
// translator reads such a column through a conversion, in the select list and
// in expressions alike, so that it compares, orders and extracts as its Edm
// type on every engine (PostgreSQL would reject `smallint AND …` or
// `varchar >= date`; a GUID stored in upper case would not equal the
// lower-case literal). ReadAsText columns are already text and are left alone.

// storedType classifies a column's declared database type (Property.DBType,
// as the engines' introspection reports it) by the Edm type its values have;
// "" when unknown (then no conversion is applied).
func storedType(dbType string) metadata.EdmType {
	t := strings.TrimSpace(dbType)
	switch {
	case t == "":
		return ""
	case containsFold(t, "char"), containsFold(t, "text"), containsFold(t, "clob"):
		return metadata.EdmString
	case prefixFold(t, "bool"):
		return metadata.EdmBoolean
	case containsFold(t, "interval"), containsFold(t, "point"):
		return ""
	case containsFold(t, "int"), containsFold(t, "serial"):
		return metadata.EdmInt64
	case prefixFold(t, "numeric"), prefixFold(t, "decimal"), prefixFold(t, "dec("), prefixFold(t, "number"):
		return metadata.EdmDecimal
	case prefixFold(t, "real"), prefixFold(t, "double"), prefixFold(t, "float"):
		return metadata.EdmDouble
	case prefixFold(t, "datetime"), prefixFold(t, "timestamp"):
		return metadata.EdmDateTimeOffset
	case prefixFold(t, "date"):
		return metadata.EdmDate
	case prefixFold(t, "time"):
		return metadata.EdmTimeOfDay
	case prefixFold(t, "uuid"):
		return metadata.EdmGuid
	}
	return ""
}

// storedCasts names, per dialect, the SQL types conversions cast to.
type storedCasts struct {
	date, dateTime, timeOfDay, integer string
	// dateOf extracts the date of a date-time ("" = CAST(x AS <date>)).
	dateOf string
}

// convertStored wraps col (the plain column of p) in the conversion from
// its stored kind to p.Type, or returns it unchanged.
func convertStored(c storedCasts, col Frag, p *metadata.Property) Frag {
	if p.ReadAsText {
		return col
	}
	from := storedType(p.DBType)
	if from == "" || from == p.Type || (from.IsIntegral() && p.Type.IsIntegral()) {
		return col
	}
	castTo := func(typ string) Frag {
		if typ == "" {
			return col
		}
		return cat("CAST(", col, " AS "+typ+")")
	}
	switch {
	case from == metadata.EdmString && p.Type == metadata.EdmGuid:
		return fn("LOWER", col)
	case from == metadata.EdmString && p.Type == metadata.EdmDate:
		return castTo(c.date)
	case from == metadata.EdmString && p.Type == metadata.EdmDateTimeOffset:
		return castTo(c.dateTime)
	case from == metadata.EdmString && p.Type == metadata.EdmTimeOfDay:
		return castTo(c.timeOfDay)
	case from.IsIntegral() && p.Type == metadata.EdmBoolean:
		return cat("(", col, " <> 0)")
	case from == metadata.EdmBoolean && p.Type.IsIntegral():
		return castTo(c.integer)
	case from == metadata.EdmDateTimeOffset && p.Type == metadata.EdmDate:
		if c.dateOf != "" {
			return fn(c.dateOf, col)
		}
		return castTo("DATE")
	}
	return col
}

// prefixFold and containsFold are strings.HasPrefix and strings.Contains
// ignoring ASCII case, without lower-casing (storedType runs for every
// column of every statement).
func prefixFold(s, p string) bool { return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) }

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
