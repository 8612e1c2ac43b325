package eval

import (
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Documentation the tests cite, one constant a page.
const (
	docOperators = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
	docMulti     = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html"
	docSets      = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"
	docVariables = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"
	docCondition = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"
	docAnalyzer  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"
	docKMSConds  = "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html"
	docPrincipal = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
	docNotPrinc  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html"
	docAction    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"
	docNotAction = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"
	docResource  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html"
	docEvalLogic = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"
	docKMSEval   = "https://docs.aws.amazon.com/kms/latest/developerguide/policy-evaluation.html"
	docKMSDef    = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html"
	docKMSXAcct  = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html"
	docKMSOver   = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html"
	docKMSPerms  = "https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html"
	docVersion   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"
)

func build(t testing.TB, src string, kind policy.Kind) *policy.Policy {
	t.Helper()
	f := jsonast.Parse([]byte(src))
	if len(f.Errors) > 0 {
		t.Fatalf("fixture does not parse: %v\n%s", f.Errors, src)
	}
	return policy.Build(f, kind)
}

func compileKey(t testing.TB, src string) *Policy {
	t.Helper()
	return Compile(build(t, src, policy.KindKey), "key.json")
}

func compileIAM(t testing.TB, src string) *Policy {
	t.Helper()
	return Compile(build(t, src, policy.KindIAM), "iam.json")
}

// ctx builds a context: each key with its values; a key given no value is
// left out (absent).
func ctx(kv map[string][]string) Context {
	var c Context
	for k, vs := range kv {
		for _, v := range vs {
			c.Add(k, v)
		}
	}
	return c
}

func caller(t testing.TB, s string) Caller {
	t.Helper()
	c, err := ParseCaller(s)
	if err != nil {
		t.Fatalf("ParseCaller(%q): %v", s, err)
	}
	return c
}
