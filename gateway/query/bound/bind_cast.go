package bound

import (
	"math"
	"strconv"
	"strings"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// castTarget resolves the type-name argument of cast and isof. It returns
// the primitive type, or "" and entity=true for the qualified name of an
// entity type of the model.
func (s *binding) castTarget(fn string, a query.Expr) (t metadata.EdmType, entity bool, err error) {
	tn, ok := a.(*query.TypeName)
	if !ok {
		return "", false, s.badRequest(a.Pos(), "the last argument of %s must be a type name such as Edm.String", fn)
	}
	if t, ok := metadata.ParseEdmType(tn.Name); ok {
		return t, false, nil
	}
	if s.b.Model != nil {
		for _, et := range s.b.Model.Types {
			if s.typeName(et) == tn.Name {
				return "", true, nil
			}
		}
	}
	if isUnsupportedEdmType(tn.Name) {
		return "", false, s.notImplemented(tn.P, "type '%s' is not supported", tn.Name)
	}
	return "", false, s.badRequest(tn.P, "unknown type '%s'", tn.Name)
}

// cast binds cast(x, Edm.T) (OData Part 2, 5.1.1.10.1). Allowed: null to any
// type; any primitive to Edm.String; numeric to numeric; a type to itself.
// Casts of constants are folded; a constant that cannot be represented in
// the target type becomes null, as the spec says a failed cast does. A
// String constant may be cast to any type whose literal it spells
// (cast('42', Edm.Int32)); the same cast of a column is 501. Any other cast
// is a 400. The one-argument form cast(Type) casts the entity itself: 501.
func (s *binding) cast(e *query.CallExpr) (Expr, error) {
	switch len(e.Args) {
	case 1:
		if _, _, err := s.castTarget("cast", e.Args[0]); err != nil {
			return nil, err
		}
		return nil, s.notImplemented(e.P, "cast of the current entity is not supported")
	case 2:
	default:
		return nil, s.badRequest(e.P, "function 'cast' takes 1 or 2 arguments, got %d", len(e.Args))
	}
	to, entity, err := s.castTarget("cast", e.Args[1])
	if err != nil {
		return nil, err
	}
	x, err := s.expr(e.Args[0])
	if err != nil {
		return nil, err
	}
	from := x.Type()
	if entity {
		return nil, s.badRequest(e.P, "cannot cast %s to an entity type", typeText(from))
	}
	if from == to {
		return x, nil
	}
	if c, ok := x.(*Const); ok {
		if c.Value == nil {
			return &Const{P: e.P, T: to}, nil
		}
		if from == metadata.EdmString && to != metadata.EdmBinary {
			return &Const{P: e.P, T: to, Value: parseText(to, c.Value.(string))}, nil
		}
		if castable(from, to) {
			return &Const{P: e.P, T: to, Value: castValue(c, to)}, nil
		}
	}
	switch {
	case castable(from, to) && from != metadata.EdmBinary:
		return &Cast{P: e.P, X: x, T: to}, nil
	case from == metadata.EdmString || from == metadata.EdmBinary && to == metadata.EdmString:
		return nil, s.notImplemented(e.P, "cast of a non-constant %s to %s is not supported", from, to)
	}
	return nil, s.badRequest(e.P, "cannot cast %s to %s", typeText(from), to)
}

// castable reports the casts the spec defines between two non-null types.
func castable(from, to metadata.EdmType) bool {
	return from == to || to == metadata.EdmString || from.IsNumeric() && to.IsNumeric()
}

// castValue casts a non-null constant along a castable pair of types. Numeric
// casts round half away from zero into integers; values out of the target's
// range give nil (null).
func castValue(c *Const, to metadata.EdmType) any {
	if to == metadata.EdmString {
		return formatValue(c.T, c.Value)
	}
	if out, ok := convertConst(c, to); ok {
		return out.Value
	}
	var f float64
	switch v := c.Value.(type) {
	case int64: // only reaches here out of range of an integral target
		return nil
	case float64:
		f = v
	case metadata.Decimal:
		if to.IsIntegral() {
			return roundDecimal(v, to)
		}
		f, _ = strconv.ParseFloat(string(v), 64)
		return f
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	if to.IsIntegral() {
		r := math.Round(f)
		if math.Abs(r) >= 1<<63 || !fitsInt(to, int64(r)) {
			return nil
		}
		return int64(r)
	}
	return nil
}

// roundDecimal rounds exact decimal text half away from zero to an integer
// of type t, or returns nil when out of range.
func roundDecimal(d metadata.Decimal, t metadata.EdmType) any {
	s := string(d)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	v, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return nil
	}
	if frac != "" && frac[0] >= '5' {
		v++
	}
	if neg {
		v = -v
	}
	if !fitsInt(t, v) {
		return nil
	}
	return v
}

// isof binds isof(x, Edm.T) and isof(Type) by folding them to a Boolean
// constant from static types: the value of x is of type T when x has type T
// (or x is an integer constant that fits T). The untyped null is of no type.
// isof(Type) is true for the qualified name of the entity type of $it.
func (s *binding) isof(e *query.CallExpr) (Expr, error) {
	switch len(e.Args) {
	case 1:
		_, entity, err := s.castTarget("isof", e.Args[0])
		if err != nil {
			return nil, err
		}
		tn := e.Args[0].(*query.TypeName)
		return &Const{P: e.P, T: metadata.EdmBoolean, Value: entity && tn.Name == s.typeName(s.it)}, nil
	case 2:
	default:
		return nil, s.badRequest(e.P, "function 'isof' takes 1 or 2 arguments, got %d", len(e.Args))
	}
	to, _, err := s.castTarget("isof", e.Args[1])
	if err != nil {
		return nil, err
	}
	x, err := s.expr(e.Args[0])
	if err != nil {
		return nil, err
	}
	is := to != "" && x.Type() == to
	if c, ok := x.(*Const); ok {
		v, isInt := c.Value.(int64)
		switch {
		case c.Value == nil:
			is = false
		case isInt && to.IsIntegral():
			is = fitsInt(to, v)
		}
	}
	return &Const{P: e.P, T: metadata.EdmBoolean, Value: is}, nil
}

// isUnsupportedEdmType reports the Edm types of the spec the gateway does
// not implement (geography, geometry, streams, untyped).
func isUnsupportedEdmType(name string) bool {
	switch name {
	case "Edm.Stream", "Edm.Untyped", "Edm.PrimitiveType":
		return true
	}
	return strings.HasPrefix(name, "Edm.Geography") || strings.HasPrefix(name, "Edm.Geometry")
}
