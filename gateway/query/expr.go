package query

import "strings"

// binary operators by precedence, lowest first (OData Part 2 §5.1.1.16):
// or < and < eq ne < gt ge lt le < add sub < mul div divby mod.
// has and in bind tighter (primary precedence in 4.01) and are handled in
// parsePostfix; unary - and not bind tighter than every binary operator.
var binaryOps = []struct {
	word string
	op   BinaryOp
	prec int
}{
	{"or", OpOr, 1}, {"and", OpAnd, 2},
	{"eq", OpEq, 3}, {"ne", OpNe, 3},
	{"gt", OpGt, 4}, {"ge", OpGe, 4}, {"lt", OpLt, 4}, {"le", OpLe, 4},
	{"add", OpAdd, 5}, {"sub", OpSub, 5},
	{"mul", OpMul, 6}, {"div", OpDiv, 6}, {"divby", OpDivBy, 6}, {"mod", OpMod, 6},
}

// binaryOp reports the binary operator at p.tok, which must be preceded by
// whitespace (RWS "eq" RWS).
func (p *parser) binaryOp() (BinaryOp, int, bool) {
	if p.tok.kind != tIdent || !p.tok.ws {
		return 0, 0, false
	}
	w := p.text(p.tok)
	for _, o := range binaryOps {
		if strings.EqualFold(w, o.word) {
			return o.op, o.prec, true
		}
	}
	return 0, 0, false
}

// parseExpr parses a commonExpr whose binary operators have at least
// precedence minPrec (precedence climbing; operators are left-associative).
//
//	commonExpr = ( primitiveLiteral / arrayOrObject / rootExpr / functionExpr / negateExpr
//	             / methodCallExpr / parenExpr / castExpr / isofExpr / notExpr / firstMemberExpr )
//	             [ addExpr / subExpr / mulExpr / divExpr / divbyExpr / modExpr ]
//	             [ eqExpr / neExpr / ltExpr / leExpr / gtExpr / geExpr / hasExpr / inExpr ]
//	             [ andExpr / orExpr ]
//	eqExpr = RWS "eq" RWS commonExpr   (and likewise for the other binary operators)
func (p *parser) parseExpr(minPrec int) (Expr, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		op, prec, ok := p.binaryOp()
		if !ok || prec < minPrec {
			return left, nil
		}
		opTok := p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !p.tok.ws && p.tok.kind != tEOF {
			return nil, p.lx.errorf(p.tok.pos, "expected a space after '%s'", p.text(opTok))
		}
		right, err := p.parseExpr(prec + 1)
		if err != nil {
			return nil, err
		}
		left = &BinaryExpr{P: p.pos(opTok), Op: op, Left: left, Right: right}
	}
}

// parseUnary parses a negation, a logical not, or a postfix expression.
//
//	negateExpr = "-" BWS commonExpr
//	notExpr    = "not" RWS boolCommonExpr
func (p *parser) parseUnary() (Expr, error) {
	var op UnaryOp
	switch {
	case p.is(tMinus):
		op = OpNeg
	case p.isWord("not"):
		nt, err := p.peek()
		if err != nil {
			return nil, err
		}
		if !(nt.ws && nt.kind != tEOF) && nt.kind != tLParen {
			return p.parsePostfix()
		}
		op = OpNot
	default:
		return p.parsePostfix()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	u := &UnaryExpr{P: p.pos(p.tok), Op: op}
	if err := p.advance(); err != nil {
		return nil, err
	}
	x, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	u.X = x
	return u, nil
}

// parsePostfix parses a primary expression followed by has or in.
//
//	hasExpr = RWS "has" RWS enumLiteral
//	inExpr  = RWS "in" RWS ( listExpr / commonExpr )
func (p *parser) parsePostfix() (Expr, error) {
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	for p.tok.ws && (p.isWord("has") || p.isWord("in")) {
		opTok := p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !p.tok.ws && p.tok.kind != tEOF {
			return nil, p.lx.errorf(p.tok.pos, "expected a space after '%s'", p.text(opTok))
		}
		if strings.EqualFold(p.text(opTok), "has") {
			rhs, err := p.parsePrimary()
			if err != nil {
				return nil, err
			}
			x = &BinaryExpr{P: p.pos(opTok), Op: OpHas, Left: x, Right: rhs}
			continue
		}
		list, err := p.parseInList()
		if err != nil {
			return nil, err
		}
		x = &InExpr{P: p.pos(opTok), X: x, List: list}
	}
	return x, nil
}

// parseInList parses the right operand of in: a parenthesised list of
// literals, a JSON array (its items become the list), or one expression
// (a parameter alias or a collection path, kept as a one-item list).
//
//	listExpr = OPEN BWS [ primitiveLiteral BWS *( COMMA BWS primitiveLiteral BWS ) ] CLOSE
func (p *parser) parseInList() ([]Expr, error) {
	switch p.tok.kind {
	case tLBracket:
		arr, err := p.parseArray()
		if err != nil {
			return nil, err
		}
		return arr.(*ListExpr).Items, nil
	case tLParen:
	default:
		x, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		return []Expr{x}, nil
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.is(tRParen) {
		return []Expr{}, p.advance()
	}
	first, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	if p.is(tRParen) { // a list of one literal, or a parenthesised expression
		return []Expr{first}, p.advance()
	}
	if !p.is(tComma) {
		return nil, p.unexpected("',' or ')'")
	}
	if _, ok := first.(*Literal); !ok {
		return nil, p.lx.errorf(p.tok.pos, "expected ')' but found ','; a list after 'in' may contain only literals")
	}
	items := []Expr{first}
	for p.is(tComma) {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !p.is(tLit) {
			return nil, p.unexpected("a literal (a list after 'in' may contain only literals)")
		}
		items = append(items, p.tok.lit)
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	return items, p.expect(tRParen, "',' or ')'")
}

// parsePrimary parses a literal, a parenthesised expression, a JSON array or
// object, a parameter alias, a function call or a member path.
//
//	parenExpr = OPEN BWS commonExpr BWS CLOSE
func (p *parser) parsePrimary() (Expr, error) {
	switch p.tok.kind {
	case tLit:
		lit := p.tok.lit
		return lit, p.advance()
	case tLParen:
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.parseExpr(0)
		if err != nil {
			return nil, err
		}
		return x, p.expect(tRParen, "')'")
	case tLBracket:
		return p.parseArray()
	case tLBrace:
		return p.parseObject()
	case tAt:
		return p.parseAt()
	case tIdent:
		return p.parseIdent()
	case tJSONStr:
		return nil, p.lx.errorf(p.tok.pos, "double-quoted strings are allowed only inside JSON arrays and objects; write string literals in single quotes")
	}
	return nil, p.unexpected("an expression")
}

// parseAt parses a parameter alias `@p` (optionally followed by a path,
// `@p/Name`) or an annotation path `@Core.Messages/…`.
//
//	inscopeVariableExpr = implicitVariableExpr / parameterAlias / lambdaVariableExpr
//	firstMemberExpr     = memberExpr / inscopeVariableExpr [ "/" memberExpr ]
func (p *parser) parseAt() (Expr, error) {
	t := p.tok
	name := p.text(t)
	if err := p.advance(); err != nil {
		return nil, err
	}
	if !strings.ContainsAny(name, ".#") && !p.isAdjacent(tSlash) {
		return &AliasExpr{P: p.pos(t), Name: name[1:]}, nil
	}
	return p.parsePath(t)
}

// parseIdent parses what starts with an identifier: a built-in function
// call or a member path.
func (p *parser) parseIdent() (Expr, error) {
	t := p.tok
	name := p.text(t)
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.isAdjacent(tLParen) {
		if _, ok := builtins[name]; ok {
			return p.parseCall(t)
		}
		if name == "any" || name == "all" {
			return nil, p.lx.errorf(p.tok.pos, "%s() needs a collection path before it, as in Orders/%s(o: o/Freight gt 5)", name, name)
		}
	}
	return p.parsePath(t)
}
