package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// annotation is a workflow command as the GitHub runner reads it.
type annotation struct {
	command string
	props   map[string]string
	message string
}

// parseWorkflowCommand reads a line as the runner does (ActionCommand.cs in
// actions/runner, TryParseV2): the command name up to a space, properties
// split on "," and then on the first "=", the message after the first "::"
// that follows the leading one, and the escapes undone, "%25" last.
func parseWorkflowCommand(t *testing.T, line string) annotation {
	t.Helper()
	if !strings.HasPrefix(line, "::") {
		t.Fatalf("not a workflow command: %q", line)
	}
	end := strings.Index(line[2:], "::")
	if end < 0 {
		t.Fatalf("no '::' before the message: %q", line)
	}
	info, data := line[2:2+end], line[2+end+2:]
	name, props, _ := strings.Cut(info, " ")
	a := annotation{command: name, props: map[string]string{}}
	unprop := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",")
	for _, p := range strings.Split(props, ",") {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			t.Fatalf("property %q of %q has no '='", p, line)
		}
		a.props[k] = strings.ReplaceAll(unprop.Replace(v), "%25", "%")
	}
	undata := strings.NewReplacer("%0D", "\r", "%0A", "\n")
	a.message = strings.ReplaceAll(undata.Replace(data), "%25", "%")
	return a
}

// --format github writes one workflow command a finding; read back as the
// runner reads it, each carries the finding's file, range, code and
// message, and the command of its severity. The file's name needs the
// property escapes.
func TestLintGitHubFormat(t *testing.T) {
	dir := t.TempDir()
	name := "odd, name: 100%.json"
	p := writeFile(t, dir, name, typo)
	r := runCLI(t, "", "lint", "--format", "github", p)
	if r.code != 1 || r.stderr == "" {
		t.Fatalf("exit %d, stderr %q; want 1 and a summary", r.code, r.stderr)
	}
	var report []struct {
		Diagnostics []struct {
			Code, Severity, Message string
			Range                   struct{ Start, End struct{ Line, Character int } }
		}
	}
	if err := json.Unmarshal([]byte(runCLI(t, "", "lint", "--format", "json", p).stdout), &report); err != nil || len(report) != 1 {
		t.Fatalf("JSON report: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(report[0].Diagnostics) {
		t.Fatalf("%d commands for %d findings:\n%s", len(lines), len(report[0].Diagnostics), r.stdout)
	}
	commandOf := map[string]string{"error": "error", "warning": "warning", "information": "notice", "hint": "notice"}
	for i, d := range report[0].Diagnostics {
		a := parseWorkflowCommand(t, lines[i])
		// The fixture is ASCII, so LSP's UTF-16 characters are its columns.
		want := map[string]string{
			"file": p, "title": d.Code,
			"line": fmt.Sprint(d.Range.Start.Line + 1), "endLine": fmt.Sprint(d.Range.End.Line + 1),
		}
		if d.Range.Start.Line == d.Range.End.Line {
			want["col"] = fmt.Sprint(d.Range.Start.Character + 1)
			want["endColumn"] = fmt.Sprint(d.Range.End.Character + 1)
		}
		if a.command != commandOf[d.Severity] || fmt.Sprint(a.props) != fmt.Sprint(want) || a.message != d.Message {
			t.Errorf("command %d: %q\nread as %+v\nwant %s %v %q", i, lines[i], a, commandOf[d.Severity], want, d.Message)
		}
	}
}

// A finding over several lines has no columns: GitHub takes col and
// endColumn only on one line.
func TestLintGitHubFormatMultiLineFinding(t *testing.T) {
	// A Resource that is an object over three lines (wrong-value-type).
	src := strings.Replace(typo, `"Resource": "*"`, "\"Resource\": {\n      \"x\": 1\n    }", 1)
	p := writeFile(t, t.TempDir(), "p.json", src)
	r := runCLI(t, "", "lint", "--format", "github", "--kind", "key", p)
	var multi int
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		a := parseWorkflowCommand(t, line)
		_, hasCol := a.props["col"]
		_, hasEndCol := a.props["endColumn"]
		if a.props["line"] != a.props["endLine"] {
			multi++
			if hasCol || hasEndCol {
				t.Errorf("a finding over lines %s–%s has columns: %q", a.props["line"], a.props["endLine"], line)
			}
		} else if !hasCol || !hasEndCol {
			t.Errorf("a one-line finding lacks its columns: %q", line)
		}
	}
	if multi == 0 {
		t.Errorf("no finding spans several lines; the fixture no longer tests them:\n%s", r.stdout)
	}
}

// What the escapes must survive: the runner's reading gives back the text.
func TestWorkflowCommandEscapes(t *testing.T) {
	for _, s := range []string{"plain", "100%", "%0A is not a newline", "a\nb\r\nc", "a:b,c", "::error::", "%3A%2C%25"} {
		line := "::error file=" + escapeProperty(s) + ",title=" + escapeProperty(s) + "::" + escapeData(s)
		a := parseWorkflowCommand(t, line)
		if a.props["file"] != s || a.props["title"] != s || a.message != s {
			t.Errorf("%q: written %q, read back %+v", s, line, a)
		}
		if strings.ContainsAny(escapeProperty(s), ":,\r\n") || strings.ContainsAny(escapeData(s), "\r\n") {
			t.Errorf("%q: escaped to %q / %q", s, escapeProperty(s), escapeData(s))
		}
	}
}

func TestLintGitHubFormatOnTheExamples(t *testing.T) {
	examples := filepath.Join("..", "..", "testdata", "examples")
	r := runCLI(t, "", "lint", "--format", "github", examples)
	text := runCLI(t, "", "lint", examples)
	if r.code != text.code || strings.Count(r.stdout, "\n") != strings.Count(text.stdout, "\n") {
		t.Errorf("github format: exit %d and %d lines; text: exit %d and %d lines", r.code, strings.Count(r.stdout, "\n"), text.code, strings.Count(text.stdout, "\n"))
	}
	// Each annotation is on a file the text output reports, line for line.
	textLines := strings.Split(strings.TrimSpace(text.stdout), "\n")
	for i, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		a := parseWorkflowCommand(t, line)
		if i >= len(textLines) || !strings.HasPrefix(textLines[i], a.props["file"]+":"+a.props["line"]+":") {
			t.Errorf("annotation %d on %s:%s, text output has %q", i, a.props["file"], a.props["line"], textLines[min(i, len(textLines)-1)])
		}
	}
}
