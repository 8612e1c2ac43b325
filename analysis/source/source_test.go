package source

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// getKeyPolicy is what `aws kms get-key-policy` prints.
const getKeyPolicy = `{
    "Policy": "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}",
    "PolicyName": "default"
}`

func TestClassify(t *testing.T) {
	cases := []struct {
		name  string
		file  File
		units []string // each unit's Name, "" for the whole file
	}{
		{"policy", File{Src: []byte(`{"Version": "2012-10-17", "Statement": []}`)}, []string{""}},
		{"statement only", File{Src: []byte(`{"Statement": {"Effect": "Allow"}}`)}, []string{""}},
		{"version only", File{Src: []byte(`{"Version": "2012-10-17"}`)}, []string{""}},
		{"half-typed", File{Src: []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",`)}, []string{""}},
		{"package.json", File{Src: []byte(`{"name": "left-pad", "version": "1.0.0"}`)}, nil},
		{"policy one level down", File{Src: []byte(`{"config": {"Statement": []}}`)}, nil},
		{"old version", File{Src: []byte(`{"Version": "2008-10-17"}`)}, nil},
		{"array", File{Src: []byte(`["Statement"]`)}, nil},
		{"list of policies", File{Src: []byte(`[{"Version": "2012-10-17", "Statement": []}]`)}, []string{""}},
		{"list of policies, half-typed", File{Src: []byte(`[{"Statement": [`)}, []string{""}},
		{"empty", File{Src: []byte(``)}, nil},
		{"empty, named", File{Src: []byte(``), Explicit: true}, []string{""}},
		{"not a policy, named", File{Src: []byte(`{"a": 1}`), Explicit: true}, []string{""}},
		{"yaml language, a policy", File{LanguageID: "yaml", Src: []byte(`{"Statement": []}`)}, []string{""}},
		{"yaml language, no policy", File{LanguageID: "yaml", Src: []byte("name: left-pad\nversion: 1.0.0\n")}, nil},
		{"markdown language", File{LanguageID: "markdown", Src: []byte(`{"Statement": []}`)}, nil},
		{"jsonc language", File{LanguageID: "jsonc", Src: []byte(`{"Statement": []}`)}, []string{""}},
		{"get-key-policy", File{Src: []byte(getKeyPolicy)}, []string{"Policy"}},
		{"get-key-policy, named", File{Src: []byte(getKeyPolicy), Explicit: true}, []string{"Policy"}},
		{"string that is no policy", File{Src: []byte(`{"Policy": "the Statement\" is 2012-10-17\""}`)}, nil},
		{"trust policy", File{Src: []byte(`{"AssumeRolePolicyDocument": "{\"Statement\": []}"}`)}, nil},
		{"two in strings", File{Src: []byte(`{"a": {"KeyPolicy": "{\"Statement\": []}"}, "b": [{"PolicyDocument": "{\"Version\": \"2012-10-17\"}"}]}`)}, []string{"KeyPolicy", "PolicyDocument"}},
		{"broken host", File{Src: []byte(`{"Policy": "{\"Statement\": []}" "PolicyName": `)}, []string{"Policy"}},
		{"empty Terraform JSON", File{Name: "main.tf.json", Src: []byte(``)}, nil},
		{"template without its format version", File{Src: []byte(`{"Resources": {"Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": []}}}}}`)}, []string{"Key"}},
	}
	for _, c := range cases {
		got := Classify(c.file)
		var names []string
		for _, u := range got.Units {
			names = append(names, u.Name)
		}
		// %q, since fmt.Sprint prints a whole-file unit's "" and no unit alike
		if fmt.Sprintf("%q", names) != fmt.Sprintf("%q", c.units) {
			t.Errorf("%s: units %q, want %q", c.name, names, c.units)
		}
	}
}

func TestClassifyKindFromHost(t *testing.T) {
	for name, want := range map[string]policy.Kind{"Policy": policy.KindKey, "KeyPolicy": policy.KindKey,
		"PolicyDocument": policy.KindIAM, "Document": policy.KindIAM, "Other": policy.KindAuto} {
		c := Classify(File{Src: []byte(`{"` + name + `": "{\"Statement\": []}"}`)})
		if len(c.Units) != 1 || c.Units[0].Kind != want {
			t.Errorf("%s: %+v, want one unit of kind %v", name, c.Units, want)
		}
	}
	if c := Classify(File{Src: []byte(`{"Statement": []}`)}); c.Units[0].Kind != policy.KindAuto {
		t.Errorf("a whole-file policy's kind is the user's or detected, not %v", c.Units[0].Kind)
	}
}

// A unit in a string is the decoded text, and its span the string's
// content in the file.
func TestStringUnitTextAndSpan(t *testing.T) {
	c := Classify(File{Src: []byte(getKeyPolicy)})
	u := c.Units[0]
	f := jsonast.Parse([]byte(getKeyPolicy))
	want := f.Root.Lookup("Policy").Value
	if string(u.Src) != want.Value {
		t.Errorf("unit text %q, want the decoded string", u.Src)
	}
	if u.Span.Start != want.Start+1 || u.Span.End != want.End-1 {
		t.Errorf("span %v, want the string's content %d-%d", u.Span, want.Start+1, want.End-1)
	}
	if c.Host == nil {
		t.Error("the host's tree is not kept, so its own syntax errors cannot be reported")
	}
}

// The jsonparser path (well-formed files) and the tolerant parser decide
// alike.
func TestQuickAndTolerantDetectionAgree(t *testing.T) {
	docs := [][]byte{cloudFormationTemplate(4096), policygen.KeyPolicy(2048),
		[]byte(`{"Version": "2008-10-17", "Statement": []}`), []byte(`{"Version": "2012-10-17"}`),
		[]byte(`[{"Statement": []}]`), []byte(`{"Version": 2012}`)}
	for _, d := range docs {
		if quick, slow := topLevelPolicy(d), LooksLikePolicy(jsonast.Parse(d).Root); quick != slow {
			t.Errorf("%.60q: jsonparser says %v, tolerant parser %v", d, quick, slow)
		}
	}
	tmpl := cloudFormationTemplate(4096)
	if got, want := len(Classify(File{Src: tmpl}).Units), strings.Count(string(tmpl), `"KeyPolicy"`); got != want {
		t.Errorf("a CloudFormation template with %d key policies holds %d units", want, got)
	}
}

func TestCandidateAndMayHoldPolicy(t *testing.T) {
	for path, want := range map[string]bool{"a.json": true, "A.JSON": true, "x/y.json": true, "a.yaml": true, "b.YML": true,
		"c.template": true, "a.txt": false, "json": false} {
		if Candidate(path) != want {
			t.Errorf("Candidate(%q) = %v", path, !want)
		}
	}
	late := []byte(strings.Repeat(" ", 5000) + `"Statement"`)
	if !MayHold(File{Src: []byte(getKeyPolicy)}) || MayHold(File{Src: late}) || !MayHold(File{Src: late, Explicit: true}) ||
		MayHold(File{LanguageID: "markdown", Src: []byte(getKeyPolicy)}) || !MayHold(File{LanguageID: "yaml", Src: []byte(getKeyPolicy)}) {
		t.Error("MayHold looks at the first 4 KB of a JSON or YAML file for a policy's words, unless the file is named as a policy")
	}
}

// A CloudFormation template: policies nested deep inside, not a policy itself.
func cloudFormationTemplate(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"Key%d": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}}}`, i)
	}
	b.WriteString("}}")
	return []byte(b.String())
}

// dataFile is a JSON file that holds no policy: a lock file's shape.
func dataFile(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"name": "app", "lockfileVersion": 3, "packages": {`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"node_modules/pkg-%d": {"version": "1.%d.0", "resolved": "https://registry.example/pkg-%d.tgz", "integrity": "sha512-%040d", "dependencies": {"dep-a": "^2.0.0", "dep-b": "~1.%d"}}`, i, i, i, i, i)
	}
	b.WriteString("}}")
	return []byte(b.String())
}

// BenchmarkClassify decides on a large JSON file that is not a policy, the
// common case when an editor opens JSON. (Before templates held units it
// measured a CloudFormation template, then no policy; BenchmarkClassify
// Template measures one now.)
func BenchmarkClassify(b *testing.B) {
	doc := dataFile(1 << 20)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if Classify(File{Src: doc}).IsPolicy() {
			b.Fatal("a lock file holds a policy")
		}
	}
}

// BenchmarkClassifyTemplate finds the key policies of a 1 MB CloudFormation
// JSON template.
func BenchmarkClassifyTemplate(b *testing.B) {
	doc := cloudFormationTemplate(1 << 20)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		Classify(File{Src: doc})
	}
}

// A file a Terraform configuration reads as a policy is one policy of the
// kind the configuration gives it, whatever its name; a template's is
// read with its values unknown, and one that cannot be judged holds none.
func TestClassifyReferenced(t *testing.T) {
	tf := Classify(File{Name: "main.tf", Src: []byte("resource \"aws_iam_policy\" \"p\" {\n  policy = templatefile(\"p.tftpl\", {})\n}\n")})
	if len(tf.References) != 1 || tf.References[0].Path != "p.tftpl" || tf.References[0].Kind != policy.KindIAM || !tf.References[0].Template {
		t.Fatalf("references %+v", tf.References)
	}
	ref := tf.References[0]
	plain := ref
	plain.Template = false
	// Nothing in it says "policy": the reference does.
	c := Classify(File{Name: "p.txt", Src: []byte(`{"Statement": []}`), Referenced: &plain})
	if len(c.Units) != 1 || c.Units[0].Kind != policy.KindIAM || c.Units[0].Map != nil {
		t.Errorf("a file() policy: %+v", c)
	}
	c = Classify(File{Name: "p.tftpl", Src: []byte(`{"Statement": [{"Effect": "Allow", "Action": "${action}", "Resource": "*"}]}`), Referenced: &ref})
	if len(c.Units) != 1 || c.Units[0].Kind != policy.KindIAM || len(c.Units[0].Unknowns) != 1 || c.Units[0].Host == nil {
		t.Errorf("a template: %+v", c)
	}
	c = Classify(File{Name: "p.tftpl", Src: []byte(`{"Statement": [%{ for s in xs }${s},%{ endfor }{"Effect": "Deny"}]}`), Referenced: &ref})
	if c.IsPolicy() {
		t.Errorf("a template that is no JSON: %+v", c)
	}
}

// Policies in strings are found as deep as maxHostDepth objects or
// arrays down, and no deeper.
func TestStringUnitDepth(t *testing.T) {
	for _, c := range []struct {
		name        string
		open, close string
	}{{"objects", `{"a": `, `}`}, {"arrays", `[`, `]`}} {
		for _, depth := range []int{maxHostDepth, maxHostDepth + 1} {
			src := strings.Repeat(c.open, depth) + `{"Policy": "{\"Statement\": []}"}` + strings.Repeat(c.close, depth)
			got := Classify(File{Src: []byte(src)})
			if found := len(got.Units) == 1; found != (depth <= maxHostDepth) {
				t.Errorf("%s %d deep: found %v", c.name, depth, found)
			}
		}
	}
}

// A template's policy without intrinsic functions is the template's own
// text; one with an Fn::If is written once per branch, with its
// condition. Both are of the kind their resource gives them, and a YAML
// file that is a policy is of the kind the user gives or detected.
func TestTemplateUnits(t *testing.T) {
	const plain = `{"Version": "2012-10-17", "Statement": [{"Sid": "clé 😀", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}`
	src := `{"Resources": {"Plain": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": ` + plain + `}},
  "Branched": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [{"Effect": {"Fn::If": ["Strict", "Deny", "Allow"]}, "Action": "kms:*", "Resource": "*"}]}}}}}`
	c := Classify(File{Src: []byte(src)})
	if len(c.Units) != 3 {
		t.Fatalf("%d units, want the plain policy and both branches of the other", len(c.Units))
	}
	p := c.Units[0]
	at := strings.Index(src, plain)
	if p.Name != "Plain" || !p.Verbatim || string(p.Src) != plain || p.Span != (text.Span{Start: at, End: at + len(plain)}) {
		t.Errorf("plain policy: %s %v at %v, %q; want the template's own text at %d", p.Name, p.Verbatim, p.Span, p.Src, at)
	}
	for _, u := range c.Units {
		if u.Kind != policy.KindKey {
			t.Errorf("%s is of kind %v, want a key policy", u.Name, u.Kind)
		}
	}
	for _, u := range c.Units[1:] {
		if u.Name != "Branched" || u.Verbatim || fmt.Sprint(u.Conditions) != "[Strict]" {
			t.Errorf("branch %d: %s %v conditions %q", u.Branch, u.Name, u.Verbatim, u.Conditions)
		}
	}
	y := Classify(File{Name: "p.yaml", Src: []byte("Statement:\n  - Effect: Allow\n    Action: kms:*\n    Resource: '*'\n")})
	if len(y.Units) != 1 || y.Units[0].Kind != policy.KindAuto {
		t.Errorf("a YAML policy: %+v", y.Units)
	}
}

// A Terraform policy with a conditional expression is written once per
// branch, with its condition and the operator that chose it; one without
// has neither.
func TestTerraformConditions(t *testing.T) {
	src := "resource \"aws_kms_key\" \"k\" {\n  policy = jsonencode({\n    Statement = [{ Effect = var.strict ? \"Deny\" : \"Allow\", Action = \"kms:*\", Resource = \"*\" }]\n  })\n}\n" +
		"resource \"aws_kms_key\" \"plain\" {\n  policy = jsonencode({ Statement = [] })\n}\n"
	c := Classify(File{Name: "main.tf", Src: []byte(src)})
	if len(c.Units) != 3 {
		t.Fatalf("%d units, want both branches of one policy and the other", len(c.Units))
	}
	for _, u := range c.Units {
		want := "[var.strict] ? :"
		if strings.Contains(string(u.Src), "Statement\":[]") {
			want = "[] "
		}
		if got := fmt.Sprint(u.Conditions) + " " + u.Choice; got != want {
			t.Errorf("%s: conditions and choice %q, want %q", u.Src, got, want)
		}
	}
}

// A YAML or Terraform file that names no policy is not parsed, so its
// syntax errors are not this tool's to report.
func TestNoPolicyNoHostErrors(t *testing.T) {
	for _, f := range []File{
		{Name: "values.yaml", Src: []byte("a: [b\n")},
		{Name: "main.tf", Src: []byte("resource \"x\" {\n")},
	} {
		if c := Classify(f); c.IsPolicy() || len(c.Errors) > 0 || c.Language != "" {
			t.Errorf("%s: %+v", f.Name, c)
		}
	}
}
