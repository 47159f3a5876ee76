package query

import "strings"

// parseAggregate parses the items of aggregate(…); p.tok is the first token
// after '('.
//
//	aggregateTrafo = %s"aggregate" OPEN BWS aggregateExpr *( BWS COMMA BWS aggregateExpr ) BWS CLOSE
func (p *parser) parseAggregate(pos Pos) (Transformation, error) {
	t := &AggregateTrafo{P: pos}
	for {
		it, err := p.parseAggregateItem(true)
		if err != nil {
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

// parseAggregateItem parses one aggregateExpr.
//
//	aggregateExpr   = ( aggrPathPrefix / aggrCastPath ) nonprimAggWith [ aggregateFrom ] asAlias
//	                / aggregatableExpW [ aggregateFrom ] asAlias
//	                / aggregateCount [ aggregateFrom ] asAlias
//	                / aggregateCustom [ [ customFrom ] asAlias ]
//	aggregateCount  = %s"$count" / [ aggrCastPath "/" ] aggrPrimPath count / ( aggrPathPrefix / aggrCastPath ) count
//	aggregateCustom = [ ( aggrPathPrefix / aggrCastPath ) "/" ] customAggregate
//
// Without withAlias it parses aggregateFunctionExpr, which has no alias:
//
//	aggregateFunctionExpr = aggregatableExpW [ aggregateFrom ] / aggrPathPrefix nonprimAggWith [ aggregateFrom ]
//	                      / aggregateCount [ aggregateFrom ] / aggregateCustom [ customFrom ]
func (p *parser) parseAggregateItem(withAlias bool) (AggregateItem, error) {
	it := AggregateItem{P: p.pos(p.tok)}
	if p.tok.kind == tIdent && p.text(p.tok) == "$count" {
		it.Kind = AggCount
		if err := p.advance(); err != nil {
			return it, err
		}
	} else if ok, err := p.atCastWith(); err != nil || ok {
		if err != nil {
			return it, err
		}
		// aggrCastPath nonprimAggWith: a bare type cast before 'with'
		it.Expr = &MemberPath{Segments: []Segment{{P: p.pos(p.tok), Name: p.text(p.tok)}}}
		if err := p.advance(); err != nil {
			return it, err
		}
	} else {
		x, err := p.parseExpr(0)
		if err != nil {
			return it, err
		}
		it.Expr = x
		switch x.(type) {
		case *CountExpr:
			it.Kind = AggPathCount
		case *MemberPath:
			it.Kind = AggCustom // until 'with' follows
		default:
			it.Kind = AggWith
		}
	}
	if p.atWord("with") {
		if it.Kind == AggCount || it.Kind == AggPathCount {
			return it, p.unexpected("'as' after $count (a count takes no aggregation method)")
		}
		m, mpos, err := p.parseWith()
		if err != nil {
			return it, err
		}
		it.Kind, it.Method, it.MethodPos = AggWith, m, mpos
	} else if it.Kind == AggWith {
		return it, p.unexpected("'with' and an aggregation method")
	}
	custom := it.Kind == AggCustom
	for p.atWord("from") {
		f, err := p.parseFrom(custom)
		if err != nil {
			return it, err
		}
		it.From = append(it.From, f)
		if !custom && !p.atWord("from") {
			break
		}
	}
	if !withAlias {
		return it, nil
	}
	if custom && len(it.From) == 0 && !p.atWord("as") {
		return it, nil // aggregateCustom without alias
	}
	want := "'as' and an alias"
	if custom && len(it.From) == 0 {
		want = "'with' and an aggregation method, or 'as' and an alias"
	}
	var err error
	it.Alias, it.AliasPos, err = p.parseAsAlias(want)
	return it, err
}

// parseWith parses RWS "with" RWS aggregateMethod.
//
//	aggregateWith    = RWS %s"with" RWS aggregateMethod
//	aggregateMethod  = %s"sum" / %s"min" / %s"max" / %s"average" / nonprimAggMethod
//	nonprimAggMethod = %s"countdistinct" / namespace "." odataIdentifier
func (p *parser) parseWith() (string, Pos, error) {
	if err := p.advance(); err != nil { // with
		return "", 0, err
	}
	if !p.tok.ws || p.tok.kind != tIdent {
		return "", 0, p.unexpected("an aggregation method (sum, min, max, average, countdistinct or a custom method) after 'with'")
	}
	m, pos := p.text(p.tok), p.pos(p.tok)
	switch m {
	case "sum", "min", "max", "average", "countdistinct":
	default:
		if !strings.Contains(m, ".") {
			return "", 0, p.unexpected("an aggregation method (sum, min, max, average, countdistinct or a custom method) after 'with'")
		}
	}
	return m, pos, p.advance()
}

// parseFrom parses one from clause; in a custom aggregate (customFrom) the
// method is optional.
//
//	aggregateFrom = RWS %s"from" RWS groupingProperties aggregateWith [ aggregateFrom ]
//	customFrom    = RWS %s"from" RWS groupingProperties [ aggregateWith ] [ customFrom ]
func (p *parser) parseFrom(custom bool) (AggregateFrom, error) {
	f := AggregateFrom{P: p.pos(p.tok)}
	if err := p.advance(); err != nil { // from
		return f, err
	}
	if !p.tok.ws {
		return f, p.unexpected("a grouping property after 'from'")
	}
	props, err := p.parseGroupingProperties()
	if err != nil {
		return f, err
	}
	f.Properties = props
	if !p.atWord("with") {
		if custom {
			return f, nil
		}
		return f, p.unexpected("'with' and an aggregation method after the grouping properties of 'from'")
	}
	f.Method, f.MethodPos, err = p.parseWith()
	return f, err
}

// parseGroupingProperties parses groupingProperty *( BWS COMMA BWS groupingProperty ).
func (p *parser) parseGroupingProperties() ([]*MemberPath, error) {
	var out []*MemberPath
	for {
		m, err := p.parseDataPath("a grouping property")
		if err != nil {
			return nil, err
		}
		out = append(out, m)
		if !p.is(tComma) {
			return out, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

// parseGroupBy parses the arguments of groupby(…); p.tok is the first token
// after '('.
//
//	groupbyTrafo   = %s"groupby" OPEN BWS groupbyList [ BWS COMMA BWS applyExpr ] BWS CLOSE
//	groupbyList    = OPEN BWS groupbyElement *( BWS COMMA BWS groupbyElement ) BWS CLOSE
//	groupbyElement = groupingProperty / rollupLevels / rollupRecursive
func (p *parser) parseGroupBy(pos Pos) (Transformation, error) {
	t := &GroupByTrafo{P: pos}
	if err := p.expect(tLParen, "'(' and the grouping properties"); err != nil {
		return nil, err
	}
	for {
		el, err := p.parseGroupByElement()
		if err != nil {
			return nil, err
		}
		t.Elements = append(t.Elements, el)
		if !p.is(tComma) {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	if err := p.expect(tRParen, "',' or ')' after a grouping property"); err != nil {
		return nil, err
	}
	if !p.is(tComma) {
		return t, nil
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	a, err := p.parseApplyExpr()
	if err != nil {
		return nil, err
	}
	t.Then = a
	return t, nil
}

func (p *parser) parseGroupByElement() (GroupByElement, error) {
	if p.tok.kind == tIdent && (p.text(p.tok) == "rollup" || p.text(p.tok) == "rolluprecursive") {
		if nt, err := p.peek(); err != nil {
			return GroupByElement{}, err
		} else if nt.kind == tLParen && !nt.ws {
			r, err := p.parseRollup()
			return GroupByElement{Rollup: r}, err
		}
	}
	m, err := p.parseDataPath("a grouping property")
	return GroupByElement{Path: m}, err
}

// parseRollup parses rollup(…) or rolluprecursive(…); p.tok is the keyword.
//
//	rollupLevels      = %s"rollup" OPEN BWS ( rollupUnnamedHier / rollupNamedHier ) BWS CLOSE
//	rollupRecursive   = %s"rolluprecursive" OPEN BWS recHierReference BWS [ COMMA BWS preservingTrafos BWS ] CLOSE
//	rollupUnnamedHier = groupingProperty 1*( BWS COMMA BWS groupingProperty )
//	rollupNamedHier   = odataIdentifier
func (p *parser) parseRollup() (*Rollup, error) {
	r := &Rollup{P: p.pos(p.tok), Recursive: p.text(p.tok) == "rolluprecursive"}
	if err := p.advance(); err != nil { // keyword
		return nil, err
	}
	if err := p.advance(); err != nil { // (
		return nil, err
	}
	if r.Recursive {
		ref, err := p.parseHierarchyRef()
		if err != nil {
			return nil, err
		}
		r.Ref, r.Hierarchy = ref, ref.Qualifier
		if p.is(tComma) {
			if err := p.advance(); err != nil {
				return nil, err
			}
			if r.Then, err = p.parsePreserving(); err != nil {
				return nil, err
			}
		}
		return r, p.expect(tRParen, "')' to close rolluprecursive(")
	}
	paths, err := p.parseGroupingProperties()
	if err != nil {
		return nil, err
	}
	if len(paths) == 1 {
		if len(paths[0].Segments) != 1 || strings.Contains(paths[0].Segments[0].Name, ".") {
			return nil, p.lx.errorf(int(paths[0].Pos())-p.lx.base, "rollup needs a hierarchy name or at least two grouping properties")
		}
		r.Hierarchy = paths[0].Segments[0].Name
	} else {
		r.Paths = paths
	}
	return r, p.expect(tRParen, "',' or ')' to close rollup(")
}

// atCastWith reports whether p.tok is a qualified type name followed by
// 'with' (aggrCastPath nonprimAggWith).
func (p *parser) atCastWith() (bool, error) {
	if p.tok.kind != tIdent || !strings.Contains(p.text(p.tok), ".") {
		return false, nil
	}
	nt, err := p.peek()
	return err == nil && nt.ws && nt.kind == tIdent && p.lx.src[nt.pos:nt.end] == "with", err
}

// parseAggregateFunc parses `path/aggregate(…)`; p.tok is the '('.
//
//	collectionPathExpr =/ %s"/aggregate" OPEN BWS aggregateFunctionExpr BWS CLOSE
func (p *parser) parseAggregateFunc(path *MemberPath, kw token) (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.advance(); err != nil { // (
		return nil, err
	}
	it, err := p.parseAggregateItem(false)
	if err != nil {
		return nil, err
	}
	return &AggregateExpr{P: p.pos(kw), Path: path, Item: it}, p.expect(tRParen, "')' to close aggregate(")
}
