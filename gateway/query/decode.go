package query

import (
	"strings"
	"unicode/utf8"

	"odatagw/odataerr"
)

// text is percent-decoded input with a record of which bytes were written as
// %XX escapes. The grammar treats a few characters differently depending on
// whether they were escaped (a raw ';' separates nested options, an escaped
// one is part of a $search word).
type text struct {
	s   string
	esc []bool // nil when nothing was escaped; else esc[i] tells whether s[i] came from %XX
}

// decodePercent decodes %XX escapes of raw. A '+' stays a '+': OData URLs
// follow RFC 3986, where '+' is a literal plus (the expression lexer is
// lenient about '+' used as a separator between tokens, see skipSpace).
// target names the option for error messages.
func decodePercent(raw, target string) (text, error) {
	i := strings.IndexByte(raw, '%')
	if i < 0 {
		if !utf8.ValidString(raw) {
			return text{}, odataerr.Syntax(target, invalidUTF8At(raw), "invalid UTF-8 in %s", describeTarget(target))
		}
		return text{s: raw}, nil
	}
	buf := make([]byte, 0, len(raw))
	esc := make([]bool, 0, len(raw))
	buf = append(buf, raw[:i]...)
	for range i {
		esc = append(esc, false)
	}
	for ; i < len(raw); i++ {
		c := raw[i]
		if c != '%' {
			buf = append(buf, c)
			esc = append(esc, false)
			continue
		}
		if i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2]) {
			return text{}, odataerr.Syntax(target, len(buf), "invalid percent-encoding at position %d: '%%' must be followed by two hexadecimal digits", len(buf))
		}
		buf = append(buf, unhex(raw[i+1])<<4|unhex(raw[i+2]))
		esc = append(esc, true)
		i += 2
	}
	s := string(buf)
	if !utf8.ValidString(s) {
		return text{}, odataerr.Syntax(target, invalidUTF8At(s), "invalid UTF-8 in %s", describeTarget(target))
	}
	return text{s: s, esc: esc}, nil
}

func describeTarget(target string) string {
	if target == "" {
		return "the query"
	}
	return target
}

func invalidUTF8At(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
	}
	return 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
