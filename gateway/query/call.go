package query

import (
	"fmt"
	"strings"
)

// builtins are the canonical functions of OData 4.01 with their minimum and
// maximum number of arguments (-1: any number, checked by the binder).
//
//	methodCallExpr = indexOfMethodCallExpr / toLowerMethodCallExpr / … / boolMethodCallExpr
var builtins = map[string][2]int{
	"concat": {2, 2}, "contains": {2, 2}, "endswith": {2, 2}, "indexof": {2, 2}, "length": {1, 1},
	"matchesPattern": {2, 2}, "startswith": {2, 2}, "substring": {2, 3}, "tolower": {1, 1},
	"toupper": {1, 1}, "trim": {1, 1},
	"year": {1, 1}, "month": {1, 1}, "day": {1, 1}, "hour": {1, 1}, "minute": {1, 1}, "second": {1, 1},
	"fractionalseconds": {1, 1}, "totalseconds": {1, 1}, "date": {1, 1}, "time": {1, 1},
	"totaloffsetminutes": {1, 1}, "mindatetime": {0, 0}, "maxdatetime": {0, 0}, "now": {0, 0},
	"round": {1, 1}, "floor": {1, 1}, "ceiling": {1, 1},
	"geo.distance": {2, 2}, "geo.length": {1, 1}, "geo.intersects": {2, 2},
	"hassubset": {2, 2}, "hassubsequence": {2, 2},
	"cast": {1, 2}, "isof": {1, 2}, "case": {2, -1},
}

// parseCall parses a built-in function call; p.tok is the '(' after name.
//
//	containsMethodCallExpr = "contains" OPEN BWS commonExpr BWS COMMA BWS commonExpr BWS CLOSE
//	nowMethodCallExpr      = "now" OPEN BWS CLOSE          (and the other methodCallExpr rules)
func (p *parser) parseCall(nameTok token) (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	name := p.text(nameTok)
	call := &CallExpr{P: p.pos(nameTok), Name: name}
	if err := p.advance(); err != nil {
		return nil, err
	}
	var err error
	switch name {
	case "cast", "isof":
		err = p.parseCastArgs(call)
	case "case":
		err = p.parseCaseArgs(call)
	default:
		err = p.parseArgs(call)
	}
	if err != nil {
		return nil, err
	}
	if ar := builtins[name]; len(call.Args) < ar[0] || ar[1] >= 0 && len(call.Args) > ar[1] {
		return nil, p.lx.errorf(nameTok.pos, "function '%s' takes %s but was given %d", name, arity(ar), len(call.Args))
	}
	return call, nil
}

func arity(ar [2]int) string {
	switch {
	case ar[1] < 0:
		return fmt.Sprintf("at least %d arguments", ar[0])
	case ar[0] != ar[1]:
		return fmt.Sprintf("%d or %d arguments", ar[0], ar[1])
	case ar[0] == 1:
		return "1 argument"
	}
	return fmt.Sprintf("%d arguments", ar[0])
}

// parseArgs parses [ commonExpr *( COMMA commonExpr ) ] CLOSE.
func (p *parser) parseArgs(call *CallExpr) error {
	if p.is(tRParen) {
		return p.advance()
	}
	for {
		x, err := p.parseExpr(0)
		if err != nil {
			return err
		}
		call.Args = append(call.Args, x)
		if p.is(tRParen) {
			return p.advance()
		}
		if !p.is(tComma) {
			return p.unexpected("',' or ')'")
		}
		if err := p.advance(); err != nil {
			return err
		}
	}
}

// parseCastArgs parses the arguments of cast and isof; the type argument
// becomes a *TypeName.
//
//	castExpr = "cast" OPEN BWS [ commonExpr BWS COMMA BWS ] optionallyQualifiedTypeName BWS CLOSE
//	isofExpr = "isof" OPEN BWS [ commonExpr BWS COMMA BWS ] optionallyQualifiedTypeName BWS CLOSE
func (p *parser) parseCastArgs(call *CallExpr) error {
	single, err := p.atTypeNameOnly()
	if err != nil {
		return err
	}
	if !single {
		x, err := p.parseExpr(0)
		if err != nil {
			return err
		}
		call.Args = append(call.Args, x)
		if err := p.expect(tComma, "',' and a type name"); err != nil {
			return err
		}
	}
	tn, err := p.parseTypeName()
	if err != nil {
		return err
	}
	call.Args = append(call.Args, tn)
	return p.expect(tRParen, "')'")
}

// atTypeNameOnly reports whether p.tok starts the sole (type) argument:
// `cast(Edm.String)`, `isof(Model.Customer)`, `cast(Collection(Edm.Int32))`.
func (p *parser) atTypeNameOnly() (bool, error) {
	if p.tok.kind != tIdent || strings.HasPrefix(p.text(p.tok), "$") {
		return false, nil
	}
	nt, err := p.peek()
	if err != nil {
		return false, err
	}
	return nt.kind == tRParen || p.text(p.tok) == "Collection" && nt.kind == tLParen && !nt.ws, nil
}

// parseTypeName parses optionallyQualifiedTypeName.
//
//	optionallyQualifiedTypeName = singleQualifiedTypeName / %s"Collection" OPEN singleQualifiedTypeName CLOSE
//	                            / singleTypeName / %s"Collection" OPEN singleTypeName CLOSE
func (p *parser) parseTypeName() (*TypeName, error) {
	if p.tok.kind != tIdent || strings.HasPrefix(p.text(p.tok), "$") {
		return nil, p.unexpected("a type name")
	}
	tn := &TypeName{P: p.pos(p.tok), Name: p.text(p.tok)}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if tn.Name != "Collection" || !p.isAdjacent(tLParen) {
		return tn, nil
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tIdent || strings.HasPrefix(p.text(p.tok), "$") {
		return nil, p.unexpected("a type name")
	}
	tn.Name = "Collection(" + p.text(p.tok) + ")"
	if err := p.advance(); err != nil {
		return nil, err
	}
	return tn, p.expect(tRParen, "')'")
}

// parseCaseArgs parses the condition:value pairs of case; Args holds them
// flattened (condition, value, condition, value…).
//
//	caseMethodCallExpr = "case" OPEN BWS boolCommonExpr BWS COLON BWS commonExpr BWS
//	                     *( COMMA BWS boolCommonExpr BWS COLON BWS commonExpr BWS ) CLOSE
func (p *parser) parseCaseArgs(call *CallExpr) error {
	for {
		cond, err := p.parseExpr(0)
		if err != nil {
			return err
		}
		if err := p.expect(tColon, "':'"); err != nil {
			return err
		}
		val, err := p.parseExpr(0)
		if err != nil {
			return err
		}
		call.Args = append(call.Args, cond, val)
		if p.is(tRParen) {
			return p.advance()
		}
		if err := p.expect(tComma, "',' or ')'"); err != nil {
			return err
		}
	}
}
