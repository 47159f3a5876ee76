package sqldb

import "strings"

// argMark stands for a bound parameter inside a Frag. Identifiers cannot hold
// it (QuoteIdent rejects NUL), and it is never part of SQL text we write, so
// the final pass can number placeholders in textual order (PostgreSQL `$n`)
// regardless of the order in which fragments were composed.
const argMark = "\x00"

// Frag is a piece of SQL with the arguments of its parameters, in textual
// order. Fragments compose freely: duplicating one duplicates its arguments.
type Frag struct {
	SQL  string
	Args []any
}

// raw is a fragment of trusted SQL text written by this package (keywords,
// operators, function names). Never pass client text to it.
func raw(s string) Frag { return Frag{SQL: s} }

// param is a bound parameter.
func param(v any) Frag { return Frag{SQL: argMark, Args: []any{v}} }

// cat concatenates fragments and trusted SQL text (string parts). Every
// statement is built from these; sizing the text and the arguments first
// makes it two allocations, however many parts.
func cat(parts ...any) Frag {
	size, nargs := 0, 0
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			size += len(p)
		case Frag:
			size += len(p.SQL)
			nargs += len(p.Args)
		default:
			panic("sqldb.cat: unsupported part") // programming error, not input
		}
	}
	var sb strings.Builder
	sb.Grow(size)
	var args []any
	if nargs > 0 {
		args = make([]any, 0, nargs)
	}
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			sb.WriteString(p)
		case Frag:
			sb.WriteString(p.SQL)
			args = append(args, p.Args...)
		}
	}
	return Frag{SQL: sb.String(), Args: args}
}

// join concatenates fragments with a separator.
func join(fs []Frag, sep string) Frag {
	if len(fs) == 1 {
		return fs[0]
	}
	size, nargs := len(sep)*max(len(fs)-1, 0), 0
	for _, f := range fs {
		size += len(f.SQL)
		nargs += len(f.Args)
	}
	var sb strings.Builder
	sb.Grow(size)
	var args []any
	if nargs > 0 {
		args = make([]any, 0, nargs)
	}
	for i, f := range fs {
		if i > 0 {
			sb.WriteString(sep)
		}
		sb.WriteString(f.SQL)
		args = append(args, f.Args...)
	}
	return Frag{SQL: sb.String(), Args: args}
}

// paren wraps f in parentheses.
func paren(f Frag) Frag { return cat("(", f, ")") }

// fn renders NAME(arg, arg...).
func fn(name string, args ...Frag) Frag {
	return cat(name, "(", join(args, ", "), ")")
}

// finish replaces the argument marks with the dialect's placeholders.
func finish(d Dialect, f Frag) (string, []any) {
	if !strings.Contains(f.SQL, argMark) {
		return f.SQL, f.Args
	}
	var sb strings.Builder
	sb.Grow(len(f.SQL) + 2*len(f.Args))
	n := 0
	s := f.SQL
	for {
		i := strings.Index(s, argMark)
		if i < 0 {
			sb.WriteString(s)
			break
		}
		sb.WriteString(s[:i])
		n++
		sb.WriteString(d.Placeholder(n))
		s = s[i+len(argMark):]
	}
	return sb.String(), f.Args
}
