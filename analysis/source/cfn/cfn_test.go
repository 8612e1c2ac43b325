package cfn

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/yamlhost"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// What each intrinsic function becomes in the policy, in both branches of
// the !If functions, and whether it is a value CloudFormation computes.
func TestIntrinsicFunctions(t *testing.T) {
	cases := []struct {
		yaml         string
		first, other string // the JSON of each branch
		unknown      bool
	}{
		{`!Ref Param`, `"${Param}"`, `"${Param}"`, true},
		{`{Ref: AWS::AccountId}`, `"${AWS::AccountId}"`, `"${AWS::AccountId}"`, true},
		{`!GetAtt Role.Arn`, `"${Role.Arn}"`, `"${Role.Arn}"`, true},
		{`{"Fn::GetAtt": [Role, Arn]}`, `"${Role.Arn}"`, `"${Role.Arn}"`, true},
		{`!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/${!aws:username}"`,
			`"arn:${AWS::Partition}:iam::${AWS::AccountId}:user/${aws:username}"`, ``, true},
		{`!Sub "no substitution ${!x}"`, `"no substitution ${x}"`, ``, false},
		{`!Sub ["arn:${AWS::Partition}:s3:::${Bucket}/*", {Bucket: b}]`, `"arn:${AWS::Partition}:s3:::${Bucket}/*"`, ``, true},
		{`!Join [":", [arn, !Ref AWS::Partition, iam]]`, `"arn:${AWS::Partition}:iam"`, ``, true},
		{`!Join ["", [a, b]]`, `"ab"`, ``, false},
		{`!If [Cond, yes, no]`, `"yes"`, `"no"`, false},
		{`[a, !Ref AWS::NoValue, b]`, `["a","b"]`, ``, false},
		{`!If [Cond, !Ref AWS::NoValue, kept]`, `"kept"`, `"kept"`, false}, // a branch that removes the value: the other is analysed
		{`!Select [0, !GetAZs ""]`, `"${Fn::Select}"`, ``, true},
	}
	for _, c := range cases {
		src := "v: " + c.yaml + "\n"
		root, err := yamlhost.Parse([]byte(src))
		if err != nil {
			t.Fatalf("%s: %s", c.yaml, err.Message)
		}
		n := root.Lookup("v")
		for branch, want := range []string{c.first, c.other} {
			if want == "" {
				continue
			}
			r := &resolver{branch: branch}
			got, _ := r.resolve(n, 0)
			if got == nil {
				got = &hosttree.Node{Kind: hosttree.Null, Span: n.Span}
			}
			u := hosttree.Emit(got, text.Span{End: len(src)}, nil)
			if string(u.Src) != want {
				t.Errorf("%s, branch %d: %s, want %s", c.yaml, branch, u.Src, want)
			}
			if (len(u.Unknowns) > 0) != c.unknown {
				t.Errorf("%s: unknowns %+v, want unknown %v", c.yaml, u.Unknowns, c.unknown)
			}
		}
	}
}

// What hover says of a value CloudFormation computes names what the
// template refers to.
// It calls the function as the template wrote it, by its tag or its long
// name.
func TestAboutUnknowns(t *testing.T) {
	src := "v: [!GetAtt Role.Arn, !Ref Param, !Ref Key, !Sub \"${AWS::AccountId}\", {\"Fn::GetAtt\": [Role, Arn]}]\n"
	root, _ := yamlhost.Parse([]byte(src))
	r := &resolver{types: map[string]string{"Role": "AWS::IAM::Role", "Key": "AWS::KMS::Key"}}
	got, _ := r.resolve(root.Lookup("v"), 0)
	for i, want := range []struct{ call, meaning string }{
		{"`!GetAtt`: ", "role Role, a role in the stack's own account"},
		{"`!Ref`: ", "parameter Param"},
		{"`!Ref`: ", "resource Key (AWS::KMS::Key)"},
		{"`!Sub`: ", "the account the stack is deployed in"},
		{"`Fn::GetAtt`: ", "role Role, a role in the stack's own account"},
	} {
		about := got.Elems[i].About
		if !strings.HasPrefix(about, want.call) || !strings.Contains(about, want.meaning) {
			t.Errorf("element %d: %q does not start with %q or lacks %q", i, about, want.call, want.meaning)
		}
	}
}

// A !Sub string's text keeps its place in the template, byte for byte
// where the template wrote it so: around the "!" of "${!…}" that the
// policy drops, and around an escape, which maps to the escape.
func TestSubPositions(t *testing.T) {
	src := `v: !Sub "ärn:${!aws:username}/\u00e9${X}ö"` + "\n"
	root, err := yamlhost.Parse([]byte(src))
	if err != nil {
		t.Fatal(err.Message)
	}
	r := &resolver{}
	got, _ := r.resolve(root.Lookup("v"), 0)
	u := hosttree.Emit(got, text.Span{End: len(src)}, nil)
	for _, c := range []struct{ unit, host string }{
		{"ärn:${", "ärn:${"},
		{"aws:username}/", "aws:username}/"},
		{"é", `\u00e9`},
		{"${X}ö", "${X}ö"},
	} {
		at := strings.Index(string(u.Src), c.unit)
		if at < 0 {
			t.Fatalf("%s lacks %q", u.Src, c.unit)
		}
		want := strings.Index(src, c.host)
		if h := u.Map.Span(text.Span{Start: at, End: at + len(c.unit)}); h != (text.Span{Start: want, End: want + len(c.host)}) {
			t.Errorf("%q is at %v in the template, want %q at %d", c.unit, h, c.host, want)
		}
	}
}

// A function nested deeper than resolve goes (100 values) is left as
// written, so that a template nested without end cannot exhaust the
// stack; one nested as deep as it goes is resolved. Nesting counts
// arrays and the branches an !If takes.
func TestResolveDepth(t *testing.T) {
	for _, c := range []struct {
		name string
		wrap func(string) string
		in   func(*hosttree.Node) *hosttree.Node // the wrapped value in what wrap resolves to
	}{
		{"arrays", func(s string) string { return "[" + s + "]" }, func(n *hosttree.Node) *hosttree.Node { return n.Elems[0] }},
		{"first branches", func(s string) string { return "!If [c, " + s + ", no]" }, nil},
		{"second branches", func(s string) string { return "!If [c, !Ref AWS::NoValue, " + s + "]" }, nil},
		// A join takes a level more for its arguments' array; what
		// matters is that the depth limit stops nested joins at all.
		{"joins", func(s string) string { return `!Join ["", [` + s + `]]` }, nil},
	} {
		depths := []int{100, 101}
		if c.name == "joins" {
			depths[0] = 50
		}
		for _, depth := range depths {
			v := "!Ref X"
			for range depth {
				v = c.wrap(v)
			}
			src := "v: " + v + "\n"
			root, err := yamlhost.Parse([]byte(src))
			if err != nil {
				t.Fatalf("%s: %s", c.name, err.Message)
			}
			got, _ := (&resolver{}).resolve(root.Lookup("v"), 0)
			for range depth {
				if c.in != nil {
					got = c.in(got)
				}
			}
			if resolved := got.Unknown && got.Value == "${X}"; resolved != (depth <= 100) {
				t.Errorf("%s %d deep: !Ref X resolved is %v", c.name, depth, resolved)
			}
		}
	}
}
