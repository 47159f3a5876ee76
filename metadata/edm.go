package metadata

// EdmType is a primitive type of the OData type system, by its qualified name.
//
// The gateway only emits the types every client in ../shared/clients.md
// understands (Salesforce Connect accepts Boolean, Byte, Int16, Int32, Int64,
// Single, Double, Decimal, Date, DateTimeOffset, Guid, Binary and String).
// TimeOfDay and Duration exist for expressions (literals, time(), durations)
// and may appear on properties only when configured explicitly.
type EdmType string

// The primitive types.
const (
	EdmBinary         EdmType = "Edm.Binary"
	EdmBoolean        EdmType = "Edm.Boolean"
	EdmByte           EdmType = "Edm.Byte"
	EdmSByte          EdmType = "Edm.SByte"
	EdmInt16          EdmType = "Edm.Int16"
	EdmInt32          EdmType = "Edm.Int32"
	EdmInt64          EdmType = "Edm.Int64"
	EdmSingle         EdmType = "Edm.Single"
	EdmDouble         EdmType = "Edm.Double"
	EdmDecimal        EdmType = "Edm.Decimal"
	EdmString         EdmType = "Edm.String"
	EdmGuid           EdmType = "Edm.Guid"
	EdmDate           EdmType = "Edm.Date"
	EdmDateTimeOffset EdmType = "Edm.DateTimeOffset"
	EdmTimeOfDay      EdmType = "Edm.TimeOfDay"
	EdmDuration       EdmType = "Edm.Duration"
	// EdmNull is the type of the null literal before it is bound to a context.
	EdmNull EdmType = ""
)

// PrimitiveTypes lists every primitive type the gateway knows, for validation
// of configured type overrides and cast targets.
var PrimitiveTypes = []EdmType{
	EdmBinary, EdmBoolean, EdmByte, EdmSByte, EdmInt16, EdmInt32, EdmInt64,
	EdmSingle, EdmDouble, EdmDecimal, EdmString, EdmGuid, EdmDate,
	EdmDateTimeOffset, EdmTimeOfDay, EdmDuration,
}

// ParseEdmType returns the primitive type named s ("Edm.Int32"), and whether it is one.
func ParseEdmType(s string) (EdmType, bool) {
	for _, t := range PrimitiveTypes {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}

// IsIntegral reports whether t is an integer type.
func (t EdmType) IsIntegral() bool {
	switch t {
	case EdmByte, EdmSByte, EdmInt16, EdmInt32, EdmInt64:
		return true
	}
	return false
}

// IsNumeric reports whether t is an integer, decimal or floating-point type.
func (t EdmType) IsNumeric() bool {
	return t.IsIntegral() || t == EdmDecimal || t == EdmSingle || t == EdmDouble
}

// IsTemporal reports whether t is a date, time or date-time type.
func (t EdmType) IsTemporal() bool {
	return t == EdmDate || t == EdmDateTimeOffset || t == EdmTimeOfDay
}

// numericRank orders numeric types for promotion. Byte and SByte share a
// rank: neither is wider than the other.
var numericRank = map[EdmType]int{
	EdmByte: 1, EdmSByte: 1, EdmInt16: 2, EdmInt32: 3, EdmInt64: 4,
	EdmDecimal: 5, EdmSingle: 6, EdmDouble: 7,
}

// Promote returns the type both numeric operands are promoted to, and false if
// either is not numeric. It applies binary numeric promotion (OData URL
// Conventions 4.0, 5.1.1.1), in order: Decimal unless the other operand is
// Single or Double; else Double; else Single; else Int64; else Int32; else
// Int16. Operands of the same type are not promoted (Byte with Byte stays
// Byte), and Byte with SByte, which no rule covers, meet in Int16, the
// narrowest type holding both ranges.
func Promote(a, b EdmType) (EdmType, bool) {
	ra, oka := numericRank[a]
	rb, okb := numericRank[b]
	switch {
	case !oka || !okb:
		return "", false
	case a == b:
		return a, true
	case ra == rb:
		return EdmInt16, true // Byte and SByte
	case ra > rb:
		return a, true
	}
	return b, true
}
