package main

// TestReadmeKeyReferences: a configuration key the prose names in dotted
// form (`metrics.listen`, `entities.<table>.writes`, `breaker.ping_timeout`)
// is one the configuration accepts: a renamed key does not stay in the text.

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"odatagw/config"
)

// keyRef is a backticked dotted lower-case path, optionally ": value".
var keyRef = regexp.MustCompile("`((?:[a-z_]+|<[a-z]+>|\\*)(?:\\.(?:[a-z_]+|<[a-z]+>|\\*))+)(?::[^`]*)?`")

func TestReadmeKeyReferences(t *testing.T) {
	accepted := map[field]string{}
	configKeys("", reflect.TypeFor[config.Config](), accepted)
	var paths [][]string
	firsts := map[string]bool{}
	for _, p := range accepted {
		segs := strings.Split(p, ".")
		paths = append(paths, segs)
		for _, s := range segs {
			firsts[s] = true
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, m := range keyRef.FindAllStringSubmatch(string(readme), -1) {
		ref := strings.Split(m[1], ".")
		if !firsts[ref[0]] || ref[0] == "*" || strings.HasPrefix(ref[0], "<") {
			continue // not a configuration key (odata.maxpagesize, file names)
		}
		checked++
		found := false
		for _, p := range paths {
			found = found || suffixMatch(p, ref)
		}
		if !found {
			t.Errorf("README names `%s`: no such configuration key", m[1])
		}
	}
	if checked < 20 {
		t.Errorf("only %d key references checked", checked)
	}
}

// suffixMatch reports whether ref names path or its end; a ref segment in
// <angle brackets> or a path's "*" stands for a map key.
func suffixMatch(path, ref []string) bool {
	for start := 0; start+len(ref) <= len(path); start++ {
		ok := true
		for i, r := range ref {
			p := path[start+i]
			if p != r && !(p == "*" && (strings.HasPrefix(r, "<") || r != "")) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
