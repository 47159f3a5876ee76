package testenv

import (
	"fmt"
	"strings"
	"testing"
)

// recordingTB records how a helper ended the test (the first Fatalf or
// Skipf: the real ones do not return) instead of ending it.
type recordingTB struct {
	testing.TB
	ended string // "fatal: …" or "skip: …"
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Fatalf(format string, a ...any) {
	if r.ended == "" {
		r.ended = "fatal: " + fmt.Sprintf(format, a...)
	}
}
func (r *recordingTB) Skipf(format string, a ...any) {
	if r.ended == "" {
		r.ended = "skip: " + fmt.Sprintf(format, a...)
	}
}

// A server program is looked up in the given folders first, then in PATH;
// a missing one fails the test under CI=true and skips it elsewhere.
func TestFindBinary(t *testing.T) {
	if got := findBinary(t, "sh", "/nonexistent", "/bin"); got != "/bin/sh" {
		t.Errorf("sh in /bin: %q", got)
	}
	if got := findBinary(t, "sh", "/nonexistent"); got == "" {
		t.Error("sh not found in PATH")
	}
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		r := &recordingTB{TB: t}
		if got := findBinary(r, "odatagw-no-such-server", "/nonexistent"); got != "" {
			t.Errorf("found %q", got)
		}
		want := map[string]string{"true": "fatal: ", "": "skip: "}[ci]
		if !strings.HasPrefix(r.ended, want) || !strings.Contains(r.ended, "odatagw-no-such-server") {
			t.Errorf("CI=%q: the test ended with %q, want %s…", ci, r.ended, want)
		}
	}
}
