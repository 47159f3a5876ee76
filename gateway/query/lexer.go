package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"odatagw/odataerr"
)

// tokKind is the kind of a lexical token of the expression grammar.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tIdent            // odataIdentifier, qualified name (Ns.Name) or $-name ($it, $count)
	tAt               // @alias, @Namespace.Term or @Term#Qualifier
	tLit              // primitive literal (tok.lit)
	tJSONStr          // "..." JSON string (tok.str)
	tLParen           // (
	tRParen           // )
	tLBracket         // [
	tRBracket         // ]
	tLBrace           // {
	tRBrace           // }
	tComma            // ,
	tSlash            // /
	tColon            // :
	tEquals           // =
	tSemi             // ;
	tStar             // *
	tMinus            // - (negation)
)

// token is one lexical token; pos and end are offsets into lexer.src.
type token struct {
	kind     tokKind
	pos, end int
	ws       bool // preceded by whitespace (RWS/BWS)
	lit      *Literal
	str      string
}

// lexer splits percent-decoded text into tokens on demand.
//
//	RWS = 1*( SP / HTAB / "%20" / "%09" )
//	BWS =  *( SP / HTAB / "%20" / "%09" )
type lexer struct {
	src    string
	esc    []bool
	off    int    // next byte to scan
	base   int    // added to every reported position (path segments)
	target string // option name for error messages
}

func newLexer(t text, target string, base int) lexer {
	return lexer{src: t.s, esc: t.esc, base: base, target: target}
}

// errorf returns a syntax error at offset pos of src.
func (l *lexer) errorf(pos int, format string, args ...any) *odataerr.Error {
	p := l.base + pos
	return odataerr.Syntax(l.target, p, "%s at position %d", fmt.Sprintf(format, args...), p)
}

// skipSpace skips BWS. A '+' is also skipped where the ABNF allows no '+'
// at all (clients that encode spaces form-style send `Name+eq+'x'` and
// `contains(Name,+'x')`): directly after the end of a token, or wherever it
// does not start a number. Reading it as a space there cannot change the
// meaning of a valid expression. A '+' before a number stays its sign (`+5`
// means 5 either way), and inside literals (`1e+3`, `+01:00`, strings) it is
// scanned with the literal.
func (l *lexer) skipSpace() bool {
	start := l.off
	for l.off < len(l.src) {
		switch c := l.src[l.off]; {
		case c == ' ' || c == '\t':
			l.off++
		case c == '+' && (l.off > 0 && endsToken(l.src[l.off-1]) || !l.startsNumber(l.off+1)):
			l.off++
		default:
			return l.off > start
		}
	}
	return l.off > start
}

func endsToken(c byte) bool {
	return isIdentByte(c) || c == '\'' || c == ')' || c == ']' || c == '}' || c == '"' || c == '+'
}

// next scans the next token.
func (l *lexer) next() (token, error) {
	ws := l.skipSpace()
	t := token{pos: l.off, ws: ws}
	if l.off >= len(l.src) {
		t.kind, t.end = tEOF, l.off
		return t, nil
	}
	c := l.src[l.off]
	if k, ok := punct[c]; ok {
		l.off++
		t.kind, t.end = k, l.off
		return t, nil
	}
	var err error
	switch {
	case c == '\'':
		t.kind = tLit
		t.lit, l.off, err = l.scanStringLit(l.off, l.off)
	case c == '"':
		t.kind = tJSONStr
		t.str, l.off, err = l.scanJSONString(l.off)
	case c == '@':
		t.kind = tAt
		l.off, err = l.scanAt(l.off)
	case c == '$':
		end := l.scanIdentChars(l.off + 1)
		if end == l.off+1 {
			return t, l.errorf(l.off, "expected a name after '$'")
		}
		t.kind, l.off = tIdent, end
	case c == '-' || c == '+' || isDigit(c):
		if c == '-' && !l.startsNumber(l.off+1) && !l.isWordAt(l.off+1, "INF") {
			l.off++
			t.kind = tMinus
			break
		}
		if c == '+' && !l.startsNumber(l.off+1) {
			return t, l.errorf(l.off, "unexpected '+'")
		}
		t.kind = tLit
		t.lit, l.off, err = l.scanNumeric(l.off)
	default:
		if isGUIDAt(l.src, l.off) {
			t.kind = tLit
			t.lit, l.off, err = l.scanGUID(l.off)
			break
		}
		r, _ := utf8.DecodeRuneInString(l.src[l.off:])
		if !isIdentStart(r) {
			return t, l.errorf(l.off, "unexpected character %s", quoteRune(r))
		}
		t.kind = tIdent
		l.off, err = l.scanQualifiedName(l.off)
		if err != nil {
			break
		}
		if lit, end, ok, lerr := l.scanKeywordLiteral(t.pos, l.off); ok || lerr != nil {
			t.kind, t.lit, l.off, err = tLit, lit, end, lerr
		}
	}
	t.end = l.off
	return t, err
}

var punct = map[byte]tokKind{
	'(': tLParen, ')': tRParen, '[': tLBracket, ']': tRBracket, '{': tLBrace, '}': tRBrace,
	',': tComma, '/': tSlash, ':': tColon, '=': tEquals, ';': tSemi, '*': tStar,
}

// isWordAt reports whether the identifier starting at i is exactly w.
func (l *lexer) isWordAt(i int, w string) bool {
	return strings.HasPrefix(l.src[i:], w) && l.scanIdentChars(i) == i+len(w)
}

func (l *lexer) startsNumber(i int) bool { return i < len(l.src) && isDigit(l.src[i]) }

// scanIdentChars returns the end of the identifier characters starting at i.
func (l *lexer) scanIdentChars(i int) int {
	for i < len(l.src) {
		c := l.src[i]
		if c < utf8.RuneSelf {
			if !isIdentByte(c) {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(l.src[i:])
		if !isIdentRune(r) {
			break
		}
		i += n
	}
	return i
}

// scanQualifiedName scans odataIdentifier *( "." odataIdentifier ). A dot
// not followed by an identifier is left unscanned.
//
//	odataIdentifier = identifierLeadingCharacter *127identifierCharacter
//	namespace       = namespacePart *( "." namespacePart )
func (l *lexer) scanQualifiedName(i int) (int, error) {
	for {
		end := l.scanIdentChars(i)
		if utf8.RuneCountInString(l.src[i:end]) > maxIdentifierLength {
			return end, l.errorf(i, "identifier longer than %d characters", maxIdentifierLength)
		}
		if end+1 < len(l.src) && l.src[end] == '.' {
			if r, _ := utf8.DecodeRuneInString(l.src[end+1:]); isIdentStart(r) {
				i = end + 1
				continue
			}
		}
		return end, nil
	}
}

// scanAt scans a parameter alias or an annotation name.
//
//	parameterAlias    = AT odataIdentifier
//	annotationInQuery = AT [ namespace "." ] termName [ HASH annotationQualifier ]
func (l *lexer) scanAt(i int) (int, error) {
	r, _ := utf8.DecodeRuneInString(l.src[i+1:])
	if !isIdentStart(r) {
		return i + 1, l.errorf(i+1, "expected a name after '@'")
	}
	end, err := l.scanQualifiedName(i + 1)
	if err != nil {
		return end, err
	}
	if end < len(l.src) && l.src[end] == '#' {
		q := l.scanIdentChars(end + 1)
		if q == end+1 {
			return q, l.errorf(q, "expected an annotation qualifier after '#'")
		}
		end = q
	}
	return end, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || isDigit(c) || c >= utf8.RuneSelf
}

// isIdentStart: identifierLeadingCharacter = ALPHA / "_" (plus Unicode L, Nl).
func isIdentStart(r rune) bool {
	return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.Is(unicode.Nl, r))
}

// isIdentRune: identifierCharacter = ALPHA / "_" / DIGIT (plus Unicode L, Nl, Nd, Mn, Mc, Pc, Cf).
func isIdentRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isIdentByte(byte(r))
	}
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Pc, unicode.Cf)
}

func quoteRune(r rune) string {
	if r == utf8.RuneError {
		return "(invalid UTF-8)"
	}
	return fmt.Sprintf("'%c'", r)
}

// describe renders a token for "expected X but found Y" messages.
func (l *lexer) describe(t token) string {
	if t.kind == tEOF {
		return "end of input"
	}
	s := l.src[t.pos:t.end]
	if utf8.RuneCountInString(s) > 24 {
		r := []rune(s)
		s = string(r[:24]) + "…"
	}
	return "'" + s + "'"
}
