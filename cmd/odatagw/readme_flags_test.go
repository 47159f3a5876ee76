package main

// TestReadmeDocumentsEveryFlag: the README's command-line synopsis has a line
// per command, and its lines name every flag the command's -h lists.

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

var flagLine = regexp.MustCompile(`(?m)^  -([a-z][a-z-]*)`)

func TestReadmeDocumentsEveryFlag(t *testing.T) {
	synopsis := map[string]string{} // command → its lines in the README
	for _, f := range readmeFences(t) {
		for _, l := range f.lines {
			rest, ok := strings.CutPrefix(l, "odatagw ")
			if !ok || f.lang != "sh" {
				continue
			}
			name, _, _ := strings.Cut(rest, " ")
			if name == "[serve]" {
				name = "serve"
			}
			synopsis[name] += l + "\n"
		}
	}
	for _, c := range commands() {
		line, ok := synopsis[c.name]
		if !ok {
			t.Errorf("the README's command line section has no line for odatagw %s", c.name)
			continue
		}
		var o, e bytes.Buffer
		_ = run(context.Background(), []string{c.name, "-h"}, &o, &e)
		flags := flagLine.FindAllStringSubmatch(e.String(), -1)
		if c.name == "serve" && len(flags) < 3 {
			t.Fatalf("serve -h lists %d flags:\n%s", len(flags), e.String())
		}
		for _, m := range flags {
			if !strings.Contains(line, "--"+m[1]) {
				t.Errorf("odatagw %s -%s is not in the README's synopsis: %s", c.name, m[1], line)
			}
		}
	}
}

// The usage aligns the commands' summaries (infer-rest, the longest name,
// pushed its summary one column right).
func TestUsageAlignsSummaries(t *testing.T) {
	var b bytes.Buffer
	usage(&b)
	col := -1
	for _, c := range commands() {
		i := strings.Index(b.String(), c.summary)
		line := strings.LastIndexByte(b.String()[:i], '\n')
		if col >= 0 && i-line != col {
			t.Errorf("usage: the summary of %s starts at column %d, the others' at %d:\n%s", c.name, i-line, col, b.String())
		}
		col = i - line
	}
}
