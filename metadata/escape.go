package metadata

import "unicode/utf8"

// appendXMLEscaped appends s to b escaped for use in XML 1.0 attribute values
// and character data. Markup characters become entity references; tab, line
// feed and carriage return become character references, so that attribute
// value normalisation keeps them; characters XML 1.0 cannot represent at all
// (other C0 controls, U+FFFE, U+FFFF) and invalid UTF-8 become U+FFFD.
func appendXMLEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
				b = append(b, s[start:i]...)
				b = append(b, "\uFFFD"...)
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		var esc string
		switch c {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&apos;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if c >= 0x20 {
				i++
				continue
			}
			esc = "\uFFFD"
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		i++
		start = i
	}
	return append(b, s[start:]...)
}

// appendJSONString appends s to b as a JSON string literal (RFC 8259): quote,
// backslash and control characters are escaped, U+2028 and U+2029 too (they
// break JavaScript consumers), and invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
				b = append(b, s[start:i]...)
				switch r {
				case '\u2028':
					b = append(b, `\u2028`...)
				case '\u2029':
					b = append(b, `\u2029`...)
				default:
					b = append(b, `\ufffd`...)
				}
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
