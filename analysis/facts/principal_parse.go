package facts

// TODO(arn): replaced by analysis/arn. This file holds the account and
// principal parsing moved as-is from checks/cache.go and checks/helpers.go,
// so that the one ARN package can take its place at merge.

import "strings"

// accountRoot reads the account of an account principal: a bare account id
// or arn:PARTITION:iam::ACCOUNT:root.
func accountRoot(v string) (string, bool) {
	if isAccountID(v) {
		return v, true
	}
	parts := strings.Split(v, ":")
	if len(parts) == 6 && parts[0] == "arn" && isPartition(parts[1]) && parts[2] == "iam" && parts[3] == "" &&
		isAccountID(parts[4]) && parts[5] == "root" {
		return parts[4], true
	}
	return "", false
}

// principalAccount reads the account of any AWS principal value that names
// one: a bare account id, or an IAM or STS ARN.
func principalAccount(v string) (string, bool) {
	if isAccountID(v) {
		return v, true
	}
	rest, ok := strings.CutPrefix(v, "arn:")
	if !ok {
		return "", false
	}
	_, rest, _ = strings.Cut(rest, ":") // partition
	service, rest, _ := strings.Cut(rest, ":")
	_, rest, _ = strings.Cut(rest, ":") // region
	account, _, ok := strings.Cut(rest, ":")
	if ok && (service == "iam" || service == "sts") && isAccountID(account) {
		return account, true
	}
	return "", false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAccountID(s string) bool { return len(s) == 12 && isDigits(s) }

// isPartition accepts aws and the aws-… partitions (aws-cn, aws-us-gov,
// aws-iso, aws-iso-b, …).
func isPartition(s string) bool {
	rest, ok := strings.CutPrefix(s, "aws")
	if !ok {
		return false
	}
	for rest != "" {
		var part string
		if rest[0] != '-' {
			return false
		}
		part, rest, _ = strings.Cut(rest[1:], "-")
		if part == "" || !isLowerAlnum(part) {
			return false
		}
		if rest != "" {
			rest = "-" + rest
		}
	}
	return true
}

func isLowerAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
