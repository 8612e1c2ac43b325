package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLintExitStatusOverSeveralFiles: the exit status sums up every file
// named, in whatever order: a finding at the threshold in any file is 1, a
// file that cannot be read is 2, and a clean file after a bad one changes
// neither.
func TestLintExitStatusOverSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"bad":   writeFile(t, dir, "bad.json", typo),
		"clean": writeFile(t, dir, "clean.json", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}`),
		// An IAM policy whose only finding is a warning (old-version).
		"warn":    writeFile(t, dir, "warn.json", `{"Version":"2008-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}`),
		"missing": filepath.Join(dir, "missing.json"),
	}
	for _, c := range []struct {
		order []string
		flags []string
		want  int
	}{
		{[]string{"bad", "clean"}, nil, 1},
		{[]string{"clean", "bad"}, nil, 1},
		{[]string{"clean", "bad", "clean"}, nil, 1},
		{[]string{"bad", "clean", "clean"}, nil, 1},
		{[]string{"clean", "clean"}, nil, 0},
		{[]string{"warn", "clean"}, nil, 0},
		{[]string{"warn", "clean"}, []string{"--severity-threshold", "warning"}, 1},
		{[]string{"clean", "warn"}, []string{"--severity-threshold", "warning"}, 1},
		{[]string{"bad", "missing"}, nil, 2},
		{[]string{"missing", "clean"}, nil, 2},
		{[]string{"clean", "missing"}, nil, 2},
		{[]string{"bad", "clean"}, []string{"--format", "json"}, 1},
		{[]string{"clean", "bad"}, []string{"--format", "sarif"}, 1},
	} {
		args := append([]string{"lint", "--kind", "iam"}, c.flags...)
		for _, name := range c.order {
			args = append(args, files[name])
		}
		r := runCLI(t, "", args...)
		if r.code != c.want {
			t.Errorf("%v %v: exit %d, want %d\n%s%s", c.order, c.flags, r.code, c.want, r.stdout, r.stderr)
		}
		if c.want == 1 && len(c.flags) == 0 && !strings.Contains(r.stdout, files["bad"]+":7:") {
			t.Errorf("%v: the bad file's finding is not reported:\n%s", c.order, r.stdout)
		}
	}
}

// TestLintSARIFColumnsOnNonASCIILines: SARIF columns count UTF-16 code
// units (the run's columnKind), also after characters of two and four
// bytes on the finding's line; the text output counts characters.
func TestLintSARIFColumnsOnNonASCIILines(t *testing.T) {
	prefix := `    "Sid": "Usé😀ñ", "Effect": "Allow", "Action": [`
	src := strings.Replace(typo, `    "Action": [`, prefix, 1)
	src = strings.Replace(src, "    \"Sid\": \"Usé\",\n    \"Effect\": \"Allow\",\n", "", 1)
	p := writeFile(t, t.TempDir(), "p.json", src)
	line := 0
	for i, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, prefix) {
			line = i + 1
		}
	}
	if line == 0 {
		t.Fatalf("setup: no line starts with %q in\n%s", prefix, src)
	}
	r := runCLI(t, "", "lint", "--format=sarif", p)
	var log struct {
		Runs []struct {
			ColumnKind string `json:"columnKind"`
			Results    []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						Region struct{ StartLine, StartColumn, EndLine, EndColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("not SARIF: %v\n%s", err, r.stdout)
	}
	if log.Runs[0].ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q", log.Runs[0].ColumnKind)
	}
	// "kms:Encrypt" comes first in the list, the typo after it.
	before := prefix + `"kms:Encrypt", `
	start := utf16Len(before) + 1
	want := [4]int{line, start, line, start + utf16Len(`"kms:Decrpyt"`)}
	found := false
	for _, res := range log.Runs[0].Results {
		if res.RuleID != "unknown-action" {
			continue
		}
		found = true
		g := res.Locations[0].PhysicalLocation.Region
		if got := [4]int{g.StartLine, g.StartColumn, g.EndLine, g.EndColumn}; got != want {
			t.Errorf("unknown-action region %v, want %v (line %q)", got, want, before)
		}
	}
	if !found {
		t.Fatalf("no unknown-action result:\n%s", r.stdout)
	}
	// The text output counts characters: the emoji is one.
	text := runCLI(t, "", "lint", p)
	if want := p + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(len([]rune(before))+1) + ": error unknown-action"; !strings.Contains(text.stdout, want) {
		t.Errorf("text output lacks %q:\n%s", want, text.stdout)
	}
}
