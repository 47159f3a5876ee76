// Package testenv holds the test suites' one policy for what they need from
// the machine (database servers, the shared conformance data, xmllint): under
// CI=true a missing dependency fails the test, elsewhere it skips it.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// InCI reports whether the tests run under CI (CI=true), where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing ends the test because what is unavailable: t.Fatal under CI, t.Skip elsewhere.
func Missing(t testing.TB, what string, err error) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s unavailable (CI=true): %v", what, err)
	}
	t.Skipf("%s unavailable: %v", what, err)
}

// SharedDir returns the folder ../shared/<elem...> beside the module root
// (where CI and developers keep the conformance data), or ends the test
// through Missing.
func SharedDir(t testing.TB, elem ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			Missing(t, "the module root", os.ErrNotExist)
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		Missing(t, p, err)
	}
	return p
}

// DBName returns the name of a test database: base, followed by "_" and the
// value of ODATAGW_TEST_DB_SUFFIX when that is set, so that several checkouts
// can run their suites against the same database servers at once without
// dropping each other's databases. The suffix must be lower-case letters,
// digits or underscores (it ends up unquoted in DDL on some engines).
func DBName(base string) string {
	s := os.Getenv("ODATAGW_TEST_DB_SUFFIX")
	if s == "" {
		return base
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			panic("testenv: ODATAGW_TEST_DB_SUFFIX must match [a-z0-9_]+, got " + s)
		}
	}
	return base + "_" + s
}
