package query

import "strings"

// parsePath parses a member path whose first segment is the token first
// (already consumed; p.tok is the token after it).
//
//	firstMemberExpr  = memberExpr / inscopeVariableExpr [ "/" memberExpr ]
//	memberExpr       = directMemberExpr / ( optionallyQualifiedEntityTypeName / optionallyQualifiedComplexTypeName ) "/" directMemberExpr
//	propertyPathExpr = ( entityColNavigationProperty [ collectionNavigationExpr ] / … / primitiveProperty [ primitivePathExpr ] )
//	rootExpr         = %s"$root/" ( entitySetName [ collectionNavigationExpr ] / … )
func (p *parser) parsePath(first token) (Expr, error) {
	path := &MemberPath{}
	segTok := first
	for {
		name := p.text(segTok)
		seg := Segment{P: p.pos(segTok), Name: name}
		isFirst := len(path.Segments) == 0
		if segTok.kind == tIdent && strings.HasPrefix(name, "$") {
			switch {
			case !isFirst && name == "$count":
				return p.parseCount(path, segTok)
			case !isFirst && name == "$filter":
				if err := p.parseFilterSegment(&seg); err != nil {
					return nil, err
				}
			case isFirst && (name == "$it" || name == "$this" || name == "$root"):
			case isFirst && name == "$these" && p.isAdjacent(tSlash):
				// currCollectionExpr = %s"$these" collectionPathExpr (odata-aggregation-abnf.txt)
			default:
				return nil, p.lx.errorf(segTok.pos, "unexpected '%s' in a path", name)
			}
		} else if !isFirst && (name == "any" || name == "all") && p.isAdjacent(tLParen) {
			return p.parseLambda(path, segTok)
		} else if !isFirst && name == "aggregate" && p.isAdjacent(tLParen) {
			return p.parseAggregateFunc(path, segTok)
		}
		if p.isAdjacent(tLParen) && seg.Filter == nil {
			if err := p.parseSegmentParens(&seg, segTok); err != nil {
				return nil, err
			}
		}
		if p.isAdjacent(tLParen) && seg.Filter != nil {
			if err := p.parseKeyGroup(&seg); err != nil {
				return nil, err
			}
		}
		path.Segments = append(path.Segments, seg)
		if !p.isAdjacent(tSlash) {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.ws || p.tok.kind != tIdent && p.tok.kind != tAt {
			return nil, p.unexpected("a name after '/'")
		}
		segTok = p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	s0 := path.Segments[0]
	switch {
	case s0.Name == "$root" && len(path.Segments) < 2:
		return nil, p.lx.errorf(int(s0.P)-p.lx.base, "expected '/' and an entity set after $root")
	case len(path.Segments) == 1 && strings.Contains(s0.Name, ".") && !s0.Call && first.kind == tIdent:
		// memberExpr: a qualified type name must be followed by "/" and a member
		return nil, p.unexpected("'/' or '(' after the qualified name '" + s0.Name + "'")
	}
	return path, nil
}

// parseSegmentParens parses the parenthesised part after a path segment:
// a key predicate or function parameters, optionally followed by a key
// predicate (`Fn(a=1)(2)`).
//
//	keyPredicate           = simpleKey / compoundKey
//	simpleKey              = OPEN ( parameterAlias / keyPropertyValue ) CLOSE
//	compoundKey            = OPEN keyValuePair *( COMMA keyValuePair ) CLOSE
//	functionExprParameters = OPEN [ BWS functionExprParameter *( BWS COMMA BWS functionExprParameter ) ] BWS CLOSE
//	functionExprParameter  = parameterName EQ ( parameterAlias / parameterValue )
func (p *parser) parseSegmentParens(seg *Segment, segTok token) error {
	qualified := segTok.kind == tIdent && strings.Contains(seg.Name, ".")
	if err := p.enter(); err != nil {
		return err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return err
	}
	if p.is(tRParen) { // Fn()
		seg.Call = true
		if err := p.advance(); err != nil {
			return err
		}
	} else {
		named, err := p.atNamedValue()
		if err != nil {
			return err
		}
		switch {
		case named:
			kv, err := p.parseNamedValues()
			if err != nil {
				return err
			}
			switch {
			case qualified:
				seg.Call, seg.Args = true, kv
			case p.isAdjacent(tLParen): // Fn(a=1)(2): parameters, then a key
				seg.Call, seg.Args = true, kv
			default:
				seg.Keys = kv
			}
		default: // a key, also after a type cast: Products/Model.Special(1)
			kv, err := p.parseKeyValue("")
			if err != nil {
				return err
			}
			seg.Keys = []KeyValue{kv}
			if err := p.expect(tRParen, "')'"); err != nil {
				return err
			}
		}
	}
	if seg.Call && p.isAdjacent(tLParen) {
		return p.parseKeyGroup(seg)
	}
	return nil
}

// parseKeyGroup parses a key predicate `(1)` or `(A=1,B=2)` into seg.Keys.
func (p *parser) parseKeyGroup(seg *Segment) error {
	if err := p.advance(); err != nil {
		return err
	}
	named, err := p.atNamedValue()
	if err != nil {
		return err
	}
	if named {
		seg.Keys, err = p.parseNamedValues()
		return err
	}
	kv, err := p.parseKeyValue("")
	if err != nil {
		return err
	}
	seg.Keys = []KeyValue{kv}
	return p.expect(tRParen, "')'")
}

// atNamedValue reports whether p.tok starts `Name=`.
func (p *parser) atNamedValue() (bool, error) {
	if p.tok.kind != tIdent || strings.ContainsAny(p.text(p.tok), ".$") {
		return false, nil
	}
	nt, err := p.peek()
	return err == nil && nt.kind == tEquals && !nt.ws, err
}

// parseNamedValues parses Name=value *( COMMA Name=value ) CLOSE.
func (p *parser) parseNamedValues() ([]KeyValue, error) {
	var out []KeyValue
	for {
		named, err := p.atNamedValue()
		if err != nil {
			return nil, err
		}
		if !named {
			return nil, p.unexpected("Name=value")
		}
		nameTok := p.tok
		if err := p.advance(); err != nil { // name
			return nil, err
		}
		if err := p.advance(); err != nil { // =
			return nil, err
		}
		kv, err := p.parseKeyValue(p.text(nameTok))
		if err != nil {
			return nil, err
		}
		kv.P = p.pos(nameTok)
		out = append(out, kv)
		if p.is(tRParen) {
			return out, p.advance()
		}
		if !p.is(tComma) {
			return nil, p.unexpected("',' or ')'")
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

// parseKeyValue parses the value of a key or parameter: a literal, an alias,
// a JSON array or object, or (for function parameters) any expression.
func (p *parser) parseKeyValue(name string) (KeyValue, error) {
	kv := KeyValue{P: p.pos(p.tok), Name: name}
	v, err := p.parseJSONValue()
	kv.Value = v
	return kv, err
}

// parseFilterSegment parses `$filter(boolCommonExpr)` after a collection.
//
//	filterExpr = %s"/$filter" OPEN boolCommonExpr CLOSE
func (p *parser) parseFilterSegment(seg *Segment) error {
	if !p.isAdjacent(tLParen) {
		return p.unexpected("'(' after $filter")
	}
	if err := p.enter(); err != nil {
		return err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return err
	}
	x, err := p.parseExpr(0)
	if err != nil {
		return err
	}
	seg.Filter = x
	return p.expect(tRParen, "')'")
}

// parseLambda parses `any(v: predicate)` or `all(v: predicate)` after path;
// p.tok is the '('.
//
//	anyExpr = "any" OPEN BWS [ lambdaVariableExpr BWS COLON BWS lambdaPredicateExpr ] BWS CLOSE
//	allExpr = "all" OPEN BWS   lambdaVariableExpr BWS COLON BWS lambdaPredicateExpr   BWS CLOSE
func (p *parser) parseLambda(path *MemberPath, kw token) (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	lam := &LambdaExpr{P: p.pos(kw), Path: path, All: p.text(kw) == "all"}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.is(tRParen) && !lam.All {
		return lam, p.advance()
	}
	if p.tok.kind != tIdent || strings.ContainsAny(p.text(p.tok), ".$") {
		return nil, p.unexpected("a lambda variable name")
	}
	lam.Variable = p.text(p.tok)
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tColon, "':' after the lambda variable"); err != nil {
		return nil, err
	}
	pred, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	lam.Predicate = pred
	return lam, p.expect(tRParen, "')'")
}

// parseCount parses `path/$count` with optional 4.01 options; p.tok is the
// token after $count.
//
//	collectionPathExpr = count [ OPEN expandCountOption *( SEMI expandCountOption ) CLOSE ] / …
//	expandCountOption  = filter / search
func (p *parser) parseCount(path *MemberPath, kw token) (Expr, error) {
	c := &CountExpr{P: p.pos(kw), Path: path}
	if !p.isAdjacent(tLParen) {
		return c, nil
	}
	o, err := p.parseNestedOptions(countOptions, "$count")
	if err != nil {
		return nil, err
	}
	c.Filter, c.Search = o.Filter, o.Search
	return c, nil
}
