package schema

import (
	"strconv"
	"strings"
)

// ParseDeclaredType splits a declared SQL type such as "DECIMAL(10, 2)",
// "varchar(40)", "int(10) unsigned" or "timestamp(3) with time zone" into its
// lower-case base name with the parenthesised part removed ("decimal",
// "varchar", "int unsigned", "timestamp with time zone") and the integer
// arguments of the first parenthesised list ([10 2], [40], [10], [3]).
// Non-integer arguments (MySQL enum values) are ignored.
func ParseDeclaredType(declared string) (base string, args []int) {
	s := strings.ToLower(strings.TrimSpace(declared))
	if open := strings.IndexByte(s, '('); open >= 0 {
		rest := s[open+1:]
		closing := strings.IndexByte(rest, ')')
		if closing < 0 {
			closing = len(rest)
		}
		for _, a := range strings.Split(rest[:closing], ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil {
				args = append(args, n)
			}
		}
		tail := ""
		if closing < len(rest) {
			tail = rest[closing+1:]
		}
		s = s[:open] + " " + tail
	}
	return strings.Join(strings.Fields(s), " "), args
}
