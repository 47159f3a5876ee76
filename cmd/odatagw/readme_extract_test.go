package main

// Extraction of the README's examples: fenced blocks, shell commands (curl,
// heredocs, go run ./cmd/odatagw) and the answers the README shows for them.
// The tests that run them are readme_curl_test.go and readme_yaml_test.go.

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// fence is one fenced code block of the README.
type fence struct {
	lang   string
	line   int // line of the first content line (1-based)
	lines  []string
	before string // the paragraph of prose just before the block
}

func readmeFences(t *testing.T) []fence {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []fence
	var cur *fence
	var prose, para []string // the paragraph being read, the last one read
	for i, l := range strings.Split(string(data), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(l, "```"):
			if len(prose) > 0 {
				para = prose
			}
			cur = &fence{lang: strings.TrimPrefix(l, "```"), line: i + 2, before: strings.Join(para, " ")}
		case cur != nil && strings.HasPrefix(l, "```"):
			out = append(out, *cur)
			cur, prose, para = nil, nil, nil
		case cur != nil:
			cur.lines = append(cur.lines, l)
		case strings.TrimSpace(l) == "":
			if len(prose) > 0 {
				para, prose = prose, nil
			}
		default:
			prose = append(prose, l)
		}
	}
	return out
}

// shellCmd is one command of a sh block: its words, the pipeline stages
// after it, the comment on its line and the comment lines following it.
type shellCmd struct {
	line     int
	words    []string
	pipes    [][]string
	trailing string   // the comment at the end of the command's line
	shown    []string // "# …" lines right after it that show an answer
	heredoc  string   // for cat > file <<EOF: the document
}

var statusShown = regexp.MustCompile(`^\d{3}\b`)

// shellCommands splits a sh block into commands. Comment lines that show an
// answer (a JSON text or a status) attach to the command before them.
func shellCommands(f fence) []shellCmd {
	var out []shellCmd
	for i := 0; i < len(f.lines); i++ {
		l := strings.TrimSpace(f.lines[i])
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "#") {
			c := strings.TrimSpace(strings.TrimPrefix(l, "#"))
			if n := len(out); n > 0 && out[n-1].line == f.line+i-1-len(out[n-1].shown) && (strings.HasPrefix(c, "{") || statusShown.MatchString(c)) {
				out[n-1].shown = append(out[n-1].shown, c)
			}
			continue
		}
		start := i
		for strings.HasSuffix(l, `\`) && i+1 < len(f.lines) {
			i++
			l = strings.TrimSuffix(l, `\`) + " " + strings.TrimSpace(f.lines[i])
		}
		stages, comment := shellSplit(l)
		cmd := shellCmd{line: f.line + start, words: stages[0], pipes: stages[1:], trailing: comment}
		if n := len(cmd.words); n > 0 && strings.HasPrefix(cmd.words[n-1], "<<") {
			end := strings.TrimPrefix(cmd.words[n-1], "<<")
			var doc []string
			for i++; i < len(f.lines) && f.lines[i] != end; i++ {
				doc = append(doc, f.lines[i])
			}
			cmd.heredoc = strings.Join(doc, "\n") + "\n"
		}
		cmd.line = f.line + i // answers shown follow the command's last line
		out = append(out, cmd)
	}
	return out
}

// shellSplit splits a command line into the words of its pipeline stages
// (quotes removed, as sh does; no expansion) and its trailing comment.
func shellSplit(s string) (stages [][]string, comment string) {
	var words []string
	var w strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, w.String())
		}
		w.Reset()
		inWord = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				j = len(s) - i - 1
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`+"`", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
			inWord = true
		case c == ' ' || c == '\t':
			flush()
		case c == '|':
			flush()
			stages = append(stages, words)
			words = nil
		case c == '#' && !inWord:
			flush()
			return append(stages, words), strings.TrimSpace(s[i+1:])
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	flush()
	return append(stages, words), ""
}

func TestShellSplit(t *testing.T) {
	stages, comment := shellSplit(`curl -s 'http://x/Customers('"'"'A'"'"')' -H "K: v" | grep n  # 200 ok`)
	if len(stages) != 2 || strings.Join(stages[0], "|") != "curl|-s|http://x/Customers('A')|-H|K: v" ||
		strings.Join(stages[1], "|") != "grep|n" || comment != "200 ok" {
		t.Errorf("%q %q", stages, comment)
	}
	cmds := shellCommands(fence{line: 10, lines: []string{
		"cat > b.txt <<'EOF'", "a", "", "EOF", "curl -X POST 'u' \\", "  -d '{}'", "# {\"x\":1}", "# 201 Created", "# next", "curl u2",
	}})
	if len(cmds) != 3 || cmds[0].heredoc != "a\n\n" || strings.Join(cmds[1].words, " ") != "curl -X POST u -d {}" ||
		len(cmds[1].shown) != 2 || len(cmds[2].shown) != 0 {
		t.Errorf("%+v", cmds)
	}
}
