package query

import (
	"fmt"
	"strconv"
	"strings"

	"odatagw/odataerr"
)

// ParseQuery parses the raw (still percent-encoded) query string of a
// request: system query options, parameter aliases and custom options.
//
//	queryOptions = queryOption *( "&" queryOption )
//	queryOption  = systemQueryOption / aliasAndValue / nameAndValue / customQueryOption
//
// System option names are matched case-insensitively, with or without the
// '$' prefix (OData 4.01). A system option given twice is an error. Custom
// options (names not starting with '$' or '@') are kept as text in Custom; a
// custom option given twice keeps its first value. Empty pieces (`a&&b`, a
// trailing '&') are ignored.
func ParseQuery(rawQuery string) (*Options, error) {
	o := &Options{}
	if i := strings.IndexByte(rawQuery, '#'); i >= 0 {
		return nil, odataerr.Syntax("", i, "the character '#' must be percent-encoded (%%23) in a query string at position %d", i)
	}
	for piece := range strings.SplitSeq(rawQuery, "&") {
		if piece == "" {
			continue
		}
		rawName, rawValue, hasEq := strings.Cut(piece, "=")
		nt, err := decodePercent(rawName, "")
		if err != nil {
			return nil, err
		}
		name := nt.s
		switch {
		case strings.HasPrefix(name, "@"):
			if err := o.parseAlias(name, rawValue, hasEq); err != nil {
				return nil, err
			}
			continue
		case name == "":
			return nil, odataerr.Syntax("", 0, "a query option has no name")
		}
		id, ok := lookupOption(name)
		if !ok {
			if strings.HasPrefix(name, "$") {
				return nil, odataerr.Syntax(name, -1, "unknown system query option '%s'", name)
			}
			vt, err := decodePercent(rawValue, name)
			if err != nil {
				return nil, err
			}
			if o.Custom == nil {
				o.Custom = make(map[string]string)
			}
			if _, dup := o.Custom[name]; !dup {
				o.Custom[name] = vt.s
			}
			continue
		}
		canon := optNames[id]
		if !hasEq {
			return nil, odataerr.Syntax(canon, -1, "system query option '%s' needs a value ('%s=…')", name, name)
		}
		if !o.setPresent(canon) {
			return nil, odataerr.Syntax(canon, -1, "system query option '%s' is given more than once", canon)
		}
		if err := o.parseTopLevel(id, canon, rawValue); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// parseAlias parses `@name=value`.
//
//	aliasAndValue  = parameterAlias EQ parameterValue
//	parameterValue = arrayOrObject / commonExpr
func (o *Options) parseAlias(name, rawValue string, hasEq bool) error {
	lx := lexer{src: name}
	if end, err := lx.scanAt(0); err != nil || end != len(name) || strings.ContainsAny(name, ".#") {
		return odataerr.Syntax(name, -1, "invalid parameter alias name '%s'", name)
	}
	if !hasEq {
		return odataerr.Syntax(name, -1, "parameter alias '%s' needs a value", name)
	}
	if _, dup := o.Aliases[name[1:]]; dup {
		return odataerr.Syntax(name, -1, "parameter alias '%s' is given more than once", name)
	}
	t, err := decodeLimited(rawValue, name)
	if err != nil {
		return err
	}
	x, err := parseAliasValue(t, name)
	if err != nil {
		return err
	}
	if o.Aliases == nil {
		o.Aliases = make(map[string]Expr)
	}
	o.Aliases[name[1:]] = x
	return nil
}

// parseAliasValue parses a parameter alias value: an expression, a JSON
// array or object, or a parenthesised list of literals `(1,2,3)` (ListExpr),
// the form used with `X in @p`.
func parseAliasValue(t text, target string) (Expr, error) {
	p, err := newParser(t, target, 0)
	if err != nil {
		return nil, err
	}
	if p.is(tLParen) {
		save, saveTok := p.lx.off, p.tok
		start := p.pos(p.tok)
		if items, err := p.parseInList(); err == nil && len(items) != 1 && p.is(tEOF) {
			return &ListExpr{P: start, Items: items}, nil
		}
		p.lx.off, p.tok, p.depth = save, saveTok, 0
	}
	x, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	return x, p.expectEnd("an operator or the end of the value")
}

// decodeLimited percent-decodes an option value and enforces MaxFilterLength.
func decodeLimited(raw, target string) (text, error) {
	if len(raw) > 3*MaxFilterLength {
		return text{}, tooLong(target)
	}
	t, err := decodePercent(raw, target)
	if err != nil {
		return t, err
	}
	if len(t.s) > MaxFilterLength {
		return t, tooLong(target)
	}
	return t, nil
}

func tooLong(target string) error {
	return odataerr.Syntax(target, -1, "the value of %s is longer than %d characters", target, MaxFilterLength).WithCause(ErrTooLong)
}

// parseTopLevel parses the value of system option id.
func (o *Options) parseTopLevel(id optID, canon, rawValue string) error {
	t, err := decodeLimited(rawValue, canon)
	if err != nil {
		return err
	}
	switch id {
	case optFilter, optOrderBy, optSelect, optExpand:
		p, err := newParser(t, canon, 0)
		if err != nil {
			return err
		}
		if p.tok.ws {
			return p.lx.errorf(0, "unexpected whitespace at the start of %s", canon)
		}
		if err := p.parseOptionValue(o, id); err != nil {
			return err
		}
		return p.expectEnd(endWant[id])
	case optCompute:
		items, err := parseComputeText(t, canon, 0, 0)
		if err != nil {
			return err
		}
		o.ComputeItems = items
	case optApply:
		a, err := parseApplyText(t, canon, 0, 0)
		if err != nil {
			return err
		}
		o.ApplyTree = a
	case optSearch:
		s := newSearchParser(t, canon, 0, false)
		x, err := s.parse()
		if err != nil {
			return err
		}
		o.Search = x
		return nil
	}
	return o.setSimple(id, canon, t.s, 0)
}

var endWant = map[optID]string{
	optFilter:  "an operator or the end of $filter",
	optOrderBy: "',', 'asc', 'desc' or the end of $orderby",
	optSelect:  "',' or the end of $select",
	optExpand:  "',' or the end of $expand",
}

// setSimple sets an option whose value is a single word. pos is the offset
// of v in the option text, for errors.
func (o *Options) setSimple(id optID, canon, v string, pos int) error {
	bad := func(format string, args ...any) error {
		return odataerr.Syntax(canon, pos, "%s at position %d", fmt.Sprintf(format, args...), pos)
	}
	switch id {
	case optTop, optSkip:
		// top = ( "$top" / "top" ) EQ 1*DIGIT
		n, ok := parseDigits(v)
		if !ok {
			return bad("%s must be a non-negative integer, not '%s'", canon, clip(v))
		}
		if id == optTop {
			o.Top = &n
		} else {
			o.Skip = &n
		}
	case optIndex:
		// index = ( "$index" / "index" ) EQ [ "-" ] 1*DIGIT
		n, ok := parseDigits(strings.TrimPrefix(v, "-"))
		if !ok {
			return bad("$index must be an integer, not '%s'", clip(v))
		}
		if strings.HasPrefix(v, "-") {
			n = -n
		}
		o.Index = &n
	case optCount:
		// inlinecount = ( "$count" / "count" ) EQ boolean
		switch {
		case strings.EqualFold(v, "true"):
			b := true
			o.Count = &b
		case strings.EqualFold(v, "false"):
			b := false
			o.Count = &b
		default:
			return bad("$count must be true or false, not '%s'", clip(v))
		}
	case optLevels:
		// levels = ( "$levels" / "levels" ) EQ ( oneToNine *DIGIT / "max" )
		if strings.EqualFold(v, "max") {
			n := -1
			o.Levels = &n
			break
		}
		n, ok := parseDigits(v)
		if !ok || v[0] == '0' || n > 1<<20 {
			return bad("$levels must be a positive integer without leading zeros or max, not '%s'", clip(v))
		}
		lv := int(n)
		o.Levels = &lv
	case optFormat:
		// format = ( "$format" / "format" ) EQ ( "atom" / "json" / "xml" / 1*pchar "/" 1*pchar )
		typ, sub, slash := strings.Cut(v, "/")
		if !(strings.EqualFold(v, "json") || strings.EqualFold(v, "xml") || strings.EqualFold(v, "atom") ||
			slash && typ != "" && sub != "") {
			return bad("$format must be json, xml, atom or a media type such as application/json, not '%s'", clip(v))
		}
		o.Format = v
	case optSkipToken, optDeltaToken, optEntityID:
		// skiptoken = "$skiptoken" EQ 1*( qchar-no-AMP )
		if v == "" {
			return bad("%s must not be empty", canon)
		}
		switch id {
		case optSkipToken:
			o.SkipToken = v
		case optDeltaToken:
			o.DeltaToken = v
		default:
			o.ID = v
		}
	case optSchemaVersion:
		// schemaversion = ( "$schemaversion" / "schemaversion" ) EQ ( STAR / 1*unreserved )
		if v == "" || v != "*" && strings.TrimLeft(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") != "" {
			return bad("$schemaversion must be '*' or a version such as 1.0, not '%s'", clip(v))
		}
		o.SchemaVersion = v
	case optApply, optCompute:
		if strings.TrimSpace(v) == "" {
			return bad("%s must not be empty", canon)
		}
		if id == optApply {
			o.Apply = v
		} else {
			o.Compute = v
		}
	}
	return nil
}

// parseDigits parses 1*DIGIT as a non-negative int64.
func parseDigits(v string) (int64, bool) {
	if v == "" || strings.TrimLeft(v, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
