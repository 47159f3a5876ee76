package query

import "strings"

// checkCompute validates the syntax of a $compute value starting at start; the value itself
// stays raw text in Options.Compute until computed properties are bound.
//
//	compute          = ( "$compute" / "compute" ) EQ computeItem *( COMMA computeItem )
//	computeItem      = commonExpr RWS "as" RWS computedProperty
//	computedProperty = odataIdentifier
func checkCompute(t text, target string, base, start int) error {
	p := &parser{lx: newLexer(t, target, base)}
	p.lx.off = start
	if err := p.advance(); err != nil {
		return err
	}
	for {
		if _, err := p.parseExpr(0); err != nil {
			return err
		}
		if !p.tok.ws || !p.isWord("as") {
			return p.unexpected("'as' and the name of the computed property")
		}
		if err := p.advance(); err != nil {
			return err
		}
		if !p.tok.ws || p.tok.kind != tIdent || strings.ContainsAny(p.text(p.tok), ".$") {
			return p.unexpected("the name of the computed property")
		}
		if err := p.advance(); err != nil {
			return err
		}
		if !p.is(tComma) {
			return p.expectEnd("',' or the end of $compute")
		}
		if err := p.advance(); err != nil {
			return err
		}
	}
}
