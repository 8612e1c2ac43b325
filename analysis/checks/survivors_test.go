package checks

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Each case here kills a mutant that survived the fixtures (TESTING.md).
func TestSurvivingMutantCases(t *testing.T) {
	const use = `{"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": `
	for _, c := range []struct {
		name, src, code string
		want            string // a part of the one message, "" for no finding
	}{
		// rule_security.go:86: an empty list narrows nothing.
		{"public principal with an empty narrowing list",
			keyPolicy(`, {"Sid": "Pub", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": []}}}`),
			"public-principal", "Principal"},
		// rule_security.go:108: a statement without Principal or NotPrincipal grants no one.
		{"PutKeyPolicy granted to no principal",
			`{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}`,
			"lockout-risk", "PutKeyPolicy"},
		{"PutKeyPolicy granted through NotPrincipal",
			`{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Other"}, "Action": "kms:*", "Resource": "*"}]}`,
			"lockout-risk", ""},
		// rule_set_operators.go:100: the message names the multi-valued key only.
		{"missing set operator names the multi-valued key",
			keyPolicy(`, ` + use + `{"StringEquals": {"kms:CallerAccount": "111122223333", "kms:EncryptionContextKeys": "Department"}}}`),
			"missing-set-operator", "kms:EncryptionContextKeys can hold"},
		// rule_set_operators.go:224: an empty Null list requires nothing.
		{"ForAllValues with an empty Null list",
			keyPolicy(`, ` + use + `{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["Department"]}, "Null": {"kms:EncryptionContextKeys": []}}}`),
			"forallvalues-with-allow", "ForAllValues"},
	} {
		_, diags := lint([]byte(c.src), policy.KindKey, Options{})
		ds := only(t, diags, c.code)
		switch {
		case c.want == "" && len(ds) != 0:
			t.Errorf("%s: %v, want no %s", c.name, ds, c.code)
		case c.want != "" && (len(ds) != 1 || !strings.Contains(ds[0].Message, c.want)):
			t.Errorf("%s: %v, want one %s saying %q", c.name, ds, c.code, c.want)
		}
	}
}

// TestEmptyPolicyHasNoVersion: "{}" is reported as having no Version, with
// no fix (there is no member to put one before); rule_version.go:54.
func TestEmptyPolicyHasNoVersion(t *testing.T) {
	_, diags := lint([]byte(`{}`), policy.KindKey, Options{})
	ds := only(t, diags, "old-version")
	if len(ds) != 1 || len(ds[0].Fixes) != 0 || ds[0].Span.Start != 0 || ds[0].Span.End != 1 {
		t.Errorf("%+v, want one old-version on the brace, without a fix", ds)
	}
}

// TestSidFixKeepsTheFirstLetter: a Sid that starts with a separator keeps
// its first letter's case; only letters after a removed run are raised
// (rule_sid.go:72).
func TestSidFixKeepsTheFirstLetter(t *testing.T) {
	src := `{"Version": "2012-10-17", "Statement": [{"Sid": "_admin key", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}`
	_, diags := lint([]byte(src), policy.KindIAM, Options{})
	ds := only(t, diags, "invalid-sid")
	if len(ds) != 1 || len(ds[0].Fixes) != 1 {
		t.Fatalf("%+v, want one invalid-sid with a fix", ds)
	}
	if got := applyFix([]byte(src), ds[0].Span, ds[0].Fixes[0]); got != `"adminKey"` {
		t.Errorf("fixed to %s, want \"adminKey\"", got)
	}
}
