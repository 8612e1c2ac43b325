package eval

import (
	"fmt"
	"strings"
	"testing"
)

// bigKeyPolicy is a key policy of about size bytes as key policies grow
// in practice: the default statements, then one statement a role of
// each team, with encryption context and service conditions, a few
// denies, and statements for other accounts and services.
func bigKeyPolicy(size int) string {
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Id": "big", "Statement": [
 {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
 {"Sid": "DenyWithoutTLS", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
 {"Sid": "Admins", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"}, "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"], "Resource": "*"}`)
	for i := 0; b.Len() < size-600; i++ {
		switch i % 4 {
		case 0, 1:
			fmt.Fprintf(&b, `,
 {"Sid": "Team%d", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/team%d-app", "arn:aws:iam::111122223333:role/team%d-batch"]},
  "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], "Resource": "*",
  "Condition": {"StringEquals": {"kms:EncryptionContext:team": "team%d", "kms:ViaService": ["s3.us-east-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com"]}}}`, i, i, i, i)
		case 2:
			fmt.Fprintf(&b, `,
 {"Sid": "Partner%d", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%012d:root"}, "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*",
  "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::%012d:role/reader-*"}, "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}}`, i, 200000000000+i, 200000000000+i)
		case 3:
			fmt.Fprintf(&b, `,
 {"Sid": "DenyOld%d", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/team%d-app"}, "Action": "kms:Decrypt", "Resource": "*",
  "Condition": {"DateLessThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}, "NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}}`, i, i-3)
		}
	}
	b.WriteString(`,
 {"Sid": "Logs", "Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"}, "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"], "Resource": "*",
  "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:log-group:*"}}}]}`)
	return b.String()
}

func TestBigKeyPolicyIs32KB(t *testing.T) {
	src := bigKeyPolicy(32 << 10)
	if n := len(src); n < 31<<10 || n > 32<<10 {
		t.Fatalf("the benchmark's policy is %d bytes, want about 32 KB", n)
	}
	p := compileKey(t, src)
	if len(p.Statements) < 50 {
		t.Fatalf("only %d statements", len(p.Statements))
	}
}

// BenchmarkEvaluate32KB decides one request against a 32 KB key policy
// read once (as the language server and the rules keep it per version).
// The budget: 20 µs a request.
func BenchmarkEvaluate32KB(b *testing.B) {
	p := compileKey(b, bigKeyPolicy(32<<10))
	ps := &Policies{Key: p, KeyAccount: "111122223333"}
	req := &Request{Caller: caller(b, "arn:aws:sts::111122223333:assumed-role/team40-app/s1"), Action: "kms:Decrypt",
		Context: ctx(map[string][]string{"kms:EncryptionContext:team": {"team40"}, "kms:ViaService": {"s3.us-east-1.amazonaws.com"},
			"aws:SecureTransport": {"true"}, "aws:SourceIp": {"203.0.113.7"}})}
	req.FillPrincipalKeys()
	if r := Evaluate(ps, req); r.Decision != Allow {
		b.Fatalf("the benchmark's request is %s, want allow", r.Decision)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(ps, req)
	}
}

// BenchmarkCompile32KB reads a 32 KB key policy for evaluation (done once
// a version).
func BenchmarkCompile32KB(b *testing.B) {
	pol := build(b, bigKeyPolicy(32<<10), 1)
	b.ReportAllocs()
	for b.Loop() {
		Compile(pol, "")
	}
}

// BenchmarkSummarize32KB makes the whole access summary of a 32 KB key
// policy read once: every subject it names (about a hundred here) against
// every action a key policy can grant. The budget: 2 ms.
func BenchmarkSummarize32KB(b *testing.B) {
	p := compileKey(b, bigKeyPolicy(32<<10))
	s := Summarize(p, SummaryOptions{KeyAccount: "111122223333"})
	b.ReportMetric(float64(len(s.Subjects)), "subjects")
	b.ReportAllocs()
	for b.Loop() {
		Summarize(p, SummaryOptions{KeyAccount: "111122223333"}).Complete()
	}
}
