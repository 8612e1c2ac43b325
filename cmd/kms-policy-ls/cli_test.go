package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/catalogdoc"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
)

// The CLI is tested as users run it: the built binary, real files, real
// exit codes.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kms-policy-ls-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "kms-policy-ls")
	// Without VCS stamping the binary's version is "(devel)" wherever the
	// tests run, which the SARIF golden file records; TestVersion builds
	// its own binaries with stamping.
	if out, err := exec.Command("go", "build", "-buildvcs=false", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type cliResult struct {
	stdout, stderr string
	code           int
}

func runCLI(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	return runCmd(t, cmd)
}

// runCmd runs a command and collects what it wrote and its exit status.
func runCmd(t *testing.T, cmd *exec.Cmd) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cliResult{out.String(), errb.String(), code}
}

const typo = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "Usé",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": ["kms:Encrypt", "kms:Decrpyt"],
    "Resource": "*"
  }]
}`

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLintTextReportsUnknownActionWithSuggestion(t *testing.T) {
	p := writeFile(t, t.TempDir(), "key-policy.json", typo)
	r := runCLI(t, "", "lint", p)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (an error finding); stdout=%s stderr=%s", r.code, r.stdout, r.stderr)
	}
	want := p + ":7:31: error unknown-action: "
	if !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "kms:Decrypt") {
		t.Errorf("output lacks %q with the suggestion kms:Decrypt:\n%s", want, r.stdout)
	}
}

func TestLintJSONUsesLSPPositions(t *testing.T) {
	// A 😀 before the typo counts two UTF-16 code units.
	src := strings.Replace(typo, `["kms:Encrypt", "kms:Decrpyt"]`, `["kms:Encrypt", "😀", "kms:Decrpyt"]`, 1)
	r := runCLI(t, src, "lint", "--format", "json", "--kind", "key", "-")
	var files []struct {
		File        string `json:"file"`
		Kind        string `json:"kind"`
		Diagnostics []struct {
			Code, Severity, Message string
			Range                   struct{ Start, End struct{ Line, Character int } }
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &files); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if len(files) != 1 || files[0].File != "<stdin>" || files[0].Kind != "key" {
		t.Fatalf("files = %+v", files)
	}
	// Both "😀" (not a KMS permission) and the typo are reported; line 7
	// (0-based 6) reads `    "Action": ["kms:Encrypt", "😀", "kms:Decrpyt"]`:
	// the emoji's string spans UTF-16 columns 30–34, the typo's 36–49.
	type span struct{ start, end int }
	var got []span
	for _, d := range files[0].Diagnostics {
		if d.Code == "unknown-action" {
			if d.Range.Start.Line != 6 || d.Range.End.Line != 6 || d.Severity != "error" {
				t.Errorf("unknown-action at %+v severity %s", d.Range, d.Severity)
			}
			got = append(got, span{d.Range.Start.Character, d.Range.End.Character})
		}
	}
	if want := []span{{30, 34}, {36, 49}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("unknown-action columns = %v, want %v\n%s", got, want, r.stdout)
	}
}

func TestLintSARIF(t *testing.T) {
	p := writeFile(t, t.TempDir(), "p.json", typo)
	r := runCLI(t, "", "lint", "--format=sarif", p)
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "kms-policy-ls" {
		t.Fatalf("bad SARIF header: %+v", log)
	}
	rules := map[string]bool{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		rules[r.ID] = true
	}
	var hit bool
	for _, res := range log.Runs[0].Results {
		if !rules[res.RuleID] {
			t.Errorf("result rule %q is not among the driver's rules", res.RuleID)
		}
		if res.RuleID == "unknown-action" {
			hit = true
			loc := res.Locations[0].PhysicalLocation
			if res.Level != "error" || loc.ArtifactLocation.URI != p || loc.Region.StartLine != 7 || loc.Region.StartColumn != 31 {
				t.Errorf("unknown-action result = %+v", res)
			}
		}
	}
	if !hit {
		t.Error("no unknown-action result")
	}
}

func TestLintExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean.json", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}`)
	if r := runCLI(t, "", "lint", "--kind", "iam", clean); r.code != 0 || r.stdout != "" {
		t.Errorf("clean policy: exit %d, output %q", r.code, r.stdout)
	}
	r := runCLI(t, "", "lint", filepath.Join(dir, "missing.json"))
	if r.code != 2 || !strings.Contains(r.stderr, "missing.json: no such file") || strings.Contains(r.stderr, "goroutine") {
		t.Errorf("missing file: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, args := range [][]string{{"lint", "--format", "xml", clean}, {"lint", "--kind", "resource", clean}, {"lint", "--account", "12", clean}, {"frobnicate"}} {
		if r := runCLI(t, "", args...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, r.code, r.stderr)
		}
	}
}

func TestLintWalksDirectoriesForJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.json", typo)
	writeFile(t, dir, "notes.txt", "not a policy")
	writeFile(t, dir, "package.json", `{"name": "app", "version": "1.0.0"}`) // not a policy: skipped
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	writeFile(t, sub, "a.json", typo)
	deps := filepath.Join(dir, "node_modules", "dep")
	os.MkdirAll(deps, 0o755)
	writeFile(t, deps, "policy.json", typo) // dependencies are not walked
	r := runCLI(t, "", "lint", "--format", "json", dir)
	var files []struct{ File string }
	if err := json.Unmarshal([]byte(r.stdout), &files); err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].File != filepath.Join(dir, "b.json") || files[1].File != filepath.Join(sub, "a.json") {
		t.Errorf("walked %+v", files)
	}
	// Named on the command line, a non-policy JSON file is linted all the same.
	r = runCLI(t, "", "lint", filepath.Join(dir, "package.json"))
	if r.code != 1 || !strings.Contains(r.stdout, "missing-element") {
		t.Errorf("package.json named explicitly: exit %d\n%s", r.code, r.stdout)
	}
}

func TestShippedExamples(t *testing.T) {
	examples := filepath.Join("..", "..", "testdata", "examples")
	for _, name := range []string{"default-key-policy.json", "service-key-policy.json", "iam-policy.json"} {
		if r := runCLI(t, "", "lint", filepath.Join(examples, name)); r.code != 0 || r.stdout != "" {
			t.Errorf("%s should lint clean: exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
		}
	}
	r := runCLI(t, "", "lint", filepath.Join(examples, "mistakes.json"))
	if r.code != 1 || !strings.Contains(r.stdout, "unknown-action") {
		t.Errorf("mistakes.json: exit %d\n%s", r.code, r.stdout)
	}
}

func TestExplainAndCatalog(t *testing.T) {
	r := runCLI(t, "", "explain", "kms:decrypt")
	if r.code != 0 || !strings.Contains(r.stdout, "kms:Decrypt") || !strings.Contains(r.stdout, "Key policy") {
		t.Errorf("explain kms:decrypt: exit %d\n%s", r.code, r.stdout)
	}
	// A parameterised key is documented from the KMS catalog, not from
	// the Service Authorization Reference data, which also has it.
	r = runCLI(t, "", "explain", "kms:EncryptionContext:Department")
	if want := catalogdoc.Key(catalog.LookupKey("kms:EncryptionContext:Department")); r.code != 0 || r.stdout != want {
		t.Errorf("explain a parameterised key: exit %d\n%s\nwant\n%s", r.code, r.stdout, want)
	}
	r = runCLI(t, "", "explain", "kms:Decrpyt")
	if r.code != 2 || !strings.Contains(r.stderr, "did you mean kms:Decrypt") {
		t.Errorf("explain a typo: exit %d stderr %q", r.code, r.stderr)
	}
	r = runCLI(t, "", "catalog", "--format", "json")
	var cat struct {
		Actions []struct {
			Name          string
			PolicyTypes   string
			CrossAccount  string
			Resources     []string
			ConditionKeys []string
		}
		ConditionKeys []struct{ Name, Type string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &cat); err != nil || r.code != 0 {
		t.Fatalf("catalog --format json: exit %d, %v", r.code, err)
	}
	if len(cat.Actions) != 56 {
		t.Errorf("catalog lists %d actions, want 56", len(cat.Actions))
	}
	for _, a := range cat.Actions {
		if a.Name == "kms:Decrypt" && (a.PolicyTypes != "Key policy" || a.CrossAccount != "Yes" || len(a.ConditionKeys) == 0) {
			t.Errorf("kms:Decrypt exported as %+v", a)
		}
	}
	for _, k := range cat.ConditionKeys {
		if k.Type == "" {
			t.Errorf("key %s has no type", k.Name)
		}
	}
	if len(cat.ConditionKeys) < 98-56+2 {
		t.Errorf("only %d condition keys", len(cat.ConditionKeys))
	}
	if r := runCLI(t, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "kms-policy-ls ") {
		t.Errorf("version: %+v", r)
	}
}

// explain must work for every action and condition key of the catalog.
func TestExplainEveryCatalogEntry(t *testing.T) {
	var names []string
	for _, a := range catalog.Actions() {
		names = append(names, a.Name)
	}
	for _, k := range catalog.ConditionKeys() {
		names = append(names, k.Name)
	}
	if len(names) < 56 {
		t.Fatalf("catalog has only %d entries", len(names))
	}
	for _, name := range names {
		var out, errb bytes.Buffer
		if code := run([]string{"explain", name}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), name) {
			t.Errorf("explain %s: exit %d, stdout %q, stderr %q", name, code, out.String(), errb.String())
		}
	}
}

// getKeyPolicyOutput is what `aws kms get-key-policy` prints: the policy is
// a JSON string, with a misspelt action after non-ASCII text on its line.
const getKeyPolicyOutput = "{\n" +
	`    "Policy": "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Clé 😀 \u00e9\", \"Effect\" : \"Allow\",\n    \"Principal\" : {\"AWS\" : \"arn:aws:iam::111122223333:root\"},\n    \"Action\" : [\"kms:*\", \"kms:Decrpyt\"],\n    \"Resource\" : \"*\"\n  } ]\n}",` + "\n" +
	`    "PolicyName": "default"` + "\n}\n"

// lint finds a policy held in a JSON string, by walking a directory too,
// and reports it at the host file's positions: line and column of the
// escaped text in the file.
func TestLintPolicyInAJSONString(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "key-policy.json")
	if err := os.WriteFile(path, []byte(getKeyPolicyOutput), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name": "x", "description": "Statement"}`), 0o644)
	line := strings.Split(getKeyPolicyOutput, "\n")[1]
	col := len([]rune(line[:strings.Index(line, `\"kms:Decrpyt\"`)])) + 1
	for _, arg := range []string{path, dir} {
		r := runCLI(t, "", "lint", arg)
		want := fmt.Sprintf("key-policy.json:2:%d: error unknown-action:", col)
		if r.code != 1 || !strings.Contains(r.stdout, want) {
			t.Errorf("lint %s: exit %d, want 1 and %q in\n%s%s", arg, r.code, want, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout, "package.json") {
			t.Errorf("lint %s reported a file that holds no policy:\n%s", arg, r.stdout)
		}
	}
	r := runCLI(t, "", "lint", "--format", "json", path)
	var files []struct {
		Kind        string
		Diagnostics []struct {
			Code  string
			Range struct{ Start struct{ Line, Character int } }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &files); err != nil || len(files) != 1 {
		t.Fatalf("JSON output %q: %v", r.stdout, err)
	}
	if files[0].Kind != "key" {
		t.Errorf("kind %q: a get-key-policy \"Policy\" is a key policy", files[0].Kind)
	}
	u16 := utf16Len(line[:strings.Index(line, `\"kms:Decrpyt\"`)])
	for _, d := range files[0].Diagnostics {
		if d.Code == "unknown-action" && (d.Range.Start.Line != 1 || d.Range.Start.Character != u16) {
			t.Errorf("unknown-action at %+v, want line 1 character %d", d.Range.Start, u16)
		}
	}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// explain CODE prints the rule's README section and its link, for every rule.
func TestExplainEveryRule(t *testing.T) {
	for _, rule := range checks.Rules() {
		var out, errb bytes.Buffer
		code := run([]string{"explain", rule.Code}, strings.NewReader(""), &out, &errb)
		if code != 0 || !strings.Contains(out.String(), "#### `"+rule.Code+"`") || !strings.Contains(out.String(), rule.Details) ||
			!strings.Contains(out.String(), "#rule-"+rule.Code) {
			t.Errorf("explain %s: exit %d, stdout %q, stderr %q", rule.Code, code, out.String(), errb.String())
		}
	}
}

// Every file named on the command line gets an answer: none of these
// passes silently, and each says what is wrong where it is.
func TestLintAnswersEveryInput(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"empty", "", ":1:1: error json-syntax: The document is empty"},
		{"white space", "  \n\t\n", ":1:1: error json-syntax: The document is empty"},
		{"a string", `"kms:Decrypt"`, ":1:1: error wrong-value-type: A policy is a JSON object { … }, not a string."},
		{"a number", "42\n", ":1:1: error wrong-value-type: A policy is a JSON object { … }, not a number."},
		{"null", "null", ":1:1: error wrong-value-type: A policy is a JSON object { … }, not null."},
		{"a list of policies", `[{"Version": "2012-10-17", "Statement": []}, {"Statement": []}]`, ":1:1: error wrong-value-type: This file holds a list of 2 policies"},
		{"invalid UTF-8", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"é\", \"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/t\": \"caf\xe9\"}}}]}",
			":1:172: error invalid-encoding: Byte 0xE9 is not UTF-8"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".json")
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, "", "lint", path)
		if r.code != 1 || !strings.Contains(r.stdout, path+c.want) {
			t.Errorf("%s: exit %d, want 1 and %q in\n%s%s", c.name, r.code, path+c.want, r.stdout, r.stderr)
		}
	}
	// In a directory walk the list of policies is found too; the empty file
	// and the lone string hold no policy and are skipped, as package.json is.
	r := runCLI(t, "", "lint", dir)
	if !strings.Contains(r.stdout, "a-list-of-policies.json") || strings.Contains(r.stdout, "empty.json") || strings.Contains(r.stdout, "a-string.json") {
		t.Errorf("walk: %s", r.stdout)
	}
}

// A byte-order mark is accepted, and positions are those an editor shows
// (which drops the mark): in text, JSON and SARIF alike.
func TestLintByteOrderMarkPositions(t *testing.T) {
	const policy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrpyt", "Resource": "*"}]}`
	col := strings.Index(policy, `"kms:Decrpyt"`) // 0-based, ASCII
	dir := t.TempDir()
	for name, src := range map[string]string{"plain.json": policy, "bom.json": "\xef\xbb\xbf" + policy} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(src), 0o644)
		if r := runCLI(t, "", "lint", path); !strings.Contains(r.stdout, fmt.Sprintf("%s:1:%d: error unknown-action", path, col+1)) {
			t.Errorf("%s text: %s", name, r.stdout)
		}
		r := runCLI(t, "", "lint", "--format", "json", path)
		if !strings.Contains(r.stdout, fmt.Sprintf(`"character": %d`, col)) {
			t.Errorf("%s JSON: want character %d in %s", name, col, r.stdout)
		}
		r = runCLI(t, "", "lint", "--format", "sarif", path)
		if !strings.Contains(r.stdout, fmt.Sprintf(`"startColumn": %d`, col+1)) {
			t.Errorf("%s SARIF: want startColumn %d in %s", name, col+1, r.stdout)
		}
	}
}

// A wildcard lists the KMS actions it matches; one that matches no action,
// of KMS or of another service, is an error (explain.go's two len(acts) > 0).
func TestExplainWildcards(t *testing.T) {
	r := runCLI(t, "", "explain", "kms:ReEncrypt*")
	var want strings.Builder
	acts := catalog.MatchActions("kms:ReEncrypt*")
	fmt.Fprintf(&want, "kms:ReEncrypt* matches %d actions:\n", len(acts))
	for _, a := range acts {
		fmt.Fprintf(&want, "  %s\n", a.Name)
	}
	if len(acts) != 2 || r.code != 0 || r.stdout != want.String() {
		t.Errorf("explain kms:ReEncrypt*: exit %d\n%s\nwant ReEncryptFrom and ReEncryptTo:\n%s", r.code, r.stdout, want.String())
	}
	for _, name := range []string{"kms:Zzz*", "s3:Zzz*"} {
		r = runCLI(t, "", "explain", name)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "is not a KMS action") {
			t.Errorf("explain %s: exit %d, stdout %q, stderr %q; want exit 2 and a message", name, r.code, r.stdout, r.stderr)
		}
	}
}
