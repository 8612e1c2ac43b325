package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// TestInvalidConditionValueCases: the cases that decide whether a value is
// judged at all (the Null operator, policy variables, an operator of the
// wrong type) and which message a value outside a key's list gets; each
// row was a mutant of rule_condition_values.go that the fixtures let live.
func TestInvalidConditionValueCases(t *testing.T) {
	for _, c := range []struct {
		name, action, condition string
		want                    string // a part of the one message, "" for none
	}{
		{"Null on an unknown key is still true or false", "kms:Decrypt",
			`{"Null": {"kms:NoSuchKey": "maybe"}}`, "maybe"},
		{"a policy variable is not judged", "kms:Decrypt",
			`{"StringEquals": {"kms:CallerAccount": "${aws:PrincipalAccount}"}}`, ""},
		{"but Null's value is, variable or not", "kms:Decrypt",
			`{"Null": {"kms:CallerAccount": "${aws:PrincipalAccount}"}}`, "${aws:PrincipalAccount}"},
		{"a value under an operator of the wrong type is left to operator-type-mismatch", "kms:EnableKeyRotation",
			`{"StringEquals": {"kms:RotationPeriodInDays": "many"}}`, ""},
		{"a deprecated value says so", "kms:GetParametersForImport",
			`{"StringEquals": {"kms:WrappingAlgorithm": "RSAES_PKCS1_V1_5"}}`, "no longer supported"},
		{"an unknown value is not called deprecated", "kms:GetParametersForImport",
			`{"StringEquals": {"kms:WrappingAlgorithm": "RSAES_OAEP_SHA_512"}}`, "RSAES_OAEP_SHA_256"},
	} {
		src := keyPolicy(fmt.Sprintf(`,
  {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
   "Action": %q, "Resource": "*", "Condition": %s}`, c.action, c.condition))
		_, diags := lint([]byte(src), policy.KindKey, Options{})
		ds := only(t, diags, "invalid-condition-value")
		switch {
		case c.want == "" && len(ds) != 0:
			t.Errorf("%s: %v, want no invalid-condition-value", c.name, ds)
		case c.want != "" && (len(ds) != 1 || !strings.Contains(ds[0].Message, c.want)):
			t.Errorf("%s: %v, want one invalid-condition-value saying %q", c.name, ds, c.want)
		case c.want != "" && strings.Contains(c.name, "not called deprecated") && strings.Contains(ds[0].Message, "no longer"):
			t.Errorf("%s: %q calls it deprecated", c.name, ds[0].Message)
		}
	}
}

// TestCallerAccountFromARN: an ARN where kms:CallerAccount wants an account
// id is fixed to the ARN's account.
func TestCallerAccountFromARN(t *testing.T) {
	src := keyPolicy(`,
  {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
   "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "arn:aws:iam::444455556666:root"}}}`)
	_, diags := lint([]byte(src), policy.KindKey, Options{})
	ds := only(t, diags, "invalid-condition-value")
	if len(ds) != 1 || len(ds[0].Fixes) != 1 {
		t.Fatalf("%+v, want one finding with one fix", ds)
	}
	if got := applyFix([]byte(src), ds[0].Span, ds[0].Fixes[0]); got != `"444455556666"` {
		t.Errorf("fixed to %s, want the ARN's account", got)
	}
}
