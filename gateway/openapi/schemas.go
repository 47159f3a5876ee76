package openapi

import (
	"math"
	"strconv"

	"odatagw/metadata"
)

// Patterns of the string forms in OData JSON.
const (
	guidPattern      = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`
	timeOfDayPattern = `^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$`
	durationPattern  = `^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$`
)

// propertySchema is the JSON schema of a structural property's value.
func propertySchema(p *metadata.Property) *Schema {
	s := valueSchema(p)
	if p.Nullable {
		setNullable(s)
	}
	return s
}

// setNullable admits null. OpenAPI 3.0 ignores nullable without a type, so
// an anyOf carries it on each alternative.
func setNullable(s *Schema) {
	if len(s.AnyOf) == 0 {
		s.Nullable = true
		return
	}
	for _, a := range s.AnyOf {
		a.Nullable = true
	}
}

// valueSchema is the JSON form of a non-null value of p's type.
func valueSchema(p *metadata.Property) *Schema {
	switch p.Type {
	case metadata.EdmString:
		s := &Schema{Type: "string"}
		if p.MaxLength > 0 {
			s.MaxLength = ptr(p.MaxLength)
		}
		return s
	case metadata.EdmBoolean:
		return &Schema{Type: "boolean"}
	case metadata.EdmByte:
		return intSchema("uint8", 0, math.MaxUint8)
	case metadata.EdmSByte:
		return intSchema("int8", math.MinInt8, math.MaxInt8)
	case metadata.EdmInt16:
		return intSchema("int16", math.MinInt16, math.MaxInt16)
	case metadata.EdmInt32:
		return intSchema("int32", math.MinInt32, math.MaxInt32)
	case metadata.EdmInt64:
		// A number, or a string with IEEE754Compatible=true.
		return &Schema{AnyOf: []*Schema{
			{Type: "integer", Format: "int64"},
			{Type: "string", Pattern: `^-?[0-9]+$`},
		}, Example: 42}
	case metadata.EdmDecimal:
		return &Schema{AnyOf: []*Schema{
			{Type: "number", Format: "decimal"},
			{Type: "string", Pattern: `^-?[0-9]+(\.[0-9]+)?$`},
		}, Description: decimalFacets(p), Example: 0}
	case metadata.EdmSingle, metadata.EdmDouble:
		format := "double"
		if p.Type == metadata.EdmSingle {
			format = "float"
		}
		// The special values are strings in OData JSON.
		return &Schema{AnyOf: []*Schema{
			{Type: "number", Format: format},
			{Type: "string", Enum: []string{"NaN", "INF", "-INF"}},
		}, Example: 3.14}
	case metadata.EdmDate:
		return &Schema{Type: "string", Format: "date", Example: "2024-12-31"}
	case metadata.EdmDateTimeOffset:
		return &Schema{Type: "string", Format: "date-time", Example: "2024-12-31T23:59:59Z"}
	case metadata.EdmTimeOfDay:
		return &Schema{Type: "string", Format: "time", Pattern: timeOfDayPattern, Example: "15:51:04"}
	case metadata.EdmDuration:
		return &Schema{Type: "string", Format: "duration", Pattern: durationPattern, Example: "P4DT15H51M04S"}
	case metadata.EdmGuid:
		return &Schema{Type: "string", Format: "uuid", Pattern: guidPattern, Example: "01234567-89ab-cdef-0123-456789abcdef"}
	case metadata.EdmBinary:
		s := &Schema{Type: "string", Format: "base64url"}
		if p.MaxLength > 0 {
			// base64url without padding: 4 characters per 3 bytes.
			s.MaxLength = ptr((p.MaxLength*4 + 2) / 3)
		}
		return s
	}
	return &Schema{Description: "value of type " + string(p.Type)}
}

func intSchema(format string, lo, hi int64) *Schema {
	return &Schema{Type: "integer", Format: format, Minimum: ptr(lo), Maximum: ptr(hi)}
}

func decimalFacets(p *metadata.Property) string {
	if p.Precision <= 0 {
		return ""
	}
	d := "Decimal with precision " + strconv.Itoa(p.Precision)
	if p.Scale == metadata.ScaleVariable {
		return d + " and variable scale"
	}
	return d + " and scale " + strconv.Itoa(p.Scale)
}

// schemaName is the component name of an entity type's schema (the
// qualified name, as in $metadata).
func (b *builder) schemaName(t *metadata.EntityType) string { return b.m.QualifiedName(t) }

func (b *builder) ref(t *metadata.EntityType, suffix string) *Schema {
	return &Schema{Ref: "#/components/schemas/" + b.schemaName(t) + suffix}
}

// entitySchemas adds the schemas of one entity type: the entity as read
// (structural properties in column order, navigation properties as $expand
// writes them inline) and, for writable types, the bodies of create and update.
func (b *builder) entitySchemas(t *metadata.EntityType) {
	props := newOrdered[*Schema]()
	for _, p := range t.Properties {
		props.Set(p.Name, propertySchema(p))
	}
	for _, n := range t.Navigation {
		if n.Collection {
			props.Set(n.Name, &Schema{Type: "array", Items: b.ref(n.Target, ""),
				Description: "Related " + n.TargetSet.Name + " entities, present with $expand=" + n.Name})
			continue
		}
		// $ref admits no siblings in OpenAPI 3.0: allOf carries nullable.
		props.Set(n.Name, &Schema{AllOf: []*Schema{b.ref(n.Target, "")}, Nullable: n.Nullable,
			Description: "The related " + n.TargetSet.Name + " entity, present with $expand=" + n.Name})
	}
	b.doc.Components.Schemas.Set(b.schemaName(t), &Schema{Title: t.Name, Type: "object", Properties: props})

	set := b.m.SetForType(t)
	if set == nil {
		return
	}
	w := b.writes(set)
	if w.Insert {
		b.doc.Components.Schemas.Set(b.schemaName(t)+"-create", b.bodySchema(t, true))
	}
	if w.Update {
		b.doc.Components.Schemas.Set(b.schemaName(t)+"-update", b.bodySchema(t, false))
	}
}

// bodySchema is the request body of a create (required: the non-nullable,
// non-computed properties) or an update (nothing required: PATCH changes
// what it names).
func (b *builder) bodySchema(t *metadata.EntityType, create bool) *Schema {
	props := newOrdered[*Schema]()
	var required []string
	for _, p := range t.Properties {
		if p.Computed {
			continue
		}
		if !create && t.IsKey(p) {
			continue // keys are in the URL
		}
		props.Set(p.Name, propertySchema(p))
		if create && !p.Nullable {
			required = append(required, p.Name)
		}
	}
	title := t.Name + " (update)"
	if create {
		title = t.Name + " (create)"
	}
	return &Schema{Title: title, Type: "object", Properties: props, Required: required}
}

// collectionSchema is the body of a collection response.
func (b *builder) collectionSchema(t *metadata.EntityType) *Schema {
	props := newOrdered[*Schema]()
	props.Set("@odata.context", &Schema{Type: "string"})
	props.Set("@odata.count", &Schema{AnyOf: []*Schema{{Type: "integer", Format: "int64", Minimum: ptr[int64](0)}, {Type: "string"}},
		Description: "The number of matching entities, with $count=true"})
	props.Set("@odata.nextLink", &Schema{Type: "string", Description: "The URL of the next page, absent on the last page"})
	props.Set("value", &Schema{Type: "array", Items: b.ref(t, "")})
	return &Schema{Type: "object", Properties: props}
}
