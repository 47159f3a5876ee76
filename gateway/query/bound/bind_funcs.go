package bound

import (
	"fmt"
	"strings"
	"time"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// param lists the types one function parameter accepts; the first is the
// type an untyped null argument takes.
type param []metadata.EdmType

var (
	pString  = param{metadata.EdmString}
	pInteger = param{metadata.EdmInt32, metadata.EdmInt64, metadata.EdmInt16, metadata.EdmByte, metadata.EdmSByte}
	pDate    = param{metadata.EdmDateTimeOffset, metadata.EdmDate}
	pTime    = param{metadata.EdmDateTimeOffset, metadata.EdmTimeOfDay}
	pDTO     = param{metadata.EdmDateTimeOffset}
	pRound   = param{metadata.EdmDecimal, metadata.EdmDouble, metadata.EdmSingle,
		metadata.EdmInt32, metadata.EdmInt64, metadata.EdmInt16, metadata.EdmByte, metadata.EdmSByte}
)

// signature of a built-in function: its parameters (the last optional ones
// counted by optional) and its result type; "" means "the first argument's
// type".
type signature struct {
	fn       Func
	params   []param
	optional int
	result   metadata.EdmType
}

// builtins are the canonical functions of OData 4.0 Part 2, 5.1.1.5–5.1.1.9,
// by lower-case name.
var builtins = map[string]signature{
	"contains":           {FnContains, []param{pString, pString}, 0, metadata.EdmBoolean},
	"startswith":         {FnStartsWith, []param{pString, pString}, 0, metadata.EdmBoolean},
	"endswith":           {FnEndsWith, []param{pString, pString}, 0, metadata.EdmBoolean},
	"length":             {FnLength, []param{pString}, 0, metadata.EdmInt32},
	"indexof":            {FnIndexOf, []param{pString, pString}, 0, metadata.EdmInt32},
	"substring":          {FnSubstring, []param{pString, pInteger, pInteger}, 1, metadata.EdmString},
	"tolower":            {FnToLower, []param{pString}, 0, metadata.EdmString},
	"toupper":            {FnToUpper, []param{pString}, 0, metadata.EdmString},
	"trim":               {FnTrim, []param{pString}, 0, metadata.EdmString},
	"concat":             {FnConcat, []param{pString, pString}, 0, metadata.EdmString},
	"year":               {FnYear, []param{pDate}, 0, metadata.EdmInt32},
	"month":              {FnMonth, []param{pDate}, 0, metadata.EdmInt32},
	"day":                {FnDay, []param{pDate}, 0, metadata.EdmInt32},
	"hour":               {FnHour, []param{pTime}, 0, metadata.EdmInt32},
	"minute":             {FnMinute, []param{pTime}, 0, metadata.EdmInt32},
	"second":             {FnSecond, []param{pTime}, 0, metadata.EdmInt32},
	"fractionalseconds":  {FnFractionalSeconds, []param{pTime}, 0, metadata.EdmDecimal},
	"date":               {FnDate, []param{pDate}, 0, metadata.EdmDate},
	"time":               {FnTime, []param{pDTO}, 0, metadata.EdmTimeOfDay},
	"totaloffsetminutes": {FnTotalOffsetMinutes, []param{pDTO}, 0, metadata.EdmInt32},
	"round":              {FnRound, []param{pRound}, 0, ""},
	"floor":              {FnFloor, []param{pRound}, 0, ""},
	"ceiling":            {FnCeiling, []param{pRound}, 0, ""},
}

// unsupported are functions of OData 4.0/4.01 the gateway knows but does not
// implement (501 rather than 400).
var unsupported = map[string]bool{
	"geo.distance": true, "geo.intersects": true, "geo.length": true,
	"totalseconds": true, "matchespattern": true, "hassubset": true, "hassubsequence": true,
	"case": true,
}

// maxDateTime and minDateTime are the values of maxdatetime() and
// mindatetime(): the range every supported database can store, at
// microsecond precision.
var (
	maxDateTime = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)
	minDateTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
)

// call binds a built-in function call. Names are matched case-insensitively
// (OData 4.01 allows it; 4.0 clients send lower case anyway).
func (s *binding) call(e *query.CallExpr) (Expr, error) {
	name := strings.ToLower(e.Name)
	switch name {
	case "cast":
		return s.cast(e)
	case "isof":
		return s.isof(e)
	case "now", "maxdatetime", "mindatetime":
		if len(e.Args) != 0 {
			return nil, s.badRequest(e.P, "function '%s' takes no arguments, got %d", e.Name, len(e.Args))
		}
		v := map[string]time.Time{"maxdatetime": maxDateTime, "mindatetime": minDateTime}[name]
		if name == "now" {
			v = s.nowValue()
		}
		return &Const{P: e.P, T: metadata.EdmDateTimeOffset, Value: v}, nil
	}
	sig, ok := builtins[name]
	if !ok {
		if unsupported[name] || strings.HasPrefix(name, "geo.") {
			return nil, s.notImplemented(e.P, "function '%s' is not supported", e.Name)
		}
		return nil, s.badRequest(e.P, "unknown function '%s'", e.Name)
	}
	min, max := len(sig.params)-sig.optional, len(sig.params)
	if len(e.Args) < min || len(e.Args) > max {
		want := plural(min, "argument")
		if min != max {
			want = fmt.Sprintf("%d or %d arguments", min, max)
		}
		return nil, s.badRequest(e.P, "function '%s' takes %s, got %d", e.Name, want, len(e.Args))
	}
	args := make([]Expr, len(e.Args))
	for i, a := range e.Args {
		x, err := s.expr(a)
		if err != nil {
			return nil, err
		}
		p := sig.params[i]
		x = nullAs(x, p[0])
		if !accepts(p, x.Type()) {
			return nil, s.badRequest(a.Pos(), "argument %d of '%s' must be %s, not %s", i+1, e.Name, paramText(p), typeText(x.Type()))
		}
		args[i] = x
	}
	t := sig.result
	if t == "" {
		t = args[0].Type()
		if t.IsIntegral() { // round/floor/ceiling of an integer is the integer itself
			return args[0], nil
		}
	}
	if sig.fn == FnDate && args[0].Type() == metadata.EdmDate {
		return args[0], nil // date() of a Date is the Date itself
	}
	return &Call{P: e.P, Fn: sig.fn, Args: args, T: t}, nil
}

func accepts(p param, t metadata.EdmType) bool {
	for _, a := range p {
		if a == t {
			return true
		}
	}
	return false
}

func paramText(p param) string {
	switch {
	case len(p) == 1:
		return string(p[0])
	case p[0] == metadata.EdmInt32:
		return "an integer"
	case p[0] == metadata.EdmDecimal:
		return "a number"
	}
	parts := make([]string, len(p))
	for i, t := range p {
		parts[i] = string(t)
	}
	return strings.Join(parts, " or ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
