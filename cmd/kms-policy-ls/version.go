package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// version overrides the build info's module version when set at build time
// with -ldflags "-X main.version=…" (for a packager's own version string).
var version string

// buildInfo is what the Go toolchain recorded in the binary.
type buildInfo struct {
	version  string // module version: a tag, a pseudo-version or "(devel)"
	revision string // VCS revision, when built in a checkout with VCS stamping
	time     string // the revision's commit time
	modified bool   // the checkout had uncommitted changes
	goVer    string
}

// readBuildInfo reads the binary's build info: `go install …@v1.2.3` records
// the tag, `go build` in a git checkout a pseudo-version and the revision,
// a build without either "(devel)".
func readBuildInfo() buildInfo {
	b := buildInfo{version: "(devel)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			b.version = bi.Main.Version
		}
		b.goVer = bi.GoVersion
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.revision = s.Value
			case "vcs.time":
				b.time = s.Value
			case "vcs.modified":
				b.modified = s.Value == "true"
			}
		}
	}
	if version != "" {
		b.version = version
	}
	return b
}

// toolVersion is the version the language server and SARIF report give.
func toolVersion() string { return readBuildInfo().version }

func (b buildInfo) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "kms-policy-ls %s\n", b.version)
	if b.revision != "" {
		fmt.Fprintf(&s, "revision %s", b.revision)
		if b.time != "" {
			fmt.Fprintf(&s, " (%s)", b.time)
		}
		if b.modified {
			s.WriteString(", with uncommitted changes")
		}
		s.WriteString("\n")
	}
	if b.goVer != "" {
		fmt.Fprintf(&s, "built with %s\n", b.goVer)
	}
	return s.String()
}

var versionCommand = &command{
	name:    "version",
	summary: "print the version and the VCS revision it was built from",
	flags:   noFlags("version"),
}

func init() {
	versionCommand.run = func(args []string, _ io.Reader, stdout, stderr io.Writer) int {
		args, code, ok := versionCommand.parseArgs(versionCommand.flags(), args, stdout, stderr)
		if !ok {
			return code
		}
		if len(args) > 0 {
			fmt.Fprintf(stderr, "kms-policy-ls version: unexpected argument %q\n\n%s", args[0], versionCommand.usage())
			return 2
		}
		fmt.Fprint(stdout, readBuildInfo())
		return 0
	}
}
