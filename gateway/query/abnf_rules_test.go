package query

import (
	"errors"
	"fmt"
	"strings"

	"odatagw/odataerr"
)

// abnfRules maps the ABNF start rules implemented by this package to checks.
var abnfRules = map[string]abnfCheck{
	"commonExpr":       checkExpr(nil),
	"boolCommonExpr":   checkExpr(nil),
	"boolcommonExpr":   checkExpr(nil),
	"firstMemberExpr":  checkExpr(isMember),
	"propertyPathExpr": checkExpr(isMember),
	"isofExpr": checkExpr(func(x Expr) bool {
		c, ok := x.(*CallExpr)
		return ok && c.Name == "isof"
	}),
	"notExpr": checkExpr(func(x Expr) bool {
		u, ok := x.(*UnaryExpr)
		return ok && u.Op == OpNot
	}),
	"anyExpr":           checkLambda,
	"filter":            checkOption("$filter"),
	"orderby":           checkOption("$orderby"),
	"orderBy":           checkOption("$orderby"),
	"select":            checkOption("$select"),
	"expand":            checkOption("$expand"),
	"search":            checkOption("$search"),
	"skiptoken":         checkOption("$skiptoken"),
	"compute":           checkOption("$compute"),
	"deltatoken":        checkOption("$deltatoken"),
	"systemQueryOption": checkOption(""),
	"customQueryOption": checkCustom,
	"queryOptions": func(c *abnfCtx, in string) (error, int) {
		_, err, pos := checkQuery(c, in)
		return err, pos
	},
	"searchExpr":       checkSearchExpr,
	"resourcePath":     checkResourcePath,
	"odataRelativeUri": checkRelativeURI,
	"entitySetName": func(c *abnfCtx, in string) (error, int) {
		if !c.allowed([]string{"entitySetName"}, in) {
			return errors.New("not an entity set"), 0
		}
		return nil, -1
	},
	"odataIdentifier": func(c *abnfCtx, in string) (error, int) {
		lx := lexer{src: in}
		end := lx.scanIdentChars(0)
		if in == "" || !isIdentStart(rune(in[0])) {
			return errors.New("not an identifier"), 0
		}
		if end != len(in) {
			return errors.New("not an identifier"), end
		}
		return nil, -1
	},
	// literals in URLs (percent-decoded first)
	"primitiveLiteral":         checkLiteral(true, nil),
	"binaryLiteral":            checkLiteral(true, kinds(LitBinary)),
	"boolean":                  checkLiteral(true, kinds(LitBoolean)),
	"null":                     checkLiteral(true, kinds(LitNull)),
	"stringLiteral":            checkLiteral(true, kinds(LitString)),
	"guid":                     checkLiteral(true, kinds(LitGuid)),
	"date":                     checkLiteral(true, kinds(LitDate)),
	"dateTimeOffsetLiteral":    checkLiteral(true, kinds(LitDateTimeOffset)),
	"dateTimeOffsetValueInUrl": checkLiteral(true, kinds(LitDateTimeOffset)),
	"timeOfDayLiteral":         checkLiteral(true, kinds(LitTimeOfDay)),
	"decimalLiteral":           checkLiteral(true, numeric),
	"doubleLiteral":            checkLiteral(true, numeric),
	"singleLiteral":            checkLiteral(true, numeric),
	"sbyteLiteral":             checkLiteral(true, intDigits(3)),
	"int16Literal":             checkLiteral(true, intDigits(5)),
	"int32Literal":             checkLiteral(true, intDigits(10)),
	"int64Literal":             checkLiteral(true, intDigits(19)),
	"enumLiteral":              checkLiteral(true, kinds(LitEnum, LitString)),
	"durationLiteral":          checkDuration(true),
	"geographyPoint":           checkLiteral(true, kinds(LitGeography)),
	"geographyMultiPoint":      checkLiteral(true, kinds(LitGeography)),
	"geographyLineString":      checkLiteral(true, kinds(LitGeography)),
	"geographyMultiLineString": checkLiteral(true, kinds(LitGeography)),
	"geographyPolygon":         checkLiteral(true, kinds(LitGeography)),
	"geographyMultiPolygon":    checkLiteral(true, kinds(LitGeography)),
	"geographyCollection":      checkLiteral(true, kinds(LitGeography)),
	"geometryPoint":            checkLiteral(true, kinds(LitGeometry)),
	"geometryMultiPoint":       checkLiteral(true, kinds(LitGeometry)),
	"geometryLineString":       checkLiteral(true, kinds(LitGeometry)),
	"geometryMultiLineString":  checkLiteral(true, kinds(LitGeometry)),
	"geometryPolygon":          checkLiteral(true, kinds(LitGeometry)),
	"geometryMultiPolygon":     checkLiteral(true, kinds(LitGeometry)),
	"geometryCollection":       checkLiteral(true, kinds(LitGeometry)),
	// the same literals in their non-URL form: no percent-decoding
	"dateValue":           checkLiteral(false, kinds(LitDate)),
	"dateTimeOffsetValue": checkLiteral(false, kinds(LitDateTimeOffset)),
	"timeOfDayValue":      checkLiteral(false, kinds(LitTimeOfDay)),
	"decimalValue":        checkLiteral(false, numeric),
	"doubleValue":         checkLiteral(false, numeric),
	"singleValue":         checkLiteral(false, numeric),
	"byteValue":           checkLiteral(false, intDigits(3)),
	"sbyteValue":          checkLiteral(false, intDigits(3)),
	"int16Value":          checkLiteral(false, intDigits(5)),
	"int32Value":          checkLiteral(false, intDigits(10)),
	"int64Value":          checkLiteral(false, intDigits(19)),
	"guidValue":           checkLiteral(false, kinds(LitGuid)),
	"durationValue":       checkDuration(false),
	"stringInUrl": func(c *abnfCtx, in string) (error, int) {
		t, err := decodeForTest(in)
		if err != nil {
			return err, -1
		}
		lx := newLexer(t, "", 0)
		tok, err := lx.next()
		if err == nil && (tok.kind != tJSONStr || lx.off != len(t.s)) {
			err = errors.New("not a JSON string")
		}
		return err, -1
	},
}

func isMember(x Expr) bool {
	switch x.(type) {
	case *MemberPath, *CountExpr, *LambdaExpr:
		return true
	}
	return false
}

func kinds(ks ...LiteralKind) func(*Literal) bool {
	return func(l *Literal) bool {
		for _, k := range ks {
			if l.Kind == k {
				return true
			}
		}
		return false
	}
}

func numeric(l *Literal) bool {
	return l.Kind == LitInt || l.Kind == LitDecimal || l.Kind == LitDouble
}

// intDigits: int16Literal = [ SIGN ] 1*5DIGIT and so on (the ranges are comments in the ABNF).
func intDigits(n int) func(*Literal) bool {
	return func(l *Literal) bool {
		d := strings.TrimLeft(l.Text, "+-")
		return (l.Kind == LitInt || l.Kind == LitDecimal) && strings.Trim(d, "0123456789") == "" && len(d) <= n
	}
}

// checkExpr parses a whole expression; want (if set) checks its shape.
func checkExpr(want func(Expr) bool) abnfCheck {
	return func(c *abnfCtx, in string) (error, int) {
		x, err := parseExprForTest(in)
		if err != nil {
			return err, errPos(err, in, 0)
		}
		if want != nil && !want(x) {
			return fmt.Errorf("parsed as %s, not the rule's shape", Format(x)), -1
		}
		return nil, -1
	}
}

func parseExprForTest(in string) (Expr, error) {
	t, err := decodeForTest(in)
	if err != nil {
		return nil, err
	}
	p, err := newParser(t, "$filter", 0)
	if err != nil {
		return nil, err
	}
	x, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	return x, p.expectEnd("end of input")
}

// checkLambda: anyExpr is tested without its path; give it one.
func checkLambda(c *abnfCtx, in string) (error, int) {
	x, err := parseExprForTest("X/" + in)
	if err != nil {
		return err, errPos(err, "X/"+in, 0) - 2
	}
	if l, ok := x.(*LambdaExpr); !ok || l.All {
		return errors.New("not an any expression"), -1
	}
	return nil, -1
}

// checkLiteral lexes exactly one literal of the wanted kind.
func checkLiteral(url bool, want func(*Literal) bool) abnfCheck {
	return func(c *abnfCtx, in string) (error, int) {
		t := text{s: in}
		if url {
			var err error
			if t, err = decodeForTest(in); err != nil {
				return err, -1
			}
		}
		lx := newLexer(t, "", 0)
		tok, err := lx.next()
		if err != nil {
			if url {
				return err, errPos(err, in, 0)
			}
			return err, odataerrPos(err)
		}
		if tok.kind != tLit || tok.ws {
			return errors.New("not a literal"), 0
		}
		if lx.off != len(t.s) {
			return errors.New("text after the literal"), rawOffset(in, lx.off)
		}
		if want != nil && !want(tok.lit) {
			return fmt.Errorf("literal of the wrong kind %d", tok.lit.Kind), 0
		}
		return nil, -1
	}
}

func odataerrPos(err error) int {
	if e := odataerr.As(err); e != nil {
		return e.Pos
	}
	return -1
}

// checkDuration: durationLiteral = [ "duration" ] SQUOTE durationValue SQUOTE;
// durationValue is the bare text.
func checkDuration(url bool) abnfCheck {
	return func(c *abnfCtx, in string) (error, int) {
		s := in
		if url {
			t, err := decodeForTest(in)
			if err != nil {
				return err, -1
			}
			s = t.s
			if !strings.HasPrefix(strings.ToLower(s), "duration'") {
				s = "duration" + s
			}
			return checkLiteral(false, kinds(LitDuration))(c, s)
		}
		err, pos := checkLiteral(false, kinds(LitDuration))(c, "duration'"+s+"'")
		return err, pos - len("duration'")
	}
}

func checkOption(name string) abnfCheck {
	return func(c *abnfCtx, in string) (error, int) {
		o, err, pos := checkQuery(c, in)
		if err != nil {
			return err, pos
		}
		if name != "" && !o.Has(name) {
			return errors.New("option " + name + " not recognised"), -1
		}
		return nil, -1
	}
}

func checkCustom(c *abnfCtx, in string) (error, int) {
	o, err, pos := checkQuery(c, in)
	if err != nil {
		return err, pos
	}
	if len(o.Custom) != 1 {
		return errors.New("not a custom option"), -1
	}
	return nil, -1
}

func checkSearchExpr(c *abnfCtx, in string) (error, int) {
	t, err := decodeForTest(in)
	if err != nil {
		return err, -1
	}
	_, err = newSearchParser(t, "$search", 0, false).parse()
	return err, errPos(err, in, 0)
}

func checkResourcePath(c *abnfCtx, in string) (error, int) {
	rp, err := ParsePath(in)
	if err != nil {
		return err, errPos(err, in, 0)
	}
	if rp.Kind == PathResource && !c.allowed(functionImports, rp.Segments[0].Name) {
		return errors.New("first segment not in the model: " + rp.Segments[0].Name), 0
	}
	return nil, -1
}

func checkRelativeURI(c *abnfCtx, in string) (error, int) {
	path, query, hasQuery := strings.Cut(in, "?")
	if strings.Contains(in, "#") && strings.HasPrefix(in, "$metadata") {
		return errSkipCase, -1
	}
	if err, pos := checkResourcePath(c, path); err != nil {
		return err, pos
	}
	rp, _ := ParsePath(path)
	o := &Options{}
	if hasQuery {
		var err error
		var pos int
		if o, err, pos = checkQuery(c, query); err != nil {
			if pos >= 0 {
				pos += len(path) + 1
			}
			return err, pos
		}
	}
	if err := rp.CheckOptions(o); err != nil {
		return err, len(in)
	}
	return nil, -1
}
