package query

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// scanJSONString scans a double-quoted JSON string starting at q.
//
//	stringInUrl = quotation-mark *charInJSON quotation-mark
//	charInJSON  = qchar-unescaped / qchar-JSON-special / escape ( quotation-mark / escape / "/" / "b" / "f" / "n" / "r" / "t" / "u" 4HEXDIG )
func (l *lexer) scanJSONString(q int) (string, int, error) {
	var b strings.Builder
	i := q + 1
	for {
		j := strings.IndexAny(l.src[i:], "\"\\")
		if j < 0 {
			return "", len(l.src), l.errorf(q, "unterminated JSON string")
		}
		b.WriteString(l.src[i : i+j])
		i += j
		if l.src[i] == '"' {
			return b.String(), i + 1, nil
		}
		if i+1 >= len(l.src) {
			return "", i, l.errorf(i, "incomplete escape sequence")
		}
		switch c := l.src[i+1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, n, ok := jsonRune(l.src[i:])
			if !ok {
				return "", i, l.errorf(i, "invalid \\u escape")
			}
			b.WriteRune(r)
			i += n
			continue
		default:
			return "", i, l.errorf(i, "invalid escape sequence '\\%c'", c)
		}
		i += 2
	}
}

// jsonRune decodes \uXXXX (with a following low surrogate if needed).
func jsonRune(s string) (rune, int, bool) {
	hex4 := func(s string) (rune, bool) {
		if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(s[2:6], 16, 32)
		return rune(v), err == nil
	}
	r, ok := hex4(s)
	if !ok {
		return 0, 0, false
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex4(s[6:]); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12, true
			}
		}
		return utf8.RuneError, 6, true
	}
	return r, 6, true
}

// parseArray parses a JSON array of values; the current token is '['.
//
//	array      = begin-array [ valueInUrl *( value-separator valueInUrl ) ] end-array
//	valueInUrl = stringInUrl / commonExpr
func (p *parser) parseArray() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	list := &ListExpr{P: p.pos(p.tok), JSON: true, Items: []Expr{}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tRBracket {
		return list, p.advance()
	}
	for {
		v, err := p.parseJSONValue()
		if err != nil {
			return nil, err
		}
		list.Items = append(list.Items, v)
		switch p.tok.kind {
		case tComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
		case tRBracket:
			return list, p.advance()
		default:
			return nil, p.unexpected("',' or ']'")
		}
	}
}

// parseObject parses a JSON object; the current token is '{'.
//
//	object = begin-object [ member *( value-separator member ) ] end-object
//	member = stringInUrl name-separator valueInUrl
func (p *parser) parseObject() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	obj := &ObjectExpr{P: p.pos(p.tok)}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tRBrace {
		return obj, p.advance()
	}
	for {
		if p.tok.kind != tJSONStr {
			return nil, p.unexpected("a member name in double quotes")
		}
		m := ObjectMember{P: p.pos(p.tok), Name: p.tok.str}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind != tColon {
			return nil, p.unexpected("':'")
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		v, err := p.parseJSONValue()
		if err != nil {
			return nil, err
		}
		m.Value = v
		obj.Members = append(obj.Members, m)
		switch p.tok.kind {
		case tComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
		case tRBrace:
			return obj, p.advance()
		default:
			return nil, p.unexpected("',' or '}'")
		}
	}
}

// parseJSONValue parses valueInUrl = stringInUrl / commonExpr.
func (p *parser) parseJSONValue() (Expr, error) {
	if p.tok.kind == tJSONStr {
		lit := &Literal{P: p.pos(p.tok), Kind: LitString, Text: p.lx.src[p.tok.pos:p.tok.end], Value: p.tok.str}
		return lit, p.advance()
	}
	return p.parseExpr(0)
}
