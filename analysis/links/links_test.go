package links

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func TestLinks(t *testing.T) {
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["kms:Decrypt", "s3:GetObject", "s3:Get*", "s3:NoSuchAction", "nosuch:Action", "*"],
  "Resource": ["arn:aws:s3:::bucket/*", "arn:aws:dynamodb:us-east-1:111122223333:banana/x", "*", "arn:aws:s3",
    "arn:aws:backup:us-east-1:111122223333:backup-plan:plan-1"],
  "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "aws:ResourceTag/team": "a",
    "s3:prefix": "x", "nosuch:key": "y", "aws:NoSuchKey": "z"}}}]}`
	f := jsonast.Parse([]byte(src))
	got := map[string]string{}
	for _, l := range Links(policy.Build(f, policy.KindIAM)) {
		got[src[l.Start:l.End]] = l.URL
	}
	const ref = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
	want := map[string]string{
		"kms:Decrypt":           ref + "list_awskeymanagementservice.html#awskeymanagementservice-Decrypt",
		"s3:GetObject":          ref + "list_amazons3.html#amazons3-GetObject",
		"s3:Get*":               ref + "list_amazons3.html#amazons3-actions-as-permissions",
		"arn:aws:s3:::bucket/*": ref + "list_amazons3.html#amazons3-object",
		"arn:aws:dynamodb:us-east-1:111122223333:banana/x": ref + "list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies",
		// Cut short after the service, an ARN being typed: its service's table.
		"arn:aws:s3": ref + "list_amazons3.html#amazons3-resources-for-iam-policies",
		// Also a recovery point, whose format is all placeholders; the plan's
		// spells more of itself out.
		"arn:aws:backup:us-east-1:111122223333:backup-plan:plan-1": ref + "list_awsbackup.html#awsbackup-backupPlan",
		"kms:ViaService":       ref + "list_awskeymanagementservice.html#awskeymanagementservice-kms_ViaService",
		"aws:ResourceTag/team": globalKeysPage + "#condition-keys-resourcetag",
		"s3:prefix":            ref + "list_amazons3.html#amazons3-s3_prefix",
	}
	for text, url := range want {
		if got[text] != url {
			t.Errorf("link on %s = %q, want %q", text, got[text], url)
		}
	}
	for text := range got {
		if _, ok := want[text]; !ok {
			t.Errorf("unexpected link on %s: %s", text, got[text])
		}
	}
	if strings.Contains(src, `"s3:GetObject"`) && got[`"s3:GetObject"`] != "" {
		t.Error("a link covers the quotes")
	}
}

// A link covers a string's text whatever its quotes: a string still being
// typed has no closing quote, and its link runs to its last character.
func TestLinkSpans(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`{"Sid": "Prüfung", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt"]}]}`, "kms:Decrypt"},
		{"{\"Sid\": \"Prüfung\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\n]}]}", "kms:Decrypt"},
		{`{"Sid": "Prüfung", "Statement": [{"Effect": "Allow", "Action": ['kms:Decrypt']}]}`, "kms:Decrypt"},
		{`{"Sid": "Prüfung", "Statement": [{"Effect": "Allow", "Resource": "arn:aws:s3:::bücket/*`, "arn:aws:s3:::bücket/*"},
		{`{"Statement": [{"Effect": "Allow", "Condition": {"Bool": {"aws:SecureTransport`, "aws:SecureTransport"},
	} {
		ls := Links(policy.Build(jsonast.Parse([]byte(tc.src)), policy.KindIAM))
		if len(ls) != 1 {
			t.Errorf("%s: %d links, want 1", tc.src, len(ls))
			continue
		}
		if got := tc.src[ls[0].Start:ls[0].End]; got != tc.want {
			t.Errorf("%s: link on %q, want %q", tc.src, got, tc.want)
		}
	}
}
