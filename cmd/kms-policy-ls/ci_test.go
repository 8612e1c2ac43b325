package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The pre-commit hook and the GitHub Action at the repository's root are
// read here with a few lines of code rather than a YAML library: the two
// files keep to block mappings, block sequences of mappings, "|" scalars
// and one-line flow lists, which is all readYAML understands.

// yamlNode is a mapping, a list or a scalar.
type yamlNode struct {
	scalar  string
	mapping map[string]*yamlNode
	keys    []string // the mapping's keys in order
	list    []*yamlNode
}

func (n *yamlNode) get(path ...string) *yamlNode {
	for _, k := range path {
		if n == nil || n.mapping == nil {
			return nil
		}
		n = n.mapping[k]
	}
	return n
}

func (n *yamlNode) str(path ...string) string {
	if m := n.get(path...); m != nil {
		return m.scalar
	}
	return ""
}

type yamlLine struct {
	indent int
	text   string
}

// readYAML parses the subset of YAML described above.
func readYAML(t *testing.T, path string) *yamlNode {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []yamlLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		raw := sc.Text()
		text := strings.TrimLeft(raw, " ")
		lines = append(lines, yamlLine{len(raw) - len(text), text})
	}
	p := &yamlParser{t: t, lines: lines}
	p.skipBlank()
	return p.block(0)
}

type yamlParser struct {
	t     *testing.T
	lines []yamlLine
	i     int
}

func (p *yamlParser) skipBlank() {
	for p.i < len(p.lines) && (p.lines[p.i].text == "" || strings.HasPrefix(p.lines[p.i].text, "#")) {
		p.i++
	}
}

// block reads the mapping or list whose lines are indented by indent.
func (p *yamlParser) block(indent int) *yamlNode {
	n := &yamlNode{}
	for p.skipBlank(); p.i < len(p.lines) && p.lines[p.i].indent == indent; p.skipBlank() {
		l := p.lines[p.i]
		if item, ok := strings.CutPrefix(l.text, "- "); ok {
			// A list item is a mapping whose first key follows the dash.
			p.lines[p.i] = yamlLine{indent + 2, item}
			n.list = append(n.list, p.block(indent+2))
			continue
		}
		key, value, ok := strings.Cut(l.text, ":")
		if !ok {
			p.t.Fatalf("line %d: %q is not a key", p.i+1, l.text)
		}
		if n.mapping == nil {
			n.mapping = map[string]*yamlNode{}
		}
		n.keys = append(n.keys, key)
		p.i++
		value = strings.TrimSpace(value)
		switch {
		case value == "|":
			n.mapping[key] = &yamlNode{scalar: p.literal(indent)}
		case value == "":
			p.skipBlank()
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				n.mapping[key] = p.block(p.lines[p.i].indent)
			} else {
				n.mapping[key] = &yamlNode{}
			}
		case strings.HasPrefix(value, "["):
			list := &yamlNode{}
			for _, item := range strings.Split(strings.Trim(value, "[]"), ",") {
				list.list = append(list.list, &yamlNode{scalar: unquote(strings.TrimSpace(item))})
			}
			n.mapping[key] = list
		default:
			n.mapping[key] = &yamlNode{scalar: unquote(value)}
		}
	}
	return n
}

// literal reads a "|" block scalar: the lines indented deeper than the key.
func (p *yamlParser) literal(keyIndent int) string {
	var b strings.Builder
	indent := -1
	for ; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		if l.text != "" && l.indent <= keyIndent {
			break
		}
		if indent < 0 && l.text != "" {
			indent = l.indent
		}
		if l.text != "" {
			b.WriteString(strings.Repeat(" ", l.indent-indent))
		}
		b.WriteString(l.text + "\n")
	}
	return b.String()
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

// exampleFiles are the shipped examples as pre-commit names them: paths
// relative to the repository's root.
func exampleFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "testdata", "examples", "*.json"))
	if err != nil || len(files) < 4 {
		t.Fatalf("examples: %v %v", files, err)
	}
	for i, f := range files {
		files[i], _ = filepath.Rel(repoRoot, f)
	}
	return files
}

// runFrom runs a command line in the repository's root with the built
// binary standing for kms-policy-ls.
func runFrom(t *testing.T, argv []string, env ...string) cliResult {
	t.Helper()
	if argv[0] == "kms-policy-ls" {
		argv = append([]string{binary}, argv[1:]...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), env...)
	return runCmd(t, cmd)
}

// The pre-commit hook's entry, run as pre-commit runs it (the entry, its
// args, then the staged files' names), reports the examples' mistakes and
// nothing about a JSON file that holds no policy.
func TestPreCommitHook(t *testing.T) {
	hooks := readYAML(t, filepath.Join(repoRoot, ".pre-commit-hooks.yaml"))
	if len(hooks.list) != 1 {
		t.Fatalf("want one hook, got %d", len(hooks.list))
	}
	hook := hooks.list[0]
	if hook.str("id") != "kms-policy-ls" || hook.str("language") != "golang" {
		t.Errorf("hook id %q language %q", hook.str("id"), hook.str("language"))
	}
	if types := hook.get("types"); types == nil || len(types.list) != 1 || types.list[0].scalar != "json" {
		t.Errorf("hook types: want [json]")
	}
	entry := strings.Fields(hook.str("entry"))
	// pre-commit's golang hooks run `go install ./...`: the entry's program
	// is the name of the command it installs.
	if len(entry) < 2 || entry[0] != "kms-policy-ls" || entry[1] != "lint" {
		t.Fatalf("entry %q: want kms-policy-ls lint …", hook.str("entry"))
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "cmd", entry[0], "main.go")); err != nil {
		t.Errorf("go install ./... builds no %s: %v", entry[0], err)
	}
	argv := entry
	if args := hook.get("args"); args != nil {
		for _, a := range args.list {
			argv = append(argv, a.scalar)
		}
	}
	pkg := writeFile(t, t.TempDir(), "package.json", `{"name": "app", "version": "1.0.0"}`)
	r := runFrom(t, append(append(slices.Clone(argv), exampleFiles(t)...), pkg))
	if r.code != 1 || !strings.Contains(r.stdout, "mistakes.json:16:33: error unknown-action") {
		t.Errorf("hook on the examples: exit %d, want 1 and mistakes.json's findings\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if !strings.HasPrefix(line, filepath.Join("testdata", "examples", "mistakes.json")+":") {
			t.Errorf("the hook reported on another file than mistakes.json: %q", line)
		}
	}
	var clean []string
	for _, f := range exampleFiles(t) {
		if !strings.HasSuffix(f, "mistakes.json") {
			clean = append(clean, f)
		}
	}
	if r := runFrom(t, append(append(slices.Clone(argv), clean...), pkg)); r.code != 0 || r.stdout != "" {
		t.Errorf("hook on the clean examples and package.json: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// action is action.yml as read by readYAML.
func readAction(t *testing.T) *yamlNode {
	t.Helper()
	a := readYAML(t, filepath.Join(repoRoot, "action.yml"))
	if a.str("runs", "using") != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.str("runs", "using"))
	}
	for _, in := range []string{"paths", "severity-threshold", "kind", "account", "sarif-file"} {
		if a.get("inputs", in) == nil {
			t.Errorf("action.yml has no input %s", in)
		}
	}
	return a
}

var inputExpr = regexp.MustCompile(`^\$\{\{ inputs\.([a-z-]+) \}\}$`)

// runActionSteps runs the action's steps after the install step as the
// runner would, with inputs, the built binary on PATH, in the repository's
// root, and returns each step's result; it stops at the first step that
// fails, as the runner does.
func runActionSteps(t *testing.T, action *yamlNode, inputs map[string]string) []cliResult {
	t.Helper()
	for name, in := range action.get("inputs").mapping {
		if _, ok := inputs[name]; !ok {
			inputs[name] = in.str("default")
		}
	}
	ghDir := t.TempDir()
	path := "PATH=" + filepath.Dir(binary) + string(os.PathListSeparator) + os.Getenv("PATH")
	var results []cliResult
	for _, step := range action.get("runs", "steps").list[1:] {
		script := step.str("run")
		if step.str("shell") != "bash" || strings.Contains(script, "${{") {
			t.Fatalf("step %q: want a bash script that takes its inputs from env only", step.str("name"))
		}
		env := []string{path, "GITHUB_PATH=" + filepath.Join(ghDir, "path"), "GITHUB_OUTPUT=" + filepath.Join(ghDir, "output")}
		if e := step.get("env"); e != nil {
			for _, k := range e.keys {
				m := inputExpr.FindStringSubmatch(e.mapping[k].scalar)
				if m == nil {
					t.Fatalf("step %q: env %s = %q is not an input", step.str("name"), k, e.mapping[k].scalar)
				}
				env = append(env, k+"="+inputs[m[1]])
			}
		}
		r := runFrom(t, []string{"bash", "-e", "-o", "pipefail", "-c", script}, env...)
		results = append(results, r)
		if r.code != 0 {
			break
		}
	}
	return results
}

// The action installs this module's command with go install, and its other
// steps are valid invocations of the CLI: run on the examples, they write
// the SARIF report lint writes and annotate mistakes.json, and the step
// fails on an error finding; on clean files everything passes; a bad path
// fails the first lint step.
func TestGitHubAction(t *testing.T) {
	action := readAction(t)
	steps := action.get("runs", "steps").list
	if len(steps) != 3 {
		t.Fatalf("%d steps, want install, SARIF, annotations", len(steps))
	}
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	module := strings.TrimPrefix(strings.SplitN(string(gomod), "\n", 2)[0], "module ")
	if want := `go install "` + module + `/cmd/kms-policy-ls@${VERSION}"`; !strings.Contains(steps[0].str("run"), want) {
		t.Errorf("the install step does not run %s:\n%s", want, steps[0].str("run"))
	}
	if !strings.Contains(steps[0].str("env", "VERSION"), "github.action_ref") {
		t.Errorf("the install step does not default to the action's ref: VERSION = %q", steps[0].str("env", "VERSION"))
	}

	sarif := filepath.Join(t.TempDir(), "out.sarif")
	examples := filepath.Join("testdata", "examples")
	res := runActionSteps(t, action, map[string]string{"paths": examples, "sarif-file": sarif, "account": "111122223333"})
	if len(res) != 2 || res[0].code != 0 || res[1].code != 1 {
		t.Fatalf("on the examples: %+v; want the SARIF step to pass and the annotations step to fail", res)
	}
	got, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	want := runFrom(t, []string{"kms-policy-ls", "lint", "--format", "sarif", "--kind", "auto", "--account", "111122223333", examples})
	if string(got) != want.stdout || !json.Valid(got) {
		t.Errorf("the SARIF file differs from lint --format sarif's report")
	}
	if !strings.Contains(res[1].stdout, "::error file=testdata/examples/mistakes.json,line=16,col=33,") {
		t.Errorf("annotations:\n%s", res[1].stdout)
	}

	clean := filepath.Join(examples, "iam-policy.json") + " " + filepath.Join(examples, "default-key-policy.json")
	res = runActionSteps(t, action, map[string]string{"paths": clean, "sarif-file": sarif})
	if len(res) != 2 || res[0].code != 0 || res[1].code != 0 || res[1].stdout != "" {
		t.Errorf("on clean files: %+v", res)
	}
	res = runActionSteps(t, action, map[string]string{"paths": examples, "sarif-file": sarif, "severity-threshold": "hint"})
	if len(res) != 2 || res[1].code != 1 {
		t.Errorf("with severity-threshold hint: %+v", res)
	}
	res = runActionSteps(t, action, map[string]string{"paths": "no/such/dir", "sarif-file": sarif})
	if len(res) != 1 || res[0].code != 2 {
		t.Errorf("on a missing path: %+v; want the SARIF step to fail with 2", res)
	}
}

// The README's workflow uses the action with inputs it has.
func TestREADMEWorkflowUsesTheActionsInputs(t *testing.T) {
	action := readAction(t)
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "uses: kms-policy-ls/kms-policy-ls@")
	if !ok {
		t.Fatal("README.md has no workflow using the action")
	}
	with := regexp.MustCompile(`(?s)^[^\n]*\n(\s+)id: \w+\n\s+with:\n(.*?)\n\s+- `).FindStringSubmatch(after)
	if with == nil {
		t.Fatalf("README's workflow step has no id and with:\n%.300s", after)
	}
	for _, line := range strings.Split(with[2], "\n") {
		name, _, _ := strings.Cut(strings.TrimSpace(line), ":")
		if action.get("inputs", name) == nil {
			t.Errorf("README's workflow passes %q, not an input of action.yml", name)
		}
	}
	if !strings.Contains(after, "sarif_file: ${{ steps.") || !strings.Contains(after, "outputs.sarif-file") {
		t.Errorf("README's workflow does not upload the action's sarif-file output")
	}
	if action.get("outputs", "sarif-file") == nil {
		t.Errorf("action.yml has no output sarif-file")
	}
}
