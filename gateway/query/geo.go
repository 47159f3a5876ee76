package query

import (
	"strconv"
	"strings"
)

// geoChecker validates the text of a geography'…' or geometry'…' literal.
// Spatial values are not bound to SQL yet; the parser only checks syntax so
// that the binder can answer 501 for a well-formed literal.
//
//	fullPointLiteral = sridLiteral pointLiteral   (likewise for the other kinds)
//	sridLiteral      = "SRID" EQ 1*5DIGIT SEMI    (accepted as optional)
type geoChecker struct {
	s   string
	i   int
	pos int
	msg string
}

func checkGeo(s string) (int, string) {
	g := &geoChecker{s: s}
	if g.word("SRID") {
		if !g.byte('=') || !g.digits(1, 5) || !g.byte(';') {
			return g.pos, g.msg
		}
	}
	if !g.literal(0) {
		return g.pos, g.msg
	}
	if g.i != len(s) {
		return g.i, "unexpected text after the spatial value"
	}
	return 0, ""
}

func (g *geoChecker) fail(msg string) bool {
	if g.msg == "" {
		g.pos, g.msg = g.i, msg
	}
	return false
}

func (g *geoChecker) word(w string) bool {
	if len(g.s)-g.i >= len(w) && strings.EqualFold(g.s[g.i:g.i+len(w)], w) {
		g.i += len(w)
		return true
	}
	return false
}

func (g *geoChecker) byte(c byte) bool {
	if g.i < len(g.s) && g.s[g.i] == c {
		g.i++
		return true
	}
	return g.fail("expected '" + string(c) + "'")
}

func (g *geoChecker) peek(c byte) bool { return g.i < len(g.s) && g.s[g.i] == c }

func (g *geoChecker) digits(lo, hi int) bool {
	st := g.i
	for g.i < len(g.s) && isDigit(g.s[g.i]) {
		g.i++
	}
	if n := g.i - st; n < lo || n > hi {
		return g.fail("expected " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + " digits")
	}
	return true
}

// literal: geoLiteral = collectionLiteral / lineStringLiteral / multiPointLiteral
// / multiLineStringLiteral / multiPolygonLiteral / pointLiteral / polygonLiteral
func (g *geoChecker) literal(depth int) bool {
	if depth > MaxExprDepth {
		return g.fail("spatial value nested too deeply")
	}
	switch {
	case g.word("GeometryCollection"), g.word("Collection"):
		// collectionLiteral = "GeometryCollection(" geoLiteral *( COMMA geoLiteral ) CLOSE
		return g.list(false, func() bool { return g.literal(depth + 1) })
	case g.word("MultiLineString"):
		return g.list(true, g.lineString)
	case g.word("MultiPoint"):
		return g.list(true, g.pointData)
	case g.word("MultiPolygon"):
		return g.list(true, g.polygon)
	case g.word("LineString"):
		return g.lineString()
	case g.word("Point"):
		return g.pointData()
	case g.word("Polygon"):
		return g.polygon()
	}
	return g.fail("expected Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or Collection")
}

// list parses OPEN [ item *( COMMA item ) ] CLOSE (the items are required
// unless empty is true).
func (g *geoChecker) list(empty bool, item func() bool) bool {
	if !g.byte('(') {
		return false
	}
	if empty && g.peek(')') {
		g.i++
		return true
	}
	for {
		if !item() {
			return false
		}
		if g.peek(',') {
			g.i++
			continue
		}
		return g.byte(')')
	}
}

// pointData = OPEN positionLiteral CLOSE
func (g *geoChecker) pointData() bool { return g.byte('(') && g.position() && g.byte(')') }

// lineStringData = OPEN positionLiteral 1*( COMMA positionLiteral ) CLOSE
// (rings share the shape: ringLiteral = OPEN positionLiteral *( COMMA positionLiteral ) CLOSE)
func (g *geoChecker) lineString() bool { return g.list(false, g.position) }

// polygonData = OPEN ringLiteral *( COMMA ringLiteral ) CLOSE
func (g *geoChecker) polygon() bool { return g.list(false, g.lineString) }

// positionLiteral = doubleValue SP doubleValue [ SP doubleValue ] [ SP doubleValue ]
func (g *geoChecker) position() bool {
	for n := 0; ; n++ {
		if !g.double() {
			return false
		}
		if n == 3 || !g.peek(' ') {
			if n == 0 {
				return g.fail("expected a space and a second coordinate")
			}
			return true
		}
		g.i++
	}
}

func (g *geoChecker) double() bool {
	st := g.i
	if g.word("-INF") || g.word("INF") || g.word("NaN") {
		return true
	}
	if g.peek('-') || g.peek('+') {
		g.i++
	}
	for g.i < len(g.s) && (isDigit(g.s[g.i]) || g.s[g.i] == '.' || g.s[g.i] == 'e' || g.s[g.i] == 'E' ||
		(g.s[g.i] == '-' || g.s[g.i] == '+') && (g.s[g.i-1] == 'e' || g.s[g.i-1] == 'E')) {
		g.i++
	}
	if _, err := strconv.ParseFloat(g.s[st:g.i], 64); err != nil || g.i == st {
		g.i = st
		return g.fail("expected a number")
	}
	return true
}
