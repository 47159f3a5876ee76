package sqldb

import "time"

// parseISOTime parses the ISO-8601 forms date-times are stored as text in
// (SQLite above all) without trial and error:
//
//	YYYY-MM-DD
//	YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH[:MM]|±HHMM]
//
// A value without a zone is UTC. The result is in UTC.
func parseISOTime(s string) (time.Time, bool) {
	num := func(i, n int) (int, bool) {
		if i+n > len(s) {
			return 0, false
		}
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	var hour, min, sec, nsec int
	i := 10
	if i < len(s) && (s[i] == 'T' || s[i] == ' ') {
		var okH, okM bool
		hour, okH = num(i+1, 2)
		min, okM = num(i+4, 2)
		if !okH || !okM || s[i+3] != ':' || hour > 23 || min > 59 {
			return time.Time{}, false
		}
		i += 6
		if i < len(s) && s[i] == ':' {
			var okS bool
			if sec, okS = num(i+1, 2); !okS || sec > 60 {
				return time.Time{}, false
			}
			i += 3
			if i < len(s) && s[i] == '.' {
				i++
				digits := 0
				for i < len(s) && s[i] >= '0' && s[i] <= '9' {
					if digits < 9 {
						nsec = nsec*10 + int(s[i]-'0')
						digits++
					}
					i++
				}
				if digits == 0 {
					return time.Time{}, false
				}
				for ; digits < 9; digits++ {
					nsec *= 10
				}
			}
		}
	}
	offset := 0
	switch {
	case i == len(s):
	case s[i] == 'Z' && i+1 == len(s):
	case s[i] == '+' || s[i] == '-':
		h, okH := num(i+1, 2)
		if !okH {
			return time.Time{}, false
		}
		m := 0
		rest := s[i+3:]
		switch {
		case rest == "":
		case len(rest) == 3 && rest[0] == ':':
			var okM bool
			if m, okM = num(i+4, 2); !okM {
				return time.Time{}, false
			}
		case len(rest) == 2:
			var okM bool
			if m, okM = num(i+3, 2); !okM {
				return time.Time{}, false
			}
		default:
			return time.Time{}, false
		}
		if h > 23 || m > 59 {
			return time.Time{}, false
		}
		offset = (h*60 + m) * 60
		if s[i] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC)
	if t.Day() != day { // February 30th and the like
		return time.Time{}, false
	}
	return t.Add(-time.Duration(offset) * time.Second), true
}
