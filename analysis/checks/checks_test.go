package checks

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// keyPolicy wraps statements in a key policy that otherwise lints clean.
func keyPolicy(stmts string) string {
	return `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}` +
		stmts + "]}"
}

func only(t *testing.T, diags []Diagnostic, code string) []Diagnostic {
	t.Helper()
	var out []Diagnostic
	for _, d := range diags {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

// textOf returns the source text of a finding's exact range.
func textOf(src string, d Diagnostic) string { return src[d.Start:d.End] }

func TestRangesCoverTheOffendingText(t *testing.T) {
	src := keyPolicy(`,
  {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
   "Action": ["kms:Decrpyt", "s3:GetObject"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/*",
   "Condition": {"StringEqual": {"kms:CallerAcount": "111122223333"}, "StringEquals": {"kms:KeySpec": "RSA_2049"}}}`)
	_, diags := lint([]byte(src), policy.KindAuto, Options{})
	want := map[string]string{
		"unknown-action":               `"kms:Decrpyt"`,
		"non-kms-action-in-key-policy": `"s3:GetObject"`,
		"key-policy-resource":          `"arn:aws:kms:us-east-1:111122223333:key/*"`,
		"unknown-operator":             `"StringEqual"`,
		"unknown-condition-key":        `"kms:CallerAcount"`,
		"invalid-condition-value":      `"RSA_2049"`,
	}
	for code, text := range want {
		ds := only(t, diags, code)
		if len(ds) != 1 {
			t.Errorf("%s: got %d findings, want 1", code, len(ds))
			continue
		}
		if got := textOf(src, ds[0]); got != text {
			t.Errorf("%s: range covers %q, want %q", code, got, text)
		}
	}
	if len(diags) != len(want) {
		t.Errorf("got %d findings, want %d: %+v", len(diags), len(want), diags)
	}
}

// Messages say what is wrong and what to do, naming the suggestion.
func TestMessagesSayWhatToDo(t *testing.T) {
	cases := []struct {
		src, code string
		words     []string
	}{
		{keyPolicy(`,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"kms:Decrpyt","Resource":"*"}`),
			"unknown-action", []string{"kms:Decrpyt", "did you mean kms:Decrypt"}},
		{keyPolicy(`,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:KeySpec":"RSA_2049"}}}`),
			"invalid-condition-value", []string{"RSA_2049", "kms:KeySpec", "Did you mean RSA_2048"}},
		{keyPolicy(`,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"kms:EnableKeyRotation","Resource":"*","Condition":{"StringEquals":{"kms:RotationPeriodInDays":"365"}}}`),
			"operator-type-mismatch", []string{"StringEquals", "kms:RotationPeriodInDays", "Numeric"}},
		{keyPolicy(`,{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}`),
			"public-access", []string{"kms:CallerAccount"}},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"kms:Decrypt","Resource":"*"}]}`,
			"lockout", []string{"kms:PutKeyPolicy"}},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"kms:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
			"lockout-risk", []string{"kms:PutKeyPolicy", "aws:MultiFactorAuthPresent"}},
	}
	for _, c := range cases {
		_, diags := lint([]byte(c.src), policy.KindAuto, Options{})
		ds := only(t, diags, c.code)
		if len(ds) != 1 {
			t.Errorf("%s: got %d findings, want 1 (%+v)", c.code, len(ds), diags)
			continue
		}
		for _, w := range c.words {
			if !strings.Contains(ds[0].Message, w) {
				t.Errorf("%s: message %q does not mention %q", c.code, ds[0].Message, w)
			}
		}
	}
}

func TestOptionsDisableAndOverrideSeverity(t *testing.T) {
	src := []byte(keyPolicy(`,{"Effect":"Allow","Principal":"*","Action":["kms:Decrypt","kms:Decrypt"],"Resource":"*"}`))
	_, diags := lint(src, policy.KindAuto, Options{})
	if len(only(t, diags, "public-access")) != 1 || len(only(t, diags, "redundant-action")) != 1 {
		t.Fatalf("baseline: %+v", diags)
	}
	if d := only(t, diags, "redundant-action")[0]; d.Severity != Hint || len(d.Tags) != 1 || d.Tags[0] != TagUnnecessary {
		t.Errorf("redundant-action default: severity %v tags %v", d.Severity, d.Tags)
	}
	_, diags = lint(src, policy.KindAuto, Options{
		Disabled: map[string]bool{"public-principal": true},
		Severity: map[string]Severity{"redundant-action": Error},
	})
	// public-access replaced public-principal, whose code still disables it.
	if n := len(only(t, diags, "public-access")); n != 0 {
		t.Errorf("disabled rule still reported %d findings", n)
	}
	if ds := only(t, diags, "redundant-action"); len(ds) != 1 || ds[0].Severity != Error {
		t.Errorf("override: %+v", ds)
	}
}

// A severity override also wins over a severity the rule picks per case.
func TestOverrideWinsOverCaseSeverity(t *testing.T) {
	src := []byte(keyPolicy(`,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"kms:DescribeKey","Resource":"*","Condition":{"StringEquals":{"kms:EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}}}`))
	_, diags := lint(src, policy.KindAuto, Options{Severity: map[string]Severity{"condition-key-not-supported": Information}})
	if ds := only(t, diags, "condition-key-not-supported"); len(ds) != 1 || ds[0].Severity != Information {
		t.Errorf("got %+v", ds)
	}
}

func TestConditionKeyNotSupportedSeverity(t *testing.T) {
	stmt := func(actions, key string) string {
		return keyPolicy(`,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":` + actions +
			`,"Resource":"*","Condition":{"StringEquals":{"` + key + `":"x"}}}`)
	}
	cases := []struct {
		name, src string
		kind      policy.Kind
		want      Severity // 0: no finding
		mentions  string
	}{
		{"none supports", stmt(`"kms:DescribeKey"`, "kms:EncryptionContext:Department"), policy.KindKey, Error, "kms:DescribeKey"},
		{"some support", stmt(`["kms:Decrypt","kms:DescribeKey"]`, "kms:EncryptionContext:Department"), policy.KindKey, Warning, "kms:DescribeKey"},
		// In a key policy kms:Describe* stands for kms:DescribeKey only
		// (kms:DescribeCustomKeyStores is IAM-only), which carries no context.
		{"wildcard in key policy", stmt(`["kms:Decrypt","kms:Describe*"]`, "kms:EncryptionContext:Department"), policy.KindKey, Warning, "kms:DescribeKey"},
		{"all support", stmt(`["kms:Decrypt","kms:GenerateDataKey*"]`, "kms:EncryptionContext:Department"), policy.KindKey, 0, ""},
		{"global key", stmt(`"kms:DescribeKey"`, "aws:PrincipalOrgID"), policy.KindKey, 0, ""},
		{"request tag", stmt(`["kms:TagResource","kms:Decrypt"]`, "aws:RequestTag/team"), policy.KindKey, Warning, "kms:Decrypt"},
		{"NotAction is not judged", strings.Replace(stmt(`"kms:DescribeKey"`, "kms:EncryptionContext:Department"), `"Action":"kms:DescribeKey"`, `"NotAction":"kms:DescribeKey"`, 1), policy.KindKey, 0, ""},
	}
	for _, c := range cases {
		_, diags := lint([]byte(c.src), c.kind, Options{})
		ds := only(t, diags, "condition-key-not-supported")
		if c.want == 0 {
			if len(ds) != 0 {
				t.Errorf("%s: unexpected %+v", c.name, ds)
			}
			continue
		}
		if len(ds) != 1 || ds[0].Severity != c.want || !strings.Contains(ds[0].Message, c.mentions) {
			t.Errorf("%s: got %+v, want one %v mentioning %s", c.name, ds, c.want, c.mentions)
		}
	}
}

// In an IAM policy a wildcard counts only as the actions whose resource type
// fits the statement's Resource.
func TestConditionKeyNotSupportedFollowsResources(t *testing.T) {
	src := func(resource string) []byte {
		return []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:List*","Resource":` + resource +
			`,"Condition":{"ForAnyValue:StringLike":{"kms:ResourceAliases":"alias/app-*"}}}]}`)
	}
	_, diags := lint(src(`"arn:aws:kms:*:111122223333:key/*"`), policy.KindIAM, Options{})
	if len(diags) != 0 {
		t.Errorf("key ARN: want clean, got %+v", diags)
	}
	_, diags = lint(src(`"*"`), policy.KindIAM, Options{})
	ds := only(t, diags, "condition-key-not-supported")
	if len(ds) != 1 || ds[0].Severity != Warning || !strings.Contains(ds[0].Message, "kms:ListKeys") {
		t.Errorf(`Resource "*": got %+v`, diags)
	}
}

func TestSetOperatorSeverity(t *testing.T) {
	cond := func(c string) []byte {
		return []byte(keyPolicy(`,{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":["kms:Decrypt","kms:TagResource"],"Resource":"*","Condition":` + c + `}`))
	}
	cases := []struct {
		cond string
		want Severity
	}{
		{`{"ForAllValues:StringEquals":{"kms:EncryptionContext:Department":"finance"}}`, Error},
		{`{"ForAllValues:StringEquals":{"aws:RequestTag/team":"a"}}`, Error},
		{`{"ForAnyValue:StringEquals":{"kms:EncryptionContext:Department":"finance"}}`, Warning},
		{`{"ForAllValues:StringEquals":{"kms:CallerAccount":"111122223333"}}`, Warning},
	}
	for _, c := range cases {
		_, diags := lint(cond(c.cond), policy.KindKey, Options{})
		ds := only(t, diags, "set-operator-on-single-valued")
		if len(ds) != 1 || ds[0].Severity != c.want {
			t.Errorf("%s: got %+v, want one %v", c.cond, ds, c.want)
		}
	}
}

func TestKeyAccountDetection(t *testing.T) {
	root := func(acct string) string {
		return `{"Effect":"Allow","Principal":{"AWS":"` + acct + `"},"Action":"kms:*","Resource":"*"}`
	}
	partner := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/Partner"},"Action":"kms:ScheduleKeyDeletion","Resource":"*"}`
	doc := func(stmts ...string) []byte {
		return []byte(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`)
	}
	cases := []struct {
		name    string
		src     []byte
		account string
		want    int
	}{
		{"root ARN", doc(root("arn:aws:iam::111122223333:root"), partner), "", 1},
		{"bare account id", doc(root("111122223333"), partner), "", 1},
		{"partition aws-cn", doc(root("arn:aws-cn:iam::111122223333:root"), partner), "", 1},
		{"no kms:* statement", doc(partner, `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Admin"},"Action":"kms:PutKeyPolicy","Resource":"*"}`), "", 0},
		{"two accounts qualify", doc(root("arn:aws:iam::111122223333:root"), root("arn:aws:iam::777788889999:root"), partner), "", 0},
		{"a role with kms:* is not the account", doc(root("arn:aws:iam::111122223333:role/Admin"), partner), "", 0},
		{"option wins over detection", doc(root("arn:aws:iam::444455556666:root"), partner), "111122223333", 1},
		{"option names the partner itself", doc(root("arn:aws:iam::111122223333:root"), partner), "444455556666", 0},
		{"same account twice still qualifies", doc(root("arn:aws:iam::111122223333:root"), root("111122223333"), partner), "", 1},
	}
	for _, c := range cases {
		_, diags := lint(c.src, policy.KindKey, Options{Account: c.account})
		if got := len(only(t, diags, "not-cross-account")); got != c.want {
			t.Errorf("%s: %d not-cross-account findings, want %d (%+v)", c.name, got, c.want, diags)
		}
	}
}

func TestKeyPolicyTooLarge(t *testing.T) {
	for _, size := range []int{32 * 1024, 40 * 1024} {
		src := policygen.KeyPolicy(size)
		_, diags := lint(src, policy.KindAuto, Options{})
		ds := only(t, diags, "policy-too-large")
		if want := len(src) > 32768; (len(ds) == 1) != want || len(diags) != len(ds) {
			t.Errorf("%d bytes: got %+v", len(src), diags)
		}
	}
}

// Comments: one finding per comment, with a fix that deletes exactly it;
// an unclosed comment is one parser error, not two findings.
func TestCommentsAreSyntaxErrors(t *testing.T) {
	src := keyPolicy(`/* admins */`)
	_, diags := lint([]byte(src), policy.KindAuto, Options{})
	ds := only(t, diags, "json-syntax")
	if len(ds) != 1 || textOf(src, ds[0]) != "/* admins */" || len(ds[0].Fixes) != 1 {
		t.Fatalf("got %+v", diags)
	}
	if got := applyFix([]byte(src), ds[0].Span, ds[0].Fixes[0]); got != "" {
		t.Errorf("fix leaves %q", got)
	}
	_, diags = lint([]byte(`{"Version":"2012-10-17" /* unclosed`), policy.KindAuto, Options{})
	if n := len(only(t, diags, "json-syntax")); n < 1 {
		t.Errorf("unclosed comment: %+v", diags)
	}
	seen := map[int]bool{}
	for _, d := range only(t, diags, "json-syntax") {
		if seen[d.Start] {
			t.Errorf("two findings at %d: %+v", d.Start, diags)
		}
		seen[d.Start] = true
	}
}

// Quick fixes that insert members produce valid, clean policies.
func TestInsertingFixesYieldCleanPolicies(t *testing.T) {
	cases := []struct{ src, code string }{
		{"{\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\", \"Resource\": \"arn:aws:kms:us-east-1:111122223333:key/*\"}\n  ]\n}", "old-version"},
		{keyPolicy(",\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/A\"},\n      \"Action\": \"kms:Decrypt\"\n    }"), "key-policy-resource"},
	}
	for _, c := range cases {
		_, diags := lint([]byte(c.src), policy.KindAuto, Options{})
		ds := only(t, diags, c.code)
		if len(ds) != 1 || len(ds[0].Fixes) != 1 {
			t.Fatalf("%s: got %+v", c.code, diags)
		}
		fixed := applyAll([]byte(c.src), ds[0].Fixes[0])
		if _, after := lint(fixed, policy.KindAuto, Options{}); len(after) != 0 {
			t.Errorf("%s: after the fix:\n%s\nstill: %+v", c.code, fixed, after)
		}
	}
}

func applyAll(src []byte, f Fix) []byte {
	out := string(src)
	for i := len(f.Edits) - 1; i >= 0; i-- {
		e := f.Edits[i]
		out = out[:e.Start] + e.NewText + out[e.End:]
	}
	return []byte(out)
}

// Non-ASCII text (outside the BMP too) keeps byte ranges exact.
func TestNonASCIIRanges(t *testing.T) {
	src := keyPolicy(`,{"Sid":"Schlüssel 😀","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"kms:Décrypt😀","Resource":"*"}`)
	_, diags := lint([]byte(src), policy.KindAuto, Options{})
	ds := only(t, diags, "unknown-action")
	if len(ds) != 1 || textOf(src, ds[0]) != `"kms:Décrypt😀"` {
		t.Errorf("got %+v", diags)
	}
}

func TestEveryRuleIsDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.Code] {
			t.Errorf("%s registered twice", r.Code)
		}
		seen[r.Code] = true
		if r.Doc == "" || r.Check == nil || r.Severity < Error || r.Severity > Hint {
			t.Errorf("%s: incomplete rule %+v", r.Code, r)
		}
	}
	// The codes the issue names, exactly as it spells them.
	for _, code := range strings.Fields(`json-syntax invalid-version old-version unknown-element missing-element
		conflicting-elements invalid-effect duplicate-sid invalid-sid empty-value duplicate-key invalid-principal
		policy-too-large unknown-action wildcard-matches-nothing non-kms-action-in-key-policy iam-only-in-key-policy
		not-cross-account redundant-action key-policy-resource invalid-arn resource-type-mismatch unknown-condition-key
		condition-key-not-supported unknown-operator operator-type-mismatch invalid-condition-value missing-set-operator
		set-operator-on-single-valued forallvalues-with-allow deprecated-condition-key public-principal lockout-risk
		overly-permissive`) {
		if LookupRule(code) == nil {
			t.Errorf("no rule %s", code)
		}
	}
}

// Repeats are found case-insensitively both in short lists (compared
// pairwise) and in long ones (through a map).
func TestRepeatedActionsShortAndLongLists(t *testing.T) {
	for _, n := range []int{3, 40} {
		var vals []string
		for i := range n - 1 {
			vals = append(vals, `"kms:Decrypt`+strings.Repeat("x", i)+`"`)
		}
		vals = append(vals, `"KMS:DECRYPTx"`) // repeats the second value
		src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [` + strings.Join(vals, ", ") + `], "Resource": "*"}]}`
		_, diags := lint([]byte(src), policy.KindIAM, Options{Disabled: map[string]bool{"unknown-action": true}})
		ds := only(t, diags, "redundant-action")
		if len(ds) != 1 || textOf(src, ds[0]) != `"KMS:DECRYPTx"` {
			t.Errorf("%d values: redundant-action findings %+v", n, ds)
		}
	}
}
