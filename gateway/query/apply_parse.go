package query

import (
	"strings"
)

// ParseApply parses the raw (still percent-encoded) value of $apply.
//
//	apply = ( "$apply" / "apply" ) EQ applyExpr
func ParseApply(rawValue string) (*Apply, error) {
	t, err := decodeLimited(rawValue, "$apply")
	if err != nil {
		return nil, err
	}
	return parseApplyText(t, "$apply", 0, 0)
}

// parseApplyText parses an applyExpr that fills t from offset start to its
// end; base is added to positions (nested options), target names the option
// for errors.
func parseApplyText(t text, target string, base, start int) (*Apply, error) {
	p := &parser{lx: newLexer(t, target, base)}
	p.lx.off = start
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.ws {
		return nil, p.unexpected("a transformation")
	}
	a, err := p.parseApplyExpr()
	if err != nil {
		return nil, err
	}
	return a, p.expectEnd("'/' and a transformation, or the end of $apply")
}

// parseApplyExpr parses applyTrafo *( "/" applyTrafo ).
//
//	applyExpr = applyTrafo *( "/" applyTrafo )
func (p *parser) parseApplyExpr() (*Apply, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	a := &Apply{P: p.pos(p.tok)}
	for {
		st, err := p.parseTrafo()
		if err != nil {
			return nil, err
		}
		a.Steps = append(a.Steps, st)
		if !p.isAdjacent(tSlash) {
			return a, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.ws {
			return nil, p.unexpected("a transformation after '/'")
		}
	}
}

// preserving lists the transformation keywords of preservingTrafo (custom
// functions, qualified names, are preserving too).
//
//	preservingTrafo = bottomcountTrafo / bottompercentTrafo / bottomsumTrafo / filterTrafo / identityTrafo
//	                / orderbyTrafo / searchTrafo / skipTrafo / topTrafo / topcountTrafo / toppercentTrafo
//	                / topsumTrafo / ancestorsTrafo / descendantsTrafo / traverseTrafo / customFunction
var preserving = map[string]bool{
	"bottomcount": true, "bottompercent": true, "bottomsum": true, "filter": true, "identity": true,
	"orderby": true, "search": true, "skip": true, "top": true, "topcount": true, "toppercent": true,
	"topsum": true, "ancestors": true, "descendants": true, "traverse": true,
}

var rankTrafos = map[string]bool{
	"topcount": true, "topsum": true, "toppercent": true, "bottomcount": true, "bottomsum": true, "bottompercent": true,
}

// parseTrafo parses one applyTrafo. Transformation names are case-sensitive
// (%s"…" in the ABNF).
//
//	applyTrafo = aggregateTrafo / computeTrafo / concatTrafo / groupbyTrafo / joinTrafo
//	           / nestTrafo / outerjoinTrafo / preservingTrafo
func (p *parser) parseTrafo() (Transformation, error) {
	if p.tok.kind != tIdent {
		return nil, p.unexpected("a transformation such as aggregate(…), groupby(…) or filter(…)")
	}
	nameTok := p.tok
	name := p.text(nameTok)
	pos := p.pos(nameTok)
	if err := p.advance(); err != nil {
		return nil, err
	}
	if name == "identity" {
		// identityTrafo = %s"identity"
		if p.isAdjacent(tLParen) {
			return nil, p.unexpected("'/', ',' or ')' after identity")
		}
		return &IdentityTrafo{P: pos}, nil
	}
	if !p.isAdjacent(tLParen) {
		if isTrafoName(name) {
			return nil, p.unexpected("'(' after " + name)
		}
		return nil, p.lx.errorf(nameTok.pos, "unknown transformation '%s'", name)
	}
	open := p.tok.end
	if err := p.advance(); err != nil {
		return nil, err
	}
	var (
		t   Transformation
		err error
	)
	switch {
	case name == "aggregate":
		t, err = p.parseAggregate(pos)
	case name == "groupby":
		t, err = p.parseGroupBy(pos)
	case name == "filter":
		var x Expr
		if x, err = p.parseExpr(0); err == nil {
			t = &FilterTrafo{P: pos, Cond: x}
		}
	case name == "search":
		t, err = p.parseSearchTrafo(pos, open)
	case name == "orderby":
		var items []OrderItem
		if items, err = p.parseOrderBy(); err == nil {
			t = &OrderByTrafo{P: pos, Items: items}
		}
	case name == "top" || name == "skip":
		var n int64
		if n, err = p.parseDigitsArg(name); err == nil {
			if name == "top" {
				t = &TopTrafo{P: pos, N: n}
			} else {
				t = &SkipTrafo{P: pos, N: n}
			}
		}
	case name == "compute":
		var items []ComputeItem
		if items, err = p.parseComputeItems(false); err == nil {
			t = &ComputeTrafo{P: pos, Items: items}
		}
	case name == "concat":
		t, err = p.parseConcat(pos)
	case rankTrafos[name]:
		t, err = p.parseRank(pos, name)
	case name == "join" || name == "outerjoin":
		t, err = p.parseJoin(pos, name == "outerjoin")
	case name == "nest" || name == "addnested":
		t, err = p.parseNest(pos, name == "addnested")
	case name == "ancestors" || name == "descendants" || name == "traverse":
		t, err = p.parseHierarchy(pos, name)
	case strings.Contains(name, "."):
		return p.parseCustomTrafo(pos, name)
	default:
		return nil, p.lx.errorf(nameTok.pos, "unknown transformation '%s'", name)
	}
	if err != nil {
		return nil, err
	}
	return t, p.expect(tRParen, "')' to close "+name+"(")
}

func isTrafoName(name string) bool {
	switch name {
	case "aggregate", "groupby", "compute", "concat", "join", "outerjoin", "nest", "addnested":
		return true
	}
	return preserving[name]
}

// parseDigitsArg parses the 1*DIGIT argument of top and skip.
//
//	topTrafo = %s"top" OPEN BWS 1*DIGIT BWS CLOSE
func (p *parser) parseDigitsArg(name string) (int64, error) {
	if p.tok.kind == tLit {
		if n, ok := parseDigits(p.text(p.tok)); ok {
			return n, p.advance()
		}
	}
	return 0, p.unexpected("a non-negative integer as the argument of " + name)
}

// parseSearchTrafo parses the argument of search(…); open is the offset just
// after '('.
//
//	searchTrafo = %s"search" OPEN BWS ( searchExpr / searchExpr-incomplete ) BWS CLOSE
func (p *parser) parseSearchTrafo(pos Pos, open int) (Transformation, error) {
	s := newSearchParser(text{s: p.lx.src, esc: p.lx.esc}, p.lx.target, p.lx.base, true)
	s.off, s.depth = open, p.depth
	x, err := s.parse()
	if err != nil {
		return nil, err
	}
	if err := p.resync(s.off); err != nil {
		return nil, err
	}
	return &SearchTrafo{P: pos, Search: x}, nil
}

// parseComputeItems parses computeExpr *( COMMA computeExpr ) of the
// compute transformation (%s"as", case-sensitive) or computeItem *( COMMA
// computeItem ) of $compute (fold: "as" in any case, as the core ABNF's
// quoted strings are case-insensitive).
//
//	computeExpr = commonExpr asAlias
//	computeItem = commonExpr RWS "as" RWS computedProperty
func (p *parser) parseComputeItems(fold bool) ([]ComputeItem, error) {
	var items []ComputeItem
	for {
		it := ComputeItem{P: p.pos(p.tok)}
		x, err := p.parseExpr(0)
		if err != nil {
			return nil, err
		}
		it.Expr = x
		if fold && p.tok.ws && p.isWord("as") {
			it.Alias, it.AliasPos, err = p.parseAlias()
		} else {
			it.Alias, it.AliasPos, err = p.parseAsAlias("'as' and the name of the computed property")
		}
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

// atWord reports whether p.tok is the case-sensitive keyword w preceded by
// whitespace (RWS %s"w").
func (p *parser) atWord(w string) bool {
	return p.tok.ws && p.tok.kind == tIdent && p.text(p.tok) == w
}

// parseAsAlias parses RWS "as" RWS alias; want describes what is missing.
//
//	asAlias         = RWS %s"as" RWS expressionAlias
//	expressionAlias = odataIdentifier
func (p *parser) parseAsAlias(want string) (string, Pos, error) {
	if !p.atWord("as") {
		return "", 0, p.unexpected(want)
	}
	return p.parseAlias()
}

// parseAlias parses the keyword "as" at p.tok and the RWS expressionAlias
// after it.
func (p *parser) parseAlias() (string, Pos, error) {
	if err := p.advance(); err != nil {
		return "", 0, err
	}
	if !p.tok.ws || p.tok.kind != tIdent || strings.ContainsAny(p.text(p.tok), ".$") {
		return "", 0, p.unexpected("an alias (a simple identifier) after 'as'")
	}
	name, pos := p.text(p.tok), p.pos(p.tok)
	return name, pos, p.advance()
}

// parseDataPath parses a data aggregation path: property names, navigation
// properties and type casts separated by '/', without keys, calls,
// annotations or $-segments (term casts and annotations are not allowed in
// data aggregation paths; the binder checks what each segment is).
//
//	aggrPrimPath     = aggrPropStep "/" aggrPrimPath / primitiveProperty / primitiveColProperty / streamProperty
//	groupingProperty = [ aggrCastPath "/" ] ( snglPrimPath / snglPropPath )
func (p *parser) parseDataPath(what string) (*MemberPath, error) {
	if p.tok.kind != tIdent || strings.HasPrefix(p.text(p.tok), "$") {
		return nil, p.unexpected(what)
	}
	first := p.tok
	if err := p.advance(); err != nil {
		return nil, err
	}
	x, err := p.parsePath(first)
	if err != nil {
		return nil, err
	}
	m, ok := x.(*MemberPath)
	if !ok {
		return nil, p.lx.errorf(int(x.Pos())-p.lx.base, "expected %s", what)
	}
	for _, s := range m.Segments {
		if s.Call || s.Keys != nil || s.Filter != nil || strings.HasPrefix(s.Name, "@") || strings.HasPrefix(s.Name, "$") {
			return nil, p.lx.errorf(int(s.P)-p.lx.base, "'%s' is not allowed in a data aggregation path", s.Name)
		}
	}
	return m, nil
}
