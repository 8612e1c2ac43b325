package benchdoc

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root is the module's root, seen from this package's directory.
const root = "../.."

// TestBenchmarksCommandsNameWhatExists reads every command of BENCHMARKS.md
// (```sh blocks and inline code spans) and checks, in the tree each command
// runs in, that its packages exist and that its -bench and -run patterns
// name benchmarks and tests those packages have. Renaming a benchmark
// without changing BENCHMARKS.md makes it fail.
func TestBenchmarksCommandsNameWhatExists(t *testing.T) {
	md, err := os.ReadFile(filepath.Join(root, "BENCHMARKS.md"))
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker(root)
	problems := c.check(string(md))
	for _, p := range problems {
		t.Error(p)
	}
	if c.commands < 50 {
		t.Errorf("found %d go commands in BENCHMARKS.md; the reader lost most of them", c.commands)
	}
	for commit, err := range c.missing {
		if err != nil {
			t.Logf("commands at %s not checked: %v", commit, err)
		}
	}
}

// TestCheckerFindsWhatDoesNotExist feeds the checker commands that name a
// benchmark, a test and a package that do not exist, next to ones that do.
func TestCheckerFindsWhatDoesNotExist(t *testing.T) {
	md := "A figure: `go test -run '^$' -bench 'BenchmarkAnalyze$|BenchmarkAnalyse$' ./analysis/`.\n\n" +
		"| a | `go test -run '^$' -bench 'BenchmarkReanalyze$\\|BenchmarkLookupAction' ./analysis/` |\n\n" +
		"```sh\n" +
		"go test -c -o /tmp/x.test ./lsp && cd lsp\n" +
		"/tmp/x.test -test.run '^$' -test.bench 'StoreKeystroke32KB/in-string'   # exists\n" +
		"/tmp/x.test -test.run TestNoSuchTest\n" +
		"go test -run TestMemoryOfOpenDocuments -v .\n" +
		"cd ..\n" +
		"go test -run '^$' -bench . ./analysis/nosuch/\n" +
		"```\n"
	got := newChecker(root).check(md)
	want := []string{
		`BenchmarkAnalyse$`,
		`BenchmarkLookupAction`,
		`TestNoSuchTest`,
		`./analysis/nosuch/`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("problem %d = %q, want it to name %q", i, got[i], w)
		}
	}
}

// TestCheckerReadsTheCommitOfAWorktree checks a command at a commit where
// its benchmark did not exist yet: BenchmarkReanalyze came after 3aa5441.
func TestCheckerReadsTheCommitOfAWorktree(t *testing.T) {
	md := "```sh\n" +
		"git worktree add /tmp/then 3aa5441 && cd /tmp/then\n" +
		"go test -run '^$' -bench '^(BenchmarkAnalyze|BenchmarkReanalyze)$' ./analysis/\n" +
		"```\n"
	c := newChecker(root)
	got := c.check(md)
	if err := c.missing["3aa5441"]; err != nil {
		t.Skipf("no history to read: %v", err)
	}
	if len(got) != 1 || !strings.Contains(got[0], "^BenchmarkReanalyze$") || !strings.Contains(got[0], "3aa5441") {
		t.Errorf("got %q, want one problem naming ^BenchmarkReanalyze$ at 3aa5441", got)
	}
	// A commit the clone does not hold is left unchecked, and said so.
	got = c.check("`cd /tmp/at-0000000 && go test -run '^$' -bench BenchmarkNoSuch ./analysis/`\n")
	if len(got) != 0 || c.missing["0000000"] == nil {
		t.Errorf("a commit not in the clone gave %q and %v, want no problem and a reason", got, c.missing["0000000"])
	}
}

// A place is where a command runs: a directory of a tree, the current one
// (commit "") or a commit's.
type place struct {
	commit string
	dir    string // relative to the tree's root, slash-separated
}

// A checker checks commands against the trees they run in, and keeps what
// it has read of each directory of each tree.
type checker struct {
	root     string
	commands int
	// missing holds, for each commit looked up, why git cannot read it
	// (nil when it can): the commands of a commit it cannot read are not
	// checked, as in a shallow clone, which has no history.
	missing map[string]error
	funcs   map[place]*funcs
}

func newChecker(root string) *checker {
	return &checker{root: root, missing: map[string]error{}, funcs: map[place]*funcs{}}
}

// check returns a line for each problem of the commands of a markdown text.
func (c *checker) check(md string) []string {
	var problems []string
	for _, s := range snippets(md) {
		st := &state{worktrees: map[string]string{}, binaries: map[string]place{}}
		for _, l := range s.lines {
			for _, cmd := range commands(words(l)) {
				for _, p := range c.command(cmd, st) {
					problems = append(problems, fmt.Sprintf("BENCHMARKS.md:%d: %s: %s", s.line, strings.TrimSpace(l), p))
				}
			}
		}
	}
	return problems
}
