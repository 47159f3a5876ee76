package schema

import (
	"odatagw/metadata"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxIdentifierLength is the longest OData SimpleIdentifier (CSDL 4.0, 15.2).
const MaxIdentifierLength = metadata.MaxIdentifierLength

// IsIdentifier reports whether s is an OData SimpleIdentifier: a letter or
// underscore followed by letters, digits and underscores (and a few
// combining-mark categories), at most 128 characters.
func IsIdentifier(s string) bool { return metadata.IsSimpleIdentifier(s) }

// sanitize turns a database name into an identifier deterministically: every
// character that is not allowed becomes '_', a leading digit gets a '_'
// prefix, and the result is cut to 128 characters. It returns "" when the
// name has no letter or digit at all (nothing meaningful to keep).
func sanitize(s string) string {
	var b strings.Builder
	meaningful := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Nl, r):
			meaningful = true
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if !meaningful {
		return ""
	}
	out := b.String()
	if r, _ := utf8.DecodeRuneInString(out); unicode.IsDigit(r) {
		out = "_" + out
	}
	return truncate(out, MaxIdentifierLength)
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// applyNaming applies a naming convention to a valid identifier.
func applyNaming(convention, s string) string {
	switch convention {
	case NamingPascal:
		return pascal(s)
	case NamingCamel:
		return camel(s)
	}
	return s
}

// pascal joins the '_'-separated words of s, upper-casing the first letter of
// each and keeping the rest: order_details → OrderDetails, customerID →
// CustomerID, ORDER_ID → ORDERID. Leading underscores are kept (they may be
// what makes the name valid), as are underscores before a digit (item_2 →
// Item_2) so that words never merge into a different number.
func pascal(s string) string {
	lead := len(s) - len(strings.TrimLeft(s, "_"))
	parts := strings.Split(s[lead:], "_")
	var b strings.Builder
	b.WriteString(s[:lead])
	for i, p := range parts {
		if p == "" {
			continue
		}
		r, size := utf8.DecodeRuneInString(p)
		if unicode.IsDigit(r) && i > 0 && b.Len() > lead {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(p[size:])
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// camel is pascal with the first word lower-cased: order_details →
// orderDetails, CustomerID → customerID; a first word in capitals is
// lower-cased whole (ID → id, URL_path → urlPath).
func camel(s string) string {
	p := pascal(s)
	lead := len(p) - len(strings.TrimLeft(p, "_"))
	body := p[lead:]
	// The first word runs to the first lower-case letter after the first rune,
	// or to the end; an all-capital first word is lower-cased whole, otherwise
	// only its first rune.
	runes := []rune(body)
	if len(runes) == 0 {
		return p
	}
	n := 1
	for n < len(runes) && unicode.IsUpper(runes[n]) {
		n++
	}
	switch {
	case n == len(runes): // all capitals: ID → id
	case n > 1: // URLPath → urlPath: keep the capital that starts the next word
		n--
	default:
		n = 1
	}
	for i := 0; i < n; i++ {
		runes[i] = unicode.ToLower(runes[i])
	}
	return p[:lead] + string(runes)
}
