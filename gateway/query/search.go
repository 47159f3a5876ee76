package query

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"odatagw/odataerr"
)

// searchParser parses $search expressions directly from the characters (the
// expression lexer's tokens do not fit search words).
//
//	search     = ( "$search" / "search" ) EQ BWS ( searchExpr / searchExpr-incomplete )
//	searchExpr = ( searchParenExpr / searchNegateExpr / searchPhrase / searchWord ) [ searchOrExpr / searchAndExpr ]
//
// Precedence: NOT binds tighter than AND (explicit or juxtaposition), which
// binds tighter than OR. AND, OR and NOT (upper case) are operators only
// where an operator can stand; elsewhere they are words (`$search=AND OR`).
type searchParser struct {
	src    string
	esc    []bool
	off    int
	base   int
	target string
	nested bool // inside $expand(...): stop at ';' or an unbalanced ')'
	depth  int
}

func newSearchParser(t text, target string, base int, nested bool) *searchParser {
	return &searchParser{src: t.s, esc: t.esc, base: base, target: target, nested: nested}
}

func (s *searchParser) errorf(pos int, format string, args ...any) *odataerr.Error {
	p := s.base + pos
	return odataerr.Syntax(s.target, p, "%s at position %d", fmt.Sprintf(format, args...), p)
}

// parse parses the whole value (or, nested, up to ';' or ')').
func (s *searchParser) parse() (SearchExpr, error) {
	s.skipSpace()
	if s.off < len(s.src) && s.src[s.off] == '\'' {
		return s.parseIncomplete()
	}
	x, err := s.parseOr()
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.off < len(s.src) && !(s.nested && (s.src[s.off] == ';' || s.src[s.off] == ')')) {
		if s.src[s.off] == ';' {
			return nil, s.errorf(s.off, "';' must be percent-encoded (%%3B) in $search")
		}
		return nil, s.errorf(s.off, "unexpected %s in $search", s.describe(s.off))
	}
	return x, nil
}

// parseIncomplete parses a single-quoted search string, taken as one phrase.
//
//	searchExpr-incomplete = SQUOTE *( SQUOTE-in-string / qchar-no-AMP-SQUOTE / quotation-mark / SP ) SQUOTE
func (s *searchParser) parseIncomplete() (SearchExpr, error) {
	lx := lexer{src: s.src, base: s.base, target: s.target}
	start := s.off
	v, end, err := lx.scanQuoted(start)
	if err != nil {
		return nil, err
	}
	s.off = end
	s.skipSpace()
	if s.off < len(s.src) && !(s.nested && (s.src[s.off] == ';' || s.src[s.off] == ')')) {
		return nil, s.errorf(s.off, "unexpected %s after the quoted search string", s.describe(s.off))
	}
	if v == "" {
		return nil, s.errorf(start, "the search string is empty")
	}
	return &SearchTerm{P: Pos(s.base + start), Text: v, Phrase: true}, nil
}

func (s *searchParser) describe(i int) string {
	r, _ := utf8.DecodeRuneInString(s.src[i:])
	return fmt.Sprintf("'%c'", r)
}

func (s *searchParser) skipSpace() bool {
	st := s.off
	for s.off < len(s.src) && (s.src[s.off] == ' ' || s.src[s.off] == '\t') {
		s.off++
	}
	return s.off > st
}

// wordEnd returns the end of the search word starting at i (i itself when
// no word starts there).
//
//	searchWord = searchChar *( searchChar / SQUOTE )   ; no whitespace, parentheses, '"' or raw ';'
func (s *searchParser) wordEnd(i int) int {
	for j := i; ; j++ {
		if j >= len(s.src) {
			return j
		}
		switch c := s.src[j]; c {
		case ' ', '\t', '(', ')', '"':
			return j
		case ';':
			if !(s.esc != nil && s.esc[j]) {
				return j
			}
		case '\'':
			if j == i {
				return j
			}
		}
	}
}

// keywordAt reports whether the operator word kw stands at i and is followed
// by RWS and the start of an operand.
func (s *searchParser) keywordAt(i int, kw string) bool {
	if !strings.HasPrefix(s.src[i:], kw) || s.wordEnd(i) != i+len(kw) {
		return false
	}
	j := i + len(kw)
	k := j
	for k < len(s.src) && (s.src[k] == ' ' || s.src[k] == '\t') {
		k++
	}
	return k > j && s.operandAt(k)
}

func (s *searchParser) operandAt(i int) bool {
	return i < len(s.src) && (s.src[i] == '(' || s.src[i] == '"' || s.wordEnd(i) > i)
}

// parseOr: searchOrExpr = RWS %s"OR" RWS searchExpr
func (s *searchParser) parseOr() (SearchExpr, error) {
	left, err := s.parseAnd()
	if err != nil {
		return nil, err
	}
	for {
		save := s.off
		if !s.skipSpace() || !s.keywordAt(s.off, "OR") {
			s.off = save
			return left, nil
		}
		pos := s.off
		s.off += 2
		s.skipSpace()
		right, err := s.parseAnd()
		if err != nil {
			return nil, err
		}
		left = &SearchBinary{P: Pos(s.base + pos), Or: true, Left: left, Right: right}
	}
}

// parseAnd: searchAndExpr = RWS [ %s"AND" RWS ] searchExpr
func (s *searchParser) parseAnd() (SearchExpr, error) {
	left, err := s.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		save := s.off
		if !s.skipSpace() || !s.operandAt(s.off) || s.keywordAt(s.off, "OR") {
			s.off = save
			return left, nil
		}
		pos := s.off
		if s.keywordAt(s.off, "AND") {
			s.off += 3
			s.skipSpace()
		}
		right, err := s.parseUnary()
		if err != nil {
			return nil, err
		}
		left = &SearchBinary{P: Pos(s.base + pos), Left: left, Right: right}
	}
}

// parseUnary: searchNegateExpr = %s"NOT" RWS searchExpr, or a primary.
//
//	searchParenExpr = OPEN BWS searchExpr BWS CLOSE
//	searchPhrase    = quotation-mark 1*( qchar-no-AMP-DQUOTE / SP ) quotation-mark
func (s *searchParser) parseUnary() (SearchExpr, error) {
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > MaxExprDepth {
		return nil, s.errorf(s.off, "search expression nested more than %d levels deep", MaxExprDepth).WithCause(ErrTooDeep)
	}
	start := s.off
	if s.off >= len(s.src) {
		return nil, s.errorf(s.off, "expected a search term but found end of input")
	}
	switch c := s.src[s.off]; {
	case s.keywordAt(s.off, "NOT"):
		s.off += 3
		s.skipSpace()
		x, err := s.parseUnary()
		if err != nil {
			return nil, err
		}
		return &SearchNot{P: Pos(s.base + start), X: x}, nil
	case c == '(':
		s.off++
		s.skipSpace()
		x, err := s.parseOr()
		if err != nil {
			return nil, err
		}
		s.skipSpace()
		if s.off >= len(s.src) || s.src[s.off] != ')' {
			if s.off >= len(s.src) {
				return nil, s.errorf(s.off, "expected ')' but found end of input")
			}
			return nil, s.errorf(s.off, "expected ')' but found %s", s.describe(s.off))
		}
		s.off++
		return x, nil
	case c == '"':
		return s.parsePhrase()
	}
	end := s.wordEnd(s.off)
	if end == s.off {
		if s.src[s.off] == ';' {
			return nil, s.errorf(s.off, "';' must be percent-encoded (%%3B) in $search")
		}
		return nil, s.errorf(s.off, "expected a search term but found %s", s.describe(s.off))
	}
	s.off = end
	return &SearchTerm{P: Pos(s.base + start), Text: s.src[start:end]}, nil
}

// parsePhrase parses a double-quoted phrase; a backslash escapes '"' and '\'.
func (s *searchParser) parsePhrase() (SearchExpr, error) {
	start := s.off
	var b strings.Builder
	for i := start + 1; i < len(s.src); i++ {
		switch c := s.src[i]; {
		case c == '"':
			if b.Len() == 0 {
				return nil, s.errorf(start, "empty search phrase")
			}
			s.off = i + 1
			return &SearchTerm{P: Pos(s.base + start), Text: b.String(), Phrase: true}, nil
		case c == '\\' && i+1 < len(s.src) && (s.src[i+1] == '"' || s.src[i+1] == '\\'):
			b.WriteByte(s.src[i+1])
			i++
		case c == ';' && !(s.esc != nil && s.esc[i]) && s.nested:
			return nil, s.errorf(i, "';' must be percent-encoded (%%3B) in a search phrase")
		default:
			b.WriteByte(c)
		}
	}
	return nil, s.errorf(len(s.src), "expected '\"' to close the search phrase started at position %d but found end of input", s.base+start)
}
