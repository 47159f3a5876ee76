package schema

import (
	"fmt"

	"odatagw/metadata"
)

// Helpers the engines' type mappers share, so that the same kind of column
// gets the same Edm type and facets on every engine.

// Simple maps to a primitive type without facets.
func Simple(t metadata.EdmType) Mapping {
	return Mapping{Type: t, Precision: unspecifiedPrecision(t)}
}

// String maps to Edm.String with a MaxLength (0 = unlimited or unknown).
func String(maxLength int) Mapping {
	return Mapping{Type: metadata.EdmString, MaxLength: max(maxLength, 0)}
}

// Text maps a type the driver cannot return as a string value of its own
// (JSON, arrays, intervals, network addresses...) to Edm.String read through
// a cast to text.
func Text() Mapping {
	return Mapping{Type: metadata.EdmString, ReadAsText: true}
}

// Binary maps to Edm.Binary with a MaxLength in bytes (0 = unlimited).
func Binary(maxLength int) Mapping {
	return Mapping{Type: metadata.EdmBinary, MaxLength: max(maxLength, 0)}
}

// Decimal maps to Edm.Decimal. precision <= 0 means unspecified (any number
// of digits), and the scale is then variable; scale < 0 with a precision
// means scale 0 (the SQL default).
func Decimal(precision, scale int) Mapping {
	if precision <= 0 {
		return Mapping{Type: metadata.EdmDecimal, Scale: metadata.ScaleVariable}
	}
	return Mapping{Type: metadata.EdmDecimal, Precision: precision, Scale: max(scale, 0)}
}

// DateTimeOffset maps to Edm.DateTimeOffset with the given number of
// fractional-second digits (-1 = unspecified; values above 12 are capped).
func DateTimeOffset(fractionalDigits int) Mapping {
	if fractionalDigits < 0 {
		fractionalDigits = -1
	}
	return Mapping{Type: metadata.EdmDateTimeOffset, Precision: min(fractionalDigits, 12)}
}

func unspecifiedPrecision(t metadata.EdmType) int {
	switch t {
	case metadata.EdmDateTimeOffset, metadata.EdmTimeOfDay, metadata.EdmDuration:
		return -1
	}
	return 0
}

// ClientSafe lists the Edm types every client accepts on a property
// (Salesforce Connect's list); TimeOfDay is accepted only as an explicit
// override.
var clientSafe = map[metadata.EdmType]bool{
	metadata.EdmBoolean: true, metadata.EdmByte: true, metadata.EdmInt16: true,
	metadata.EdmInt32: true, metadata.EdmInt64: true, metadata.EdmSingle: true,
	metadata.EdmDouble: true, metadata.EdmDecimal: true, metadata.EdmDate: true,
	metadata.EdmDateTimeOffset: true, metadata.EdmGuid: true, metadata.EdmBinary: true,
	metadata.EdmString: true,
}

// conversions lists, per mapped type, the override types whose values the
// executor can produce from the column's database value.
var conversions = map[metadata.EdmType][]metadata.EdmType{
	metadata.EdmString:         {metadata.EdmGuid, metadata.EdmDate, metadata.EdmDateTimeOffset, metadata.EdmTimeOfDay},
	metadata.EdmBoolean:        {metadata.EdmByte, metadata.EdmInt16, metadata.EdmInt32, metadata.EdmInt64},
	metadata.EdmByte:           {metadata.EdmBoolean, metadata.EdmInt16, metadata.EdmInt32, metadata.EdmInt64, metadata.EdmDecimal},
	metadata.EdmInt16:          {metadata.EdmBoolean, metadata.EdmByte, metadata.EdmInt32, metadata.EdmInt64, metadata.EdmDecimal},
	metadata.EdmInt32:          {metadata.EdmBoolean, metadata.EdmByte, metadata.EdmInt16, metadata.EdmInt64, metadata.EdmDecimal},
	metadata.EdmInt64:          {metadata.EdmBoolean, metadata.EdmByte, metadata.EdmInt16, metadata.EdmInt32, metadata.EdmDecimal},
	metadata.EdmDecimal:        {metadata.EdmByte, metadata.EdmInt16, metadata.EdmInt32, metadata.EdmInt64, metadata.EdmDouble},
	metadata.EdmSingle:         {metadata.EdmDouble},
	metadata.EdmDouble:         {metadata.EdmSingle},
	metadata.EdmDate:           {metadata.EdmDateTimeOffset},
	metadata.EdmDateTimeOffset: {metadata.EdmDate},
}

// override applies a configured Edm type to a mapped column. Allowed: the
// same type; any type to Edm.String (read through a text cast); and the
// conversions above. A column already read as text can only stay a String.
func override(m Mapping, typeName string, col Column) (Mapping, error) {
	to, ok := metadata.ParseEdmType(typeName)
	if !ok {
		return m, fmt.Errorf("unknown Edm type %q", typeName)
	}
	if !clientSafe[to] && to != metadata.EdmTimeOfDay {
		return m, fmt.Errorf("type %s is not supported by the gateway's clients", to)
	}
	switch {
	case to == m.Type:
		return m, nil
	case to == metadata.EdmString:
		return Mapping{Type: to, ReadAsText: true}, nil
	case m.ReadAsText:
		return m, fmt.Errorf("a %s column can only be exposed as Edm.String", col.DeclaredType)
	}
	for _, c := range conversions[m.Type] {
		if c == to {
			out := Simple(to)
			if to == metadata.EdmDecimal {
				out = Decimal(m.Precision, m.Scale)
				if m.Type.IsIntegral() {
					out = Decimal(0, 0)
					out.Scale = 0
				}
			}
			return out, nil
		}
	}
	return m, fmt.Errorf("cannot expose a %s column (%s) as %s", col.DeclaredType, m.Type, to)
}

// keyTypes are the primitive types a key property may have (CSDL 4.0, 8.2).
var keyTypes = map[metadata.EdmType]bool{
	metadata.EdmBoolean: true, metadata.EdmByte: true, metadata.EdmSByte: true,
	metadata.EdmInt16: true, metadata.EdmInt32: true, metadata.EdmInt64: true,
	metadata.EdmDecimal: true, metadata.EdmString: true, metadata.EdmGuid: true,
	metadata.EdmDate: true, metadata.EdmDateTimeOffset: true,
	metadata.EdmTimeOfDay: true, metadata.EdmDuration: true,
}
