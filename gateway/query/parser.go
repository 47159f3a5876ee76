package query

import (
	"strings"

	"odatagw/odataerr"
)

// parser is a recursive-descent parser over one lexer. Every parse function
// starts at p.tok and leaves p.tok at the first token after what it parsed.
type parser struct {
	lx    lexer
	tok   token
	depth int
}

func newParser(t text, target string, base int) (*parser, error) {
	p := &parser{lx: newLexer(t, target, base)}
	return p, p.advance()
}

func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// peek returns the token after p.tok without consuming anything.
func (p *parser) peek() (token, error) {
	save := p.lx.off
	t, err := p.lx.next()
	p.lx.off = save
	return t, err
}

// resync continues lexing at offset off (after a sub-parser that scans
// characters itself, such as $search).
func (p *parser) resync(off int) error {
	p.lx.off = off
	return p.advance()
}

func (p *parser) pos(t token) Pos           { return Pos(p.lx.base + t.pos) }
func (p *parser) text(t token) string       { return p.lx.src[t.pos:t.end] }
func (p *parser) is(k tokKind) bool         { return p.tok.kind == k }
func (p *parser) isAdjacent(k tokKind) bool { return p.tok.kind == k && !p.tok.ws }

// isWord reports whether p.tok is the identifier w (case-insensitive: 4.01
// services must accept operators in any case).
func (p *parser) isWord(w string) bool {
	return p.tok.kind == tIdent && strings.EqualFold(p.text(p.tok), w)
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxExprDepth {
		return p.lx.errorf(p.tok.pos, "expression nested more than %d levels deep", MaxExprDepth).WithCause(ErrTooDeep)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// unexpected reports that want was expected at p.tok.
func (p *parser) unexpected(want string) *odataerr.Error {
	return p.lx.errorf(p.tok.pos, "expected %s but found %s", want, p.lx.describe(p.tok))
}

// expect consumes a token of kind k (described as want).
func (p *parser) expect(k tokKind, want string) error {
	if p.tok.kind != k {
		return p.unexpected(want)
	}
	return p.advance()
}

// expectEnd checks that the whole input was consumed.
func (p *parser) expectEnd(want string) error {
	if p.tok.kind != tEOF {
		return p.unexpected(want)
	}
	return nil
}
