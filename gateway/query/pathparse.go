package query

import (
	"strings"
	"unicode/utf8"

	"odatagw/odataerr"
)

const pathTarget = "resource path"

// ParsePath parses the resource path after the service root, still
// percent-encoded (`Orders(10248)/Customer`, `Customers('O”Neil')`,
// `$metadata`). A leading and a trailing '/' are ignored; an empty path is
// the service document. Positions refer to the percent-decoded path.
//
//	resourcePath = entitySetName [ collectionNavigation ] / singletonEntity [ singleNavigation ]
//	             / actionImportCall / …FunctionImportCall […] / crossjoin [ querySegment ]
//	             / %s"$all" [ "/" optionallyQualifiedEntityTypeName ]
//	odataRelativeUri = %s"$batch" … / %s"$entity" … / %s"$metadata" … / resourcePath …
//
// The parser does not know the model: a single parenthesised Name=value list
// is put into Keys (a compound key or function parameters, decided by the
// binder), and key-as-segment values (`Orders/10248`) that are not
// identifiers become segments with KeySegment set and the text as a string
// literal (the binder converts it to the key's type). A segment that looks
// like an identifier (`Employees/A1245`) stays a name.
func ParsePath(rawPath string) (*ResourcePath, error) {
	raw := strings.TrimPrefix(rawPath, "/")
	raw = strings.TrimSuffix(raw, "/")
	if raw == "" {
		return &ResourcePath{Kind: PathServiceDocument}, nil
	}
	if len(raw) > 3*MaxFilterLength {
		return nil, tooLong(pathTarget)
	}
	rp := &ResourcePath{Kind: PathResource}
	base := 0
	for i, rs := range strings.Split(raw, "/") {
		t, err := decodePercent(rs, pathTarget)
		if err != nil {
			if e := odataerr.As(err); e != nil && e.Pos >= 0 {
				e.Pos += base
			}
			return nil, err
		}
		if base+len(t.s) > MaxFilterLength {
			return nil, tooLong(pathTarget)
		}
		if t.s == "" {
			return nil, odataerr.Syntax(pathTarget, base, "empty path segment at position %d", base)
		}
		if i == 0 {
			switch t.s {
			case "$metadata":
				rp.Kind = PathMetadata
			case "$batch":
				rp.Kind = PathBatch
			case "$all":
				rp.Kind = PathAll
			case "$entity":
				rp.Kind = PathEntity
			}
			if rp.Kind != PathResource {
				base += len(t.s) + 1
				continue
			}
			if strings.HasPrefix(t.s, "$crossjoin") {
				segs, err := parseCrossjoin(t, base)
				if err != nil {
					return nil, err
				}
				rp.Kind, rp.Segments = PathCrossjoin, segs
				base += len(t.s) + 1
				continue
			}
		}
		if err := rp.addSegment(t, base, i == 0); err != nil {
			return nil, err
		}
		base += len(t.s) + 1
	}
	return rp, rp.check()
}

// addSegment parses one decoded path segment.
//
//	keyPredicate   = simpleKey / compoundKey / keyPathSegments
//	filterInPath   = %s"/$filter" OPEN boolCommonExpr CLOSE
//	count = %s"/$count"   ref = %s"/$ref"   value = %s"/$value"   each = %s"/$each"   querySegment = %s"/$query"
//	ordinalIndex   = "/" [ "-" ] 1*DIGIT
func (rp *ResourcePath) addSegment(t text, base int, first bool) error {
	switch t.s {
	case "$count", "$value", "$ref", "$each", "$query":
		if first {
			return odataerr.Syntax(pathTarget, base, "the path cannot start with %s at position %d", t.s, base)
		}
		rp.Segments = append(rp.Segments, PathSegment{P: Pos(base), Name: t.s})
		return nil
	}
	if !first && isKeySegment(t.s) {
		// key-as-segment or ordinal index: keyPathLiteral = *pchar
		lit := &Literal{P: Pos(base), Kind: LitString, Text: t.s, Value: t.s}
		rp.Segments = append(rp.Segments, PathSegment{P: Pos(base), Name: t.s, KeySegment: true,
			Keys: []KeyValue{{P: Pos(base), Value: lit}}})
		return nil
	}
	p, err := newParser(t, pathTarget, base)
	if err != nil {
		return err
	}
	if p.tok.kind != tIdent || p.tok.ws {
		return p.unexpected("a name")
	}
	name := p.text(p.tok)
	seg := PathSegment{P: p.pos(p.tok), Name: name}
	want := "'(' or '/'"
	switch {
	case first && strings.Contains(name, "."):
		return p.lx.errorf(strings.IndexByte(name, '.'), "expected an entity set, singleton or function import name, not a qualified name")
	case name == "$filter" && !first:
		if err := p.advance(); err != nil {
			return err
		}
		var s Segment
		if err := p.parseFilterSegment(&s); err != nil {
			return err
		}
		seg.Filter = s.Filter
	case strings.HasPrefix(name, "$"):
		return p.lx.errorf(p.tok.pos, "unknown path segment '%s'", name)
	default:
		if err := p.advance(); err != nil {
			return err
		}
		if p.isAdjacent(tLParen) {
			want = "'/': a segment takes one key or parameter list"
			s := Segment{Name: name}
			if err := p.parseSegmentParens(&s, token{kind: tIdent}); err != nil {
				return err
			}
			if err := checkKeyValues(p, s.Keys); err != nil {
				return err
			}
			if err := checkKeyValues(p, s.Args); err != nil {
				return err
			}
			seg.Keys, seg.Params = s.Keys, s.Args
			if s.Call && seg.Params == nil {
				seg.Params = []KeyValue{}
			}
			if strings.Contains(name, ".") && s.Call && s.Args == nil {
				seg.Params = []KeyValue{}
			}
		}
	}
	if err := p.expectEnd(want); err != nil {
		return err
	}
	rp.Segments = append(rp.Segments, seg)
	return nil
}

// isKeySegment reports whether a segment is a key-as-segment value or an
// ordinal index rather than a name: it does not start like a name, or it is
// no (qualified) identifier and has no parentheses (`O'Neil`, `Smartphone/Tablet`).
func isKeySegment(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if r == '$' || r == '@' {
		return false
	}
	if !isIdentStart(r) {
		return true
	}
	lx := lexer{src: s}
	end, err := lx.scanQualifiedName(0)
	return err == nil && end != len(s) && !strings.ContainsAny(s, "()")
}

// checkKeyValues enforces that key and parameter values in a path are
// literals or parameter aliases.
//
//	keyValuePair      = ( primitiveKeyProperty / keyPropertyAlias ) EQ ( parameterAlias / keyPropertyValue )
//	functionParameter = parameterName EQ ( parameterAlias / primitiveLiteral )
func checkKeyValues(p *parser, kvs []KeyValue) error {
	for _, kv := range kvs {
		switch kv.Value.(type) {
		case *Literal, *AliasExpr:
		default:
			return p.lx.errorf(int(kv.Value.Pos())-p.lx.base, "a key or parameter value in the path must be a literal or a parameter alias")
		}
	}
	return nil
}

// parseCrossjoin parses `$crossjoin(A,B)`; each entity set becomes a segment.
//
//	crossjoin = %s"$crossjoin" OPEN entitySetName *( COMMA entitySetName ) CLOSE
func parseCrossjoin(t text, base int) ([]PathSegment, error) {
	p, err := newParser(t, pathTarget, base)
	if err != nil {
		return nil, err
	}
	if p.text(p.tok) != "$crossjoin" {
		return nil, p.lx.errorf(0, "unknown path segment")
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if !p.isAdjacent(tLParen) {
		return nil, p.unexpected("'(' after $crossjoin")
	}
	var segs []PathSegment
	for {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind != tIdent || strings.ContainsAny(p.text(p.tok), ".$") {
			return nil, p.unexpected("an entity set name")
		}
		segs = append(segs, PathSegment{P: p.pos(p.tok), Name: p.text(p.tok)})
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.is(tRParen) {
			if err := p.advance(); err != nil {
				return nil, err
			}
			return segs, p.expectEnd("end of segment")
		}
		if !p.is(tComma) {
			return nil, p.unexpected("',' or ')'")
		}
	}
}

// check enforces the segment order rules the grammar states without the
// model: $count, $value, $ref and $query end the path; $metadata and $batch
// stand alone; $all and $entity take at most a type cast.
func (rp *ResourcePath) check() error {
	switch rp.Kind {
	case PathMetadata, PathBatch:
		if len(rp.Segments) > 0 {
			s := rp.Segments[0]
			return odataerr.Syntax(pathTarget, int(s.P), "unexpected segment '%s' at position %d", s.Name, s.P)
		}
	case PathAll, PathEntity:
		if len(rp.Segments) > 1 || len(rp.Segments) == 1 && (rp.Segments[0].Keys != nil || rp.Segments[0].Params != nil) {
			s := rp.Segments[len(rp.Segments)-1]
			return odataerr.Syntax(pathTarget, int(s.P), "only a type cast may follow $all or $entity, found '%s' at position %d", s.Name, s.P)
		}
	}
	for i, s := range rp.Segments[:max(len(rp.Segments)-1, 0)] {
		switch s.Name {
		case "$count", "$value", "$ref", "$query":
			n := rp.Segments[i+1]
			return odataerr.Syntax(pathTarget, int(n.P), "%s must be the last path segment, found '%s' at position %d", s.Name, n.Name, n.P)
		}
	}
	return nil
}
