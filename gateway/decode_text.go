package gateway

import (
	"unicode/utf8"

	"odatagw/odataerr"
)

// checkJSONText refuses a request body that is not valid UTF-8 or whose
// strings escape half of a surrogate pair (\uD800 alone): JSON text is
// UTF-8 (RFC 8259 §8.1) and a string holds Unicode characters, and Go's
// decoder would otherwise replace both silently with U+FFFD, so the
// database would store something else than the client sent.
func checkJSONText(b []byte) error {
	if !utf8.Valid(b) {
		return odataerr.BadRequest("the request body is not valid UTF-8 (at byte %d)", invalidUTF8At(b))
	}
	inString := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString && i+1 < len(b):
			if b[i+1] != 'u' {
				i++ // \" \\ \n …: the escaped character ends nothing
				continue
			}
			r, ok := hex4(b, i+2)
			switch {
			case !ok:
				i++ // the decoder reports the malformed escape
			case r >= 0xD800 && r < 0xDC00: // high half: a low half must follow
				if lo, ok := hex4(b, i+8); !ok || b[i+6] != '\\' || b[i+7] != 'u' || lo < 0xDC00 || lo >= 0xE000 {
					return unpaired(i)
				}
				i += 11
			case r >= 0xDC00 && r < 0xE000:
				return unpaired(i)
			default:
				i += 5
			}
		}
	}
	return nil
}

func unpaired(at int) error {
	return odataerr.BadRequest("the request body escapes half of a UTF-16 surrogate pair (at byte %d), which is not a character", at)
}

// hex4 reads the four hexadecimal digits at b[i:i+4].
func hex4(b []byte, i int) (rune, bool) {
	if i < 0 || i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
