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
func TestAboutUnknowns(t *testing.T) {
	src := "v: [!GetAtt Role.Arn, !Ref Param, !Ref Key, !Sub \"${AWS::AccountId}\"]\n"
	root, _ := yamlhost.Parse([]byte(src))
	r := &resolver{types: map[string]string{"Role": "AWS::IAM::Role", "Key": "AWS::KMS::Key"}}
	got, _ := r.resolve(root.Lookup("v"), 0)
	for i, want := range []string{"role Role, a role in the stack's own account", "parameter Param", "resource Key (AWS::KMS::Key)", "the account the stack is deployed in"} {
		if about := got.Elems[i].About; !strings.Contains(about, want) {
			t.Errorf("element %d: %q lacks %q", i, about, want)
		}
	}
}
