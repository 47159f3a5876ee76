package query

import "strings"

// parseConcat parses the branches of concat(…).
//
//	concatTrafo = %s"concat" OPEN BWS applyExpr 1*( BWS COMMA BWS applyExpr ) BWS CLOSE
func (p *parser) parseConcat(pos Pos) (Transformation, error) {
	t := &ConcatTrafo{P: pos}
	for {
		a, err := p.parseApplyExpr()
		if err != nil {
			return nil, err
		}
		t.Branches = append(t.Branches, a)
		if !p.is(tComma) {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	if len(t.Branches) < 2 {
		return nil, p.unexpected("',' and a second transformation sequence (concat needs at least two)")
	}
	return t, nil
}

// parseRank parses topcount(…) and its siblings.
//
//	topcountTrafo = %s"topcount" OPEN BWS collectionExpr BWS COMMA BWS commonExpr BWS CLOSE
func (p *parser) parseRank(pos Pos, kind string) (Transformation, error) {
	n, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	if err := p.expect(tComma, "',' and the expression to rank by"); err != nil {
		return nil, err
	}
	v, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	return &RankTrafo{P: pos, Kind: kind, Amount: n, Value: v}, nil
}

// parseJoin parses the arguments of join(…) and outerjoin(…).
//
//	joinTrafo    = %s"join" OPEN BWS joinProperty asAlias [ BWS COMMA BWS applyExpr ] BWS CLOSE
//	joinProperty = complexColProperty / entityColNavigationProperty [ "/" optionallyQualifiedEntityTypeName ] / …AnnotationInQuery
func (p *parser) parseJoin(pos Pos, outer bool) (Transformation, error) {
	t := &JoinTrafo{P: pos, Outer: outer}
	var err error
	if t.Path, err = p.parseDataPath("a collection-valued property to join"); err != nil {
		return nil, err
	}
	if t.Alias, t.AliasPos, err = p.parseAsAlias("'as' and an alias"); err != nil {
		return nil, err
	}
	if p.is(tComma) {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if t.Then, err = p.parseApplyExpr(); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// parseNest parses nest(…) and addnested(…).
//
//	nestTrafo     = %s"nest" OPEN BWS nestApplyExpr BWS CLOSE
//	              / %s"addnested" OPEN BWS nestPath BWS COMMA BWS nestApplyExpr BWS CLOSE
//	nestApplyExpr = applyExpr asAlias *( BWS COMMA BWS applyExpr asAlias )
func (p *parser) parseNest(pos Pos, add bool) (Transformation, error) {
	t := &NestTrafo{P: pos}
	if add {
		var err error
		if t.Path, err = p.parseDataPath("a navigation or complex property path"); err != nil {
			return nil, err
		}
		if err := p.expect(tComma, "',' and the transformations to nest"); err != nil {
			return nil, err
		}
	}
	for {
		a, err := p.parseApplyExpr()
		if err != nil {
			return nil, err
		}
		it := NestItem{Apply: a}
		if it.Alias, it.AliasPos, err = p.parseAsAlias("'as' and an alias for the nested result"); err != nil {
			return nil, err
		}
		t.Items = append(t.Items, it)
		if !p.is(tComma) {
			return t, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

// parseHierarchyRef parses a recursive hierarchy reference.
//
//	recHierReference = rootExpr BWS COMMA BWS recHierQualifier BWS COMMA BWS recHierPropertyPath
func (p *parser) parseHierarchyRef() (*HierarchyRef, error) {
	ref := &HierarchyRef{}
	if p.tok.kind != tIdent || p.text(p.tok) != "$root" {
		return nil, p.unexpected("$root/ and the entity set of the hierarchy")
	}
	root, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	ref.Root = root
	if err := p.expect(tComma, "',' and the hierarchy qualifier"); err != nil {
		return nil, err
	}
	if p.tok.kind != tIdent || strings.ContainsAny(p.text(p.tok), ".$") {
		return nil, p.unexpected("the hierarchy qualifier")
	}
	ref.Qualifier = p.text(p.tok)
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tComma, "',' and the node property path"); err != nil {
		return nil, err
	}
	if ref.Node, err = p.parseDataPath("the node property path"); err != nil {
		return nil, err
	}
	return ref, nil
}

// parsePreserving parses preservingTrafos: an applyExpr whose every step
// preserves the input's structure.
//
//	preservingTrafos = preservingTrafo *( "/" preservingTrafo )
func (p *parser) parsePreserving() (*Apply, error) {
	a, err := p.parseApplyExpr()
	if err != nil {
		return nil, err
	}
	for _, st := range a.Steps {
		if _, custom := st.(*CustomTrafo); !custom && !preserving[st.Name()] {
			return nil, p.lx.errorf(int(st.Pos())-p.lx.base, "%s is not allowed here: only transformations that keep the input's structure (filter, search, orderby, top, skip, identity, …)", st.Name())
		}
	}
	return a, nil
}

// parseHierarchy parses ancestors(…), descendants(…) and traverse(…).
//
//	ancestorsTrafo = %s"ancestors" OPEN BWS recHierReference BWS COMMA BWS preservingTrafos BWS
//	                 [ COMMA BWS 1*DIGIT BWS ] [ COMMA BWS %s"keep start" BWS ] CLOSE
//	traverseTrafo  = %s"traverse" OPEN BWS recHierReference BWS COMMA BWS ( %s"preorder" / %s"postorder" ) BWS
//	                 [ COMMA BWS preservingTrafos BWS ] [ COMMA BWS orderbyItem *( BWS COMMA BWS orderbyItem ) BWS ] CLOSE
func (p *parser) parseHierarchy(pos Pos, kind string) (Transformation, error) {
	t := &HierarchyTrafo{P: pos, Kind: kind}
	ref, err := p.parseHierarchyRef()
	if err != nil {
		return nil, err
	}
	t.Ref = *ref
	if err := p.expect(tComma, "','"); err != nil {
		return nil, err
	}
	if kind == "traverse" {
		return t, p.parseTraverseRest(t)
	}
	if t.Then, err = p.parsePreserving(); err != nil {
		return nil, err
	}
	if !p.is(tComma) {
		return t, nil
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tLit {
		n, err := p.parseDigitsArg(kind + " (the maximum distance)")
		if err != nil {
			return nil, err
		}
		t.Distance = &n
		if !p.is(tComma) {
			return t, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	t.KeepStart = true
	return t, p.parseKeepStart()
}

// parseKeepStart parses %s"keep start".
func (p *parser) parseKeepStart() error {
	if p.tok.kind != tIdent || p.text(p.tok) != "keep" {
		return p.unexpected("a distance or 'keep start'")
	}
	if err := p.advance(); err != nil {
		return err
	}
	if !p.atWord("start") {
		return p.unexpected("'start' after 'keep'")
	}
	return p.advance()
}

func (p *parser) parseTraverseRest(t *HierarchyTrafo) error {
	if p.tok.kind != tIdent || p.text(p.tok) != "preorder" && p.text(p.tok) != "postorder" {
		return p.unexpected("preorder or postorder")
	}
	t.Order = p.text(p.tok)
	if err := p.advance(); err != nil {
		return err
	}
	if !p.is(tComma) {
		return nil
	}
	if err := p.advance(); err != nil {
		return err
	}
	if p.atTrafo() {
		var err error
		if t.Then, err = p.parsePreserving(); err != nil {
			return err
		}
		if !p.is(tComma) {
			return nil
		}
		if err := p.advance(); err != nil {
			return err
		}
	}
	items, err := p.parseOrderBy()
	t.OrderBy = items
	return err
}

// atTrafo reports whether p.tok starts a preserving transformation rather
// than an orderby item.
func (p *parser) atTrafo() bool {
	if p.tok.kind != tIdent {
		return false
	}
	name := p.text(p.tok)
	if name == "identity" {
		return true
	}
	nt, err := p.peek()
	return err == nil && nt.kind == tLParen && !nt.ws && (preserving[name] || strings.Contains(name, "."))
}

// parseCustomTrafo parses a custom function used as a transformation,
// including its closing parenthesis.
//
//	customFunction         = namespace "." ( entityColFunction / complexColFunction / primitiveColFunction ) functionExprParameters
//	functionExprParameters = OPEN [ BWS functionExprParameter *( BWS COMMA BWS functionExprParameter ) ] BWS CLOSE
func (p *parser) parseCustomTrafo(pos Pos, name string) (Transformation, error) {
	t := &CustomTrafo{P: pos, Function: name}
	if p.is(tRParen) {
		return t, p.advance()
	}
	args, err := p.parseNamedValues() // consumes the ')'
	if err != nil {
		return nil, err
	}
	t.Args = args
	return t, nil
}
