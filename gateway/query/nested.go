package query

import (
	"strings"

	"odatagw/odataerr"
)

// parseOptionValue parses the value of an expression-valued option at p.tok.
func (p *parser) parseOptionValue(o *Options, id optID) error {
	switch id {
	case optFilter:
		x, err := p.parseExpr(0)
		if err != nil {
			return err
		}
		o.Filter = x
	case optOrderBy:
		items, err := p.parseOrderBy()
		if err != nil {
			return err
		}
		o.OrderBy = items
	case optSelect:
		items, err := p.parseSelect()
		if err != nil {
			return err
		}
		o.Select = items
	case optExpand:
		items, err := p.parseExpand()
		if err != nil {
			return err
		}
		o.Expand = items
	}
	return nil
}

// parseOrderBy parses orderbyItem *( COMMA orderbyItem ).
//
//	orderby     = ( "$orderby" / "orderby" ) EQ orderbyItem *( COMMA orderbyItem )
//	orderbyItem = commonExpr [ RWS ( "asc" / "desc" ) ]
func (p *parser) parseOrderBy() ([]OrderItem, error) {
	var items []OrderItem
	for {
		x, err := p.parseExpr(0)
		if err != nil {
			return nil, err
		}
		it := OrderItem{Expr: x}
		if p.tok.ws && (p.isWord("asc") || p.isWord("desc")) {
			it.Desc = p.isWord("desc")
			if err := p.advance(); err != nil {
				return nil, err
			}
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

// parseNestedOptions parses OPEN option *( SEMI option ) CLOSE after a
// $expand or $select item or a $count segment; p.tok is the '('. Options
// outside allowed are rejected; ctx names the context for messages.
//
//	expandOption = expandRefOption / select / expand / compute / levels / aliasAndValue
func (p *parser) parseNestedOptions(allowed optSet, ctx string) (*Options, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	o := &Options{}
	if err := p.advance(); err != nil {
		return nil, err
	}
	for {
		nameTok := p.tok
		name := p.text(nameTok)
		var id optID
		switch {
		case nameTok.kind == tAt && !strings.ContainsAny(name, ".#"):
			id = optAlias
		case nameTok.kind == tIdent:
			var ok bool
			if id, ok = lookupOption(name); !ok {
				return nil, p.lx.errorf(nameTok.pos, "unknown query option '%s' in %s", name, ctx)
			}
		default:
			return nil, p.unexpected("a query option")
		}
		if !allowed.has(id) {
			return nil, p.lx.errorf(nameTok.pos, "query option '%s' is not allowed here in %s", name, ctx)
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !p.isAdjacent(tEquals) {
			return nil, p.unexpected("'=' after " + name)
		}
		if err := p.nestedValue(o, id, name); err != nil {
			return nil, err
		}
		if id != optAlias && !o.setPresent(optNames[id]) {
			return nil, p.lx.errorf(nameTok.pos, "query option '%s' is given more than once in %s", optNames[id], ctx)
		}
		switch p.tok.kind {
		case tSemi:
			if err := p.advance(); err != nil {
				return nil, err
			}
		case tRParen:
			return o, p.advance()
		default:
			return nil, p.unexpected("';' or ')'")
		}
	}
}

// nestedValue parses the value of nested option id; p.tok is the '='.
func (p *parser) nestedValue(o *Options, id optID, name string) error {
	start := p.lx.off // just after '='
	switch id {
	case optSearch:
		s := newSearchParser(text{s: p.lx.src, esc: p.lx.esc}, p.lx.target, p.lx.base, true)
		s.off, s.depth = start, p.depth
		x, err := s.parse()
		if err != nil {
			return err
		}
		o.Search = x
		return p.resync(s.off)
	case optCompute, optApply:
		end := scanRawNested(p.lx.src, start)
		sub := text{s: p.lx.src[:end], esc: p.lx.esc}
		if id == optCompute {
			items, err := parseComputeText(sub, p.lx.target, p.lx.base, start)
			if err != nil {
				return err
			}
			o.ComputeItems = items
		} else {
			a, err := parseApplyText(sub, p.lx.target, p.lx.base, start)
			if err != nil {
				return err
			}
			o.ApplyTree = a
		}
		if err := o.setSimple(id, optNames[id], p.lx.src[start:end], p.lx.base+start); err != nil {
			return err
		}
		return p.resync(end)
	}
	if err := p.advance(); err != nil {
		return err
	}
	if p.tok.ws {
		return p.lx.errorf(start, "unexpected whitespace after '%s='", name)
	}
	switch id {
	case optFilter, optOrderBy, optSelect, optExpand:
		return p.parseOptionValue(o, id)
	case optAlias:
		x, err := p.parseExpr(0)
		if err != nil {
			return err
		}
		if o.Aliases == nil {
			o.Aliases = make(map[string]Expr)
		}
		if _, dup := o.Aliases[name[1:]]; dup {
			return p.lx.errorf(start, "parameter alias '%s' is given more than once", name)
		}
		o.Aliases[name[1:]] = x
		return nil
	}
	// single-token values: $top=5, $count=true, $levels=max
	v := p.text(p.tok)
	if p.tok.kind != tLit && p.tok.kind != tIdent {
		v = ""
	}
	if err := o.setSimple(id, optNames[id], v, p.lx.base+p.tok.pos); err != nil {
		if e := odataerr.As(err); e != nil {
			e.Target = p.lx.target
		}
		return err
	}
	return p.advance()
}

// scanRawNested returns the end of a raw nested option value starting at i:
// the first ';' or unbalanced ')' outside quotes.
func scanRawNested(s string, i int) int {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '\'':
			for i++; i < len(s) && !(s[i] == '\'' && (i+1 >= len(s) || s[i+1] != '\'')); i++ {
				if s[i] == '\'' {
					i++
				}
			}
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i
			}
			depth--
		case ';':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}
