package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "odatagw", Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-11-27T07:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	read := func() (*debug.BuildInfo, bool) { return bi, true }

	i := fromBuildInfo("", read)
	if i.Version != "(devel)" || i.GoVersion != "go1.26.8" || i.Revision != "abc123" || !i.Modified || i.Time != "2026-11-27T07:00:00Z" {
		t.Fatalf("%+v", i)
	}
	if got, want := i.String(), "odatagw (devel) (go1.26.8, revision abc123, 2026-11-27T07:00:00Z, modified)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if i := fromBuildInfo("v1.2.3", read); i.Version != "v1.2.3" {
		t.Errorf("a version set at link time must win, got %q", i.Version)
	}
	none := fromBuildInfo("", func() (*debug.BuildInfo, bool) { return nil, false })
	if none.Version != "(devel)" || none.String() != "odatagw (devel)" {
		t.Errorf("without build info: %+v %q", none, none.String())
	}
}

func TestReadRunsInTests(t *testing.T) {
	// A test binary has build information: the Go version at least.
	if i := Read(); i.GoVersion == "" || i.Version == "" {
		t.Errorf("Read() = %+v", i)
	}
}
