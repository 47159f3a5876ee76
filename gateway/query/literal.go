package query

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
)

// scanQuoted scans a single-quoted string starting at the quote at q and
// returns its content with ” unescaped and the offset after the closing quote.
//
//	stringLiteral    = SQUOTE *( SQUOTE-in-string / pchar-no-SQUOTE ) SQUOTE
//	SQUOTE-in-string = SQUOTE SQUOTE
func (l *lexer) scanQuoted(q int) (string, int, error) {
	i := q + 1
	escaped := false
	for {
		j := strings.IndexByte(l.src[i:], '\'')
		if j < 0 {
			return "", len(l.src), l.errorf(q, "unterminated string literal (a quote inside a string is written as two quotes '')")
		}
		i += j
		if i+1 < len(l.src) && l.src[i+1] == '\'' {
			escaped = true
			i += 2
			continue
		}
		inner := l.src[q+1 : i]
		if escaped {
			inner = strings.ReplaceAll(inner, "''", "'")
		}
		return inner, i + 1, nil
	}
}

// scanStringLit scans a string literal whose opening quote is at q.
func (l *lexer) scanStringLit(start, q int) (*Literal, int, error) {
	v, end, err := l.scanQuoted(q)
	if err != nil {
		return nil, end, err
	}
	return &Literal{P: Pos(l.base + start), Kind: LitString, Text: l.src[start:end], Value: v}, end, nil
}

// scanKeywordLiteral recognises the literals that look like identifiers:
// null, true, false, INF, NaN and the prefixed literals duration'…',
// binary'…', geography'…', geometry'…' and Namespace.EnumType'…'.
// ok is false when the identifier src[start:end] is no literal.
//
//	null    = %s"null"
//	boolean = "true" / "false"
//	nanInfinity = %s"NaN" / %s"-INF" / %s"INF"
func (l *lexer) scanKeywordLiteral(start, end int) (*Literal, int, bool, error) {
	word := l.src[start:end]
	lit := &Literal{P: Pos(l.base + start), Text: word}
	if end < len(l.src) && l.src[end] == '\'' {
		if !knownPrefix(word) {
			return nil, end, true, l.errorf(start, "unknown literal prefix '%s' (expected duration, binary, geography, geometry or a qualified enumeration type name)", word)
		}
		inner, qend, err := l.scanQuoted(end)
		if err != nil {
			return nil, qend, true, err
		}
		lit.Text = l.src[start:qend]
		return lit, qend, true, l.typedLiteral(lit, word, inner, end+1)
	}
	switch {
	case word == "null":
		lit.Kind = LitNull
	case strings.EqualFold(word, "true"):
		lit.Kind, lit.Value = LitBoolean, true
	case strings.EqualFold(word, "false"):
		lit.Kind, lit.Value = LitBoolean, false
	case word == "INF":
		lit.Kind, lit.Value = LitDouble, math.Inf(1)
	case word == "NaN":
		lit.Kind, lit.Value = LitDouble, math.NaN()
	default:
		return nil, end, false, nil
	}
	return lit, end, true, nil
}

func knownPrefix(w string) bool {
	for _, k := range []string{"duration", "binary", "geography", "geometry"} {
		if strings.EqualFold(w, k) {
			return true
		}
	}
	return strings.Contains(w, ".")
}

// typedLiteral fills lit for prefix'inner'; innerPos is the offset of inner.
//
//	durationLiteral = [ "duration" ] SQUOTE durationValue SQUOTE
//	binaryLiteral   = "binary" SQUOTE binaryValue SQUOTE
//	enumLiteral     = [ qualifiedEnumTypeName ] SQUOTE singleEnumLiteral *( COMMA singleEnumLiteral ) SQUOTE
//	geographyPoint  = geographyPrefix SQUOTE fullPointLiteral SQUOTE   (and the other geo literals)
func (l *lexer) typedLiteral(lit *Literal, prefix, inner string, innerPos int) error {
	switch {
	case strings.EqualFold(prefix, "duration"):
		d, pos, msg := parseDuration(inner)
		if msg != "" {
			return l.errorf(innerPos+pos, "invalid duration: %s", msg)
		}
		lit.Kind, lit.Value = LitDuration, d
	case strings.EqualFold(prefix, "binary"):
		b, pos, msg := parseBinary(inner)
		if msg != "" {
			return l.errorf(innerPos+pos, "invalid binary literal: %s", msg)
		}
		lit.Kind, lit.Value = LitBinary, b
	case strings.EqualFold(prefix, "geography"), strings.EqualFold(prefix, "geometry"):
		if pos, msg := checkGeo(inner); msg != "" {
			return l.errorf(innerPos+pos, "invalid %s literal: %s", strings.ToLower(prefix), msg)
		}
		lit.Kind, lit.Value = LitGeography, inner
		if strings.EqualFold(prefix, "geometry") {
			lit.Kind = LitGeometry
		}
	case strings.Contains(prefix, "."):
		if pos, msg := checkEnumMembers(inner); msg != "" {
			return l.errorf(innerPos+pos, "invalid enumeration literal: %s", msg)
		}
		lit.Kind, lit.Value = LitEnum, EnumValue{Type: prefix, Member: inner}
	default:
		return l.errorf(int(lit.P)-l.base, "unknown literal prefix '%s' (expected duration, binary, geography, geometry or a qualified enumeration type name)", prefix)
	}
	return nil
}

// checkEnumMembers validates singleEnumLiteral *( COMMA singleEnumLiteral ).
//
//	singleEnumLiteral = enumerationMember / int64Literal
func checkEnumMembers(s string) (int, string) {
	pos := 0
	for _, m := range strings.Split(s, ",") {
		switch {
		case m == "":
			return pos, "expected a member name or number"
		case m[0] == '-' || m[0] == '+' || isDigit(m[0]):
			d := m
			if m[0] == '-' || m[0] == '+' {
				d = m[1:]
			}
			if d == "" || strings.TrimLeft(d, "0123456789") != "" {
				return pos, "expected a member name or number"
			}
			if _, err := strconv.ParseInt(strings.TrimPrefix(m, "+"), 10, 64); err != nil {
				return pos, "number out of range"
			}
		default:
			lx := lexer{src: m}
			if lx.scanIdentChars(0) != len(m) || !isIdentStart(rune(m[0])) && m[0] < 0x80 {
				return pos, "expected a member name or number"
			}
		}
		pos += len(m) + 1
	}
	return 0, ""
}

// parseBinary decodes base64url text (padding optional); the standard
// alphabet ('+', '/') is accepted too.
//
//	binaryValue = *(4base64char) [ base64b16 / base64b8 ]
func parseBinary(s string) ([]byte, int, string) {
	t := strings.TrimRight(s, "=")
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '_' || c == '+' || c == '/') {
			return nil, i, "unexpected character in base64 data"
		}
	}
	if pad := len(s) - len(t); pad > 0 && (len(s)%4 != 0 || pad > 2) {
		return nil, len(t), "wrong padding"
	}
	t = strings.NewReplacer("+", "-", "/", "_").Replace(t)
	b, err := base64.RawURLEncoding.Strict().DecodeString(t)
	if err != nil {
		return nil, len(t), "base64 data has an invalid length or trailing bits"
	}
	return b, 0, ""
}

// parseDuration parses an xsd:dayTimeDuration.
//
//	durationValue = [ "-" ] "P" [ 1*DIGIT "D" ] [ "T" [ 1*DIGIT "H" ] [ 1*DIGIT "M" ] [ 1*DIGIT [ "." 1*DIGIT ] "S" ] ]
func parseDuration(s string) (time.Duration, int, string) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		neg, i = true, i+1
	}
	if i >= len(s) || s[i] != 'P' {
		return 0, i, "expected 'P'"
	}
	i++
	var total float64 // nanoseconds; checked against the Duration range below
	var exact int64
	units := "D"
	inTime, any := false, false
	for i < len(s) {
		if s[i] == 'T' && !inTime {
			inTime, units = true, "HMS"
			i++
			if i >= len(s) {
				return 0, i, "expected hours, minutes or seconds after 'T'"
			}
			continue
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return 0, i, "expected digits"
		}
		num := s[start:i]
		frac := ""
		if i < len(s) && s[i] == '.' {
			fs := i + 1
			for i = fs; i < len(s) && isDigit(s[i]); i++ {
			}
			if i == fs {
				return 0, i, "expected digits after '.'"
			}
			frac = s[fs:i]
		}
		if i >= len(s) {
			return 0, i, "expected a unit designator"
		}
		k := strings.IndexByte(units, s[i])
		if k < 0 || frac != "" && s[i] != 'S' {
			return 0, i, "unexpected '" + string(s[i]) + "' (years and months are not allowed; expected D, T, H, M or S in this order)"
		}
		units = units[k+1:]
		var unit time.Duration
		switch s[i] {
		case 'D':
			unit = 24 * time.Hour
		case 'H':
			unit = time.Hour
		case 'M':
			unit = time.Minute
		default:
			unit = time.Second
		}
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, start, "number out of range"
		}
		total += float64(n) * float64(unit)
		exact += n * int64(unit)
		if frac != "" {
			f, _ := strconv.ParseFloat("0."+frac, 64)
			ns := int64(math.Round(f * float64(time.Second)))
			total += float64(ns)
			exact += ns
		}
		i++
		any = true
	}
	if !any {
		return 0, i, "expected at least one component"
	}
	if total > float64(math.MaxInt64) {
		return 0, 0, "duration out of range"
	}
	if neg {
		exact = -exact
	}
	return time.Duration(exact), 0, ""
}

// canonicalDecimal strips a leading '+' and redundant leading zeros.
func canonicalDecimal(s string) metadata.Decimal {
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	for len(s) > 1 && s[0] == '0' && isDigit(s[1]) {
		s = s[1:]
	}
	if neg {
		s = "-" + s
	}
	return metadata.Decimal(s)
}
