package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/arn"

// The value shapes the rules check most often, as package arn decides them.
// They run for every principal and kms:ViaService value on every keystroke,
// where regexp's backtracker cost a fifth of a Run; shapes_test.go keeps the
// equivalent regular expressions as oracles and fuzzes both against each other.

// isAWSPrincipalARN reports whether v is an IAM root, user, role,
// assumed-role or federated-user ARN, or an STS assumed-role or
// federated-user ARN, with a 12-digit account.
func isAWSPrincipalARN(v string) bool {
	p := arn.ParsePrincipal(v)
	return p.IsARN && p.Kind.IsAWS()
}

// isServicePrincipal reports whether v is a DNS name ending in
// .amazonaws.com (or .amazonaws.com.cn) with at least one label before it.
func isServicePrincipal(v string) bool { return arn.IsServiceName(v) }

// isViaServiceName reports whether v has the shape SERVICE.REGION.amazonaws.com
// that kms:ViaService values take (ASCII case ignored, as AWS does).
func isViaServiceName(v string) bool { return arn.IsServiceEndpoint(v) }

// isRegionName reports whether s looks like an AWS Region ("us-east-1",
// "us-gov-west-1").
func isRegionName(s string, ignoreCase bool) bool {
	if ignoreCase {
		return arn.IsRegionFolded(s)
	}
	return arn.IsRegion(s)
}
