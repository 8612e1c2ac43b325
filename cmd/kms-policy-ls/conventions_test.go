package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
)

// runIn runs the binary in dir, as a user in that directory would.
func runIn(t *testing.T, dir string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	return runCmd(t, cmd)
}

// Every command answers -h, --help and `help COMMAND` with its usage on
// stdout and exit 0; the program answers -h, --help and `help` with the
// overview.
func TestEveryCommandAnswersHelp(t *testing.T) {
	for _, c := range commands {
		want := c.usage()
		for _, args := range [][]string{{c.name, "-h"}, {c.name, "--help"}, {c.name, "-help"}, {"help", c.name}} {
			r := runCLI(t, "", args...)
			if r.code != 0 || r.stdout != want || r.stderr != "" {
				t.Errorf("%v: exit %d, stderr %q, stdout:\n%s\nwant:\n%s", args, r.code, r.stderr, r.stdout, want)
			}
		}
		if !strings.HasPrefix(want, "Usage: kms-policy-ls "+c.name) {
			t.Errorf("usage of %s begins %q", c.name, want[:min(len(want), 40)])
		}
		c.flags().VisitAll(func(f *flag.Flag) {
			if !strings.Contains(want, "\n  --"+f.Name) {
				t.Errorf("usage of %s lacks --%s:\n%s", c.name, f.Name, want)
			}
		})
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		r := runCLI(t, "", args...)
		if r.code != 0 || r.stdout != overview() || r.stderr != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout:\n%s", args, r.code, r.stderr, r.stdout)
		}
	}
	for _, c := range commands {
		if !strings.Contains(overview(), "kms-policy-ls "+c.name) && c != serveCommand {
			t.Errorf("the overview does not list %s", c.name)
		}
	}
	// The usage of lint comes after --help wherever it stands, even after paths.
	if r := runCLI(t, "", "lint", "some/dir", "--help"); r.code != 0 || r.stdout != lintCommand.usage() {
		t.Errorf("lint some/dir --help: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, "", "help", "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("help frobnicate: exit %d, stderr %q", r.code, r.stderr)
	}
}

// An unknown flag is a one-line error naming it, followed by the command's
// usage, on stderr; exit 2.
func TestUnknownFlag(t *testing.T) {
	p := writeFile(t, t.TempDir(), "p.json", typo)
	for _, c := range commands {
		args := []string{c.name, "--frobnicate"}
		if c == lintCommand {
			args = []string{"lint", p, "--frobnicate"}
		}
		r := runCLI(t, "", args...)
		first, rest, _ := strings.Cut(r.stderr, "\n")
		if r.code != 2 || !strings.Contains(first, "frobnicate") || !strings.HasPrefix(first, "kms-policy-ls "+c.name+": ") ||
			rest != "\n"+c.usage() || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s", args, r.code, r.stdout, r.stderr)
		}
	}
	// A bad value names the flag too.
	r := runCLI(t, "", "lint", "--severity-threshold", "fatal", p)
	if first, _, _ := strings.Cut(r.stderr, "\n"); r.code != 2 || !strings.Contains(first, "severity-threshold") || !strings.Contains(first, "fatal") {
		t.Errorf("--severity-threshold fatal: exit %d, stderr %q", r.code, r.stderr)
	}
}

// Go's flag conventions, and flags after or between the paths: every
// spelling lints the same two files with the same options.
func TestLintFlagSpellings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.json", typo)
	writeFile(t, dir, "b.json", typo)
	want := runIn(t, dir, "lint", "--format", "json", "--kind", "key", "a.json", "b.json")
	if want.code != 1 || strings.Count(want.stdout, `"file"`) != 2 || !strings.Contains(want.stdout, `"kind": "key"`) {
		t.Fatalf("baseline: exit %d\n%s%s", want.code, want.stdout, want.stderr)
	}
	for _, args := range [][]string{
		{"lint", "--format=json", "--kind=key", "a.json", "b.json"},
		{"lint", "-format", "json", "-kind", "key", "a.json", "b.json"},
		{"lint", "-format=json", "-kind=key", "a.json", "b.json"},
		{"lint", "a.json", "b.json", "--format", "json", "--kind", "key"},
		{"lint", "--kind", "key", "a.json", "--format=json", "b.json"},
		{"lint", "a.json", "--format", "json", "b.json", "-kind=key"},
	} {
		if r := runIn(t, dir, args...); r.code != want.code || r.stdout != want.stdout {
			t.Errorf("%v: exit %d, output differs from %v:\n%s%s", args, r.code, "--format json --kind key a.json b.json", r.stdout, r.stderr)
		}
	}
}

// "-" reads standard input wherever it stands among the flags.
func TestLintStdinAmongFlags(t *testing.T) {
	want := runCLI(t, typo, "lint", "--format", "json", "--kind", "key", "-")
	for _, args := range [][]string{
		{"lint", "-", "--format", "json", "--kind", "key"},
		{"lint", "--format=json", "-", "--kind=key"},
	} {
		r := runCLI(t, typo, args...)
		var files []struct{ File string }
		if err := json.Unmarshal([]byte(r.stdout), &files); err != nil || r.code != 1 || r.stdout != want.stdout || len(files) != 1 || files[0].File != "<stdin>" {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// "--" ends the flags: a file whose name starts with "-" can be linted, and
// an argument after "--" that looks like a flag is a path.
func TestLintDoubleDashEndsFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "-p.json", typo)
	r := runIn(t, dir, "lint", "--format", "json", "--", "-p.json")
	if r.code != 1 || !strings.Contains(r.stdout, `"file": "-p.json"`) {
		t.Errorf("lint -- -p.json: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, dir, "lint", "--", "-p.json", "--quiet")
	if r.code != 2 || !strings.Contains(r.stderr, "cannot read --quiet") {
		t.Errorf("lint -- -p.json --quiet: exit %d, stderr %q; want --quiet read as a path", r.code, r.stderr)
	}
}

// lint with no path lints the current directory; a walk that finds no
// policy says so on stderr and exits 0.
func TestLintWithoutPathLintsTheCurrentDirectory(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "policies")
	os.Mkdir(sub, 0o755)
	writeFile(t, sub, "key.json", typo)
	r := runIn(t, dir, "lint")
	if want := filepath.Join("policies", "key.json") + ":7:31: error unknown-action"; r.code != 1 || !strings.Contains(r.stdout, want) {
		t.Errorf("lint in %s: exit %d, want %q in\n%s%s", dir, r.code, want, r.stdout, r.stderr)
	}

	empty := t.TempDir()
	writeFile(t, empty, "package.json", `{"name": "app"}`)
	r = runIn(t, empty, "lint")
	if r.code != 0 || r.stdout != "" || r.stderr != "no policy files under .\n" {
		t.Errorf("lint in a directory without policies: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, dir, "lint", "--format", "json", empty, sub)
	if r.code != 1 || r.stderr != "no policy files under "+empty+"\n" || !strings.Contains(r.stdout, "key.json") {
		t.Errorf("lint EMPTY POLICIES: exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
}

// severities of a file's findings, read from the JSON report.
func severities(t *testing.T, files ...string) []checks.Severity {
	t.Helper()
	r := runCLI(t, "", append([]string{"lint", "--format", "json"}, files...)...)
	var report []struct {
		Diagnostics []struct{ Severity string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
		t.Fatalf("lint --format json %v: %v\n%s", files, err, r.stdout)
	}
	var sevs []checks.Severity
	for _, f := range report {
		for _, d := range f.Diagnostics {
			s, ok := checks.ParseSeverity(d.Severity)
			if !ok {
				t.Fatalf("severity %q", d.Severity)
			}
			sevs = append(sevs, s)
		}
	}
	return sevs
}

// --severity-threshold sets the least severe finding that makes the exit
// status 1: for each file and each threshold, the status is 1 exactly when
// one of the file's findings is at least that severe.
func TestLintSeverityThreshold(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		writeFile(t, dir, "error.json", typo),
		// Principal "*" narrowed only by the service it calls through: a
		// warning (and information), no error.
		writeFile(t, dir, "warning.json", `{"Version":"2012-10-17","Statement":[{"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},`+
			`{"Sid":"Public","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`),
		// An IAM policy using the old name of kms:KeySpec: a hint alone.
		writeFile(t, dir, "hint.json", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"kms:CreateKey","Resource":"*","Condition":{"StringEquals":{"kms:CustomerMasterKeySpec":"RSA_2048"}}}]}`),
	}
	worstSeen := map[checks.Severity]bool{}
	for _, f := range files {
		worst := checks.Severity(0)
		for _, s := range severities(t, f) {
			if worst == 0 || s < worst {
				worst = s
			}
		}
		worstSeen[worst] = true
		for _, th := range []checks.Severity{checks.Error, checks.Warning, checks.Information, checks.Hint} {
			want := 0
			if worst != 0 && worst <= th {
				want = 1
			}
			if r := runCLI(t, "", "lint", "--severity-threshold", th.String(), f); r.code != want {
				t.Errorf("%s --severity-threshold %s: exit %d, want %d (most severe finding: %v)", filepath.Base(f), th, r.code, want, worst)
			}
		}
		if r := runCLI(t, "", "lint", f); (r.code == 1) != (worst == checks.Error) {
			t.Errorf("%s without a threshold: exit %d; the default threshold is error", filepath.Base(f), r.code)
		}
	}
	for _, s := range []checks.Severity{checks.Error, checks.Warning, checks.Hint} {
		if !worstSeen[s] {
			t.Errorf("no fixture has %s as its most severe finding: the fixtures no longer cover the thresholds", s)
		}
	}
}

// Text output ends with a one-line summary on stderr, counted from the
// findings; --quiet leaves only the findings; machine formats have none.
func TestLintSummary(t *testing.T) {
	examples := filepath.Join("..", "..", "testdata", "examples")
	counts := map[checks.Severity]int{}
	for _, s := range severities(t, examples) {
		counts[s]++
	}
	var want []string
	for _, s := range []struct {
		sev  checks.Severity
		name string
	}{{checks.Error, "error"}, {checks.Warning, "warning"}, {checks.Information, "information"}, {checks.Hint, "hint"}} {
		switch n := counts[s.sev]; {
		case n == 1:
			want = append(want, "1 "+s.name)
		case n > 1 && s.sev == checks.Information:
			want = append(want, fmt.Sprintf("%d information", n))
		case n > 1:
			want = append(want, fmt.Sprintf("%d %ss", n, s.name))
		}
	}
	entries, err := os.ReadDir(examples)
	if err != nil {
		t.Fatal(err)
	}
	files := 0 // every example holds a policy
	for _, e := range entries {
		if source.Candidate(e.Name()) {
			files++
		}
	}
	line := strings.Join(want, ", ") + fmt.Sprintf(" in %d files\n", files)
	if r := runCLI(t, "", "lint", examples); r.stderr != line {
		t.Errorf("summary %q, want %q", r.stderr, line)
	}
	clean := filepath.Join(examples, "iam-policy.json")
	if r := runCLI(t, "", "lint", clean); r.code != 0 || r.stdout != "" || r.stderr != "no findings in 1 file\n" {
		t.Errorf("clean file: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	quiet := runCLI(t, "", "lint", "--quiet", examples)
	loud := runCLI(t, "", "lint", examples)
	if quiet.stderr != "" || quiet.stdout != loud.stdout || quiet.code != 1 {
		t.Errorf("--quiet: exit %d, stderr %q; stdout equal to the default's: %v", quiet.code, quiet.stderr, quiet.stdout == loud.stdout)
	}
	for _, format := range []string{"json", "sarif"} {
		if r := runCLI(t, "", "lint", "--format", format, examples); r.stderr != "" {
			t.Errorf("--format %s wrote %q on stderr", format, r.stderr)
		}
	}
}

func TestSummaryWording(t *testing.T) {
	var c [checks.Hint + 1]int
	if got := summary(c, 0); got != "no findings in 0 files" {
		t.Errorf("summary() = %q", got)
	}
	c[checks.Error], c[checks.Warning], c[checks.Information], c[checks.Hint] = 3, 1, 2, 1
	if got, want := summary(c, 1), "3 errors, 1 warning, 2 information, 1 hint in 1 file"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}
