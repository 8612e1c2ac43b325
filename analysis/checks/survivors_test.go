package checks

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Each case here kills a mutant that survived the fixtures (TESTING.md).
func TestSurvivingMutantCases(t *testing.T) {
	const use = `{"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": `
	runLintCases(t, policy.KindKey, []lintCase{
		// public-access (which replaced public-principal) reads the engine:
		// an empty list of values matches no request, so the statement
		// applies to none and lets no one in (IAM Access Analyzer's "Empty
		// array condition"); a list with a value other than the account's does.
		{"public principal with an empty narrowing list",
			keyPolicy(`, {"Sid": "Pub", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": []}}}`),
			"public-access", Options{}, ""},
		{"public principal narrowed by a wildcard organization",
			keyPolicy(`, {"Sid": "Pub", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalOrgID": ["o-*"]}}}`),
			"public-access", Options{}, "Principal"},
		// A statement without Principal or NotPrincipal grants no one: lockout.
		{"PutKeyPolicy granted to no principal",
			`{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}`,
			"lockout", Options{}, "PutKeyPolicy"},
		{"PutKeyPolicy granted through NotPrincipal",
			`{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Other"}, "Action": "kms:*", "Resource": "*"}]}`,
			"lockout", Options{}, ""},
		// rule_set_operators.go:100: the message names the multi-valued key only.
		{"missing set operator names the multi-valued key",
			keyPolicy(`, ` + use + `{"StringEquals": {"kms:CallerAccount": "111122223333", "kms:EncryptionContextKeys": "Department"}}}`),
			"missing-set-operator", Options{}, "kms:EncryptionContextKeys can hold"},
		// rule_set_operators.go:224: an empty Null list requires nothing.
		{"ForAllValues with an empty Null list",
			keyPolicy(`, ` + use + `{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["Department"]}, "Null": {"kms:EncryptionContextKeys": []}}}`),
			"forallvalues-with-allow", Options{}, "ForAllValues"},
	})
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

// lintCase is one policy and the finding one rule must (want != "") or must
// not (want == "") report about it, a part of its message.
type lintCase struct {
	name, src, code string
	opts            Options
	want            string
}

func runLintCases(t *testing.T, kind policy.Kind, cases []lintCase) {
	t.Helper()
	for _, c := range cases {
		_, diags := lint([]byte(c.src), kind, c.opts)
		ds := only(t, diags, c.code)
		switch {
		case c.want == "" && len(ds) != 0:
			t.Errorf("%s: %v, want no %s", c.name, ds, c.code)
		case c.want != "" && (len(ds) != 1 || !strings.Contains(ds[0].Message, c.want)):
			t.Errorf("%s: %v, want one %s saying %q", c.name, ds, c.code, c.want)
		}
	}
}

// TestKeyActionNames: at most max names, then how many more.
func TestKeyActionNames(t *testing.T) {
	acts := eval.KeyActions()
	for _, c := range []struct {
		ais  []int
		want string
	}{
		{[]int{0}, acts[0].Name},
		{[]int{0, 1, 2}, acts[0].Name + ", " + acts[1].Name + ", " + acts[2].Name},
		{[]int{0, 1, 2, 3, 4}, acts[0].Name + ", " + acts[1].Name + ", " + acts[2].Name + " and 2 more"},
	} {
		if got := keyActionNames(c.ais, 3); got != c.want {
			t.Errorf("keyActionNames(%v, 3) = %q, want %q", c.ais, got, c.want)
		}
	}
}

// The engine's rules say nothing a value the host computes could change:
// a statement holding one (even when it is the whole statement) is left
// alone, and a computed value in an Allow does not silence the rules about
// other statements (only a computed Deny could refuse what they grant).
func TestComputedValuesAndTheEngineRules(t *testing.T) {
	pub := `{"Sid": "Pub", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}`
	src := keyPolicy(`, ` + pub)
	at := strings.Index(src, pub)
	whole := text.Span{Start: at, End: at + len(pub)}
	resource := strings.Index(src[at:], `"*"}`) + at
	root := strings.Index(src, `"arn:aws:iam::111122223333:root"`)
	acct := Options{Account: "111122223333"}
	with := func(spans ...text.Span) Options { o := acct; o.Computed = spans; return o }
	runLintCases(t, policy.KindKey, []lintCase{
		{"nothing computed", src, "public-access", acct, "lets anyone"},
		{"a computed value in the statement", src, "public-access", with(text.Span{Start: resource, End: resource + 3}), ""},
		{"the whole statement computed", src, "public-access", with(whole), ""},
		{"a computed value in another Allow", src, "public-access", with(text.Span{Start: root, End: root + 10}), "lets anyone"},
		{"a computed value just before the statement", src, "public-access", with(text.Span{Start: at - 2, End: at + 1}), "lets anyone"},
		{"a computed value just after the statement", src, "public-access", with(text.Span{Start: whole.End - 1, End: whole.End + 1}), "lets anyone"},
	})
}

// What the rules' quick checks let through to the engine: NotPrincipal in
// an Allow grants anyone not listed; a principal of another account alone;
// an Allow with NotResource may grant kms:PutKeyPolicy.
func TestEngineRulesPrefilters(t *testing.T) {
	acct := Options{Account: "111122223333"}
	runLintCases(t, policy.KindKey, []lintCase{
		{"an Allow with NotPrincipal", `{"Version": "2012-10-17", "Statement": [{"Sid": "Not", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}]}`,
			"public-access", acct, "lets anyone"},
		{"another account only, CreateGrant", `{"Version": "2012-10-17", "Statement": [{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*", "Resource": "*"}]}`,
			"cross-account-admin", acct, "create grants"},
		{"another account only, external", `{"Version": "2012-10-17", "Statement": [{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*", "Resource": "*"}]}`,
			"external-access", acct, "account 444455556666"},
		{"PutKeyPolicy to a principal of no account, the key's unknown", `{"Version": "2012-10-17", "Statement": [{"Sid": "U", "Effect": "Allow", "Principal": {"AWS": "AIDACKCEVSQ6C2EXAMPLE"}, "Action": "kms:*", "Resource": "*"}]}`,
			"lockout", Options{}, "No principal can ever"},
		{"PutKeyPolicy through NotResource", `{"Version": "2012-10-17", "Statement": [{"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/other"}]}`,
			"lockout", acct, ""},
	})
}

func TestHelpers(t *testing.T) {
	for s, want := range map[string]bool{"": false, "0": true, "9": true, "1234567890": true, "12a": false, "/": false, ":": false} {
		if isDigits(s) != want {
			t.Errorf("isDigits(%q) = %v", s, !want)
		}
	}
	for _, c := range []struct {
		src    string
		offset int
		want   string
	}{
		{"x", 0, ""}, {"  x", 2, "  "}, {"\tx", 1, "\t"}, {"a\n  x", 4, "  "}, {"a\r\n x", 4, " "}, {"a\r x", 3, " "}, {"a x", 2, ""}, {"a\n x", 3, " "},
	} {
		if got := lineIndent([]byte(c.src), c.offset); got != c.want {
			t.Errorf("lineIndent(%q, %d) = %q, want %q", c.src, c.offset, got, c.want)
		}
	}
	arr := jsonast.Parse([]byte(`[1, 2]`)).Root
	if _, ok := removeElement(arr, 2); ok {
		t.Error("removeElement past the end succeeded")
	}
	as := []*catalog.Action{catalog.LookupAction("kms:Decrypt"), catalog.LookupAction("kms:Encrypt"), catalog.LookupAction("kms:Sign")}
	for max, want := range map[int]string{1: "kms:Decrypt, …", 2: "kms:Decrypt, kms:Encrypt, …", 3: "kms:Decrypt, kms:Encrypt, kms:Sign"} {
		if got := actionNames(as, max); got != want {
			t.Errorf("actionNames(…, %d) = %q, want %q", max, got, want)
		}
	}
}

// An example's language: YAML when it starts with a letter (a key).
func TestExampleLanguage(t *testing.T) {
	for ex, want := range map[string]string{"A: 1": "yaml", "Z: 1": "yaml", "a: 1": "yaml", "z: 1": "yaml", "@x": "json", "[1]": "json", "{} // c": "jsonc",
		"`x`": "json", "{\"a\": 1}": "json", "resource \"aws_kms_key\" \"k\" {}": "hcl"} {
		if got := exampleLanguage(ex); got != want {
			t.Errorf("exampleLanguage(%q) = %q, want %q", ex, got, want)
		}
	}
}

// A rule that reads facts it did not declare is stopped at once.
func TestUndeclaredFactsPanic(t *testing.T) {
	defer func() {
		if r, _ := recover().(string); !strings.Contains(r, "does not declare") {
			t.Errorf("recovered %q, want the rule's undeclared read", r)
		}
	}()
	p := &Pass{rule: &Rule{Code: "test-undeclared"}}
	p.read(facts.KindActions)
}

func TestRulesAreSortedByCode(t *testing.T) {
	rs := Rules()
	for i := 1; i < len(rs); i++ {
		if rs[i-1].Code >= rs[i].Code {
			t.Errorf("Rules(): %s before %s", rs[i-1].Code, rs[i].Code)
		}
	}
}

// A policy written by a host leaves its file's bytes to the host's own
// checks: the file-scoped rules do not run on it, the others do. RunHost
// runs the file-scoped rules only.
func TestFileScopedRules(t *testing.T) {
	src := []byte("{\"Version\": \"2012-10-17\", \"Statement\": [] /* c */}")
	_, plain := lint(src, policy.KindKey, Options{})
	_, written := lint(src, policy.KindKey, Options{Written: true})
	if len(only(t, plain, "json-syntax")) != 1 || len(only(t, written, "json-syntax")) != 0 {
		t.Errorf("json-syntax: %v alone, %v written by a host; want one, then none", plain, written)
	}
	if len(only(t, written, "empty-value")) == 0 {
		t.Errorf("written by a host: %v, want the policy's own empty-value", written)
	}
	host := RunHost(jsonast.Parse(src), Options{})
	if len(host) != 1 || host[0].Code != "json-syntax" {
		t.Errorf("RunHost: %v, want one json-syntax", host)
	}
	if len(RunHost(nil, Options{})) != 0 {
		t.Error("RunHost(nil) reports")
	}
}

// The messages of the engine's rules name what they found, in the
// singular or plural as it comes.
func TestEngineRuleMessages(t *testing.T) {
	acct := Options{Account: "111122223333"}
	org := Options{Account: "111122223333", Organization: "o-a1b2c3d4e5"}
	allowApp := `{"Sid": "App", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}`
	deny := func(sid, action string) string {
		return `{"Sid": "` + sid + `", "Effect": "Deny", "Principal": "*", "Action": "` + action + `", "Resource": "*"}`
	}
	partner := func(principal, action string) string {
		return `{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "` + principal + `"}, "Action": "` + action + `", "Resource": "*"}`
	}
	orgWide := func(o string) string {
		return `{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "` + o + `"}}}`
	}
	runLintCases(t, policy.KindKey, []lintCase{
		{"one Deny shadows", keyPolicy(`, ` + allowApp + `, ` + deny("D1", "kms:Decrypt")), "shadowed-statement", acct, `Deny statement "D1" refuses every request`},
		{"two Denies shadow", keyPolicy(`, ` + strings.Replace(allowApp, `"kms:Decrypt"`, `["kms:Decrypt", "kms:Encrypt"]`, 1) + `, ` + deny("D1", "kms:Decrypt") + `, ` + deny("D2", "kms:Encrypt")),
			"shadowed-statement", acct, `Deny statements "D1", "D2" refuse every request`},
		{"one value and a list", keyPolicy(`, {"Sid": "C", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*",
			"Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}, "StringLike": {"kms:ViaService": ["ec2.*", "rds.*"]}}}`),
			"unsatisfiable-condition", acct, "StringEquals s3.us-east-1.amazonaws.com and StringLike [ec2.*, rds.*]"},
		{"another account by its bare id", keyPolicy(`, ` + partner("444455556666", "kms:*")), "cross-account-admin", acct, "account 444455556666"},
		{"CreateGrant to anyone of an account is public-access's concern", keyPolicy(`, ` + partner("arn:aws:iam::444455556666:root", "kms:Decrypt") +
			`, {"Sid": "Pub", "Effect": "Allow", "Principal": "*", "Action": "kms:CreateGrant", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "444455556666"}}}`),
			"cross-account-admin", acct, ""},
		{"another account, unconditionally", keyPolicy(`, ` + partner("arn:aws:iam::444455556666:root", "kms:Decrypt")), "external-access", acct, "account 444455556666 (kms:Decrypt)"},
		{"another account, on a condition", keyPolicy(`, {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}`),
			"external-access", acct, "account 444455556666 (kms:Decrypt; depending on kms:ViaService)"},
		{"outside the account and its organization", keyPolicy(`, ` + partner("arn:aws:iam::444455556666:root", "kms:Decrypt")), "external-access", org, "outside account 111122223333 and organization o-a1b2c3d4e5 can"},
		{"the organization given is not outside", keyPolicy(`, ` + orgWide("o-a1b2c3d4e5")), "external-access", org, ""},
		{"another organization is", keyPolicy(`, ` + orgWide("o-f6g7h8i9j0")), "external-access", org, "organization o-f6g7h8i9j0 (kms:Decrypt)"},
	})
}

// Messages and fixes of the action rules: one suggestion, or the pattern
// a name starts and the permissions it covers, the first fix preferred;
// where an IAM-only permission goes.
func TestActionRuleMessages(t *testing.T) {
	iamStmt := func(action, resource string) string {
		return `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "` + action + `", "Resource": "` + resource + `"}]}`
	}
	runLintCases(t, policy.KindIAM, []lintCase{
		{"one suggestion", iamStmt("kms:Decrpyt", "*"), "unknown-action", Options{}, "did you mean kms:Decrypt?"},
		{"the start of several", iamStmt("kms:ReEncrypt", "*"), "unknown-action", Options{}, "did you mean kms:ReEncrypt*, which covers kms:ReEncryptFrom and kms:ReEncryptTo?"},
		{"a service pattern in an ARN cut short", iamStmt("kms:Decrypt", "arn:aws:k*:us-east-1"), "wildcard-in-arn-service", Options{}, `"k*"`},
	})
	_, diags := lint([]byte(iamStmt("kms:ReEncrypt", "*")), policy.KindIAM, Options{})
	ds := only(t, diags, "unknown-action")
	if len(ds) != 1 || len(ds[0].Fixes) != 3 || !ds[0].Fixes[0].Preferred || ds[0].Fixes[1].Preferred || ds[0].Fixes[2].Preferred {
		t.Errorf("%+v, want three fixes, the first preferred", ds)
	}
	key := func(action string) string {
		return keyPolicy(`, {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "` + action + `", "Resource": "*"}`)
	}
	runLintCases(t, policy.KindKey, []lintCase{
		{"an IAM-only permission on any resource", key("kms:CreateKey"), "iam-only-in-key-policy", Options{}, `Move it to an IAM policy with "Resource": "*".`},
		{"an IAM-only permission on a key", key("kms:RetireGrant"), "iam-only-in-key-policy", Options{}, "Move it to an IAM policy."},
	})
}

// The actions a condition-key finding names: those of other services too,
// and at most three.
func TestConditionKeyMessages(t *testing.T) {
	if got := listNames([]string{"a", "b", "c"}, 3); got != "a, b, c" {
		t.Errorf("listNames of three = %q", got)
	}
	if got := listNames([]string{"a", "b", "c", "d"}, 3); got != "a, b, c, …" {
		t.Errorf("listNames of four = %q", got)
	}
	runLintCases(t, policy.KindIAM, []lintCase{
		{"an S3 action with a KMS key", `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]}`,
			"condition-key-not-supported", Options{}, "(s3:GetObject)"},
	})
}

// A list of allowed values in a message is cut after twenty.
func TestListValuesCutsAfterTwenty(t *testing.T) {
	var vals []string
	for i := range 21 {
		vals = append(vals, string(rune('a'+i)))
	}
	if got := listValues(vals[:20]); got != strings.Join(vals[:20], ", ") {
		t.Errorf("twenty values: %q", got)
	}
	if got := listValues(vals); got != strings.Join(vals[:20], ", ")+" and more" {
		t.Errorf("twenty-one values: %q", got)
	}
}

// An empty list is named by its element, and for a principal by its type.
func TestEmptyListMessages(t *testing.T) {
	runLintCases(t, policy.KindKey, []lintCase{
		{"an empty Resource", keyPolicy(`, {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": []}`),
			"empty-value", Options{}, "Resource is an empty list"},
		{"an empty AWS principal", keyPolicy(`, {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": []}, "Action": "kms:Decrypt", "Resource": "*"}`),
			"empty-value", Options{}, "Principal AWS is an empty list"},
	})
}

// lockout and not-cross-account name what they found: the Deny (not an
// Allow that would grant), the keys a risky grant rests on (or none), the
// first key action; an unknown action is left to unknown-action.
func TestLockoutAndCrossAccountMessages(t *testing.T) {
	acct := Options{Account: "111122223333"}
	first := eval.KeyActions()[0].Name // kms:CancelKeyDeletion, which does not work across accounts
	runLintCases(t, policy.KindKey, []lintCase{
		{"a Deny for everyone", `{"Version": "2012-10-17", "Statement": [{"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"},
			{"Sid": "NoChange", "Effect": "Deny", "Principal": "*", "Action": "kms:PutKeyPolicy", "Resource": "*"}]}`, "lockout", acct, `Deny statement "NoChange" refuses kms:PutKeyPolicy`},
		{"a grant on a resource that may not be the key", `{"Version": "2012-10-17", "Statement": [{"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*",
			"Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}`, "lockout-risk", acct, "allowed only when conditions hold"},
		{"a grant on a condition", `{"Version": "2012-10-17", "Statement": [{"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*",
			"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}`, "lockout-risk", acct, "allowed only when conditions on aws:MultiFactorAuthPresent hold"},
		{"the first key action", keyPolicy(`, {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["kms:Frobnicate", "` + first + `"], "Resource": "*"}`),
			"not-cross-account", acct, first + " does not work across accounts"},
	})
}

// The operator suggested for one AWS does not know keeps its set prefix
// and IfExists suffix.
func TestUnknownOperatorSuggestions(t *testing.T) {
	cond := func(op string) string {
		return keyPolicy(`, {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"` + op + `": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}`)
	}
	runLintCases(t, policy.KindKey, []lintCase{
		{"a set prefix", cond("ForAnyValue:StringEqual"), "unknown-operator", Options{}, `did you mean "ForAnyValue:StringEquals"?`},
		{"IfExists", cond("StringEqualIfExists"), "unknown-operator", Options{}, `did you mean "StringEqualsIfExists"?`},
		{"IfExists alone", cond("IfExists"), "unknown-operator", Options{}, `"IfExists" is not a condition operator; use one such as`},
	})
}

// An empty variable is named as such wherever it stands in the value.
func TestEmptyPolicyVariable(t *testing.T) {
	for _, v := range []string{"${}", "a${}", "${aws:username}${}"} {
		if got := variableSyntax(v); !strings.HasPrefix(got, "${} names no variable") {
			t.Errorf("variableSyntax(%q) = %q", v, got)
		}
	}
}

// A default value in quotes may be empty; one quote alone is no default.
func TestPolicyVariableDefaults(t *testing.T) {
	for body, ok := range map[string]bool{"aws:PrincipalTag/team, ''": true, "aws:PrincipalTag/team, 'none'": true, "aws:PrincipalTag/team, '": false, "aws:PrincipalTag/team, none": false} {
		if got := variableBody(body); (got == "") != ok {
			t.Errorf("variableBody(%q) = %q", body, got)
		}
	}
}

// public-access says which element lets anyone in, and what may still
// stand in the way: Deny conditions, or the statement's own.
func TestPublicAccessMessages(t *testing.T) {
	acct := Options{Account: "111122223333"}
	pub := `{"Sid": "Pub", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}`
	runLintCases(t, policy.KindKey, []lintCase{
		{"no Deny", keyPolicy(`, ` + pub), "public-access", acct, `Principal "*" lets anyone, in any account, call kms:Decrypt on this key: no condition narrows who calls. Name`},
		{"a conditional Deny", keyPolicy(`, ` + pub + `, {"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`),
			"public-access", acct, "no condition narrows who calls (only Deny statements, on aws:SecureTransport, refuse some requests)."},
		{"NotPrincipal", keyPolicy(`, {"Sid": "Not", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}`),
			"public-access", acct, "NotPrincipal lets anyone"},
		{"the statement's own condition", keyPolicy(`, {"Sid": "Via", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}`),
			"public-access", acct, "call kms:Decrypt on this key when its conditions on kms:ViaService hold"},
		{"a resource that may be the key", keyPolicy(`, {"Sid": "Arn", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`),
			"public-access", acct, "call kms:Decrypt on this key when its conditions hold"},
	})
}

// A value covered by several wildcards is reported as covered by the first.
func TestRedundantActionNamesTheFirstCover(t *testing.T) {
	src := `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": ["kms:*", "kms:Decrypt*", "kms:Decrypt"], "Resource": "*"}]}`
	_, diags := lint([]byte(src), policy.KindIAM, Options{})
	var msgs []string
	for _, d := range only(t, diags, "redundant-action") {
		msgs = append(msgs, d.Message)
	}
	want := []string{"kms:Decrypt* is already covered by kms:* in this list; remove it.", "kms:Decrypt is already covered by kms:* in this list; remove it."}
	if strings.Join(msgs, "|") != strings.Join(want, "|") {
		t.Errorf("redundant-action: %q, want %q", msgs, want)
	}
}

// What redundant-action leaves to others and what it reports: a pattern
// matching nothing is wildcard-matches-nothing's, unless "*" covers it; of
// two patterns with the same actions, the later.
func TestRedundantActionCases(t *testing.T) {
	iamActions := func(actions string) string {
		return `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": [` + actions + `], "Resource": "*"}]}`
	}
	runLintCases(t, policy.KindIAM, []lintCase{
		{"a pattern matching nothing under kms:*", iamActions(`"kms:*", "kms:Frob*"`), "redundant-action", Options{}, ""},
		{"a pattern matching nothing under *", iamActions(`"*", "kms:Frob*"`), "redundant-action", Options{}, "kms:Frob* is already covered by * in this list"},
		{"two patterns with the same actions", iamActions(`"kms:Decrypt*", "kms:Decryp?"`), "redundant-action", Options{}, "kms:Decryp? is already covered by kms:Decrypt* in this list"},
	})
}

// Two Resource values are enough for one to cover the other.
func TestRedundantResourceOfTwo(t *testing.T) {
	runLintCases(t, policy.KindIAM, []lintCase{
		{"two values", `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": ["arn:aws:kms:*", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}]}`,
			"redundant-resource", Options{}, "is already covered by arn:aws:kms:* in this list"},
	})
}

// redundant-statement names the first statement by its position and Sid;
// statements with an empty principal list or a member without a value are
// compared without a crash.
func TestRedundantStatementCases(t *testing.T) {
	stmt := func(sid string) string {
		return `{` + sid + `"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}`
	}
	doc := func(stmts ...string) string {
		return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ", ") + `]}`
	}
	runLintCases(t, policy.KindKey, []lintCase{
		{"with a Sid", doc(stmt(`"Sid": "A", `), stmt(`"Sid": "B", `)), "redundant-statement", Options{}, "exactly what statement 1 (A) says"},
		{"with an empty Sid", doc(stmt(`"Sid": "", `), stmt(`"Sid": "B", `)), "redundant-statement", Options{}, "exactly what statement 1 says"},
		{"without a Sid", doc(stmt(``), stmt(``)), "redundant-statement", Options{}, "exactly what statement 1 says"},
		{"an empty principal list", doc(`{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "kms:Decrypt", "Resource": "*"}`,
			`{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "kms:Decrypt", "Resource": "*"}`), "redundant-statement", Options{}, "exactly what statement 1 says"},
	})
	src := doc(`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": }`, `{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": }`)
	lint([]byte(src), policy.KindIAM, Options{}) // must not panic
}

// The ARN template a resource-star finding suggests writes each placeholder
// in capitals, words split where a capital follows a small letter.
func TestARNTemplatePlaceholders(t *testing.T) {
	for name, want := range map[string]string{"Partition": "aws", "Region": "*", "BucketName": "BUCKET_NAME", "DataAccess": "DATA_ACCESS", "FooZone": "FOO_ZONE", "KeyID": "KEY_ID", "AZName": "AZNAME"} {
		if got := placeholderText(name); got != want {
			t.Errorf("placeholderText(%q) = %q, want %q", name, got, want)
		}
	}
	if got := arnTemplate("arn:${Partition}:s3:::${BucketName}/${ObjectName"); got != "arn:aws:s3:::BUCKET_NAME/${ObjectName" {
		t.Errorf("arnTemplate = %q", got)
	}
	runLintCases(t, policy.KindIAM, []lintCase{
		{"no action", `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": [], "Resource": "*"}]}`, "resource-star-with-resource-types", Options{}, ""},
	})
}

// A KMS ARN cut after its service has too few parts.
func TestKMSARNWithThreeParts(t *testing.T) {
	if got := resourceProblem("arn:aws:kms", false); !strings.HasSuffix(got, "this one has too few parts.") {
		t.Errorf("resourceProblem(arn:aws:kms) = %q", got)
	}
}

// invalid-arn and resource-type-mismatch explain what is wrong.
func TestResourceMessages(t *testing.T) {
	for v, want := range map[string]string{
		"arn:aws:s4:::bucket":   "Did you mean s3?",
		"arn::s3:::bucket":      "an empty part is not a partition",
		"arn:aws:zzzzzzzz:::ab": "so it names no resource.",
	} {
		if got := resourceProblem(v, false); !strings.Contains(got, want) {
			t.Errorf("resourceProblem(%q) = %q, want it to say %q", v, got, want)
		}
	}
	if got := resourceProblem("arn:aws:zzzzzzzz:::ab", false); strings.Contains(got, "Did you mean") {
		t.Errorf("a service near none: %q", got)
	}
	if !onlyChars("12*?", "0123456789*?") || onlyChars("12a", "0123456789*?") || !onlyChars("", "0") {
		t.Error("onlyChars")
	}
	if !strings.HasPrefix(unmatchedWhy(facts.ResourceAlias), "an alias ARN names the alias") || unmatchedWhy(facts.ResourceKey) != "no action of the statement acts on a key." {
		t.Error("unmatchedWhy")
	}
}

// An unknown KMS action is unknown-action's to report, not a mismatch of
// resource types.
func TestUnknownActionFitsNoResourceQuestion(t *testing.T) {
	if fits, known := actionFitsResources("kms:Frobnicate", []string{"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}); fits || known {
		t.Errorf("actionFitsResources(kms:Frobnicate) = %v, %v; want not known", fits, known)
	}
}

// What resource-type-mismatch says an action needs.
func TestExpectedResources(t *testing.T) {
	createKey, decrypt := catalog.LookupAction("kms:CreateKey"), catalog.LookupAction("kms:Decrypt")
	if !kmsNeedsStar(createKey) || kmsNeedsStar(decrypt) || kmsNeedsStar(catalog.LookupAction("kms:CreateAlias")) {
		t.Error("kmsNeedsStar: want kms:CreateKey only")
	}
	for v, want := range map[string]string{
		"kms:CreateKey":       `kms:CreateKey needs "Resource": "*".`,
		"kms:Decrypt":         "",
		"x:Nothing":           "",
		"s3:ListAllMyBuckets": `s3:ListAllMyBuckets acts on no particular resource and needs "Resource": "*".`,
	} {
		if got := expectedResource(v); got != want {
			t.Errorf("expectedResource(%q) = %q, want %q", v, got, want)
		}
	}
	if got := expectedResource("s3:GetObject"); !strings.HasPrefix(got, "s3:GetObject acts on ") || !strings.Contains(got, " resources, whose ARNs look like arn:") {
		t.Errorf("expectedResource(s3:GetObject) = %q", got)
	}
	if got := mismatchMessage([]*catalog.Action{decrypt}, facts.ResourceAlias); !strings.HasPrefix(got, "These resources are alias ARNs, but kms:Decrypt acts on KMS keys") {
		t.Errorf("alias ARNs for kms:Decrypt: %q", got)
	}
	if got := mismatchMessage([]*catalog.Action{createKey}, facts.ResourceKey); !strings.HasPrefix(got, "These resources are key ARNs, but kms:CreateKey applies to no particular key") {
		t.Errorf("key ARNs for kms:CreateKey: %q", got)
	}
}

// A file holding a list says how many policies it holds: objects with a
// Statement or a Version.
func TestRootListMessages(t *testing.T) {
	for src, want := range map[string]string{
		`[{"Statement": []}, {"Version": "2012-10-17"}, {"Sid": "x"}, 1]`: "This file holds a list of 2 policies",
		`[{"Version": "2012-10-17"}]`:                                     "This file holds a list of 1 policies",
		`[{"Sid": "x"}, 1]`:                                               "A policy is a JSON object { … }, not a list.",
	} {
		_, diags := lint([]byte(src), policy.KindKey, Options{})
		ds := only(t, diags, "wrong-value-type")
		if len(ds) != 1 || !strings.HasPrefix(ds[0].Message, want) {
			t.Errorf("%s: %v, want one wrong-value-type saying %q", src, ds, want)
		}
	}
}

// Near a syntax error, a finding of a clean statement stands, while one
// of the engine's rules (which rests on every statement) is lowered to a
// hint that says why.
func TestHedgeNearSyntaxErrors(t *testing.T) {
	src := keyPolicy(`, {"Sid": "Pub", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
	 {"Sid": "Typo", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrpyt", "Resource": "*"},
	 {"Sid": "Broken" "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}`)
	_, diags := lint([]byte(src), policy.KindKey, Options{Account: "111122223333"})
	pub, typo := only(t, diags, "public-access"), only(t, diags, "unknown-action")
	if len(pub) != 1 || pub[0].Severity != Hint || !strings.HasSuffix(pub[0].Message, hedgeNote) {
		t.Errorf("public-access: %+v, want one hint with the note", pub)
	}
	if len(typo) != 1 || typo[0].Severity == Hint || strings.HasSuffix(typo[0].Message, hedgeNote) {
		t.Errorf("unknown-action: %+v, want it as it is", typo)
	}
}

// The edges of a statement: a finding as wide as a clean statement stands,
// and so does one at its first byte, and an error that starts right after
// its closing brace is not in it.
func TestHedgeAtStatementEdges(t *testing.T) {
	withRule(t, &Rule{Code: "test-whole", Severity: Warning, Scope: StatementScope, Check: func(p *Pass) {
		for _, s := range p.Policy.Statements {
			if s.Sid != nil && s.Sid.Text == "Typo" {
				p.Report(s.Node.Span, "the whole statement")
			}
		}
	}})
	typo := `{"Sid": "Typo", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrpyt", "Resource": "*"}`
	for name, src := range map[string]string{
		"an error right after it":       `{"Version": "2012-10-17", "Statement": [` + typo + `{"Sid": "B"}]}`,
		"an error in another statement": `{"Version": "2012-10-17", "Statement": [` + typo + `, {"Sid": "B" "Effect": "Allow"}]}`,
		"an error right before it":      `{"Version": "2012-10-17", "Statement": [{"Sid": "B" "Effect": "Allow"},,` + typo + `]}`,
	} {
		_, diags := lint([]byte(src), policy.KindKey, Options{})
		for _, code := range []string{"test-whole", "unknown-action"} {
			if ds := only(t, diags, code); len(ds) != 1 || ds[0].Severity == Hint {
				t.Errorf("%s: %s %+v, want one, not lowered", name, code, ds)
			}
		}
	}
	_, diags := lint([]byte(`{"Version": "2012-10-17", "Statement": [{}, {"Sid": "B" "Effect": "Allow"}]}`), policy.KindKey, Options{})
	if ds := only(t, diags, "missing-element"); len(ds) < 3 || ds[0].Severity == Hint {
		t.Errorf("an empty statement: missing-element %+v, want them not lowered", ds)
	}
}

// A statement never closed holds the error that ends it, whether the file
// ends inside it or a bracket cuts it short: its findings are lowered.
func TestHedgeInAnUnclosedStatement(t *testing.T) {
	stmt := `{"Version": "2012-10-17", "Statement": [{"Sid": "Typo", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrpyt"`
	for _, src := range []string{stmt, stmt + ` ]}`} {
		_, diags := lint([]byte(src), policy.KindKey, Options{})
		if ds := only(t, diags, "unknown-action"); len(ds) != 1 || ds[0].Severity != Hint {
			t.Errorf("%s: unknown-action %+v, want one hint", src, ds)
		}
	}
}

// TestResourceFixInAnEmptyStatement: in a key policy's empty statement the
// fix puts "Resource": "*" inside the braces (helpers.go's appendMember on
// an object with no members).
func TestResourceFixInAnEmptyStatement(t *testing.T) {
	src := `{"Version": "2012-10-17", "Statement": [{}]}`
	_, diags := lint([]byte(src), policy.KindKey, Options{})
	ds := only(t, diags, "key-policy-resource")
	if len(ds) != 1 || len(ds[0].Fixes) != 1 {
		t.Fatalf("%+v, want one key-policy-resource with a fix", ds)
	}
	stmt := strings.Index(src, "{}")
	if got := applyFix([]byte(src), text.Span{Start: stmt, End: stmt + 2}, ds[0].Fixes[0]); got != `{"Resource": "*"}` {
		t.Errorf("the statement became %s, want {\"Resource\": \"*\"}", got)
	}
}
