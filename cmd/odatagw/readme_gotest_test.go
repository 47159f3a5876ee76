package main

// TestReadmeTestCommands: every `go test ./pkg -run X` (also -bench, -fuzz)
// the README suggests selects at least one test of that package, so a
// renamed test does not leave the README pointing at nothing.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	goTestCmd = regexp.MustCompile("`(go test [^`]*)`")
	testName  = regexp.MustCompile("`(?:-(?:run|bench|fuzz) )?((?:Test|Benchmark|Fuzz)[A-Z][A-Za-z0-9_]*)(…?)")
	testFunc  = regexp.MustCompile(`(?m)^func ((?:Test|Benchmark|Fuzz)\w*)\(`)
)

func TestReadmeTestCommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, m := range goTestCmd.FindAllStringSubmatch(strings.ReplaceAll(string(readme), "\n", " "), -1) {
		stages, _ := shellSplit(m[1])
		words := stages[0]
		var pkgs []string
		patterns := map[string]string{}
		for i := 2; i < len(words); i++ {
			switch w := words[i]; {
			case strings.HasPrefix(w, "./"):
				pkgs = append(pkgs, w)
			case (w == "-run" || w == "-bench" || w == "-fuzz") && i+1 < len(words):
				i++
				patterns[w] = words[i]
			case w == "-fuzztime" || w == "-timeout":
				i++
			}
		}
		for flag, pat := range patterns {
			if pat == "^$" {
				continue
			}
			kind := map[string]string{"-run": "Test", "-bench": "Benchmark", "-fuzz": "Fuzz"}[flag]
			top, _, _ := strings.Cut(pat, "/") // the first level of a subtest pattern
			re, err := regexp.Compile(top)
			if err != nil {
				t.Errorf("%s: %s %q: %v", m[1], flag, pat, err)
				continue
			}
			for _, pkg := range pkgs {
				found := false
				files, _ := filepath.Glob(filepath.Join("../..", pkg, "*_test.go"))
				for _, f := range files {
					src, _ := os.ReadFile(f)
					for _, fn := range testFunc.FindAllStringSubmatch(string(src), -1) {
						found = found || strings.HasPrefix(fn[1], kind) && re.MatchString(fn[1])
					}
				}
				if !found {
					t.Errorf("README: %s: %s %s selects no test in %s", m[1], flag, pat, pkg)
				}
				checked++
			}
		}
	}
	if checked < 15 {
		t.Errorf("only %d test selections checked: is the extraction broken?", checked)
	}
}

// TestReadmeTestNames: a test the README names (`TestX`, or `TestX…` for
// every test starting so) exists somewhere in the module.
func TestReadmeTestNames(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	err = filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, fn := range testFunc.FindAllStringSubmatch(string(src), -1) {
			all = append(all, fn[1])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	names := testName.FindAllStringSubmatch(string(readme), -1)
	for _, m := range names {
		found := false
		for _, fn := range all {
			found = found || fn == m[1] || m[2] != "" && strings.HasPrefix(fn, m[1])
		}
		if !found {
			t.Errorf("README names %s%s: no such test", m[1], m[2])
		}
	}
	if len(names) < 5 {
		t.Errorf("only %d test names found in README", len(names))
	}
}
