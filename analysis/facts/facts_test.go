package facts

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func build(t *testing.T, src string, kind policy.Kind) *policy.Policy {
	t.Helper()
	pol := policy.Build(jsonast.Parse([]byte(src)), kind)
	if len(pol.Statements) == 0 {
		t.Fatalf("no statement in %s", src)
	}
	return pol
}

// statement wraps a statement's members in a policy.
func statement(members string) string {
	return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ` + members + `}]}`
}

func names(as []*catalog.Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestActions(t *testing.T) {
	for _, c := range []struct {
		name      string
		kind      policy.Kind
		members   string
		not       bool
		named     []string // nil: not checked here (see the "*" case)
		effective []string
		other     []OtherAction // Value holds only the text
	}{{
		name:      "key policy: a wildcard counts as the actions a key policy can grant",
		kind:      policy.KindKey,
		members:   `"Principal": "*", "Action": "kms:Create*", "Resource": "*"`,
		named:     []string{"kms:CreateAlias", "kms:CreateCustomKeyStore", "kms:CreateGrant", "kms:CreateKey"},
		effective: []string{"kms:CreateAlias", "kms:CreateGrant"},
	}, {
		name:      "key policy: a literal counts as written, even one a key policy cannot grant",
		kind:      policy.KindKey,
		members:   `"Principal": "*", "Action": ["kms:CreateKey", "KMS:decrypt"], "Resource": "*"`,
		named:     []string{"kms:CreateKey", "kms:Decrypt"},
		effective: []string{"kms:CreateKey", "kms:Decrypt"},
	}, {
		name:      "repeats count once, in the order first named",
		kind:      policy.KindKey,
		members:   `"Principal": "*", "Action": ["kms:Encrypt", "kms:De*", "kms:Decrypt", "kms:Encrypt"], "Resource": "*"`,
		named:     []string{"kms:Decrypt", "kms:DeleteAlias", "kms:DeleteCustomKeyStore", "kms:DeleteImportedKeyMaterial", "kms:DeriveSharedSecret", "kms:DescribeCustomKeyStores", "kms:DescribeKey", "kms:Encrypt"},
		effective: []string{"kms:Encrypt", "kms:Decrypt", "kms:DeleteAlias", "kms:DeleteImportedKeyMaterial", "kms:DeriveSharedSecret", "kms:DescribeKey"},
	}, {
		name:      "IAM policy on alias ARNs: only the actions on aliases",
		kind:      policy.KindIAM,
		members:   `"Action": "kms:*Alias*", "Resource": "arn:aws:kms:us-east-1:111122223333:alias/app"`,
		named:     []string{"kms:CreateAlias", "kms:DeleteAlias", "kms:ListAliases", "kms:UpdateAlias"},
		effective: []string{"kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"},
	}, {
		name:      "IAM policy on key ARNs: only the actions on keys",
		kind:      policy.KindIAM,
		members:   `"Action": "kms:List*", "Resource": ["arn:aws:kms:us-east-1:111122223333:key/1", "arn:aws:kms:us-east-1:111122223333:key/2"]`,
		named:     []string{"kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListKeys", "kms:ListResourceTags", "kms:ListRetirableGrants"},
		effective: []string{"kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags"},
	}, {
		name:      "IAM policy on \"*\": every action matched",
		kind:      policy.KindIAM,
		members:   `"Action": "kms:List*", "Resource": "*"`,
		named:     []string{"kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListKeys", "kms:ListResourceTags", "kms:ListRetirableGrants"},
		effective: []string{"kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListKeys", "kms:ListResourceTags", "kms:ListRetirableGrants"},
	}, {
		name:    "NotAction names what it leaves out; nothing is effective",
		kind:    policy.KindKey,
		members: `"Principal": "*", "NotAction": "kms:Describe*", "Resource": "*"`,
		not:     true,
		named:   []string{"kms:DescribeCustomKeyStores", "kms:DescribeKey"},
	}, {
		name:      "with both elements the statement is read by its Action",
		kind:      policy.KindKey,
		members:   `"Principal": "*", "Action": "kms:Decrypt", "NotAction": "kms:Encrypt", "Resource": "*"`,
		named:     []string{"kms:Decrypt"},
		effective: []string{"kms:Decrypt"},
	}, {
		name:      "other services' actions and unknown kms: names are kept, not dropped",
		kind:      policy.KindIAM,
		members:   `"Action": ["s3:GetObject", "kms:Decryptt", "kms:Nope*", "kms:Decrypt", "*:Sign", "Decrypt", "kms:"], "Resource": "*"`,
		named:     []string{"kms:Decrypt", "kms:Sign"},
		effective: []string{"kms:Decrypt", "kms:Sign"},
		other:     []OtherAction{{Value: &policy.Value{Text: "s3:GetObject"}}, {Value: &policy.Value{Text: "kms:Decryptt"}, KMS: true}, {Value: &policy.Value{Text: "kms:Nope*"}, KMS: true}, {Value: &policy.Value{Text: "*:Sign"}}, {Value: &policy.Value{Text: "Decrypt"}}, {Value: &policy.Value{Text: "kms:"}, KMS: true}},
	}, {
		name:    "no Action or NotAction: nothing",
		kind:    policy.KindKey,
		members: `"Principal": "*", "Resource": "*"`,
	}} {
		t.Run(c.name, func(t *testing.T) {
			pol := build(t, statement(c.members), c.kind)
			a := New(pol, "").Actions(pol.Statements[0])
			if a.Not != c.not {
				t.Errorf("Not = %v, want %v", a.Not, c.not)
			}
			if got := names(slices.Collect(a.Named().All())); !slices.Equal(got, c.named) {
				t.Errorf("Named = %v, want %v", got, c.named)
			}
			if a.Named().Len() != len(c.named) {
				t.Errorf("Named.Len() = %d, want %d", a.Named().Len(), len(c.named))
			}
			if got := names(a.Effective()); !slices.Equal(got, c.effective) {
				t.Errorf("Effective = %v, want %v", got, c.effective)
			}
			if got, want := otherText(a.Other()), otherText(c.other); got != want {
				t.Errorf("Other = %s, want %s", got, want)
			}
			wantOther := strings.Contains(otherText(c.other), "false")
			if a.NamesOtherServices() != wantOther {
				t.Errorf("NamesOtherServices() = %v, want %v", a.NamesOtherServices(), wantOther)
			}
		})
	}
}

func otherText(os []OtherAction) string {
	var parts []string
	for _, o := range os {
		parts = append(parts, fmt.Sprintf("%s(kms=%v)", o.Value.Text, o.KMS))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// "*" stands for every catalog action and for every other service's.
func TestActionsStar(t *testing.T) {
	pol := build(t, statement(`"Principal": "*", "Action": "*", "Resource": "*"`), policy.KindKey)
	a := New(pol, "").Actions(pol.Statements[0])
	for _, act := range catalog.Actions() {
		if !a.Named().Has(act) {
			t.Errorf("Named lacks %s", act.Name)
		}
		if keyPolicy := act.PolicyTypes()&catalog.KeyPolicy != 0; slices.Contains(a.Effective(), act) != keyPolicy {
			t.Errorf("%s effective = %v, want %v (it can be granted in a key policy: %v)", act.Name, !keyPolicy, keyPolicy, keyPolicy)
		}
	}
	if !a.NamesOtherServices() || len(a.Other()) != 1 || a.Other()[0].Value.Text != "*" {
		t.Errorf("Other = %s, want [*(kms=false)]", otherText(a.Other()))
	}
}

type principalWant struct {
	text, typ    string
	not          bool
	class        Class
	account      string
	wholeAccount bool
}

// classes lists the principals of a statement with their classes, the
// Principal's values then the NotPrincipal's.
func classes(p *Principals) []principalWant {
	var out []principalWant
	for _, ps := range [][]Principal{p.Principal, p.NotPrincipal} {
		for _, x := range ps {
			out = append(out, principalWant{x.Value.Text, x.Type, x.Not, x.Class, x.Account, x.WholeAccount()})
		}
	}
	return out
}

func TestPrincipals(t *testing.T) {
	const own, other = "111122223333", "444455556666"
	for _, c := range []struct {
		name    string
		members string
		account string // the account option
		want    []principalWant
	}{{
		name:    "the string form",
		members: `"Principal": "*"`,
		want:    []principalWant{{text: "*", class: Public}},
	}, {
		name:    "another string than \"*\"",
		members: `"Principal": "arn:aws:iam::111122223333:root"`,
		account: own,
		want:    []principalWant{{text: "arn:aws:iam::111122223333:root", class: Invalid}},
	}, {
		name:    "every AWS form with the account option",
		members: `"Principal": {"AWS": ["*", "111122223333", "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/Admin", "arn:aws:sts::444455556666:assumed-role/App/s1", "444455556666", "arn:aws-cn:iam::444455556666:root", "alice"]}`,
		account: own,
		want: []principalWant{
			{text: "*", typ: "AWS", class: Public},
			{text: own, typ: "AWS", class: OwnAccount, account: own, wholeAccount: true},
			{text: "arn:aws:iam::111122223333:root", typ: "AWS", class: OwnAccount, account: own, wholeAccount: true},
			{text: "arn:aws:iam::111122223333:role/Admin", typ: "AWS", class: OwnAccount, account: own},
			{text: "arn:aws:sts::444455556666:assumed-role/App/s1", typ: "AWS", class: OtherAccount, account: other},
			{text: other, typ: "AWS", class: OtherAccount, account: other, wholeAccount: true},
			{text: "arn:aws-cn:iam::444455556666:root", typ: "AWS", class: OtherAccount, account: other, wholeAccount: true},
			{text: "alice", typ: "AWS", class: Invalid},
		},
	}, {
		name:    "without the option (nor a statement to detect it from) an account is not known to be the key's",
		members: `"Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:user/bob"]}`,
		want: []principalWant{
			{text: own, typ: "AWS", class: SomeAccount, account: own, wholeAccount: true},
			{text: "arn:aws:iam::111122223333:root", typ: "AWS", class: SomeAccount, account: own, wholeAccount: true},
			{text: "arn:aws:iam::444455556666:user/bob", typ: "AWS", class: SomeAccount, account: other},
		},
	}, {
		name:    "the other principal types",
		members: `"Principal": {"Service": ["logs.amazonaws.com", "*"], "Federated": "cognito-identity.amazonaws.com", "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", "Aws": "111122223333"}`,
		account: own,
		want: []principalWant{
			{text: "logs.amazonaws.com", typ: "Service", class: Service},
			{text: "*", typ: "Service", class: Service},
			{text: "cognito-identity.amazonaws.com", typ: "Federated", class: Federated},
			{text: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", typ: "CanonicalUser", class: CanonicalUser},
			{text: own, typ: "Aws", class: Invalid},
		},
	}, {
		name:    "NotPrincipal",
		members: `"Principal": {"AWS": "444455556666"}, "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}`,
		account: own,
		want: []principalWant{
			{text: other, typ: "AWS", class: OtherAccount, account: other, wholeAccount: true},
			{text: "arn:aws:iam::111122223333:root", typ: "AWS", not: true, class: OwnAccount, account: own, wholeAccount: true},
			{text: "*", typ: "AWS", not: true, class: Public},
		},
	}} {
		t.Run(c.name, func(t *testing.T) {
			pol := build(t, statement(c.members+`, "Action": "kms:Decrypt", "Resource": "*"`), policy.KindKey)
			got := classes(New(pol, c.account).Principals(pol.Statements[0]))
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// The key's account detected from the policy classifies principals as the
// option would.
func TestPrincipalsByDetectedAccount(t *testing.T) {
	pol := build(t, `{"Statement": [
		{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
		{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/A", "arn:aws:iam::444455556666:role/B"]}, "Action": "kms:Decrypt", "Resource": "*"}]}`, policy.KindKey)
	f := New(pol, "")
	got := classes(f.Principals(pol.Statements[1]))
	if len(got) != 2 || got[0].class != OwnAccount || got[1].class != OtherAccount {
		t.Errorf("got %+v, want role/A own and role/B other", got)
	}
}

func TestAccount(t *testing.T) {
	const root = `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"}, "Action": "%s", "Resource": "*"}`
	for _, c := range []struct {
		name, given string
		stmts       []string
		want        string
	}{
		{"given", "999988887777", []string{fmt.Sprintf(root, "111122223333", "kms:*")}, "999988887777"},
		{"detected from kms:*", "", []string{fmt.Sprintf(root, "111122223333", "kms:*")}, "111122223333"},
		{"detected from *", "", []string{fmt.Sprintf(root, "111122223333", "*")}, "111122223333"},
		{"not from a narrower grant", "", []string{fmt.Sprintf(root, "111122223333", "kms:Decrypt")}, ""},
		{"two accounts qualify: no guess", "", []string{fmt.Sprintf(root, "111122223333", "kms:*"), fmt.Sprintf(root, "444455556666", "kms:*")}, ""},
		{"the same account twice", "", []string{fmt.Sprintf(root, "111122223333", "kms:*"), fmt.Sprintf(root, "111122223333", "kms:*")}, "111122223333"},
	} {
		t.Run(c.name, func(t *testing.T) {
			pol := build(t, `{"Statement": [`+strings.Join(c.stmts, ",")+`]}`, policy.KindKey)
			got, ok := New(pol, c.given).Account()
			if got != c.want || ok != (c.want != "") {
				t.Errorf("Account() = %q, %v; want %q", got, ok, c.want)
			}
		})
	}
}

type entryWant struct {
	written, lower, catalogKey string // catalogKey "": unknown
	values                     []string
}

type blockWant struct {
	operator, set string
	op            string // "": unknown
	ifExists      bool
	keys          []entryWant
}

func TestConditions(t *testing.T) {
	pol := build(t, statement(`"Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {
		"ForAllValues:StringEqualsIfExists": {"kms:EncryptionContextKeys": ["a", "b"], "KMS:CallerAccount": "111122223333"},
		"StringLikeIfExists": {"kms:EncryptionContext:Dept": "fin*"},
		"ForAnyValue:StringEqualz": {"aws:PrincipalTag/Ünit": "x"},
		"Bool": {"kms:Nope": true},
		"NullIfExists": {"aws:SourceIp": "false"}}`), policy.KindKey)
	want := []blockWant{
		{"ForAllValues:StringEqualsIfExists", catalog.SetForAllValues, "StringEquals", true, []entryWant{
			{"kms:EncryptionContextKeys", "kms:encryptioncontextkeys", "kms:EncryptionContextKeys", []string{"a", "b"}},
			{"KMS:CallerAccount", "kms:calleraccount", "kms:CallerAccount", []string{"111122223333"}},
		}},
		{"StringLikeIfExists", "", "StringLike", true, []entryWant{
			{"kms:EncryptionContext:Dept", "kms:encryptioncontext:dept", catalog.LookupKey("kms:EncryptionContext:x").Name, []string{"fin*"}},
		}},
		{"ForAnyValue:StringEqualz", catalog.SetForAnyValue, "", false, []entryWant{
			{"aws:PrincipalTag/Ünit", "aws:principaltag/ünit", catalog.LookupKey("aws:PrincipalTag/x").Name, []string{"x"}},
		}},
		{"Bool", "", "Bool", false, []entryWant{{"kms:Nope", "kms:nope", "", []string{"true"}}}},
		{"NullIfExists", "", "Null", true, []entryWant{{"aws:SourceIp", "aws:sourceip", "aws:SourceIp", []string{"false"}}}},
	}
	var got []blockWant
	for _, b := range New(pol, "").Conditions(pol.Statements[0]) {
		bw := blockWant{operator: b.Operator, set: b.Set, ifExists: b.IfExists}
		if b.Known() {
			bw.op = b.Op.Name
		}
		for _, e := range b.Keys {
			ew := entryWant{written: e.Key, lower: e.Lower()}
			if e.Catalog != nil {
				ew.catalogKey = e.Catalog.Name
			}
			for _, v := range e.Values {
				ew.values = append(ew.values, v.Text)
			}
			bw.keys = append(bw.keys, ew)
		}
		got = append(got, bw)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestNoCondition(t *testing.T) {
	pol := build(t, statement(`"Principal": "*", "Action": "kms:Encrypt", "Resource": "*"`), policy.KindKey)
	if got := New(pol, "").Conditions(pol.Statements[0]); len(got) != 0 {
		t.Errorf("got %d blocks, want none", len(got))
	}
}

// A fact is computed once per statement: asking again returns the same one.
func TestFactsAreShared(t *testing.T) {
	pol := build(t, `{"Statement": [
		{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Get*", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}},
		{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}`, policy.KindKey)
	f := New(pol, "")
	for _, s := range pol.Statements {
		if f.Actions(s) != f.Actions(s) || f.Principals(s) != f.Principals(s) {
			t.Errorf("statement %d: the facts were computed twice", s.Index)
		}
	}
	if e1, e2 := f.Actions(pol.Statements[0]).Effective(), f.Actions(pol.Statements[0]).Effective(); len(e1) == 0 || &e1[0] != &e2[0] {
		t.Errorf("the effective actions were listed twice")
	}
	c1, c2 := f.Conditions(pol.Statements[0]), f.Conditions(pol.Statements[0])
	if len(c1) != 1 || &c1[0] != &c2[0] {
		t.Errorf("the conditions were normalised twice")
	}
	if a, b := f.Actions(pol.Statements[0]), f.Actions(pol.Statements[1]); a.Named().Has(catalog.LookupAction("kms:Decrypt")) || !b.Named().Has(catalog.LookupAction("kms:Decrypt")) {
		t.Errorf("statements share one set of actions")
	}
}

// A statement that is not the policy's gets its facts all the same, at the
// index just past the policy's statements as well as further on.
func TestStatementOutsideThePolicy(t *testing.T) {
	pol := build(t, statement(`"Principal": "*", "Action": "kms:Decrypt", "Resource": "*"`), policy.KindKey)
	const s = `{"Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`
	others := build(t, `{"Statement": [{}, `+s+`, `+s+`]}`, policy.KindKey).Statements
	f := New(pol, "")
	for _, outside := range others[1:] {
		if got := names(f.Actions(outside).Effective()); !slices.Equal(got, []string{"kms:Encrypt"}) {
			t.Errorf("statement %d: Effective = %v", outside.Index, got)
		}
		if p := f.Principals(outside); len(p.Principal) != 1 || p.Principal[0].Class != Public {
			t.Errorf("statement %d: Principals = %+v", outside.Index, p)
		}
		if c := f.Conditions(outside); len(c) != 1 || c[0].Op.Name != "Bool" {
			t.Errorf("statement %d: Conditions = %+v", outside.Index, c)
		}
	}
}

// Statements whose Action lists are written alike share one Named set; a
// list naming other services' actions is read for each statement, which
// keeps its own Other.
func TestNamedSetsShared(t *testing.T) {
	pol := build(t, `{"Statement": [
		{"Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt", "kms:Get*"], "Resource": "*"},
		{"Effect": "Deny", "Principal": "*", "Action": ["kms:Decrypt", "kms:Get*"], "Resource": "*"},
		{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "*"},
		{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "*"}]}`, policy.KindKey)
	f := New(pol, "")
	a, b := f.Actions(pol.Statements[0]).Named(), f.Actions(pol.Statements[1]).Named()
	if !a.Has(catalog.LookupAction("kms:GetKeyPolicy")) || &a[0] != &b[0] {
		t.Errorf("lists written alike: Named sets %p and %p, want one set holding kms:GetKeyPolicy", a, b)
	}
	for _, s := range pol.Statements[2:] {
		if got := otherText(f.Actions(s).Other()); got != "[s3:GetObject(kms=false)]" {
			t.Errorf("statement %d: Other = %s", s.Index, got)
		}
	}
}

func TestKindString(t *testing.T) {
	if got := (KindActions | KindAccount).String(); got != "actions+account" {
		t.Errorf("got %q", got)
	}
}

// The facts of many statements are carved from shared chunks: each
// statement's must stay its own as the chunks fill and are replaced.
func TestManyStatements(t *testing.T) {
	actions := catalog.Actions()
	var stmts []string
	for i := range 300 {
		key := fmt.Sprintf("kms:EncryptionContext:%s%d", strings.Repeat("K", i%40), i)
		stmts = append(stmts, fmt.Sprintf(`{"Effect": "Allow", "Principal": {"AWS": ["%012d", "*"]}, "Action": %q, "Resource": "*", "Condition": {"StringEquals": {%q: "v"}}}`,
			i, actions[i%len(actions)].Name, key))
	}
	pol := build(t, `{"Statement": [`+strings.Join(stmts, ",")+`]}`, policy.KindKey)
	f := New(pol, "")
	for _, s := range pol.Statements { // all computed first, then all checked
		f.Actions(s)
		f.Principals(s)
		f.Conditions(s)
	}
	for i, s := range pol.Statements {
		want := actions[i%len(actions)]
		if a := f.Actions(s); len(a.Effective()) != 1 || a.Effective()[0] != want || a.Named().Len() != 1 || !a.Named().Has(want) {
			t.Fatalf("statement %d: Effective %v, Named %d, want %s", i, names(a.Effective()), a.Named().Len(), want.Name)
		}
		if p := f.Principals(s).Principal; len(p) != 2 || p[0].Account != fmt.Sprintf("%012d", i) || p[1].Class != Public {
			t.Fatalf("statement %d: principals %+v", i, p)
		}
		c := f.Conditions(s)
		key := fmt.Sprintf("kms:EncryptionContext:%s%d", strings.Repeat("K", i%40), i)
		if len(c) != 1 || len(c[0].Keys) != 1 || c[0].Keys[0].Key != key || c[0].Keys[0].Catalog == nil {
			t.Fatalf("statement %d: conditions %+v", i, c)
		}
	}
}

// The arena's chunks are used up before a new one is made, and double from
// four words: 60 one-word sets take chunks of 4, 8, 16 and 32.
func TestArenaChunks(t *testing.T) {
	allocs := testing.AllocsPerRun(10, func() {
		var a arena[uint64]
		for range 4 + 8 + 16 + 32 {
			a.take(1)
		}
	})
	if allocs != 4 {
		t.Errorf("60 one-word sets cost %v allocations, want 4", allocs)
	}
}
