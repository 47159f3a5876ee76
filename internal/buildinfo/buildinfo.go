// Package buildinfo describes the running binary: its version, the Go
// release that built it and the version-control revision it was built from.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// version is set at link time:
//
//	go build -ldflags "-X odatagw/internal/buildinfo.version=v1.2.3" ./cmd/odatagw
//
// Without it the module version from the build information is used
// ("(devel)" for a build from a checkout).
var version string

// Info is what is known about the binary.
type Info struct {
	Version   string // -ldflags version, else the main module's version, else "(devel)"
	GoVersion string // e.g. go1.26.8
	Revision  string // VCS revision, "" when built without VCS information
	Time      string // commit time (RFC 3339), "" when unknown
	Modified  bool   // the work tree had uncommitted changes
}

// Read returns the binary's Info.
func Read() Info {
	return fromBuildInfo(version, debug.ReadBuildInfo)
}

func fromBuildInfo(linked string, read func() (*debug.BuildInfo, bool)) Info {
	i := Info{Version: linked}
	bi, ok := read()
	if !ok {
		if i.Version == "" {
			i.Version = "(devel)"
		}
		return i
	}
	i.GoVersion = bi.GoVersion
	if i.Version == "" {
		i.Version = bi.Main.Version
	}
	if i.Version == "" {
		i.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Revision = s.Value
		case "vcs.time":
			i.Time = s.Value
		case "vcs.modified":
			i.Modified = s.Value == "true"
		}
	}
	return i
}

// String renders the Info on one line, e.g.
// "odatagw v1.2.3 (go1.26.8, revision 36fa935c…, 2026-11-27T07:00:00Z, modified)".
func (i Info) String() string {
	parts := []string{}
	if i.GoVersion != "" {
		parts = append(parts, i.GoVersion)
	}
	if i.Revision != "" {
		parts = append(parts, "revision "+i.Revision)
	}
	if i.Time != "" {
		parts = append(parts, i.Time)
	}
	if i.Modified {
		parts = append(parts, "modified")
	}
	if len(parts) == 0 {
		return "odatagw " + i.Version
	}
	return fmt.Sprintf("odatagw %s (%s)", i.Version, strings.Join(parts, ", "))
}
