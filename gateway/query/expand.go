package query

import "strings"

// parseSelect parses selectItem *( COMMA selectItem ).
//
//	select     = ( "$select" / "select" ) EQ selectItem *( COMMA selectItem )
//	selectItem = STAR / allOperationsInSchema / selectProperty / optionallyQualifiedActionName
//	           / optionallyQualifiedFunctionName
//	           / ( optionallyQualifiedEntityTypeName / optionallyQualifiedComplexTypeName ) "/" ( selectProperty / … )
//	selectProperty = … / selectPath [ OPEN selectOption *( SEMI selectOption ) CLOSE / "/" selectProperty ]
//	allOperationsInSchema = namespace "." STAR
func (p *parser) parseSelect() ([]SelectItem, error) {
	items := []SelectItem{}
	for {
		it := SelectItem{P: p.pos(p.tok)}
		switch p.tok.kind {
		case tStar:
			it.Star = true
			if err := p.advance(); err != nil {
				return nil, err
			}
		case tIdent, tAt:
			if err := p.parseSelectPath(&it); err != nil {
				return nil, err
			}
		default:
			return nil, p.unexpected("a property name or '*'")
		}
		items = append(items, it)
		if !p.is(tComma) {
			return items, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

func (p *parser) parseSelectPath(it *SelectItem) error {
	for {
		t := p.tok
		name := p.text(t)
		if t.kind == tIdent && strings.HasPrefix(name, "$") {
			return p.lx.errorf(t.pos, "unexpected '%s' in $select", name)
		}
		if len(it.Path) == 0 && t.kind == tIdent && strings.HasPrefix(p.lx.src[t.end:], ".*") {
			it.Namespace = name
			return p.resync(t.end + 2)
		}
		it.Path = append(it.Path, name)
		if err := p.advance(); err != nil {
			return err
		}
		if !p.isAdjacent(tSlash) {
			break
		}
		if err := p.advance(); err != nil {
			return err
		}
		if p.tok.ws || p.tok.kind != tIdent && p.tok.kind != tAt {
			return p.unexpected("a property name after '/'")
		}
	}
	if !p.isAdjacent(tLParen) {
		return nil
	}
	opts, err := p.atNestedOptions()
	if err != nil {
		return err
	}
	if opts {
		o, err := p.parseNestedOptions(selectOptions, "$select")
		it.Options = o
		return err
	}
	// optionallyQualifiedFunctionName = [ namespace "." ] function [ OPEN parameterNames CLOSE ]
	if err := p.advance(); err != nil {
		return err
	}
	for {
		if p.tok.kind != tIdent || strings.ContainsAny(p.text(p.tok), ".$") {
			return p.unexpected("a parameter name")
		}
		it.Params = append(it.Params, p.text(p.tok))
		if err := p.advance(); err != nil {
			return err
		}
		if p.is(tRParen) {
			return p.advance()
		}
		if err := p.expect(tComma, "',' or ')'"); err != nil {
			return err
		}
	}
}

// atNestedOptions reports whether the '(' at p.tok opens nested options
// (`($filter=…`, `(@a=…`) rather than a list of parameter names.
func (p *parser) atNestedOptions() (bool, error) {
	save := p.lx.off
	defer func() { p.lx.off = save }()
	t1, err := p.lx.next()
	if err != nil {
		return false, err
	}
	if t1.kind == tAt {
		return true, nil
	}
	t2, err := p.lx.next()
	if err != nil {
		return false, err
	}
	return t1.kind == tIdent && t2.kind == tEquals, nil
}

// parseExpand parses expandItem *( COMMA expandItem ).
//
//	expand     = ( "$expand" / "expand" ) EQ expandItem *( COMMA expandItem )
//	expandItem = "$value" / expandPath / optionallyQualifiedEntityTypeName "/" expandPath
//	expandPath = ( STAR [ ref / OPEN levels CLOSE ]
//	             / ( navigationProperty / entityAnnotationInQuery ) [ "/" optionallyQualifiedEntityTypeName ]
//	               [ ref [ OPEN expandRefOption *( SEMI expandRefOption ) CLOSE ]
//	               / count [ OPEN expandCountOption *( SEMI expandCountOption ) CLOSE ]
//	               / OPEN expandOption *( SEMI expandOption ) CLOSE ]
//	             / ( complexProperty / complexColProperty / optionallyQualifiedComplexTypeName / complexAnnotationInQuery ) "/" expandPath
//	             / streamProperty )
func (p *parser) parseExpand() ([]ExpandItem, error) {
	items := []ExpandItem{}
	for {
		it, err := p.parseExpandItem()
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		if !p.is(tComma) {
			return items, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

func (p *parser) parseExpandItem() (ExpandItem, error) {
	it := ExpandItem{P: p.pos(p.tok)}
	if p.is(tIdent) && p.text(p.tok) == "$value" {
		it.Path = []string{"$value"}
		it.Options = &Options{}
		return it, p.advance()
	}
	for {
		switch t := p.tok; {
		case t.kind == tStar:
			it.Star = true
		case t.kind == tIdent && !strings.HasPrefix(p.text(t), "$"), t.kind == tAt:
			it.Path = append(it.Path, p.text(t))
		default:
			return it, p.unexpected("a navigation property or '*'")
		}
		if err := p.advance(); err != nil {
			return it, err
		}
		if !p.isAdjacent(tSlash) {
			break
		}
		if err := p.advance(); err != nil {
			return it, err
		}
		if p.is(tIdent) && (p.text(p.tok) == "$ref" || p.text(p.tok) == "$count" && !it.Star) {
			it.Ref, it.Count = p.text(p.tok) == "$ref", p.text(p.tok) == "$count"
			if err := p.advance(); err != nil {
				return it, err
			}
			break
		}
		if it.Star || p.tok.ws {
			return it, p.unexpected("$ref after '*/'")
		}
	}
	allowed, ctx := expandOptions, "$expand"
	switch {
	case it.Star && it.Ref:
		allowed = 0
	case it.Star:
		allowed = starOptions
	case it.Ref:
		allowed, ctx = refOptions, "$expand after /$ref"
	case it.Count:
		allowed, ctx = countOptions, "$expand after /$count"
	}
	if p.isAdjacent(tLParen) && allowed != 0 {
		o, err := p.parseNestedOptions(allowed, ctx)
		it.Options = o
		return it, err
	}
	it.Options = &Options{}
	return it, nil
}
