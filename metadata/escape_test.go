package metadata

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

func TestAppendXMLEscapedRoundTrips(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{`a&b<c>d"e'f`, `a&b<c>d"e'f`},
		{"tab\tline\ncr\r", "tab\tline\ncr\r"},
		{"Città 名前 \U0001F600", "Città 名前 \U0001F600"},
		// Characters XML 1.0 cannot carry become U+FFFD.
		{"nul\x00bell\x07", "nul\uFFFDbell\uFFFD"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"nonchar\uFFFE\uFFFF", "nonchar\uFFFD\uFFFD"},
	}
	for _, c := range cases {
		doc := `<e a="` + string(appendXMLEscaped(nil, c.in)) + `">` + string(appendXMLEscaped(nil, c.in)) + `</e>`
		var v struct {
			A    string `xml:"a,attr"`
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Errorf("%q: %s does not parse: %v", c.in, doc, err)
			continue
		}
		if v.A != c.want || v.Text != c.want {
			t.Errorf("%q: attribute %q, text %q, want %q", c.in, v.A, v.Text, c.want)
		}
	}
}

func TestAppendXMLEscapedLeavesPlainTextAlone(t *testing.T) {
	if got := string(appendXMLEscaped([]byte("x="), "Name_1")); got != "x=Name_1" {
		t.Errorf("got %q", got)
	}
	if got := string(appendXMLEscaped(nil, `<&>`)); got != "&lt;&amp;&gt;" {
		t.Errorf("got %q", got)
	}
}

func TestAppendJSONStringRoundTrips(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{`quote" backslash\ slash/`, `quote" backslash\ slash/`},
		{"ctl\x00\x01\x1f\n\r\t", "ctl\x00\x01\x1f\n\r\t"},
		{"Città 名前 \U0001F600 <&>", "Città 名前 \U0001F600 <&>"},
		{"sep\u2028\u2029", "sep\u2028\u2029"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
	}
	for _, c := range cases {
		enc := appendJSONString(nil, c.in)
		var got string
		if err := json.Unmarshal(enc, &got); err != nil {
			t.Errorf("%q: %s does not parse: %v", c.in, enc, err)
			continue
		}
		if got != c.want {
			t.Errorf("%q: decoded %q, want %q", c.in, got, c.want)
		}
		if strings.ContainsAny(string(enc), "\u2028\u2029") {
			t.Errorf("%q: line separators left raw in %s", c.in, enc)
		}
	}
}
