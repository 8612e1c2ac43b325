package facts

import "github.com/kms-policy-ls/kms-policy-ls/analysis/arn"

// accountRoot reads the account of an account principal: a bare account id
// or arn:PARTITION:iam::ACCOUNT:root.
func accountRoot(v string) (string, bool) {
	if p := arn.ParsePrincipal(v); p.Kind == arn.AccountRoot {
		return p.Account, true
	}
	return "", false
}

// principalAccount reads the account of any AWS principal value that names
// one: a bare account id, or an IAM or STS ARN, whatever its other parts.
// It cuts the ARN with arn.Fields, which splits a ${…} at its colon as this
// rule always has (a variable cannot stand in a principal anyway).
func principalAccount(v string) (string, bool) {
	if arn.IsAccountID(v) {
		return v, true
	}
	f, n := arn.Fields(v)
	if arn.LooksLikeARN(v) && n == 6 && (f[2] == "iam" || f[2] == "sts") && arn.IsAccountID(f[4]) {
		return f[4], true
	}
	return "", false
}
