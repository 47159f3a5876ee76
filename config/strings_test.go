package config

import (
	"strings"
	"testing"
)

func TestParseStringMaxLength(t *testing.T) {
	src := `version: 1
sources:
  - name: crm
    kind: postgres
    dsn: x
    string_max_length: {unbounded: 255}
    entities:
      notes: {string_max_length: {cap: 255}}
      plain: {name: Plain}
`
	c, err := Parse([]byte(src), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Sources[0]
	if l := s.StringMaxLength; l == nil || *l != (StringMaxLength{Unbounded: 255}) {
		t.Errorf("source string_max_length = %+v", l)
	}
	if l := s.Entities["notes"].StringMaxLength; l == nil || *l != (StringMaxLength{Cap: 255}) {
		t.Errorf("notes string_max_length = %+v", l)
	}
	if l := s.Entities["plain"].StringMaxLength; l != nil {
		t.Errorf("plain string_max_length = %+v, want unset", l)
	}
}

func TestStringMaxLengthErrors(t *testing.T) {
	const head = "version: 1\nsources:\n  - name: a\n    kind: sqlite\n    dsn: x\n"
	cases := []struct{ name, src, want string }{
		{"negative", head + "    string_max_length: {unbounded: -1}\n", `source "a": string_max_length: unbounded and cap must be positive`},
		{"empty", head + "    string_max_length: {}\n", "string_max_length: set unbounded, cap or both"},
		{"unbounded above cap", head + "    string_max_length: {unbounded: 1000, cap: 255}\n", "unbounded 1000 exceeds cap 255"},
		{"unknown key", head + "    string_max_length: {max: 10}\n", "max"},
		{"not a number", head + "    string_max_length: {cap: long}\n", "long"},
		{"table", head + "    entities:\n      notes: {string_max_length: {cap: -3}}\n",
			`source "a": entities.notes.string_max_length: unbounded and cap must be positive`},
		{"rest", "version: 1\nsources:\n  - name: api\n    kind: rest\n    string_max_length: {cap: 255}\n" +
			"    rest: {base_url: 'http://x', entities: [{name: Items, path: /items, key: [id], properties: [{name: id, type: Edm.Int32}]}]}\n",
			"string_max_length only applies to kinds mysql, postgres and sqlite"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src), env(nil))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
