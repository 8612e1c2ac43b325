package analysis

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// inString is a key policy with mistakes, held in a JSON string as
// get-key-policy prints it, with non-ASCII text written both as is and as
// \u escapes (é as \u00e9, 😀 as a surrogate pair).
func inString(t *testing.T) (host []byte, unit string) {
	t.Helper()
	unit = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Sid\": \"Clé ✓ 😀 é\",\n    \"Effect\": \"Allow\",\n" +
		"    \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/Ops😀\"},\n" +
		"    \"Action\": [\"kms:Decrpyt\", \"kms:Encrypt\"],\n    \"Resource\": \"*\",\n" +
		"    \"Condition\": {\"StringEquals\": {\"kms:EncryptionContextKeys\": \"Département\"}}\n  }]\n}"
	quoted := jsonquote.String(unit)
	quoted = strings.Replace(quoted, "é\\\"", `\u00e9\"`, 1)       // the Sid's last é
	quoted = strings.Replace(quoted, "Ops😀", `Ops\ud83d\ude00`, 1) // in the principal
	host = []byte("{\n  \"Policy\": " + quoted + ",\n  \"PolicyName\": \"default\"\n}\n")
	var check struct{ Policy string }
	if err := json.Unmarshal(host, &check); err != nil || check.Policy != unit {
		t.Fatalf("the test's host does not hold the policy: %v", err)
	}
	return host, unit
}

// decodeFragment reads host bytes that lie inside a JSON string as the
// text they encode.
func decodeFragment(t *testing.T, frag string) string {
	t.Helper()
	var s string
	if err := json.Unmarshal([]byte(`"`+frag+`"`), &s); err != nil {
		t.Fatalf("host span %q does not cover whole escapes: %v", frag, err)
	}
	return s
}

func TestFindingsInAStringMapToTheHost(t *testing.T) {
	host, unit := inString(t)
	doc := Analyze(Input{File: source.File{Name: "key.json", Src: host}}, Options{})
	if len(doc.Units) != 1 || doc.Units[0].Policy.Kind.String() != "key" {
		t.Fatalf("units %+v: want one key policy", doc.Units)
	}
	u := doc.Units[0]
	if len(u.Diagnostics) == 0 || len(u.Diagnostics) != len(doc.Diagnostics) {
		t.Fatalf("unit findings %d, file findings %d", len(u.Diagnostics), len(doc.Diagnostics))
	}
	codes := map[string]bool{}
	for i, d := range doc.Diagnostics {
		ud := u.Diagnostics[i]
		codes[d.Code] = true
		if got, want := decodeFragment(t, string(host[d.Start:d.End])), unit[ud.Start:ud.End]; got != want {
			t.Errorf("%s: host text %q decodes to %q, the unit's finding covers %q", d.Code, host[d.Start:d.End], got, want)
		}
	}
	for _, want := range []string{"unknown-action", "missing-set-operator"} {
		if !codes[want] {
			t.Errorf("no %s among %v", want, codes)
		}
	}
	// Positions: line and UTF-16 column in the host file.
	for _, d := range doc.Diagnostics {
		if d.Code == "unknown-action" {
			pos := doc.Lines.Position(d.Start)
			line := strings.Split(string(host), "\n")[pos.Line]
			if pos.Line != 1 || !strings.HasPrefix(utf16Suffix(line, pos.Character), `\"kms:Decrpyt\"`) {
				t.Errorf("unknown-action at %+v, on %q", pos, line)
			}
		}
	}
}

// utf16Suffix is line from the UTF-16 column col on.
func utf16Suffix(line string, col int) string {
	n := 0
	for i, r := range line {
		if n >= col {
			return line[i:]
		}
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return ""
}

// A quick fix applied to the host leaves in the string exactly the policy
// the fix makes of the unit.
func TestQuickFixesInAStringEditTheHost(t *testing.T) {
	host, unit := inString(t)
	doc := Analyze(Input{File: source.File{Src: host}}, Options{})
	u := doc.Units[0]
	fixes := 0
	for i, d := range doc.Diagnostics {
		for j, fix := range d.Fixes {
			fixes++
			gotHost := applyEdits(string(host), fix.Edits)
			wantUnit := applyEdits(unit, u.Diagnostics[i].Fixes[j].Edits)
			var back struct{ Policy string }
			if err := json.Unmarshal([]byte(gotHost), &back); err != nil {
				t.Fatalf("%s fix %q leaves invalid JSON: %v\n%s", d.Code, fix.Title, err, gotHost)
			}
			if back.Policy != wantUnit {
				t.Errorf("%s fix %q: the string holds\n%s\nwant\n%s", d.Code, fix.Title, back.Policy, wantUnit)
			}
		}
	}
	if fixes == 0 {
		t.Fatal("no quick fixes to try")
	}
}

func applyEdits(s string, edits []text.Edit) string {
	// Edits of one fix do not overlap; apply from the last.
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		s = s[:e.Start] + e.NewText + s[e.End:]
	}
	return s
}

// Completion and hover at a file offset inside the string answer for the
// unit, with ranges in the file and text escaped for it.
func TestCompletionAndHoverInAString(t *testing.T) {
	host, _ := inString(t)
	doc := Analyze(Input{File: source.File{Src: host}}, Options{})
	at := strings.Index(string(host), `kms:Encrypt`) + len("kms:Enc")
	h := doc.Hover(at)
	if h == nil || !strings.Contains(h.Markdown, "kms:Encrypt") {
		t.Fatalf("hover on kms:Encrypt: %+v", h)
	}
	if got := string(host[h.Start:h.End]); !strings.Contains(got, "kms:Encrypt") {
		t.Errorf("hover range covers %q", got)
	}
	items := doc.Complete(at)
	var found bool
	for _, it := range items {
		if it.Label != "kms:Encrypt" {
			continue
		}
		found = true
		edited := string(host[:it.Edit.Start]) + it.Edit.NewText + string(host[it.Edit.End:])
		var back struct{ Policy string }
		if err := json.Unmarshal([]byte(edited), &back); err != nil {
			t.Fatalf("accepting %q leaves invalid JSON: %v (edit %+v)", it.Label, err, it.Edit)
		}
		if !strings.Contains(back.Policy, `"kms:Encrypt"`) {
			t.Errorf("accepting %q gives %s", it.Label, back.Policy)
		}
	}
	if !found {
		t.Errorf("kms:Encrypt not proposed at %d", at)
	}
	// Outside the string there is no policy to complete or explain.
	if at := strings.Index(string(host), `"PolicyName"`) + 3; doc.Hover(at) != nil || len(doc.Complete(at)) != 0 {
		t.Error("hover or completion outside the policy's string")
	}
}

// The host's own syntax errors are the file's findings.
func TestHostSyntaxErrorsAreReported(t *testing.T) {
	host, _ := inString(t)
	broken := append([]byte(nil), host...)
	broken = []byte(strings.Replace(string(broken), `"PolicyName"`, `PolicyName`, 1))
	doc := Analyze(Input{File: source.File{Src: broken}}, Options{})
	var syntax int
	for _, d := range doc.Diagnostics {
		if d.Code == "json-syntax" && strings.Contains(string(broken[d.Start:d.End]), "PolicyName") {
			syntax++
		}
	}
	if syntax == 0 {
		t.Errorf("no json-syntax finding at the host's unquoted key: %+v", doc.Diagnostics)
	}
}

func TestEscapeSnippetContent(t *testing.T) {
	for in, want := range map[string]string{
		`"kms:${1:Decrypt}"`:       `\\"kms:${1:Decrypt}\\"`,
		`"a\$b\}c\\d"$0`:           `\\"a\$b\}c\\\\d\\"$0`,
		"{\n  \"Effect\": \"$1\"}": `{\\n  \\"Effect\\": \\"$1\\"}`,
		`é`:                        `é`,
		`a\`:                       `a\\\\`, // a lone backslash at the end is a literal one
	} {
		if got := escapeSnippetContent(in); got != want {
			t.Errorf("escapeSnippetContent(%q) = %q, want %q", in, got, want)
		}
	}
}

// A file's bytes are judged once, on the file: an invalid byte is one
// invalid-encoding finding, whether the policy is the file itself, a
// template's own JSON text (a verbatim unit) or text a YAML host wrote.
func TestInvalidEncodingInHostsOnce(t *testing.T) {
	keyPolicy := `{"Version": "2012-10-17", "Statement": [{"Sid": "x", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}`
	files := map[string]string{
		"t.json":      `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"Description": "caf` + "\xe9" + `", "KeyPolicy": ` + strings.Replace(keyPolicy, `"x"`, "\"x\xe9\"", 1) + `}}}}`,
		"t.yaml":      "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: \"caf\xe9\"\n      KeyPolicy: " + keyPolicy + "\n",
		"block.yaml":  "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: \"2012-10-17\"\n        Statement:\n          - Sid: x\xe9\n            Effect: Allow\n            Principal: {AWS: \"arn:aws:iam::111122223333:root\"}\n            Action: kms:*\n            Resource: \"*\"\n",
		"policy.json": strings.Replace(keyPolicy, `"x"`, "\"x\xe9\"", 1),
	}
	for name, src := range files {
		doc := Analyze(Input{File: source.File{Name: name, Src: []byte(src)}}, Options{})
		n := 0
		for _, d := range doc.Diagnostics {
			if d.Code == "invalid-encoding" {
				n++
				if src[d.Start] != 0xe9 {
					t.Errorf("%s: invalid-encoding at byte %d, not at the first bad byte", name, d.Start)
				}
			}
		}
		if n != 1 || !doc.IsPolicy() {
			t.Errorf("%s: %d invalid-encoding findings, want 1: %+v", name, n, doc.Diagnostics)
		}
	}
}

// A file is a policy file when it holds a policy, a Terraform reference
// to one, or a template resource that does not parse yet; a YAML file or a
// Terraform file of anything else is not.
func TestIsPolicy(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      bool
	}{
		{"notes.yaml", "clé: ü\nlist: [1, 2]\n", false},
		{"main.tf", "variable \"région\" {\n  default = \"ü\"\n}\n", false},
		{"main.tf", "resource \"aws_iam_policy\" \"ä\" {\n  policy = file(\"p.json\")\n}\n", true},
		{"t.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: {\"Statement\": [\n", true},
		{"t.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement: []\n", true},
	} {
		doc := Analyze(Input{File: source.File{Name: c.name, Src: []byte(c.src)}}, Options{})
		if got := doc.IsPolicy(); got != c.want {
			t.Errorf("%s %q: IsPolicy %v, want %v (%d units, references %+v)", c.name, c.src, got, c.want, len(doc.Units), doc.References())
		}
	}
}

// The file's own findings and its policy's are reported in file order: an
// invalid byte after a misspelt action, in a policy file and in a JSON
// template.
func TestFileAndPolicyFindingsInFileOrder(t *testing.T) {
	pol := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrpyt", "Resource": "*", "Sid": "ü` + "\xe9" + `"}]}`
	for name, src := range map[string]string{
		"policy.json":   pol,
		"template.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": ` + pol + `}}}}`,
	} {
		doc := Analyze(Input{File: source.File{Name: name, Src: []byte(src)}}, Options{})
		var codes []string
		for i, d := range doc.Diagnostics {
			codes = append(codes, d.Code)
			if i > 0 && doc.Diagnostics[i-1].Start > d.Start {
				t.Errorf("%s: %s at %d after %s at %d", name, d.Code, d.Start, doc.Diagnostics[i-1].Code, doc.Diagnostics[i-1].Start)
			}
		}
		if !slices.Contains(codes, "unknown-action") || !slices.Contains(codes, "invalid-encoding") {
			t.Errorf("%s: findings %v", name, codes)
		}
	}
}
