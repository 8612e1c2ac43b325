package arn

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in                                  string
		partition, service, region, account string
		resource, typ, id                   string
		wildcard, variable                  bool
	}{
		{in: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			partition: "aws", service: "kms", region: "us-east-1", account: "111122223333",
			resource: "key/1234abcd-12ab-34cd-56ef-1234567890ab", typ: "key", id: "1234abcd-12ab-34cd-56ef-1234567890ab"},
		{in: "arn:aws-cn:kms:cn-north-1:111122223333:alias/my/app", partition: "aws-cn", service: "kms", region: "cn-north-1",
			account: "111122223333", resource: "alias/my/app", typ: "alias", id: "my/app"},
		{in: "arn:aws:iam::111122223333:role/path/to/Admin", partition: "aws", service: "iam", account: "111122223333",
			resource: "role/path/to/Admin", typ: "role", id: "path/to/Admin"},
		{in: "arn:aws:iam::111122223333:user/alice", partition: "aws", service: "iam", account: "111122223333",
			resource: "user/alice", typ: "user", id: "alice"},
		{in: "arn:aws:sts::111122223333:assumed-role/App/s1", partition: "aws", service: "sts", account: "111122223333",
			resource: "assumed-role/App/s1", typ: "assumed-role", id: "App/s1"},
		{in: "arn:aws:sts::111122223333:federated-user/bob", partition: "aws", service: "sts", account: "111122223333",
			resource: "federated-user/bob", typ: "federated-user", id: "bob"},
		{in: "arn:aws:iam::111122223333:root", partition: "aws", service: "iam", account: "111122223333",
			resource: "root", id: "root"},
		{in: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:*", partition: "aws", service: "logs",
			region: "us-east-1", account: "111122223333", resource: "log-group:/aws/lambda/f:*", typ: "log-group",
			id: "/aws/lambda/f:*", wildcard: true},
		{in: "arn:aws:s3:::bucket", partition: "aws", service: "s3", resource: "bucket", id: "bucket"},
		{in: "arn:aws:s3:::bucket/${aws:username}/*", partition: "aws", service: "s3", resource: "bucket/${aws:username}/*",
			typ: "bucket", id: "${aws:username}/*", wildcard: true, variable: true},
		{in: "arn:aws:s3:::bucket/${aws:username}", partition: "aws", service: "s3", resource: "bucket/${aws:username}",
			typ: "bucket", id: "${aws:username}", variable: true},
		{in: "arn:aws:s3:::a/${*}", partition: "aws", service: "s3", resource: "a/${*}", typ: "a", id: "${*}", variable: true},
		{in: "arn:*:kms:*:?11122223333:*", partition: "*", service: "kms", region: "*", account: "?11122223333",
			resource: "*", id: "*", wildcard: true},
		{in: "arn:${aws:partition}:kms:${aws:RequestedRegion}:${aws:PrincipalAccount}:key/k", partition: "${aws:partition}",
			service: "kms", region: "${aws:RequestedRegion}", account: "${aws:PrincipalAccount}", resource: "key/k",
			typ: "key", id: "k", variable: true},
		// A variable's colon separates nothing, wherever the variable stands
		// in its component, and even with no key yet: an editor that closes
		// braces leaves ${aws:} while the key is being typed.
		{in: "arn:aws:kms:eu-${aws:PrincipalTag/region}:111122223333:key/k", partition: "aws", service: "kms",
			region: "eu-${aws:PrincipalTag/region}", account: "111122223333", resource: "key/k", typ: "key", id: "k", variable: true},
		{in: "arn:aws:iam::${aws:}:role/R", partition: "aws", service: "iam", account: "${aws:}", resource: "role/R",
			typ: "role", id: "R", variable: true},
		{in: "arn:aws:iam::111122223333:user/José", partition: "aws", service: "iam", account: "111122223333",
			resource: "user/José", typ: "user", id: "José"},
		{in: "arn:::::", id: ""},
	}
	for _, tt := range tests {
		a, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		got := []string{a.Partition, a.Service, a.Region, a.Account, a.Resource, a.ResourceType, a.ResourceID}
		want := []string{tt.partition, tt.service, tt.region, tt.account, tt.resource, tt.typ, tt.id}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Parse(%q) = %q, want %q", tt.in, got, want)
				break
			}
		}
		if a.String() != tt.in {
			t.Errorf("Parse(%q).String() = %q", tt.in, a.String())
		}
		if a.HasWildcard() != tt.wildcard || a.HasVariable() != tt.variable {
			t.Errorf("Parse(%q): wildcard %v variable %v, want %v %v", tt.in, a.HasWildcard(), a.HasVariable(), tt.wildcard, tt.variable)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "*", "111122223333", "ARN:aws:kms:us-east-1:111122223333:key/k", " arn:aws:s3:::b",
		"arn:aws:kms:us-east-1:111122223333", "arn:aws:kms", "arn:", "alias/app", "ａrn:aws:s3:::b"} {
		if a, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", in, a)
		} else if LooksLikeARN(in) == errors.Is(err, ErrNotARN) {
			t.Errorf("Parse(%q): error %v, but LooksLikeARN is %v", in, err, LooksLikeARN(in))
		}
	}
}

func TestFields(t *testing.T) {
	for in, n := range map[string]int{"arn:aws:kms": 3, "arn:aws:kms:r:a:key/x:y:z": 6, "": 1, "arn:aws:s3:::": 6} {
		if got, m := Fields(in); m != n {
			t.Errorf("Fields(%q) = %q, want %d fields", in, got[:m], n)
		}
	}
	// Fields cuts text as typed; Parse keeps a variable whole.
	const v = "arn:aws:iam::${aws:PrincipalAccount}:role/R"
	if f, _ := Fields(v); f[4] != "${aws" {
		t.Errorf("Fields(%q) = %q", v, f)
	}
	if a, err := Parse(v); err != nil || a.Account != "${aws:PrincipalAccount}" || a.Resource != "role/R" {
		t.Errorf("Parse(%q) = %+v, %v", v, a, err)
	}
}

func TestValidators(t *testing.T) {
	tests := []struct {
		f    func(string) bool
		name string
		yes  []string
		no   []string
	}{
		{IsAccountID, "IsAccountID", []string{"111122223333", "000000000000", "123456789012"},
			[]string{"", "11112222333", "1111222233334", "11112222333a", "１１１122223333", "1111-2222-33", "*"}},
		{IsPartition, "IsPartition", []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"},
			[]string{"", "AWS", "aws-", "aws--cn", "awscn", "aws-CN", "aws_cn", "gcp", "aws-cn-", "*", "aws-ｃn"}},
		{IsRegion, "IsRegion", []string{"us-east-1", "us-gov-west-1", "ap-southeast-5", "eu-central-2", "cn-northwest-1"},
			[]string{"", "us-east", "useast-1", "US-east-1", "us-east-1a", "u-east-1", "us--1", "us-1", "us-east-", "global", "*", "us-ëast-1"}},
		{IsRegionFolded, "IsRegionFolded", []string{"US-EAST-1", "us-east-1"}, []string{"US-EAST", "us_east-1"}},
		{CouldBePartition, "CouldBePartition", []string{"aws", "*", "aws*", "aws-?n"}, []string{"AWS*", "a_*", "gcp"}},
		{CouldBeRegion, "CouldBeRegion", []string{"us-east-1", "*", "us-*", "??-east-1"}, []string{"US-*", "us east*", ""}},
		{CouldBeAccountID, "CouldBeAccountID", []string{"111122223333", "*", "1111*", "????????????", "111122223333*", "1234567890??"},
			[]string{"???", "1111222233334*", "abc*", "11112222333", ""}},
		{IsServiceName, "IsServiceName", []string{"logs.amazonaws.com", "logs.us-east-1.amazonaws.com", "lo-gs.amazonaws.com.cn", "S3.amazonaws.com"},
			[]string{"amazonaws.com", ".amazonaws.com", "-logs.amazonaws.com", "logs-.amazonaws.com", "logs..amazonaws.com", "logs.amazonaws", "lögs.amazonaws.com", "S3.AMAZONAWS.COM"}},
		{IsServiceEndpoint, "IsServiceEndpoint", []string{"s3.us-east-1.amazonaws.com", "S3.US-EAST-1.AMAZONAWS.COM", "ec2.us-gov-west-1.amazonaws.com"},
			[]string{"s3.amazonaws.com", "s3.useast-1.amazonaws.com", "-s3.us-east-1.amazonaws.com", "ec2.eu-central-1.amazonaws.com.cn", "s3.us-east-1x.amazonaws.com"}},
	}
	for _, tt := range tests {
		for _, s := range tt.yes {
			if !tt.f(s) {
				t.Errorf("%s(%q) = false", tt.name, s)
			}
		}
		for _, s := range tt.no {
			if tt.f(s) {
				t.Errorf("%s(%q) = true", tt.name, s)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		in   string
		part Part // PartPrefix: valid
	}{
		{"arn:aws:kms:us-east-1:111122223333:key/k", PartPrefix},
		{"arn:aws:s3:::bucket/*", PartPrefix},
		{"arn:aws:iam::aws:policy/AdministratorAccess", PartPrefix},
		// Service Authorization Reference, AWS Organizations: an account is
		// arn:${Partition}:organizations::${Account}:account/o-${OrganizationId}/${AccountId}.
		{"arn:aws:organizations::111122223333:account/o-exampleorgid/444455556666", PartPrefix},
		{"arn:aws:kms:*:*:key/*", PartPrefix},
		{"arn:${aws:partition}:kms:${r}:${a}:key/k", PartPrefix},
		{"arn:aw$:kms:us-east-1:111122223333:key/k", PartPartition},
		{"arn:Aws:kms:us-east-1:111122223333:key/k", PartPartition},
		{"arn:aws:KMS:us-east-1:111122223333:key/k", PartService},
		{"arn:aws:*:us-east-1:111122223333:key/k", PartService},
		{"arn:aws::us-east-1:111122223333:key/k", PartService},
		{"arn:aws:kms:us-east:111122223333:key/k", PartRegion},
		{"arn:aws:kms:us-east-1:11112222333:key/k", PartAccount},
		{"arn:aws:kms:us-east-1:１１１122223333:key/k", PartAccount},
		{"arn:aws:kms:us-east-1:111122223333:", PartResource},
	}
	for _, tt := range tests {
		a, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		err = a.Validate()
		var e *Error
		switch {
		case tt.part == PartPrefix && err != nil:
			t.Errorf("Validate(%q) = %v, want nil", tt.in, err)
		case tt.part != PartPrefix && (!errors.As(err, &e) || e.Part != tt.part):
			t.Errorf("Validate(%q) = %v, want an error about the %s", tt.in, err, tt.part)
		}
	}
}

// The error names the component and quotes its value, or says it is empty.
func TestErrorMessage(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws::us-east-1:111122223333:key/k":    "service (empty): ",
		"arn:Aws:kms:us-east-1:111122223333:key/k": `partition "Aws": `,
	} {
		a, err := Parse(in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		if err := a.Validate(); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Validate(%q) = %v, want an error beginning %q", in, err, want)
		}
	}
}

func TestHasWildcardAndVariable(t *testing.T) {
	tests := []struct {
		in                 string
		wildcard, variable bool
	}{
		{"", false, false}, {"a*", true, false}, {"a?", true, false}, {"${*}", false, true}, {"${?}x*", true, true},
		{"${aws:username}", false, true}, {"${", false, false}, {"*", true, false}, {"?", true, false}, {"$*", true, false}, {"${a*", true, false}, {"é?", true, false},
	}
	for _, tt := range tests {
		if HasWildcard(tt.in) != tt.wildcard || HasVariable(tt.in) != tt.variable {
			t.Errorf("%q: wildcard %v variable %v, want %v %v", tt.in, HasWildcard(tt.in), HasVariable(tt.in), tt.wildcard, tt.variable)
		}
	}
}
