package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

func summarize(t *testing.T, src, account, org string) *Summary {
	t.Helper()
	return Summarize(compileKey(t, src), SummaryOptions{KeyAccount: account, Organization: org})
}

func subjectIndex(t *testing.T, s *Summary, name string) int {
	t.Helper()
	for i, sub := range s.Subjects {
		if sub.String() == name {
			return i
		}
	}
	var names []string
	for _, sub := range s.Subjects {
		names = append(names, sub.String())
	}
	t.Fatalf("no subject %q among %q", name, names)
	return -1
}

func access(t *testing.T, s *Summary, subject, action string) Access {
	t.Helper()
	ai := ActionIndex(catalog.LookupAction(action))
	if ai < 0 {
		t.Fatalf("%s is not a key policy action", action)
	}
	return s.Access(subjectIndex(t, s, subject), ai)
}

type verdictCase struct {
	subject, action string
	want            Verdict
	on              string // the keys it depends on, joined by commas
	throughIAM      bool
}

func checkVerdicts(t *testing.T, s *Summary, cases []verdictCase) {
	t.Helper()
	for _, c := range cases {
		acc := access(t, s, c.subject, c.action)
		if acc.Verdict != c.want || strings.Join(acc.On, ",") != c.on || acc.ThroughIAM != c.throughIAM {
			t.Errorf("%s %s: %s on %v (through IAM %v), want %s on %q (through IAM %v)", c.subject, c.action,
				acc.Verdict, acc.On, acc.ThroughIAM, c.want, c.on, c.throughIAM)
		}
	}
}

func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSummaryOfTheExamples(t *testing.T) {
	def := summarize(t, readExample(t, "default-key-policy.json"), "111122223333", "")
	checkVerdicts(t, def, []verdictCase{
		{"role AppServerRole in 111122223333", "kms:Decrypt", Always, "", false},
		{"role AppServerRole in 111122223333", "kms:PutKeyPolicy", Always, "", true},
		{"role KeyAdminRole in 111122223333", "kms:PutKeyPolicy", Always, "", false},
		{"account 111122223333 (this key's)", "kms:ScheduleKeyDeletion", Always, "", true},
		{"anyone else", "kms:Decrypt", Never, "", false},
	})
	mis := summarize(t, readExample(t, "mistakes.json"), "111122223333", "")
	checkVerdicts(t, mis, []verdictCase{
		{"anyone else", "kms:Decrypt", Always, "", false},
		{"anyone else", "kms:Encrypt", Never, "", false},
		{"account 444455556666", "kms:DescribeKey", Always, "", true},
		{"account 444455556666", "kms:Decrypt", Always, "", false},
	})
	if acc := access(t, mis, "account 444455556666", "kms:ScheduleKeyDeletion"); acc.Verdict != Never || !acc.NotCrossAccount {
		t.Errorf("ScheduleKeyDeletion to another account: %+v, want never, not cross-account (%s)", acc, docKMSXAcct)
	}
	svc := summarize(t, readExample(t, "service-key-policy.json"), "111122223333", "")
	checkVerdicts(t, svc, []verdictCase{
		{"anyone else", "kms:Decrypt", Never, "", false},
		{"service logs.us-west-2.amazonaws.com", "kms:Encrypt", Depends, "kms:CallerAccount,kms:ViaService,kms:EncryptionContext:aws:logs:arn", false},
		{"service logs.us-west-2.amazonaws.com", "kms:PutKeyPolicy", Never, "", false},
	})
}

func TestSummaryNarrowingOfPrincipalStar(t *testing.T) {
	stmt := func(cond string) string {
		return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": ` + cond + `}]}`
	}
	for _, c := range []struct {
		name, cond string
		want       Verdict
		on         string
	}{
		{"an account named", `{"StringEquals": {"kms:CallerAccount": "111122223333"}}`, Never, ""},
		{"the account by PrincipalAccount", `{"StringEquals": {"aws:PrincipalAccount": "111122223333"}}`, Never, ""},
		{"a wildcard in the account", `{"StringLike": {"kms:CallerAccount": "1111*"}}`, Depends, "kms:CallerAccount"},
		{"any account of twelve digits", `{"StringLike": {"aws:PrincipalAccount": "????????????"}}`, Always, ""},
		{"a role name in any account", `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}}`, Depends, "aws:PrincipalArn"},
		{"a role of the account", `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app"}}`, Never, ""},
		{"the organization", `{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`, Never, ""},
		{"any organization", `{"StringLike": {"aws:PrincipalOrgID": "o-*"}}`, Depends, "aws:PrincipalOrgID"},
		{"an OU path of the organization", `{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*"}}`, Never, ""},
		{"IfExists on kms:CallerAccount", `{"StringEqualsIfExists": {"kms:CallerAccount": "111122223333"}}`, Depends, "kms:CallerAccount"},
		{"IfExists on aws:PrincipalAccount, always sent", `{"StringEqualsIfExists": {"aws:PrincipalAccount": "111122223333"}}`, Never, ""},
		{"a Null check alone", `{"Null": {"aws:PrincipalOrgID": "false"}}`, Depends, "aws:PrincipalOrgID"},
		{"the service a call comes through", `{"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`, Depends, "kms:ViaService"},
		{"a source account, sent by services only", `{"StringEquals": {"aws:SourceAccount": "111122223333"}}`, Never, ""},
		{"not the account", `{"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}`, Always, ""},
		{"a user name anyone can take", `{"StringEquals": {"aws:username": "bob"}}`, Depends, "aws:username"},
		{"more fixed digits than an account id has", `{"StringLike": {"aws:PrincipalAccount": "11112222333??*"}}`, Never, ""},
		{"a star after twelve digits matches them only", `{"StringLike": {"aws:PrincipalAccount": "111122223333*"}}`, Never, ""},
		{"every id the pattern matches is named", `{"StringLike": {"aws:PrincipalAccount": "11112222333?*"}, "StringNotEquals": {"aws:PrincipalAccount": ["111122223330", "111122223331", "111122223332", "111122223333", "111122223334", "111122223335", "111122223336", "111122223337", "111122223338", "111122223339"]}}`, Never, ""},
		{"any IAM or STS ARN", `{"ArnLike": {"aws:PrincipalArn": "arn:aws:*::*:*"}}`, Always, ""},
		{"any ARN, by StringLike", `{"StringLike": {"aws:PrincipalArn": "arn:aws:*"}}`, Always, ""},
		{"one id the pattern matches is not named", `{"StringLike": {"aws:PrincipalAccount": "11112222333?"}, "StringNotEquals": {"aws:PrincipalAccount": ["111122223330", "111122223331", "111122223332", "111122223333", "111122223334", "111122223335", "111122223336", "111122223337", "111122223338"]}}`, Depends, "aws:PrincipalAccount"},
	} {
		s := summarize(t, stmt(c.cond), "111122223333", "")
		acc := access(t, s, "anyone else", "kms:Decrypt")
		if acc.Verdict != c.want || strings.Join(acc.On, ",") != c.on {
			t.Errorf("%s: anyone else gets %s on %v, want %s on %q", c.name, acc.Verdict, acc.On, c.want, c.on)
		}
	}
}

// No principal has an ARN with an empty resource part: such a pattern is
// never "always" (depends is sound, never exact).
func TestSummaryOfAnEmptyARNResource(t *testing.T) {
	s := summarize(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
	 "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:*::*:"}}}]}`, "111122223333", "")
	if acc := access(t, s, "anyone else", "kms:Decrypt"); acc.Verdict == Always {
		t.Errorf("arn:aws:*::*: gives anyone else %s", acc.Verdict)
	}
}

// An account named in Principal stands for its identities the policy does
// not name: aws:PrincipalArn conditions on them.
func TestSummaryOfAnAccountsIdentities(t *testing.T) {
	for _, c := range []struct {
		name, cond string
		want       Verdict
		on         string
	}{
		{"a role of the account", `{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::444455556666:role/r"}}`, Depends, "aws:PrincipalArn"},
		{"a federated user of the account", `{"StringEquals": {"aws:PrincipalArn": "arn:aws:sts::444455556666:federated-user/f"}}`, Depends, "aws:PrincipalArn"},
		{"a role of another account", `{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::777788889999:role/r"}}`, Never, ""},
		{"an IAM ARN with a region", `{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam:us-east-1:444455556666:role/r"}}`, Never, ""},
		{"an ARN of another service", `{"StringEquals": {"aws:PrincipalArn": "arn:aws:ec2::444455556666:role/r"}}`, Never, ""},
		{"no ARN", `{"StringEquals": {"aws:PrincipalArn": "444455556666"}}`, Never, ""},
		{"every identity of the account", `{"ArnLike": {"aws:PrincipalArn": "arn:aws:*::444455556666:*"}}`, Always, ""},
	} {
		s := summarize(t, `{"Version": "2012-10-17", "Statement": [
		 {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "kms:DescribeKey", "Resource": "*"},
		 {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": `+c.cond+`}]}`, "111122223333", "")
		acc := access(t, s, "account 444455556666", "kms:Decrypt")
		if acc.Verdict != c.want || strings.Join(acc.On, ",") != c.on {
			t.Errorf("%s: account 444455556666 gets %s on %v, want %s on %q (%s)", c.name, acc.Verdict, acc.On, c.want, c.on, docPrincipal+"#principal-accounts")
		}
	}
}

// What a statement's Resource and condition keys say of the actions it can
// grant: a resource of another service never names the key; a KMS
// condition key the catalog knows is sent only with the actions that
// support it, one it does not know may be sent with any.
func TestSummaryOfResourcesAndKeys(t *testing.T) {
	for _, c := range []struct {
		name, stmt, action string
		want               Verdict
		on                 string
		doc                string
	}{
		{"an S3 bucket", `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "arn:aws:s3:::bucket"}`, "kms:Decrypt", Never, "", docKMSOver},
		{"an ARN of another service, cut short", `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "arn:aws:s3"}`, "kms:Decrypt", Never, "", docKMSOver},
		{"a key ARN, maybe this key's", `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/k"}`, "kms:Decrypt", Depends, "", docKMSOver},
		{"encryption context with Decrypt", `{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:Dept": "x"}}}`,
			"kms:Decrypt", Depends, "kms:EncryptionContext:Dept", docKMSConds + "#conditions-kms-encryption-context"},
		{"encryption context with DescribeKey, which does not send it", `{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:Dept": "x"}}}`,
			"kms:DescribeKey", Never, "", docKMSConds + "#conditions-kms-encryption-context"},
		{"a kms: key the catalog does not know", `{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"StringEquals": {"kms:MadeUp": "x"}}}`,
			"kms:DescribeKey", Depends, "kms:MadeUp", docKMSConds},
	} {
		s := summarize(t, `{"Version": "2012-10-17", "Statement": [`+c.stmt+`]}`, "111122223333", "")
		acc := access(t, s, "anyone else", c.action)
		if acc.Verdict != c.want || strings.Join(acc.On, ",") != c.on {
			t.Errorf("%s: anyone else gets %s %s on %v, want %s on %q (%s)", c.name, c.action, acc.Verdict, acc.On, c.want, c.on, c.doc)
		}
	}
}

// Access lists the Allow statements that may grant an action and the Deny
// statements that may refuse it, each in its own list.
func TestAccessStatements(t *testing.T) {
	s := summarize(t, `{"Version": "2012-10-17", "Statement": [
	 {"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
	 {"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
	 {"Sid": "E", "Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*"}]}`, "111122223333", "")
	acc := access(t, s, "anyone else", "kms:Decrypt")
	sids := func(ss []*Statement) string {
		var out []string
		for _, st := range ss {
			out = append(out, st.Sid())
		}
		return strings.Join(out, ",")
	}
	if sids(acc.Allows) != "A" || sids(acc.Denies) != "D" {
		t.Errorf("allows %q, denies %q; want A and D", sids(acc.Allows), sids(acc.Denies))
	}
}

// What one statement does: an Allow that every Deny-free request of its
// subjects would reach, or one a Deny refuses entirely (an explicit Deny
// wins); the keys it rests on are those sent with the actions it reaches.
func TestReachOfStatements(t *testing.T) {
	p := compileKey(t, `{"Version": "2012-10-17", "Statement": [
	 {"Sid": "Blocked", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
	 {"Sid": "IfExists", "Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*",
	  "Condition": {"StringEqualsIfExists": {"kms:EncryptionContext:Dept": "x"}}},
	 {"Sid": "Other", "Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*"},
	 {"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
	 {"Sid": "E", "Effect": "Deny", "Principal": "*", "Action": "kms:Sign", "Resource": "*"}]}`)
	s := Summarize(p, SummaryOptions{KeyAccount: "111122223333"})
	sids := func(ss []*Statement) string {
		var out []string
		for _, st := range ss {
			out = append(out, st.Sid())
		}
		return strings.Join(out, ",")
	}
	blocked := s.ReachOf(&p.Statements[0])
	if !blocked.Blocked || len(blocked.Subjects) != 0 || sids(blocked.Overridden) != "D" {
		t.Errorf("Blocked: %+v, want blocked by D (%s)", blocked, docEvalLogic+"#policy-eval-denyallow")
	}
	ifExists := s.ReachOf(&p.Statements[1])
	if ifExists.Blocked || len(ifExists.Actions) != 1 || keyActions[ifExists.Actions[0]].Name != "kms:DescribeKey" || len(ifExists.On) != 0 || sids(ifExists.Overridden) != "D" {
		t.Errorf("IfExists: %+v, want DescribeKey only, on no key (%s)", ifExists, docKMSConds+"#conditions-kms-encryption-context")
	}
	if other := s.ReachOf(&p.Statements[2]); other.Blocked || len(other.Overridden) != 0 || len(other.Subjects) == 0 {
		t.Errorf("Other: %+v, want reached and not overridden", other)
	}
}

// The account ids a policy names: 12-digit runs anywhere in principals,
// resources and condition values, and the key's account.
func TestNamedAccounts(t *testing.T) {
	p := compileKey(t, `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*", "Resource": "arn:aws:kms:us-east-1:777788889999:key/k"},
	 {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalAccount": ["123456789010", "x-210987654321-y", "1234567890123", "12345678901"]}}}]}`)
	var got []string
	for a := range namedAccounts(p, "111122223333") {
		got = append(got, a)
	}
	slices.Sort(got)
	if want := "111122223333 123456789010 210987654321 444455556666 777788889999"; strings.Join(got, " ") != want {
		t.Errorf("named %q, want %s", got, want)
	}
}

func TestSummaryOfDenies(t *testing.T) {
	s := summarize(t, `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"},
	 {"Effect": "Deny", "Principal": "*", "Action": "kms:PutKeyPolicy", "Resource": "*"},
	 {"Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`, "111122223333", "")
	checkVerdicts(t, s, []verdictCase{
		{"account 111122223333 (this key's)", "kms:PutKeyPolicy", Never, "", false},
		{"account 111122223333 (this key's)", "kms:Decrypt", Depends, "aws:SecureTransport", true},
		{"account 111122223333 (this key's)", "kms:Encrypt", Always, "", true},
	})
}

func TestSummaryOfServicePrincipals(t *testing.T) {
	s := summarize(t, `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*",
	  "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}},
	 {"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "kms:Encrypt", "Resource": "*"}]}`, "111122223333", "")
	checkVerdicts(t, s, []verdictCase{
		{"service cloudtrail.amazonaws.com", "kms:GenerateDataKey", Depends, "aws:SourceAccount", false},
		{"service logs.amazonaws.com", "kms:Encrypt", Always, "", false},
		{"service logs.amazonaws.com", "kms:Decrypt", Never, "", false},
		{"anyone else", "kms:Encrypt", Never, "", false},
	})
}

func TestSummaryWithoutTheKeysAccount(t *testing.T) {
	s := summarize(t, `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": ["kms:ScheduleKeyDeletion", "kms:Decrypt"], "Resource": "*"}]}`, "", "")
	// Whether 444455556666 owns the key is not known, and with it whether
	// ScheduleKeyDeletion can work for it.
	checkVerdicts(t, s, []verdictCase{
		{"account 444455556666", "kms:ScheduleKeyDeletion", Depends, "", true},
		{"account 444455556666", "kms:Decrypt", Always, "", true},
	})
	// The same holds of a principal of that account named itself.
	role := summarize(t, `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/App"}, "Action": ["kms:ScheduleKeyDeletion", "kms:Decrypt"], "Resource": "*"}]}`, "", "")
	checkVerdicts(t, role, []verdictCase{
		{"role App in 444455556666", "kms:ScheduleKeyDeletion", Depends, "", false},
		{"role App in 444455556666", "kms:Decrypt", Always, "", false},
	})
}

func TestSummaryOfTheOrganization(t *testing.T) {
	s := summarize(t, `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`, "111122223333", "o-a1b2c3d4e5")
	checkVerdicts(t, s, []verdictCase{
		{"organization o-a1b2c3d4e5", "kms:Decrypt", Always, "", false},
		{"account 111122223333 (this key's)", "kms:Decrypt", Always, "", false},
		{"anyone else", "kms:Decrypt", Never, "", false},
	})
}

func TestCellText(t *testing.T) {
	s := summarize(t, readExample(t, "mistakes.json"), "111122223333", "")
	si := subjectIndex(t, s, "anyone else")
	c := s.Cell(si, ClassCryptographic)
	if got := c.Text(); !strings.HasPrefix(got, "always Decrypt; never the other ") {
		t.Errorf("cell %q", got)
	}
	if got := s.Cell(si, ClassAdministrative); got.Text() != "never" {
		t.Errorf("administrative: %q", got.Text())
	}
	md := s.Markdown()
	if !strings.Contains(md, "| principal | cryptographic | grants | read-only | administrative |\n| --- | --- | --- | --- | --- |\n") ||
		!strings.Contains(md, "| anyone else | always Decrypt; never the other ") {
		t.Errorf("markdown:\n%s", md)
	}
}

// The words of a cell: one verdict in a word; mixed verdicts list each
// kind that occurs, and only those.
func TestCellTexts(t *testing.T) {
	anyVia := `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
	 {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]}`
	decryptVia := `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]}`
	def := readExample(t, "default-key-policy.json")
	others := len(classActions[ClassCryptographic]) - 1
	for _, c := range []struct {
		src, account, subject string
		class                 ActionClass
		want                  string
	}{
		{def, "111122223333", "account 111122223333 (this key's)", ClassCryptographic, "always (if its IAM policies allow)"},
		{def, "111122223333", "anyone else", ClassCryptographic, "never"},
		{def, "", "account 111122223333", ClassAdministrative, "depends on which principal calls (if its IAM policies allow)"},
		{anyVia, "111122223333", "anyone else", ClassGrants, "depends on kms:ViaService"},
		{anyVia, "111122223333", "anyone else", ClassCryptographic, "always Decrypt; depends on kms:ViaService: " + names(cryptoBut(t, "kms:Decrypt"))},
		{decryptVia, "111122223333", "anyone else", ClassCryptographic, fmt.Sprintf("depends on kms:ViaService: Decrypt; never the other %d", others)},
	} {
		s := summarize(t, c.src, c.account, "")
		cell := s.Cell(subjectIndex(t, s, c.subject), c.class)
		if got := cell.Text(); got != c.want {
			t.Errorf("%s, %s: %q, want %q", c.subject, c.class, got, c.want)
		}
	}
}

// cryptoBut is the cryptographic actions but one, in the order of the class.
func cryptoBut(t *testing.T, name string) []int {
	t.Helper()
	var out []int
	for _, ai := range classActions[ClassCryptographic] {
		if keyActions[ai].Name != name {
			out = append(out, ai)
		}
	}
	if len(out) != len(classActions[ClassCryptographic])-1 {
		t.Fatalf("%s is not a cryptographic action", name)
	}
	return out
}

// The table leaves out "any other service" when it gets nothing, and no
// other subject; the legend says the key's account when it is known.
func TestSummaryTableRows(t *testing.T) {
	def := summarize(t, readExample(t, "default-key-policy.json"), "", "")
	md := def.Markdown()
	if !strings.Contains(md, "| anyone else | never | never | never | never |") || strings.Contains(md, "any other service") {
		t.Errorf("default key policy:\n%s", md)
	}
	if !strings.Contains(md, "the key's account is not known") {
		t.Errorf("legend without the account:\n%s", md)
	}
	open := summarize(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}`, "111122223333", "")
	txt := open.Text()
	if !strings.Contains(txt, "any other service\n") || !strings.Contains(txt, "the key's account is 111122223333.") {
		t.Errorf("Principal *:\n%s", txt)
	}
}

// An Allow is shadowed when Denies refuse every request it could apply
// to: a Deny refusing its whole class of requests, or one covering it as
// written (an explicit Deny wins over any Allow).
func TestShadowedAllows(t *testing.T) {
	via := `"Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`
	allowVia := `{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", ` + via + `}`
	for _, c := range []struct {
		name, stmts string
		want        string // the Sids of the shadowing Denies, "" when the Allow is not shadowed
	}{
		{"a Deny for everyone", `{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"},
		 {"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}`, "D"},
		{"a Deny with the Allow's condition", allowVia + `, {"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", ` + via + `}`, "D"},
		{"…for another key only", allowVia + `, {"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/other", ` + via + `}`, ""},
		{"a Deny for another action", allowVia + `, {"Sid": "D", "Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*"}`, ""},
	} {
		p := compileKey(t, `{"Version": "2012-10-17", "Statement": [`+c.stmts+`]}`)
		s := Summarize(p, SummaryOptions{KeyAccount: "111122223333"})
		by, ok := s.Shadowed(&p.Statements[0])
		var got []string
		for _, d := range by {
			got = append(got, d.Sid())
		}
		if ok != (c.want != "") || strings.Join(got, ",") != c.want {
			t.Errorf("%s: shadowed %v by %q, want by %q (%s)", c.name, ok, got, c.want, docEvalLogic+"#policy-eval-denyallow")
		}
		if _, ok := s.Shadowed(&p.Statements[1]); ok {
			t.Errorf("%s: a Deny is shadowed", c.name)
		}
	}
}

func TestActionClasses(t *testing.T) {
	for name, want := range map[string]ActionClass{
		"kms:Decrypt": ClassCryptographic, "kms:Sign": ClassCryptographic, "kms:CreateGrant": ClassGrants, "kms:RevokeGrant": ClassGrants,
		"kms:DescribeKey": ClassReadOnly, "kms:GetKeyPolicy": ClassReadOnly, "kms:PutKeyPolicy": ClassAdministrative,
		"kms:ScheduleKeyDeletion": ClassAdministrative, "kms:TagResource": ClassAdministrative,
	} {
		if got := ClassOf(catalog.LookupAction(name)); got != want {
			t.Errorf("%s is %s, want %s", name, got, want)
		}
	}
	n := 0
	for _, c := range ActionClasses {
		n += len(ClassActions(c))
	}
	if n != len(KeyActions()) {
		t.Errorf("the classes hold %d actions, the key policy's are %d", n, len(KeyActions()))
	}
}

func TestUnsatisfiable(t *testing.T) {
	for _, c := range []struct {
		name, cond string
		want       string // the key in conflict, "" for none
	}{
		{"two accounts for one key", `{"StringEquals": {"kms:CallerAccount": "111122223333", "kms:calleraccount": "444455556666"}}`, "kms:CallerAccount"},
		{"an empty numeric range", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "5"}, "NumericGreaterThan": {"aws:MultiFactorAuthAge": "10"}}`, "aws:MultiFactorAuthAge"},
		{"a numeric range", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "10"}, "NumericGreaterThan": {"aws:MultiFactorAuthAge": "5"}}`, ""},
		{"an open numeric range between two points", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "6"}, "NumericGreaterThan": {"aws:MultiFactorAuthAge": "5"}}`, ""},
		{"above both bounds", `{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "5", "aws:multifactorauthage": "10"}}`, ""},
		{"below both bounds", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "5", "aws:multifactorauthage": "10"}}`, ""},
		{"a range between decimals", `{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "5.2"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "5.3"}}`, ""},
		{"a number and a pattern: not decided", `{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "5"}, "StringLike": {"aws:MultiFactorAuthAge": "1*"}}`, ""},
		{"a date range a second wide, open", `{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}, "DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:01Z"}}`, ""},
		{"a date range from a fraction", `{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00.5Z"}, "DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:01Z"}}`, ""},
		{"an empty date range between fractions", `{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00.75Z"}, "DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00.5Z"}}`, "aws:CurrentTime"},
		{"absent and matching a pattern", `{"Null": {"kms:ViaService": "true"}, "StringLike": {"kms:ViaService": "s3.*"}}`, "kms:ViaService"},
		{"an empty date range", `{"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}, "DateGreaterThan": {"aws:CurrentTime": "2021-01-01"}}`, "aws:CurrentTime"},
		{"a date range a second wide", `{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}, "DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:02Z"}}`, ""},
		{"absent and tested", `{"Null": {"kms:ViaService": "true"}, "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`, "kms:ViaService"},
		{"absent and present", `{"Null": {"kms:ViaService": ["true"]}, "ForAnyValue:StringLike": {"aws:TagKeys": "x"}, "StringNotEquals": {"kms:ViaService": "s3"}}`, ""},
		{"Null true and false", `{"Null": {"kms:ViaService": "true", "KMS:ViaService": "false"}}`, "kms:ViaService"},
		{"both booleans", `{"Bool": {"aws:SecureTransport": "true", "aws:securetransport": "false"}}`, "aws:SecureTransport"},
		{"equals and not equals", `{"StringEquals": {"kms:CallerAccount": "111122223333"}, "StringNotEquals": {"kms:CallerAccount": "111122223333"}}`, "kms:CallerAccount"},
		{"equals and a like that fits", `{"StringEquals": {"kms:CallerAccount": "111122223333"}, "StringLike": {"kms:CallerAccount": "1111*"}}`, ""},
		{"equals and a like that does not", `{"StringEquals": {"kms:CallerAccount": "111122223333"}, "StringLike": {"kms:CallerAccount": "4444*"}}`, "kms:CallerAccount"},
		{"two likes: not decided", `{"StringLike": {"kms:ViaService": "a*", "KMS:ViaService": "*b"}}`, ""},
		{"IfExists lets absence through", `{"StringEqualsIfExists": {"kms:CallerAccount": "111122223333", "kms:calleraccount": "444455556666"}}`, ""},
		{"a multi-valued key is left alone", `{"ForAnyValue:StringEquals": {"aws:TagKeys": "a"}, "ForAllValues:StringEquals": {"aws:TagKeys": "b"}}`, ""},
		{"a variable is left alone", `{"StringEquals": {"kms:CallerAccount": "${aws:PrincipalAccount}"}, "StringNotEquals": {"kms:CallerAccount": "111122223333"}}`, ""},
	} {
		p := compileKey(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": `+c.cond+`}]}`)
		cs := p.Statements[0].Unsatisfiable()
		got := ""
		if len(cs) > 0 {
			got = cs[0].Key
		}
		if !strings.EqualFold(got, c.want) || len(cs) > 1 {
			t.Errorf("%s: conflicts %+v, want one on %q", c.name, cs, c.want)
		}
		// What the rule claims, concrete evaluation confirms: no request of
		// the candidates' kind makes the statement apply.
		if got != "" {
			for _, v := range []string{"111122223333", "444455556666", "s3.us-east-1.amazonaws.com", "true", "false", "7", "2020-06-01T00:00:00Z"} {
				var cx Context
				cx.Set(got, v)
				if (&evaluator{ctx: &cx}).conditions(p.Statements[0].conds) {
					t.Errorf("%s: said unsatisfiable, but %s=%s satisfies it", c.name, got, v)
				}
			}
		}
	}
}
