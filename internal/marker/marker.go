// Package marker is the one test framework for policy fixtures: a policy
// file carries its expectations inline, in the way gopls's marker tests do,
// and every runner (checks, completion, hover, the language server) reads
// the same dialect and compares with the same code.
//
// A marker is a comment /*@name:arg,arg*/. Markers are removed before the
// document is analysed; each records the byte offset (in the cleaned text)
// where it stood.
//
// Diagnostics (a code and an exact range, optionally a severity):
//
//	"Action": /*@diag:unknown-action*/"kms:Decrpyt"
//	"Effect": /*@diag:invalid-effect,error*/"allow"
//	/*@diag:missing-element*/{/*@end*/
//
// The range starts where the marker stands. It ends where a later
// /*@end*/ stands, which closes the nearest diag marker before it not yet
// closed (/*@end:CODE*/ the nearest with that code); without one, at the
// end of the JSON value that follows the marker: a string with its quotes,
// a number, a bare word (true, allow), or a whole object or array with its
// brackets. A second argument names the severity (error, warning,
// information, hint), which is then asserted too. A runner that checks
// diagnostics fails on each one missing, each one unexpected, a wrong range
// and a wrong severity: a clean fixture is one without diag markers.
//
// Quick fixes: /*@fix:NAME*/ written right after a diag marker names the
// diagnostic's fix, several of them its fixes in the order offered. Every
// fix is named, as every diagnostic is announced: a diagnostic offering a
// fix that no marker names fails. The document the fix leaves, whole, is
// in the golden file FIXTURE.NAME.golden next to the fixture
// (trigger.json.kms-Decrypt.golden). `go test ./analysis/checks ./lsp -run
// TestFixtures -update` rewrites the golden files and removes the ones no
// marker names; read the result before committing it.
//
// Completion, at the marker's position:
//
//	"Action": "kms:Dec/*@complete:kms:Decrypt,kms:DescribeKey*/"
//	"Effect": "/*@nocomplete:allow*/"
//
// complete: each label is proposed, in this order of rank; nocomplete: none
// of them is. Every proposal's edit covers the cursor.
//
// Hover: /*@hover:A,B*/ the hover here covers the cursor and its text
// contains each of A and B; /*@nohover*/ there is none.
//
// Settings for the whole file: /*@kind:key*/ (key, iam, auto),
// /*@account:111122223333*/.
//
// A fixture may be a template that holds policies (CloudFormation YAML,
// Terraform): see HostExtensions and File. In one, a diag marker's range
// usually needs its /*@end*/, the default end being a JSON value's.
//
// A new case is a new file; testdata/README.md repeats this for fixture
// authors.
package marker

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
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

// HostExtensions are the names of the files that hold policies besides
// JSON files: CloudFormation YAML templates and Terraform files. A fixture
// of one is analysed as that host (by its name, see File).
var HostExtensions = []string{".yaml", ".yml", ".template", ".tf"}

// Glob loads every fixture matching pattern, sorted by path. A pattern
// ending in "*.json" matches the host files that hold policies too
// (HostExtensions; a Terraform JSON file ends in .json), so that every
// runner of policy fixtures runs the same expectations in templates.
func Glob(pattern string) ([]*Fixture, error) {
	paths, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	if base, ok := strings.CutSuffix(pattern, "*.json"); ok {
		for _, ext := range HostExtensions {
			more, err := filepath.Glob(base + "*" + ext)
			if err != nil {
				return nil, err
			}
			paths = append(paths, more...)
		}
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

// where is a marker's place in the fixture file, for messages.
func (fx *Fixture) where(m Marker) string { return fmt.Sprintf("%s:%d", fx.Path, m.Line) }

// File is the fixture as a file to analyse: named by its path, so that a
// fixture can hold a policy where a host file holds one (in a JSON
// string), and named on purpose as a policy, as a fixture always is.
func (fx *Fixture) File() source.File {
	return source.File{Name: fx.Path, Src: fx.Src, Explicit: true}
}
