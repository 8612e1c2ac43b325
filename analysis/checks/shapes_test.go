package checks

import (
	"regexp"
	"testing"
)

// The regular expressions the matchers in shapes.go replace; kept as oracles.
var (
	awsPrincipalOracle     = regexp.MustCompile(`^arn:aws(?:-[a-z0-9]+)*:(?:iam::\d{12}:(?:root|(?:user|role|assumed-role|federated-user)/.+)|sts::\d{12}:(?:assumed-role/[^/]+/.+|federated-user/.+))$`)
	servicePrincipalOracle = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.amazonaws\.com(?:\.cn)?$`)
	viaServiceOracle       = regexp.MustCompile(`(?i)^[a-z0-9][a-z0-9-]*\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com$`)
	regionOracle           = regexp.MustCompile(`^[a-z]{2}(?:-[a-z]+)+-\d+$`)
)

var shapeSamples = []string{
	"arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/path/to/Admin",
	"arn:aws:iam::111122223333:user/alice", "arn:aws-cn:iam::111122223333:root", "arn:aws-us-gov:iam::111122223333:assumed-role/R/s",
	"arn:aws:sts::111122223333:assumed-role/R/session", "arn:aws:sts::111122223333:assumed-role/R", "arn:aws:sts::111122223333:assumed-role//s",
	"arn:aws:sts::111122223333:federated-user/bob", "arn:aws:sts::111122223333:federated-user/", "arn:aws:iam::11112222333:root",
	"arn:aws:iam:us-east-1:111122223333:root", "arn:aws:iam::111122223333:group/G", "arn:aws:iam::111122223333:role/",
	"arn:aws:iam::111122223333:role/a\nb", "arn:AWS:iam::111122223333:root", "arn:aws-:iam::111122223333:root", "arn:aws:iam::111122223333:rootx",
	"arn:aws:iam::１１１122223333:root", "logs.amazonaws.com", "logs.us-east-1.amazonaws.com", "amazonaws.com", ".amazonaws.com",
	"-logs.amazonaws.com", "lo-gs.amazonaws.com.cn", "logs..amazonaws.com", "logs-.amazonaws.com", "s3.us-east-1.amazonaws.com",
	"S3.US-EAST-1.AMAZONAWS.COM", "s3.us-gov-west-1.amazonaws.com", "s3.useast-1.amazonaws.com", "s3.us-east.amazonaws.com",
	"-s3.us-east-1.amazonaws.com", "s3.u-east-1.amazonaws.com", "s3.us-east-1x.amazonaws.com", "ec2.eu-central-1.amazonaws.com.cn",
	"us-east-1", "us-gov-west-1", "useast-1", "us-east-", "US-east-1", "",
}

func checkShapes(t *testing.T, v string) {
	t.Helper()
	if got, want := isAWSPrincipalARN(v), awsPrincipalOracle.MatchString(v); got != want {
		t.Errorf("isAWSPrincipalARN(%q) = %v, regexp says %v", v, got, want)
	}
	if got, want := isServicePrincipal(v), servicePrincipalOracle.MatchString(v); got != want {
		t.Errorf("isServicePrincipal(%q) = %v, regexp says %v", v, got, want)
	}
	if got, want := isViaServiceName(v), viaServiceOracle.MatchString(v); got != want {
		t.Errorf("isViaServiceName(%q) = %v, regexp says %v", v, got, want)
	}
	if got, want := isRegionName(v, false), regionOracle.MatchString(v); got != want {
		t.Errorf("isRegionName(%q) = %v, regexp says %v", v, got, want)
	}
}

func TestShapesAgreeWithTheirRegexps(t *testing.T) {
	for _, v := range shapeSamples {
		checkShapes(t, v)
	}
}

func FuzzShapes(f *testing.F) {
	for _, v := range shapeSamples {
		f.Add(v)
	}
	f.Fuzz(checkShapes)
}
