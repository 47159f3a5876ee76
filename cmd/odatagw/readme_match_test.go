package main

// The README shows answers as JSON with "…" for what it leaves out: a value
// (`"@odata.count":…`), further members or elements (`,…}` `,…]`), or part of
// a string (`"…/$metadata#Orders"`). shownJSON parses that form; match checks
// that everything shown is in the actual answer.

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

const ellipsis = "…"

// elided stands for a "…" value or member.
type elided struct{}

// shownMember keeps an object's members in order.
type shownObject struct {
	keys []string
	vals map[string]any
}

// volatileKeys are values the README shows that differ from run to run.
var volatileKeys = map[string]string{"latency_ms": "a ping's round trip"}

type shownParser struct {
	s   string
	pos int
}

func parseShown(s string) (v any, err error) {
	p := &shownParser{s: s}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("at %d of %q: %v", p.pos, s, r)
		}
	}()
	v = p.value()
	p.space()
	if p.pos != len(p.s) {
		panic("trailing text")
	}
	return v, nil
}

func (p *shownParser) space() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *shownParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func (p *shownParser) value() any {
	switch {
	case p.eat(ellipsis):
		return elided{}
	case p.eat("{"):
		o := shownObject{vals: map[string]any{}}
		for !p.eat("}") {
			if len(o.keys) > 0 || len(o.vals) > 0 {
				p.eat(",")
			}
			if p.eat(ellipsis) {
				o.vals[ellipsis] = elided{}
				continue
			}
			k := p.str()
			if !p.eat(":") {
				panic("expected :")
			}
			o.keys = append(o.keys, k)
			o.vals[k] = p.value()
		}
		return o
	case p.eat("["):
		var a []any
		for !p.eat("]") {
			if len(a) > 0 && !p.eat(",") {
				panic("expected , or ]")
			}
			a = append(a, p.value())
		}
		return a
	case p.eat("null"):
		return nil
	case p.eat("true"):
		return true
	case p.eat("false"):
		return false
	}
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '"' {
		return p.str()
	}
	start := p.pos
	for p.pos < len(p.s) && strings.IndexByte("-+.eE0123456789", p.s[p.pos]) >= 0 {
		p.pos++
	}
	if start == p.pos {
		panic("expected a value")
	}
	return json.Number(p.s[start:p.pos])
}

func (p *shownParser) str() string {
	p.space()
	if p.pos >= len(p.s) || p.s[p.pos] != '"' {
		panic("expected a string")
	}
	end := p.pos + 1
	for end < len(p.s) && p.s[end] != '"' {
		if p.s[end] == '\\' {
			end++
		}
		end++
	}
	s, err := strconv.Unquote(p.s[p.pos : end+1])
	if err != nil {
		panic(err)
	}
	p.pos = end + 1
	return s
}

// match reports where actual (decoded with UseNumber) lacks what shown shows.
func match(path string, shown, actual any) []string {
	switch s := shown.(type) {
	case elided:
		return nil
	case shownObject:
		a, ok := actual.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: an object is shown, the answer has %v", path, actual)}
		}
		var diffs []string
		for _, k := range s.keys {
			av, ok := a[k]
			switch {
			case !ok:
				diffs = append(diffs, fmt.Sprintf("%s: member %q is shown, the answer has none", path, k))
			case volatileKeys[k] != "":
			default:
				diffs = append(diffs, match(path+"."+k, s.vals[k], av)...)
			}
		}
		return diffs
	case []any:
		a, ok := actual.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: an array is shown, the answer has %v", path, actual)}
		}
		j := 0
		for i, e := range s {
			if _, ok := e.(elided); ok {
				continue
			}
			if j >= len(a) {
				return []string{fmt.Sprintf("%s[%d]: shown, the answer has %d element(s)", path, i, len(a))}
			}
			if d := match(fmt.Sprintf("%s[%d]", path, j), e, a[j]); d != nil {
				return d
			}
			j++
		}
		return nil
	case string:
		a, ok := actual.(string)
		if !ok || !matchElided(s, a) {
			return []string{fmt.Sprintf("%s: %q is shown, the answer has %v", path, s, actual)}
		}
		return nil
	case json.Number:
		a, ok := actual.(json.Number)
		sf, _ := s.Float64()
		af, _ := a.Float64()
		if !ok || sf != af {
			return []string{fmt.Sprintf("%s: %s is shown, the answer has %v", path, s, actual)}
		}
		return nil
	default:
		if shown != actual {
			return []string{fmt.Sprintf("%s: %v is shown, the answer has %v", path, shown, actual)}
		}
		return nil
	}
}

// matchElided matches a string in which "…" stands for any text.
func matchElided(shown, actual string) bool {
	parts := strings.Split(shown, ellipsis)
	if len(parts) == 1 {
		return shown == actual
	}
	if !strings.HasPrefix(actual, parts[0]) || !strings.HasSuffix(actual[len(parts[0]):], parts[len(parts)-1]) {
		return false
	}
	rest := actual[len(parts[0]) : len(actual)-len(parts[len(parts)-1])]
	for _, mid := range parts[1 : len(parts)-1] {
		k := strings.Index(rest, mid)
		if k < 0 {
			return false
		}
		rest = rest[k+len(mid):]
	}
	return true
}

func TestShownJSONMatch(t *testing.T) {
	shown, err := parseShown(`{"ctx":"…/$metadata#X","n":…,"value":[{"a":1,…},…],"s":200,…,"b":"5"}`)
	if err != nil {
		t.Fatal(err)
	}
	decode := func(s string) any {
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	good := decode(`{"ctx":"http://h/$metadata#X","n":3,"value":[{"a":1.0,"z":2},{"a":3}],"s":200,"q":1,"b":"5"}`)
	if d := match("$", shown, good); d != nil {
		t.Errorf("should match: %v", d)
	}
	for _, bad := range []string{
		`{"ctx":"http://h/$metadata#Y","n":3,"value":[{"a":1}],"s":200,"b":"5"}`,
		`{"ctx":"http://h/$metadata#X","value":[{"a":1}],"s":200,"b":"5"}`,
		`{"ctx":"http://h/$metadata#X","n":3,"value":[{"a":2}],"s":200,"b":"5"}`,
		`{"ctx":"http://h/$metadata#X","n":3,"value":[],"s":200,"b":"5"}`,
		`{"ctx":"http://h/$metadata#X","n":3,"value":[{"a":1}],"s":200,"b":5}`,
	} {
		if match("$", shown, decode(bad)) == nil {
			t.Errorf("should not match: %s", bad)
		}
	}
}
