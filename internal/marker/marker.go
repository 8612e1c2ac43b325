// Package marker reads test fixtures that carry their expectations inline, in
// the way gopls's marker tests do: a policy file with markers such as
//
//	"Action": /*@diag:unknown-action*/"kms:Decrpyt"
//	"Action": "kms:Dec/*@complete:kms:Decrypt*/"
//	/*@kind:key*/ /*@account:111122223333*/
//
// Markers are removed before the document is analysed; each records the
// byte offset (in the cleaned text) where it stood. A new case is a new file.
package marker

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Marker is one /*@name:args*/ annotation.
type Marker struct {
	Name   string
	Args   []string // split on commas; empty when the marker has no ':'
	Offset int      // byte offset in the cleaned source
	Line   int      // 1-based line in the fixture file, for messages
}

// Fixture is a fixture file with its markers stripped.
type Fixture struct {
	Path    string
	Src     []byte // the document without markers
	Markers []Marker
}

const open, close = "/*@", "*/"

// Parse strips the markers from src.
func Parse(path string, src []byte) (*Fixture, error) {
	fx := &Fixture{Path: path}
	var out strings.Builder
	s := string(src)
	line := 1
	for {
		i := strings.Index(s, open)
		if i < 0 {
			out.WriteString(s)
			break
		}
		out.WriteString(s[:i])
		line += strings.Count(s[:i], "\n")
		j := strings.Index(s[i:], close)
		if j < 0 {
			return nil, fmt.Errorf("%s:%d: unterminated marker", path, line)
		}
		body := s[i+len(open) : i+j]
		m := Marker{Offset: out.Len(), Line: line}
		name, args, hasArgs := strings.Cut(body, ":")
		m.Name = strings.TrimSpace(name)
		if hasArgs {
			for _, a := range strings.Split(args, ",") {
				m.Args = append(m.Args, strings.TrimSpace(a))
			}
		}
		fx.Markers = append(fx.Markers, m)
		s = s[i+j+len(close):]
	}
	fx.Src = []byte(out.String())
	return fx, nil
}

// Load reads and parses one fixture file.
func Load(path string) (*Fixture, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Glob loads every fixture matching pattern, sorted by path.
func Glob(pattern string) ([]*Fixture, error) {
	paths, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []*Fixture
	for _, p := range paths {
		fx, err := Load(p)
		if err != nil {
			return nil, err
		}
		out = append(out, fx)
	}
	return out, nil
}

// All loads every fixture matching pattern and fails the test when none
// loads: a mistyped pattern must not pass as "all fixtures fine".
func All(t testing.TB, pattern string) []*Fixture {
	t.Helper()
	fxs, err := Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(fxs) == 0 {
		t.Fatalf("no fixtures match %s", pattern)
	}
	return fxs
}

// Run runs f as a subtest for every fixture matching pattern (see All). A
// subtest is named by the fixture's path below the pattern's first
// directory with a wildcard, e.g. "unknown-action/trigger.json" for
// testdata/checks/*/*.json.
func Run(t *testing.T, pattern string, f func(t *testing.T, fx *Fixture)) {
	t.Helper()
	base := fixedDir(pattern)
	for _, fx := range All(t, pattern) {
		name, err := filepath.Rel(base, fx.Path)
		if err != nil {
			name = fx.Path
		}
		t.Run(filepath.ToSlash(name), func(t *testing.T) { f(t, fx) })
	}
}

// fixedDir is the directory part of pattern before any wildcard.
func fixedDir(pattern string) string {
	dir := filepath.Dir(pattern)
	for strings.ContainsAny(dir, `*?[\`) {
		dir = filepath.Dir(dir)
	}
	return dir
}

// Kind reads the /*@kind:…*/ setting as a policy kind (auto when absent)
// and fails the test when it names none.
func (fx *Fixture) Kind(t testing.TB) policy.Kind {
	t.Helper()
	kind, ok := policy.ParseKind(fx.Setting("kind"))
	if !ok {
		t.Fatalf("%s: bad kind marker %q", fx.Path, fx.Setting("kind"))
	}
	return kind
}

// Named returns the markers called name.
func (fx *Fixture) Named(name string) []Marker {
	var out []Marker
	for _, m := range fx.Markers {
		if m.Name == name {
			out = append(out, m)
		}
	}
	return out
}

// Setting returns the first argument of the first marker called name, or "".
// Fixtures use it for options such as /*@kind:key*/.
func (fx *Fixture) Setting(name string) string {
	for _, m := range fx.Markers {
		if m.Name == name && len(m.Args) > 0 {
			return m.Args[0]
		}
	}
	return ""
}
