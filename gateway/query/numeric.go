package query

import (
	"math"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
)

// scanNumeric scans a literal starting with a digit or a sign: a number, a
// date, a DateTimeOffset, a TimeOfDay or a GUID, or -INF.
//
//	decimalLiteral = [ SIGN ] 1*DIGIT [ "." 1*DIGIT ] [ "e" [ SIGN ] 1*DIGIT ] / nanInfinity
//	int64Literal   = [ SIGN ] 1*19DIGIT
//	date           = year "-" month "-" day
//	timeOfDayLiteral = hour COLON minute [ COLON second [ "." fractionalSeconds ] ]
func (l *lexer) scanNumeric(start int) (*Literal, int, error) {
	s := l.src
	if isGUIDAt(s, start) {
		return l.scanGUID(start)
	}
	i := start
	if s[i] == '-' && l.isWordAt(i+1, "INF") {
		return &Literal{P: Pos(l.base + start), Kind: LitDouble, Text: "-INF", Value: math.Inf(-1)}, i + 4, nil
	}
	if s[i] == '-' || s[i] == '+' {
		i++
	}
	d := i
	for d < len(s) && isDigit(s[d]) {
		d++
	}
	switch {
	case i == start && d-i == 2 && d < len(s) && s[d] == ':':
		return l.scanTimeOfDayLit(start)
	case s[start] != '+' && d-i >= 4 && d+1 < len(s) && s[d] == '-' && isDigit(s[d+1]):
		return l.scanDateLit(start)
	}
	return l.scanNumber(start)
}

func (l *lexer) scanNumber(start int) (*Literal, int, error) {
	s := l.src
	i := start
	if s[i] == '-' || s[i] == '+' {
		i++
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	kind := LitInt
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return nil, i, l.errorf(i, "expected a digit after the decimal point")
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		kind = LitDecimal
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return nil, i, l.errorf(i, "expected a digit in the exponent")
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		kind = LitDouble
	}
	if err := l.checkLiteralEnd(i); err != nil {
		return nil, i, err
	}
	txt := s[start:i]
	lit := &Literal{P: Pos(l.base + start), Kind: kind, Text: txt}
	switch kind {
	case LitInt:
		if v, err := strconv.ParseInt(strings.TrimPrefix(txt, "+"), 10, 64); err == nil {
			lit.Value = v
		} else {
			lit.Kind, lit.Value = LitDecimal, canonicalDecimal(txt)
		}
	case LitDecimal:
		lit.Value = canonicalDecimal(txt)
	case LitDouble:
		v, err := strconv.ParseFloat(txt, 64)
		if err != nil && math.IsInf(v, 0) {
			return nil, i, l.errorf(start, "number %s is out of the range of Edm.Double", txt)
		}
		lit.Value = v
	}
	return lit, i, nil
}

// checkLiteralEnd rejects a literal directly followed by a name character or
// a dot (`2x4`, `1.5.3`, `42abc`).
func (l *lexer) checkLiteralEnd(i int) error {
	if i < len(l.src) && (isIdentByte(l.src[i]) || l.src[i] == '.') {
		return l.errorf(i, "unexpected character '%c' after literal", l.src[i])
	}
	return nil
}

// isGUIDAt reports whether a GUID starts at i.
//
//	guid = 8HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 12HEXDIG
func isGUIDAt(s string, i int) bool {
	// Commit to a GUID once "8HEXDIG - 4HEXDIG -" is seen; scanGUID reports
	// the exact position of any later mismatch.
	if len(s)-i < 14 {
		return false
	}
	for k := range 14 {
		c := s[i+k]
		if k == 8 || k == 13 {
			if c != '-' {
				return false
			}
		} else if !isHex(c) {
			return false
		}
	}
	return true
}

func (l *lexer) scanGUID(start int) (*Literal, int, error) {
	s := l.src
	for k := range 36 {
		i := start + k
		if i >= len(s) {
			return nil, i, l.errorf(i, "incomplete GUID")
		}
		if k == 8 || k == 13 || k == 18 || k == 23 {
			if s[i] != '-' {
				return nil, i, l.errorf(i, "expected '-' in GUID")
			}
		} else if !isHex(s[i]) {
			return nil, i, l.errorf(i, "expected a hexadecimal digit in GUID")
		}
	}
	end := start + 36
	if err := l.checkLiteralEnd(end); err != nil {
		return nil, end, err
	}
	txt := s[start:end]
	return &Literal{P: Pos(l.base + start), Kind: LitGuid, Text: txt, Value: strings.ToLower(txt)}, end, nil
}

// digits checks that s[i] is a digit in [lo, hi] and returns its value.
func (l *lexer) digit(i int, lo, hi byte, what string) (int, error) {
	if i >= len(l.src) || l.src[i] < lo || l.src[i] > hi {
		return 0, l.errorf(i, "invalid %s", what)
	}
	return int(l.src[i] - '0'), nil
}

// twoDigits scans a two-digit field: the first digit in [lo1,hi1]; the
// second in [0,9] unless the first equals cap, then in [0,capHi].
func (l *lexer) twoDigits(i int, lo1, hi1, cap, capHi byte, what string) (int, error) {
	a, err := l.digit(i, lo1, hi1, what)
	if err != nil {
		return 0, err
	}
	lo2, hi2 := byte('0'), byte('9')
	if l.src[i] == cap {
		hi2 = capHi
	}
	if l.src[i] == '0' && what != "hour" && what != "minute" && what != "second" && what != "offset hour" {
		lo2 = '1' // month and day have no "00"
	}
	b, err := l.digit(i+1, lo2, hi2, what)
	return a*10 + b, err
}

func (l *lexer) expectByte(i int, c byte, what string) error {
	if i >= len(l.src) || l.src[i] != c {
		return l.errorf(i, "expected %s", what)
	}
	return nil
}

// scanDate scans a date and returns it with the offset after it.
//
//	year  = [ "-" ] ( "0" 3DIGIT / oneToNine 3*DIGIT )
//	month = "0" oneToNine / "1" ( "0" / "1" / "2" )
//	day   = "0" oneToNine / ( "1" / "2" ) DIGIT / "3" ( "0" / "1" )
func (l *lexer) scanDate(start int) (metadata.Date, int, error) {
	s, i := l.src, start
	if s[i] == '-' {
		i++
	}
	ys := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if s[ys] == '0' && i-ys != 4 {
		return metadata.Date{}, ys + 4, l.errorf(ys+4, "invalid year: a year starting with 0 has exactly four digits")
	}
	if i-ys > 9 {
		return metadata.Date{}, ys, l.errorf(ys, "year out of range")
	}
	y, _ := strconv.Atoi(s[ys:i])
	if s[start] == '-' {
		y = -y
	}
	if err := l.expectByte(i, '-', "'-' after the year"); err != nil {
		return metadata.Date{}, i, err
	}
	m, err := l.twoDigits(i+1, '0', '1', '1', '2', "month")
	if err != nil {
		return metadata.Date{}, i, err
	}
	if err := l.expectByte(i+3, '-', "'-' after the month"); err != nil {
		return metadata.Date{}, i, err
	}
	d, err := l.twoDigits(i+4, '0', '3', '3', '1', "day")
	if err != nil {
		return metadata.Date{}, i, err
	}
	if d > daysIn(time.Month(m), y) {
		return metadata.Date{}, i + 4, l.errorf(i+4, "invalid date: %s has no day %d", time.Month(m), d)
	}
	return metadata.Date{Year: y, Month: time.Month(m), Day: d}, i + 6, nil
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// scanTime scans hour COLON minute [ COLON second [ "." fractionalSeconds ] ].
//
//	hour   = ( "0" / "1" ) DIGIT / "2" ( "0" / "1" / "2" / "3" )
//	minute = zeroToFiftyNine
//	second = zeroToFiftyNine / "60"
//	fractionalSeconds = 1*12DIGIT
func (l *lexer) scanTime(i int) (metadata.TimeOfDay, int, error) {
	var t metadata.TimeOfDay
	var err error
	if t.Hour, err = l.twoDigits(i, '0', '2', '2', '3', "hour"); err != nil {
		return t, i, err
	}
	if err = l.expectByte(i+2, ':', "':' after the hour"); err != nil {
		return t, i, err
	}
	if t.Minute, err = l.twoDigits(i+3, '0', '5', '9', '9', "minute"); err != nil {
		return t, i, err
	}
	i += 5
	if i+1 < len(l.src) && l.src[i] == ':' && isDigit(l.src[i+1]) {
		if l.src[i+1] == '6' {
			if _, err = l.digit(i+2, '0', '0', "second"); err != nil {
				return t, i, err
			}
			t.Second = 60
		} else if t.Second, err = l.twoDigits(i+1, '0', '5', '9', '9', "second"); err != nil {
			return t, i, err
		}
		i += 3
		if i < len(l.src) && l.src[i] == '.' {
			fs := i + 1
			for i = fs; i < len(l.src) && isDigit(l.src[i]); i++ {
			}
			if i == fs || i-fs > 12 {
				return t, i, l.errorf(fs, "fractional seconds must have 1 to 12 digits")
			}
			frac := l.src[fs:i]
			if len(frac) > 9 {
				frac = frac[:9]
			}
			ns, _ := strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
			t.Nanosecond = ns
		}
	}
	return t, i, nil
}

func (l *lexer) scanTimeOfDayLit(start int) (*Literal, int, error) {
	t, end, err := l.scanTime(start)
	if err != nil {
		return nil, end, err
	}
	if err := l.checkLiteralEnd(end); err != nil {
		return nil, end, err
	}
	return &Literal{P: Pos(l.base + start), Kind: LitTimeOfDay, Text: l.src[start:end], Value: t}, end, nil
}

// scanDateLit scans a date or a DateTimeOffset.
//
//	dateTimeOffsetLiteral = date "T" timeOfDayLiteral ( "Z" / SIGN hour COLON minute )
func (l *lexer) scanDateLit(start int) (*Literal, int, error) {
	d, i, err := l.scanDate(start)
	if err != nil {
		return nil, i, err
	}
	lit := &Literal{P: Pos(l.base + start), Kind: LitDate, Value: d}
	if i < len(l.src) && (l.src[i] == 'T' || l.src[i] == 't') {
		t, j, err := l.scanTime(i + 1)
		if err != nil {
			return nil, j, err
		}
		loc := time.UTC
		switch {
		case j < len(l.src) && (l.src[j] == 'Z' || l.src[j] == 'z'):
			j++
		case j < len(l.src) && (l.src[j] == '+' || l.src[j] == '-'):
			oh, err := l.twoDigits(j+1, '0', '2', '2', '3', "offset hour")
			if err != nil {
				return nil, j, err
			}
			if err := l.expectByte(j+3, ':', "':' in the time zone offset"); err != nil {
				return nil, j, err
			}
			om, err := l.twoDigits(j+4, '0', '5', '9', '9', "minute")
			if err != nil {
				return nil, j, err
			}
			off := (oh*60 + om) * 60
			if l.src[j] == '-' {
				off = -off
			}
			loc = time.FixedZone("", off)
			j += 6
		default:
			return nil, j, l.errorf(j, "expected 'Z' or a time zone offset such as +01:00")
		}
		lit.Kind = LitDateTimeOffset
		lit.Value = time.Date(d.Year, d.Month, d.Day, t.Hour, t.Minute, t.Second, t.Nanosecond, loc)
		i = j
	}
	if err := l.checkLiteralEnd(i); err != nil {
		return nil, i, err
	}
	lit.Text = l.src[start:i]
	return lit, i, nil
}
