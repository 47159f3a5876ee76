package main

// TestReadmeNamesEveryPackage: the README's Architecture table has a row
// for every package of the module (adapters/{a,b} counts for each), or names
// a helper package (`resttest`, `schema`) in its parent's row.

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var tableCell = regexp.MustCompile("(?m)^\\| (`[^|]*`) \\|(.*)\\|$")

func TestReadmeNamesEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // package → its row's description
	for _, m := range tableCell.FindAllStringSubmatch(string(readme), -1) {
		for _, name := range backticked.FindAllStringSubmatch(m[1], -1) {
			base, alts, ok := strings.Cut(strings.TrimSuffix(name[1], "}"), "{")
			if !ok {
				rows[name[1]] = m[2]
				continue
			}
			for _, a := range strings.Split(alts, ",") {
				rows[base+a] = m[2]
			}
		}
	}
	root := "../.."
	pkgs := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			pkgs[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range pkgs {
		if _, ok := rows[p]; ok || p == "." {
			continue
		}
		parent, name := filepath.Split(p)
		if row := rows[strings.TrimSuffix(parent, "/")]; strings.Contains(row, "`"+name+"`") || strings.Contains(row, "`"+p+"`") {
			continue
		}
		t.Errorf("package %s has no row in the README's Architecture table", p)
	}
	if len(pkgs) < 30 {
		t.Errorf("only %d packages found", len(pkgs))
	}
}
