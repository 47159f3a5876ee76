package tests

import (
	"net/url"
	"strings"
)

// injectionBases are hostile or careless inputs: SQL injection (quotes,
// comments, stacked queries, UNION, time-based), engine-specific syntax,
// encodings (NUL, overlong UTF-8, confusable quotes, double
// percent-encoding), traversal, huge and special numbers, JSON and
// templates inside strings.
var injectionBases = []string{
	"'", "''", "' OR '1'='1", "' OR 1=1 --", "' OR 1=1 #", "'; DROP TABLE items; --", "1; DELETE FROM items",
	"1 OR 1=1", "1) OR (1=1", "') OR ('a'='a", `" OR ""="`, `\' OR 1=1 -- `, `\`, `\\'`, "/*", "*/", "--", "#",
	"%", "_", "*", "' UNION SELECT secret, secret, 1, '2024-01-01' FROM secrets --",
	"1 UNION SELECT id, secret, 1, '2024-01-01' FROM secrets", "x' AND (SELECT COUNT(*) FROM secrets) > 0 AND 'a'='a",
	"1' AND SLEEP(3) AND '1", "'||pg_sleep(3)||'", "1; SELECT pg_sleep(3)", "'; WAITFOR DELAY '0:0:3'--",
	"$$; DROP TABLE items; $$", "$1", "?", ":name", "@p", "@@version", "CHAR(39)", "0x27", "E'\\''",
	"'; UPDATE items SET name='pwned' WHERE '1'='1", "'; INSERT INTO items VALUES (99,'x',1,'2024-01-01'); --",
	"a\x00b", "\x00' OR 1=1 --", "\u02bc OR 1=1 --", "\uff07 OR 1=1 --", "\u2018 OR 1=1 --", "\u0000",
	"\xc0\xa7 OR 1=1", "\xc0\xae\xc0\xae/\xc0\xae\xc0\xae/etc/passwd", "\xff\xfe", "\xed\xa0\x80",
	"../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f", "/odata/other/items",
	"99999999999999999999999999999999999999", "-99999999999999999999999999999999999999", "1e309", "-1e309",
	"1.7976931348623157e309", "NaN", "INF", "-INF", "-0", "0x7fffffffffffffff", "9223372036854775808",
	"2024-13-45", "2024-02-30T25:61:61Z", "0000-00-00", "99999-01-01", "P99999999999999999999D",
	`{"$ne":null}`, `{"a":"' OR 1=1 --"}`, `["' OR 1=1 --"]`, "${jndi:ldap://x/a}", "{{7*7}}", "<script>alert(1)</script>",
	"\r\nX-Injected: 1", "line\nbreak", "tab\there", strings.Repeat("A", 5000), strings.Repeat("'", 300),
	strings.Repeat("(", 200),
}

// injectionEncodings are the ways a payload reaches the URL: percent-encoded
// once (what a careful client sends), raw (only URL-unsafe bytes escaped),
// and percent-encoded twice (hoping for a second decoding).
var injectionEncodings = map[string]func(string) string{
	"encoded": qe,
	"raw":     rawURL,
	"double":  func(s string) string { return qe(qe(s)) },
}

// rawURL escapes only what would make the request line invalid, leaving
// quotes, parentheses, $, ', ;, & and = as they are.
func rawURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '#' || c == '%' || c == '?' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '{' || c == '}' || c == '|' || c == '^' {
			b.WriteString(url.QueryEscape(string([]byte{c})))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// odataString is p as an OData string literal (” doubles a quote).
func odataString(p string) string { return "'" + strings.ReplaceAll(p, "'", "''") + "'" }

// injectionPlace is one place input enters a request: url builds the path
// and query (after the service root) from an encoded payload; literal is
// set where the payload is a complete, well-formed string literal, so a 200
// must return only rows equal to (or, for contains, containing) it.
type injectionPlace struct {
	name    string
	url     func(enc func(string) string, p string) string
	literal bool
}

var injectionPlaces = []injectionPlace{
	{"key string", func(enc func(string) string, p string) string { return "items(" + enc(odataString(p)) + ")" }, false},
	{"key raw", func(enc func(string) string, p string) string { return "items(" + enc(p) + ")" }, false},
	{"key named", func(enc func(string) string, p string) string { return "items(id=" + enc(p) + ")" }, false},
	{"key segment", func(enc func(string) string, p string) string { return "items/" + enc(p) }, false},
	{"navigation name", func(enc func(string) string, p string) string { return "items(1)/" + enc(p) }, false},
	{"entity set name", func(enc func(string) string, p string) string { return enc(p) }, false},
	{"filter string", func(enc func(string) string, p string) string {
		return "items?$filter=name%20eq%20" + enc(odataString(p))
	}, true},
	{"filter contains", func(enc func(string) string, p string) string {
		return "items?$filter=contains(name," + enc(odataString(p)) + ")"
	}, true},
	{"filter raw", func(enc func(string) string, p string) string { return "items?$filter=" + enc(p) }, false},
	{"filter number", func(enc func(string) string, p string) string { return "items?$filter=price%20gt%20" + enc(p) }, false},
	{"filter date", func(enc func(string) string, p string) string { return "items?$filter=created%20eq%20" + enc(p) }, false},
	{"filter in", func(enc func(string) string, p string) string {
		return "items?$filter=name%20in%20(" + enc(odataString(p)) + ")"
	}, true},
	{"property name", func(enc func(string) string, p string) string { return "items?$filter=" + enc(p) + "%20eq%201" }, false},
	{"alias string", func(enc func(string) string, p string) string {
		return "items?$filter=name%20eq%20@p&@p=" + enc(odataString(p))
	}, true},
	{"alias raw", func(enc func(string) string, p string) string { return "items?$filter=name%20eq%20@p&@p=" + enc(p) }, false},
	{"search", func(enc func(string) string, p string) string { return "items?$search=" + enc(p) }, false},
	{"search phrase", func(enc func(string) string, p string) string {
		return "items?$search=" + enc(`"`+strings.ReplaceAll(strings.ReplaceAll(p, `\`, `\\`), `"`, `\"`)+`"`)
	}, false},
	{"select", func(enc func(string) string, p string) string { return "items?$select=" + enc(p) }, false},
	{"orderby", func(enc func(string) string, p string) string { return "items?$orderby=" + enc(p) }, false},
	{"expand", func(enc func(string) string, p string) string { return "items?$expand=" + enc(p) }, false},
	{"top", func(enc func(string) string, p string) string { return "items?$top=" + enc(p) }, false},
	{"skiptoken", func(enc func(string) string, p string) string { return "items?$skiptoken=" + enc(p) }, false},
	{"format", func(enc func(string) string, p string) string { return "items?$format=" + enc(p) }, false},
	{"custom option", func(enc func(string) string, p string) string { return "items?x=" + enc(p) }, false},
}

// injectionHeaders receive each payload that is a valid header value.
var injectionHeaders = []string{"Accept", "Prefer", "OData-Version", "OData-MaxVersion", "If-Match", "If-None-Match",
	"Accept-Charset", "Cache-Control", "X-Forwarded-Proto", "Content-Type"}
