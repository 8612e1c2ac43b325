package eval

import (
	"strings"
	"testing"
	"time"
)

// holds evaluates a Condition element against a context.
func holds(t *testing.T, version, cond string, c Context) bool {
	t.Helper()
	v := ""
	if version != "" {
		v = `"Version": "` + version + `", `
	}
	p := compileIAM(t, `{`+v+`"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": `+cond+`}]}`)
	ev := &evaluator{ctx: &c}
	return ev.conditions(p.Statements[0].conds)
}

type condCase struct {
	name string
	doc  string // the AWS documentation rule the case encodes
	cond string
	ctx  map[string][]string
	want bool
}

func runCondCases(t *testing.T, cases []condCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.doc == "" {
				t.Fatal("every case cites the rule it encodes")
			}
			if got := holds(t, "2012-10-17", c.cond, ctx(c.ctx)); got != c.want {
				t.Errorf("%s with %v = %v, want %v (%s)", c.cond, c.ctx, got, c.want, c.doc)
			}
		})
	}
}

var none = map[string][]string{}

func one(k, v string) map[string][]string { return map[string][]string{k: {v}} }

func TestStringOperators(t *testing.T) {
	s := docOperators + "#Conditions_String"
	runCondCases(t, []condCase{
		{"equals exact", s, `{"StringEquals": {"kms:ViaService": "ec2.us-east-1.amazonaws.com"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), true},
		{"equals is case-sensitive", s, `{"StringEquals": {"kms:ViaService": "EC2.us-east-1.amazonaws.com"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), false},
		{"equals takes * literally", s, `{"StringEquals": {"kms:ViaService": "ec2.*"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), false},
		{"equals matches a literal *", s, `{"StringEquals": {"kms:ViaService": "ec2.*"}}`, one("kms:ViaService", "ec2.*"), true},
		{"like takes *", s, `{"StringLike": {"kms:ViaService": "ec2.*"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), true},
		{"like ? is one character", s, `{"StringLike": {"aws:PrincipalTag/team": "a?c"}}`, one("aws:PrincipalTag/team", "abc"), true},
		{"like ? is not two", s, `{"StringLike": {"aws:PrincipalTag/team": "a?c"}}`, one("aws:PrincipalTag/team", "abbc"), false},
		{"like ? is one rune", s, `{"StringLike": {"aws:PrincipalTag/team": "?"}}`, one("aws:PrincipalTag/team", "é"), true},
		{"like * crosses / and :", s, `{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*"}}`, one("aws:PrincipalArn", "arn:aws:iam::111122223333:role/a/b"), true},
		{"like ? alone is not two", s, `{"StringLike": {"aws:PrincipalTag/team": "?"}}`, one("aws:PrincipalTag/team", "ab"), false},
		{"like a trailing ? needs a character", s, `{"StringLike": {"aws:PrincipalTag/team": "ab?"}}`, one("aws:PrincipalTag/team", "ab"), false},
		{"like U+FFFD needs a character", s, `{"StringLike": {"aws:PrincipalTag/team": "*a\ufffd"}}`, one("aws:PrincipalTag/team", "a"), false},
		{"like ?* needs a character", s, `{"StringLike": {"aws:PrincipalTag/team": "?*"}}`, one("aws:PrincipalTag/team", ""), false},
		{"like a trailing * matches nothing too", s, `{"StringLike": {"aws:PrincipalTag/team": "dev*"}}`, one("aws:PrincipalTag/team", "dev"), true},
		{"equals takes a lone * literally", s, `{"StringEquals": {"aws:PrincipalTag/team": "*"}}`, one("aws:PrincipalTag/team", "*"), true},
		{"like is case-sensitive", s, `{"StringLike": {"kms:ViaService": "EC2.*"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), false},
		{"like with inner stars backtracks", s, `{"StringLike": {"aws:PrincipalTag/t": "*a*b*c"}}`, one("aws:PrincipalTag/t", "xxaxbxxbc"), true},
		{"like fails when the end differs", s, `{"StringLike": {"aws:PrincipalTag/t": "*a*b*c"}}`, one("aws:PrincipalTag/t", "xxaxbxxbcd"), false},
		{"ignore case", s, `{"StringEqualsIgnoreCase": {"kms:ViaService": "EC2.US-EAST-1.amazonaws.com"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), true},
		{"not equals differs", s, `{"StringNotEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), true},
		{"not equals same", s, `{"StringNotEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`, one("kms:ViaService", "s3.us-east-1.amazonaws.com"), false},
		{"not equals ignore case", s, `{"StringNotEqualsIgnoreCase": {"kms:ViaService": "S3.US-EAST-1.AMAZONAWS.COM"}}`, one("kms:ViaService", "s3.us-east-1.amazonaws.com"), false},
		{"not like", s, `{"StringNotLike": {"kms:ViaService": "s3.*"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), true},
		{"not like matching", s, `{"StringNotLike": {"kms:ViaService": "s3.*"}}`, one("kms:ViaService", "s3.us-east-1.amazonaws.com"), false},
		{"a JSON number is compared as its text", s, `{"StringEquals": {"kms:CallerAccount": 111122223333}}`, one("kms:CallerAccount", "111122223333"), true},
	})
}

func TestValuesAreORedKeysAndOperatorsANDed(t *testing.T) {
	runCondCases(t, []condCase{
		{"values of a key are ORed", docMulti, `{"StringEquals": {"aws:PrincipalAccount": ["111111111111", "222222222222"]}}`, one("aws:PrincipalAccount", "222222222222"), true},
		{"values of a negated operator are NORed", docMulti, `{"StringNotEquals": {"aws:PrincipalAccount": ["111111111111", "222222222222"]}}`, one("aws:PrincipalAccount", "222222222222"), false},
		{"NOR holds when the value is none of them", docMulti, `{"StringNotEquals": {"aws:PrincipalAccount": ["111111111111", "222222222222"]}}`, one("aws:PrincipalAccount", "333333333333"), true},
		{"keys of a block are ANDed", docMulti, `{"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.us-west-2.amazonaws.com"}}`, one("kms:CallerAccount", "111122223333"), false},
		{"keys of a block all hold", docMulti, `{"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.us-west-2.amazonaws.com"}}`,
			map[string][]string{"kms:CallerAccount": {"111122223333"}, "kms:ViaService": {"ec2.us-west-2.amazonaws.com"}}, true},
		{"operators are ANDed", docMulti, `{"StringEquals": {"kms:CallerAccount": "111122223333"}, "Bool": {"aws:SecureTransport": "true"}}`,
			map[string][]string{"kms:CallerAccount": {"111122223333"}, "aws:SecureTransport": {"false"}}, false},
		{"no condition holds", docCondition, `{}`, none, true},
		{"key names ignore case", docCondition, `{"StringEquals": {"KMS:CALLERACCOUNT": "111122223333"}}`, one("kms:CallerAccount", "111122223333"), true},
		{"the encryption context key's suffix ignores case", docKMSConds + "#conditions-kms-encryption-context-case",
			`{"StringEquals": {"kms:EncryptionContext:appname": "ExampleApp"}}`, one("kms:EncryptionContext:AppName", "ExampleApp"), true},
		{"the encryption context value keeps its case", docKMSConds + "#conditions-kms-encryption-context-case",
			`{"StringEquals": {"kms:EncryptionContext:appname": "ExampleApp"}}`, one("kms:EncryptionContext:AppName", "exampleapp"), false},
		{"an empty value list matches nothing", docAnalyzer, `{"StringEquals": {"kms:CallerAccount": []}}`, one("kms:CallerAccount", "111122223333"), false},
		{"an unknown operator is never satisfied", docOperators, `{"StringEqualz": {"kms:CallerAccount": "111122223333"}}`, one("kms:CallerAccount", "111122223333"), false},
	})
}

func TestAbsentKeysAndIfExists(t *testing.T) {
	intro := docOperators
	ie := docOperators + "#Conditions_IfExists"
	runCondCases(t, []condCase{
		{"positive operator on an absent key", intro, `{"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`, none, false},
		{"negated string operator on an absent key", intro, `{"StringNotEquals": {"kms:EncryptionContext:stage": "prod"}}`, none, true},
		{"negated like on an absent key", intro, `{"StringNotLike": {"kms:ViaService": "s3.*"}}`, none, true},
		{"NumericNotEquals on an absent key", intro, `{"NumericNotEquals": {"aws:MultiFactorAuthAge": "0"}}`, none, true},
		{"DateNotEquals on an absent key", intro, `{"DateNotEquals": {"aws:TokenIssueTime": "2020-01-01"}}`, none, true},
		{"NotIpAddress on an absent key (via a VPC endpoint)", docOperators + "#Conditions_IPAddress", `{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, none, true},
		{"IpAddress on an absent key", docOperators + "#Conditions_IPAddress", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, none, false},
		{"ArnNotLike on an absent key", intro, `{"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::b"}}`, none, true},
		{"NumericLessThanEquals on an absent key", docOperators + "#Conditions_Numeric", `{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}`, none, false},
		{"IfExists on an absent key", ie, `{"StringEqualsIfExists": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`, none, true},
		{"IfExists on a present key tests it", ie, `{"StringEqualsIfExists": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`, one("kms:ViaService", "ec2.us-east-1.amazonaws.com"), false},
		{"negated IfExists on an absent key", ie, `{"StringNotEqualsIfExists": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`, none, true},
		{"NumericIfExists on an absent key", ie, `{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}`, none, true},
		{"BoolIfExists on an absent key", ie, `{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}`, none, true},
		{"BoolIfExists on a false key", ie, `{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}`, one("aws:MultiFactorAuthPresent", "false"), false},
		{"IfExists with an empty list holds only when absent", docAnalyzer, `{"StringEqualsIfExists": {"kms:ViaService": []}}`, one("kms:ViaService", "s3.us-east-1.amazonaws.com"), false},
		{"IfExists with an empty list, absent", docAnalyzer, `{"StringEqualsIfExists": {"kms:ViaService": []}}`, none, true},
	})
}

func TestNullOperator(t *testing.T) {
	n := docOperators + "#Conditions_Null"
	runCondCases(t, []condCase{
		{"true holds when absent", n, `{"Null": {"kms:EncryptionContextKeys": "true"}}`, none, true},
		{"true fails when present", n, `{"Null": {"kms:EncryptionContextKeys": "true"}}`, one("kms:EncryptionContextKeys", "a"), false},
		{"false holds when present", n, `{"Null": {"kms:EncryptionContextKeys": "false"}}`, one("kms:EncryptionContextKeys", "a"), true},
		{"false fails when absent", n, `{"Null": {"kms:EncryptionContextKeys": "false"}}`, none, false},
		{"a JSON boolean is read as the word", docKMSConds, `{"Null": {"kms:GrantOperations": false}}`, one("kms:GrantOperations", "Decrypt"), true},
		{"ForAllValues:Null always holds", docAnalyzer, `{"ForAllValues:Null": {"kms:EncryptionContextKeys": "false"}}`, none, true},
		{"ForAnyValue:Null never holds", docAnalyzer, `{"ForAnyValue:Null": {"kms:EncryptionContextKeys": "true"}}`, none, false},
		{"NullIfExists is not an operator", docAnalyzer, `{"NullIfExists": {"kms:EncryptionContextKeys": "true"}}`, none, false},
	})
}

func TestNumericOperators(t *testing.T) {
	n := docOperators + "#Conditions_Numeric"
	runCondCases(t, []condCase{
		{"equals", n, `{"NumericEquals": {"kms:RotationPeriodInDays": "365"}}`, one("kms:RotationPeriodInDays", "365"), true},
		{"equals a decimal", n, `{"NumericEquals": {"kms:RotationPeriodInDays": "365.0"}}`, one("kms:RotationPeriodInDays", "365"), true},
		{"not equals", n, `{"NumericNotEquals": {"kms:RotationPeriodInDays": "365"}}`, one("kms:RotationPeriodInDays", "90"), true},
		{"less than", n, `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, one("aws:MultiFactorAuthAge", "3599"), true},
		{"less than, equal", n, `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, one("aws:MultiFactorAuthAge", "3600"), false},
		{"less than equals, equal", n, `{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}`, one("aws:MultiFactorAuthAge", "3600"), true},
		{"less than equals, above", n, `{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}`, one("aws:MultiFactorAuthAge", "4000"), false},
		{"greater than", n, `{"NumericGreaterThan": {"kms:ScheduleKeyDeletionPendingWindowInDays": "7"}}`, one("kms:ScheduleKeyDeletionPendingWindowInDays", "8"), true},
		{"greater than equals", n, `{"NumericGreaterThanEquals": {"kms:ScheduleKeyDeletionPendingWindowInDays": "7"}}`, one("kms:ScheduleKeyDeletionPendingWindowInDays", "7"), true},
		{"greater than, equal", n, `{"NumericGreaterThan": {"kms:ScheduleKeyDeletionPendingWindowInDays": "7"}}`, one("kms:ScheduleKeyDeletionPendingWindowInDays", "7"), false},
		{"greater than equals, below", n, `{"NumericGreaterThanEquals": {"kms:ScheduleKeyDeletionPendingWindowInDays": "7"}}`, one("kms:ScheduleKeyDeletionPendingWindowInDays", "6"), false},
		{"a JSON number", n, `{"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}`, one("aws:MultiFactorAuthAge", "10"), true},
		{"a value that is no number matches nothing", n, `{"NumericEquals": {"aws:MultiFactorAuthAge": "ten"}}`, one("aws:MultiFactorAuthAge", "10"), false},
		{"variables are not substituted", docVariables + "#policy-vars-wheretouse", `{"NumericEquals": {"aws:MultiFactorAuthAge": "${aws:MultiFactorAuthAge}"}}`, one("aws:MultiFactorAuthAge", "10"), false},
		{"epoch time with a numeric operator", docOperators + "#Conditions_Date", `{"NumericLessThan": {"aws:EpochTime": "1893456000"}}`, one("aws:EpochTime", "1700000000"), true},
	})
}

func TestDateOperators(t *testing.T) {
	d := docOperators + "#Conditions_Date"
	runCondCases(t, []condCase{
		{"ISO 8601 less than", d, `{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, one("aws:CurrentTime", "2029-12-31T23:59:59Z"), true},
		{"epoch equals ISO 8601", d, `{"DateEquals": {"aws:CurrentTime": "1893456000"}}`, one("aws:CurrentTime", "2030-01-01T00:00:00Z"), true},
		{"ISO 8601 equals an epoch request value", d, `{"DateEquals": {"aws:EpochTime": "2030-01-01T00:00:00Z"}}`, one("aws:EpochTime", "1893456000"), true},
		{"offsets are times of their own", d, `{"DateEquals": {"aws:CurrentTime": "2030-01-01T01:00:00+01:00"}}`, one("aws:CurrentTime", "2030-01-01T00:00:00Z"), true},
		{"a date alone is its midnight UTC", d, `{"DateGreaterThanEquals": {"aws:CurrentTime": "2030-01-01"}}`, one("aws:CurrentTime", "2030-01-01T00:00:00Z"), true},
		{"fractions of a second", d, `{"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, one("aws:CurrentTime", "2030-01-01T00:00:00.5Z"), true},
		{"minutes only", d, `{"DateLessThan": {"aws:CurrentTime": "2030-01-01T10:30Z"}}`, one("aws:CurrentTime", "2030-01-01T10:29:59Z"), true},
		{"not equals", d, `{"DateNotEquals": {"aws:CurrentTime": "2030-01-01"}}`, one("aws:CurrentTime", "2030-01-02"), true},
		{"greater than, earlier", d, `{"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}`, one("aws:TokenIssueTime", "2019-06-01T00:00:00Z"), false},
		{"greater than, same", d, `{"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, one("aws:CurrentTime", "1893456000"), false},
		{"less than equals, same", d, `{"DateLessThanEquals": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, one("aws:CurrentTime", "1893456000"), true},
		{"a value that is no date matches nothing", d, `{"DateEquals": {"aws:CurrentTime": "tomorrow"}}`, one("aws:CurrentTime", "2030-01-01"), false},
	})
}

func TestBoolAndBinaryOperators(t *testing.T) {
	b := docOperators + "#Conditions_Boolean"
	runCondCases(t, []condCase{
		{"bool true", b, `{"Bool": {"aws:SecureTransport": "true"}}`, one("aws:SecureTransport", "true"), true},
		{"bool false on a TLS request", b, `{"Bool": {"aws:SecureTransport": "false"}}`, one("aws:SecureTransport", "true"), false},
		{"a JSON boolean", docKMSConds, `{"Bool": {"kms:GrantIsForAWSResource": true}}`, one("kms:GrantIsForAWSResource", "true"), true},
		{"bool with a variable", b, `{"Bool": {"aws:SecureTransport": "${aws:MultiFactorAuthPresent}"}}`,
			map[string][]string{"aws:SecureTransport": {"true"}, "aws:MultiFactorAuthPresent": {"true"}}, true},
		{"bool against a value that is no boolean", b, `{"Bool": {"aws:SecureTransport": "yes"}}`, one("aws:SecureTransport", "true"), false},
		{"binary equals", docOperators + "#Conditions_BinaryEquals", `{"BinaryEquals": {"aws:PrincipalTag/k": "YWJj"}}`, one("aws:PrincipalTag/k", "YWJj"), true},
		{"binary differs", docOperators + "#Conditions_BinaryEquals", `{"BinaryEquals": {"aws:PrincipalTag/k": "YWJj"}}`, one("aws:PrincipalTag/k", "YWJk"), false},
		{"binary value that is no base64", docOperators + "#Conditions_BinaryEquals", `{"BinaryEquals": {"aws:PrincipalTag/k": "!!"}}`, one("aws:PrincipalTag/k", "!!"), false},
	})
}

func TestIPAddressOperators(t *testing.T) {
	ip := docOperators + "#Conditions_IPAddress"
	runCondCases(t, []condCase{
		{"IPv4 in the block", ip, `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, one("aws:SourceIp", "203.0.113.9"), true},
		{"IPv4 outside the block", ip, `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, one("aws:SourceIp", "203.0.114.9"), false},
		{"a bare IPv4 address is /32", ip, `{"IpAddress": {"aws:SourceIp": "203.0.113.9"}}`, one("aws:SourceIp", "203.0.113.9"), true},
		{"a bare IPv4 address is not /24", ip, `{"IpAddress": {"aws:SourceIp": "203.0.113.9"}}`, one("aws:SourceIp", "203.0.113.10"), false},
		{"IPv6 in the block", ip, `{"IpAddress": {"aws:SourceIp": "2001:db8:1234::/48"}}`, one("aws:SourceIp", "2001:db8:1234:ffff::1"), true},
		{"IPv6 outside the block", ip, `{"IpAddress": {"aws:SourceIp": "2001:db8:1234::/48"}}`, one("aws:SourceIp", "2001:db8:1235::1"), false},
		{"a bare IPv6 address is /128", ip, `{"IpAddress": {"aws:SourceIp": "2001:db8::1"}}`, one("aws:SourceIp", "2001:db8::2"), false},
		{"IPv4 against an IPv6 block", ip, `{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}`, one("aws:SourceIp", "203.0.113.9"), false},
		{"an IPv4-mapped IPv6 block is its IPv4 block", ip, `{"IpAddress": {"aws:SourceIp": "::ffff:203.0.113.0/120"}}`, one("aws:SourceIp", "203.0.113.9"), true},
		{"…and no wider", ip, `{"IpAddress": {"aws:SourceIp": "::ffff:203.0.113.0/120"}}`, one("aws:SourceIp", "203.0.114.9"), false},
		{"a block with host bits set", ip, `{"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}`, one("aws:SourceIp", "203.0.113.200"), true},
		{"not in any block", ip, `{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}`, one("aws:SourceIp", "198.51.100.1"), true},
		{"not, but in one", ip, `{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}`, one("aws:SourceIp", "2001:db8::5"), false},
		{"variables are not substituted", docVariables + "#policy-vars-wheretouse", `{"IpAddress": {"aws:SourceIp": "${aws:VpcSourceIp}"}}`,
			map[string][]string{"aws:SourceIp": {"203.0.113.9"}, "aws:VpcSourceIp": {"203.0.113.9"}}, false},
	})
}

func TestARNOperators(t *testing.T) {
	a := docOperators + "#Conditions_ARN"
	long := "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/d"
	runCondCases(t, []condCase{
		{"ArnLike per component", a, `{"ArnLike": {"aws:SourceArn": "arn:aws:svc:*:111122223333:finance/*"}}`, one("aws:SourceArn", "arn:aws:svc:us-east-2:111122223333:finance/d"), true},
		{"a * stays in its component", a, `{"ArnLike": {"aws:SourceArn": "arn:aws:svc:*:111122223333:finance/*"}}`, one("aws:SourceArn", long), false},
		{"StringLike runs across components", a, `{"StringLike": {"aws:SourceArn": "arn:aws:svc:*:111122223333:finance/*"}}`, one("aws:SourceArn", long), true},
		{"ArnEquals takes wildcards too", a, `{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}`, one("aws:PrincipalArn", "arn:aws:iam::111122223333:role/App"), true},
		{"the resource component keeps its colons", a, `{"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-west-2:111122223333:log-group:*"}}`,
			one("kms:EncryptionContext:aws:logs:arn", "arn:aws:logs:us-west-2:111122223333:log-group:my-group:extra"), true},
		{"case-sensitive", a, `{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app"}}`, one("aws:PrincipalArn", "arn:aws:iam::111122223333:role/App"), false},
		{"not like", a, `{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin*"}}`, one("aws:PrincipalArn", "arn:aws:iam::111122223333:role/App"), true},
		{"not equals, matching", a, `{"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}`, one("aws:PrincipalArn", "arn:aws:iam::111122223333:role/App"), false},
		{"a request value that is no ARN", a, `{"ArnLike": {"aws:SourceArn": "arn:*:*:*:*:*"}}`, one("aws:SourceArn", "not-an-arn"), false},
		{"a pattern with fewer components matches nothing", a, `{"ArnLike": {"aws:SourceArn": "arn:aws:s3"}}`, one("aws:SourceArn", "arn:aws:s3:::b"), false},
		{"a ? is one character of its component", a, `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::11112222333?:root"}}`, one("aws:PrincipalArn", "arn:aws:iam::111122223333:root"), true},
	})
}

func TestSetQualifiers(t *testing.T) {
	runCondCases(t, []condCase{
		{"ForAnyValue: one value matches", docSets, `{"ForAnyValue:StringEquals": {"kms:GrantOperations": ["Decrypt", "Encrypt"]}}`,
			map[string][]string{"kms:GrantOperations": {"Sign", "Decrypt"}}, true},
		{"ForAnyValue: none matches", docSets, `{"ForAnyValue:StringEquals": {"kms:GrantOperations": ["Decrypt", "Encrypt"]}}`,
			map[string][]string{"kms:GrantOperations": {"Sign", "Verify"}}, false},
		{"ForAnyValue: absent key", docSets, `{"ForAnyValue:StringEquals": {"kms:GrantOperations": "Decrypt"}}`, none, false},
		{"ForAllValues: every value matches", docSets, `{"ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt", "Encrypt"]}}`,
			map[string][]string{"kms:GrantOperations": {"Encrypt", "Decrypt"}}, true},
		{"ForAllValues: one value does not", docSets, `{"ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt", "Encrypt"]}}`,
			map[string][]string{"kms:GrantOperations": {"Encrypt", "Sign"}}, false},
		{"ForAllValues: absent key holds", docKMSConds + "#conditions-kms-encryption-context-keys", `{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["AppName"]}}`, none, true},
		{"ForAllValues with an empty list holds only when absent", docAnalyzer, `{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": []}}`, one("kms:EncryptionContextKeys", "a"), false},
		{"ForAnyValue with an empty list never holds", docAnalyzer, `{"ForAnyValue:StringLike": {"aws:TagKeys": []}}`, one("aws:TagKeys", "a"), false},
		{"ForAllValues:StringNotLike: no value matches a pattern", docSets, `{"ForAllValues:StringNotLike": {"aws:TagKeys": ["secret*"]}}`,
			map[string][]string{"aws:TagKeys": {"team", "cost"}}, true},
		{"ForAllValues:StringNotLike: one value matches", docSets, `{"ForAllValues:StringNotLike": {"aws:TagKeys": ["secret*"]}}`,
			map[string][]string{"aws:TagKeys": {"team", "secret-x"}}, false},
		{"ForAllValues:StringNotLike: absent", docSets, `{"ForAllValues:StringNotLike": {"aws:TagKeys": ["secret*"]}}`, none, true},
		{"ForAnyValue:StringNotEquals: one value differs", docSets, `{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["team"]}}`,
			map[string][]string{"aws:TagKeys": {"team", "cost"}}, true},
		{"ForAnyValue:StringNotEquals: all equal", docSets, `{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["team"]}}`,
			map[string][]string{"aws:TagKeys": {"team"}}, false},
		{"ForAnyValue:StringNotEquals: absent", docSets, `{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["team"]}}`, none, false},
		{"a single-valued key is a one-element set", docKMSConds, `{"ForAllValues:StringEquals": {"kms:EncryptionContext:Department": "finance"}}`,
			one("kms:EncryptionContext:Department", "sales"), false},
		{"…and an absent one an empty set", docKMSConds, `{"ForAllValues:StringEquals": {"kms:EncryptionContext:Department": "finance"}}`, none, true},
		{"ForAnyValueIfExists on an absent key", docOperators + "#Conditions_IfExists", `{"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "team"}}`, none, true},
		{"ForAllValues:StringLike", docSets, `{"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*"}}`,
			map[string][]string{"aws:PrincipalOrgPaths": {"o-a1b2c3d4e5/r-ab12/ou-1/", "o-a1b2c3d4e5/r-ab12/ou-2/"}}, true},
	})
}

func TestPolicyVariables(t *testing.T) {
	v := docVariables
	runCondCases(t, []condCase{
		{"substituted from the context", v, `{"StringEquals": {"kms:EncryptionContext:user": "${aws:username}"}}`,
			map[string][]string{"aws:username": {"bob"}, "kms:EncryptionContext:user": {"bob"}}, true},
		{"the variable's name ignores case", v, `{"StringEquals": {"kms:EncryptionContext:user": "${AWS:UserName}"}}`,
			map[string][]string{"aws:username": {"bob"}, "kms:EncryptionContext:user": {"bob"}}, true},
		{"in a longer value", v, `{"StringLike": {"aws:SourceArn": "arn:aws:s3:::home/${aws:username}/*"}}`,
			map[string][]string{"aws:username": {"bob"}, "aws:SourceArn": {"arn:aws:s3:::home/bob/x"}}, true},
		{"an absent variable: a positive operator does not match", v + "#policy-vars-no-value", `{"StringEquals": {"kms:EncryptionContext:user": "${aws:username}"}}`,
			one("kms:EncryptionContext:user", "bob"), false},
		{"an absent variable: a negated operator matches", v + "#policy-vars-no-value", `{"StringNotEquals": {"kms:EncryptionContext:user": "${aws:PrincipalTag/Team}"}}`,
			one("kms:EncryptionContext:user", "bob"), true},
		{"an absent variable's default", v + "#policy-vars-default-values", `{"StringEquals": {"aws:PrincipalTag/team": "${aws:PrincipalTag/dept, 'company-wide'}"}}`,
			one("aws:PrincipalTag/team", "company-wide"), true},
		{"an empty default", v + "#policy-vars-default-values", `{"StringEquals": {"aws:PrincipalTag/team": "team-${aws:PrincipalTag/dept, ''}"}}`,
			one("aws:PrincipalTag/team", "team-"), true},
		{"a present variable wins over its default", v + "#policy-vars-default-values", `{"StringEquals": {"aws:PrincipalTag/team": "${aws:PrincipalTag/dept, 'company-wide'}"}}`,
			map[string][]string{"aws:PrincipalTag/team": {"company-wide"}, "aws:PrincipalTag/dept": {"sales"}}, false},
		{"${*} is a literal star", v + "#policy-vars-specialchars", `{"StringLike": {"aws:PrincipalTag/t": "a${*}"}}`, one("aws:PrincipalTag/t", "ab"), false},
		{"${*} matches a star", v + "#policy-vars-specialchars", `{"StringLike": {"aws:PrincipalTag/t": "a${*}"}}`, one("aws:PrincipalTag/t", "a*"), true},
		{"${?} is a literal question mark", v + "#policy-vars-specialchars", `{"StringLike": {"aws:PrincipalTag/t": "a${?}"}}`, one("aws:PrincipalTag/t", "ab"), false},
		{"${$} is a literal dollar", v + "#policy-vars-specialchars", `{"StringEquals": {"aws:PrincipalTag/t": "${$}{x}"}}`, one("aws:PrincipalTag/t", "${x}"), true},
		{"a substituted value is literal text", v, `{"StringLike": {"aws:PrincipalTag/t": "${aws:username}"}}`,
			map[string][]string{"aws:username": {"a*"}, "aws:PrincipalTag/t": {"abc"}}, false},
		{"a multi-valued key is no variable", v, `{"StringEquals": {"aws:PrincipalTag/t": "${aws:TagKeys}"}}`,
			map[string][]string{"aws:TagKeys": {"a", "b"}, "aws:PrincipalTag/t": {"a"}}, false},
		{"in an ARN operator", v, `{"ArnLike": {"aws:SourceArn": "arn:aws:s3:::${aws:PrincipalTag/bucket}"}}`,
			map[string][]string{"aws:PrincipalTag/bucket": {"b"}, "aws:SourceArn": {"arn:aws:s3:::b"}}, true},
		{"a variable holding a colon in an ARN operator", v, `{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:root"}}`,
			map[string][]string{"aws:PrincipalAccount": {"111122223333"}, "aws:PrincipalArn": {"arn:aws:iam::111122223333:root"}}, true},
	})
}

func TestVariablesNeedVersion2012(t *testing.T) {
	c := ctx(map[string][]string{"aws:username": {"bob"}, "kms:EncryptionContext:user": {"bob"}})
	cond := `{"StringEquals": {"kms:EncryptionContext:user": "${aws:username}"}}`
	if holds(t, "2008-10-17", cond, c) {
		t.Errorf("with Version 2008-10-17 a variable is literal text (%s)", docVariables)
	}
	if holds(t, "", cond, c) {
		t.Errorf("with no Version a variable is literal text (%s)", docVersion)
	}
	lit := ctx(map[string][]string{"kms:EncryptionContext:user": {"${aws:username}"}})
	if !holds(t, "2008-10-17", cond, lit) {
		t.Errorf("with Version 2008-10-17 the value matches itself literally (%s)", docVariables)
	}
}

func TestMissingKeysAreNoted(t *testing.T) {
	p := compileIAM(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
		"Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": "111122223333"},
		"StringLike": {"aws:SourceArn": "arn:aws:s3:::${aws:PrincipalTag/b}"}}}]}`)
	var missing []string
	c := ctx(one("kms:CallerAccount", "111122223333"))
	ev := &evaluator{ctx: &c, missing: &missing}
	if ev.conditions(p.Statements[0].conds) {
		t.Fatal("the conditions hold without kms:ViaService")
	}
	want := []string{"kms:ViaService", "aws:SourceArn", "aws:PrincipalTag/b"}
	if len(missing) != len(want) {
		t.Fatalf("missing = %v, want %v", missing, want)
	}
	for i := range want {
		if missing[i] != want[i] {
			t.Errorf("missing = %v, want %v", missing, want)
		}
	}
}

func TestParseDateFormats(t *testing.T) {
	for _, s := range []string{"2030-01-01", "2030-01", "2030-01-01T10:30Z", "2030-01-01T10:30:15Z", "2030-01-01T10:30:15.123Z", "2030-01-01T10:30:15+02:00", "2030-01-01T10:30:15", "1893456000"} {
		if _, ok := ParseDate(s); !ok {
			t.Errorf("ParseDate(%q) failed (%s)", s, docOperators+"#Conditions_Date")
		}
	}
	for _, s := range []string{"", "2030/01/01", "tomorrow", "1e9"} {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) succeeded", s)
		}
	}
}

func TestParseDateValues(t *testing.T) {
	d := docOperators + "#Conditions_Date"
	for _, c := range []struct{ in, want string }{
		{"0", "1970-01-01T00:00:00Z"},
		{"-86400", "1969-12-31T00:00:00Z"}, // epoch seconds may be negative
		{"2030-01-01T10:30:15+02:00", "2030-01-01T08:30:15Z"},
		{"2030-01", "2030-01-01T00:00:00Z"},
	} {
		got, ok := ParseDate(c.in)
		if !ok || got.Format(time.RFC3339) != c.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s (%s)", c.in, got, ok, c.want, d)
		}
	}
}

func TestSplitARNSkipsColonsInVariables(t *testing.T) {
	// A variable's name has a colon (aws:username); it does not end a
	// component, wherever the variable stands in it.
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"arn:aws:iam::${aws:PrincipalAccount}:root", []string{"arn", "aws", "iam", "", "${aws:PrincipalAccount}", "root"}},
		{"arn:aws:iam::acct-${aws:PrincipalAccount}:root", []string{"arn", "aws", "iam", "", "acct-${aws:PrincipalAccount}", "root"}},
		{"arn:aws:iam::a-long-prefix-${aws:userid}:root", []string{"arn", "aws", "iam", "", "a-long-prefix-${aws:userid}", "root"}},
		{"arn:aws:logs:eu-${aws:PrincipalTag/region}-1:111122223333:log-group:g", []string{"arn", "aws", "logs", "eu-${aws:PrincipalTag/region}-1", "111122223333", "log-group:g"}},
		{"arn:aws:s3:::b/${aws:username}", []string{"arn", "aws", "s3", "", "", "b/${aws:username}"}},
	} {
		f, n := splitARN(c.in)
		if got := f[:n]; strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("splitARN(%q) = %q, want %q (%s)", c.in, got, c.want, docVariables)
		}
	}
}

func TestMissingKeysOfOneBlockAreAllNoted(t *testing.T) {
	// Two absent keys under one operator: noting does not stop at the
	// first that fails.
	p := compileIAM(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
		"Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": "111122223333"}}}]}`)
	var missing []string
	c := ctx(none)
	ev := &evaluator{ctx: &c, missing: &missing}
	if ev.conditions(p.Statements[0].conds) {
		t.Fatal("the conditions hold with no context")
	}
	if got := strings.Join(missing, " "); got != "kms:ViaService kms:CallerAccount" {
		t.Errorf("missing = %q, want both keys in the order written", got)
	}
}

func TestDuplicateMembersKeepTheFirst(t *testing.T) {
	// Two members of one name: a JSON parser keeps one, and like the
	// policy model the engine keeps the first (duplicate-key reports it).
	dup := `{"StringEquals": {"kms:CallerAccount": "111122223333", "kms:CallerAccount": "444455556666"}}`
	if !holds(t, "2012-10-17", dup, ctx(one("kms:CallerAccount", "111122223333"))) || holds(t, "2012-10-17", dup, ctx(one("kms:CallerAccount", "444455556666"))) {
		t.Error("the first of two members of one name is not the one kept")
	}
	// Names that differ in case are two members for JSON and one key for
	// IAM (key names ignore case): both must hold.
	cased := `{"StringEquals": {"kms:CallerAccount": "111122223333", "kms:calleraccount": "444455556666"}}`
	if holds(t, "2012-10-17", cased, ctx(one("kms:CallerAccount", "111122223333"))) {
		t.Errorf("keys that differ in case are ANDed (%s)", docCondition)
	}
}
