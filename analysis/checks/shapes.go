package checks

import "strings"

// Hand-written matchers for the value shapes the rules check most often.
// They run for every principal and kms:ViaService value on every keystroke,
// where regexp's backtracker cost a fifth of a Run; shapes_test.go keeps the
// equivalent regular expressions as oracles and fuzzes both against each other.

// isAWSPrincipalARN reports whether v is an IAM root, user, role,
// assumed-role or federated-user ARN, or an STS assumed-role or
// federated-user ARN, with a 12-digit account.
func isAWSPrincipalARN(v string) bool {
	if strings.IndexByte(v, '\n') >= 0 {
		return false
	}
	rest, ok := strings.CutPrefix(v, "arn:")
	if !ok {
		return false
	}
	var partition, service, region, account, resource string
	partition, rest, _ = strings.Cut(rest, ":")
	service, rest, _ = strings.Cut(rest, ":")
	region, rest, _ = strings.Cut(rest, ":")
	account, resource, ok = strings.Cut(rest, ":")
	if !ok || !isPartition(partition) || region != "" || !isAccountID(account) {
		return false
	}
	typ, name, hasName := strings.Cut(resource, "/")
	switch service {
	case "iam":
		if resource == "root" {
			return true
		}
		return hasName && name != "" && (typ == "user" || typ == "role" || typ == "assumed-role" || typ == "federated-user")
	case "sts":
		switch typ {
		case "assumed-role":
			role, session, ok := strings.Cut(name, "/")
			return ok && role != "" && session != ""
		case "federated-user":
			return hasName && name != ""
		}
	}
	return false
}

// isServicePrincipal reports whether v is a DNS name ending in
// .amazonaws.com (or .amazonaws.com.cn) with at least one label before it.
func isServicePrincipal(v string) bool {
	host, ok := strings.CutSuffix(v, ".amazonaws.com")
	if !ok {
		host, ok = strings.CutSuffix(v, ".amazonaws.com.cn")
	}
	if !ok || host == "" {
		return false
	}
	for label := range strings.SplitSeq(host, ".") {
		if !isDNSLabel(label) {
			return false
		}
	}
	return true
}

// isDNSLabel: letters, digits and inner hyphens.
func isDNSLabel(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '-' && !isASCIIAlnum(c) {
			return false
		}
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isViaServiceName reports whether v has the shape SERVICE.REGION.amazonaws.com
// that kms:ViaService values take (ASCII case ignored, as AWS does).
func isViaServiceName(v string) bool {
	if len(v) < len(".amazonaws.com") || !strings.EqualFold(v[len(v)-len(".amazonaws.com"):], ".amazonaws.com") {
		return false
	}
	service, region, ok := strings.Cut(v[:len(v)-len(".amazonaws.com")], ".")
	if !ok || service == "" || service[0] == '-' {
		return false
	}
	for i := 0; i < len(service); i++ {
		if c := service[i]; c != '-' && !isASCIIAlnum(c) {
			return false
		}
	}
	return isRegionName(region, true)
}

// isRegionName reports whether s looks like an AWS Region: two letters, one
// or more hyphenated words, then a number ("us-east-1", "us-gov-west-1").
func isRegionName(s string, ignoreCase bool) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) != 2 {
		return false
	}
	for i, part := range parts {
		if part == "" {
			return false
		}
		last := i == len(parts)-1
		for j := 0; j < len(part); j++ {
			c := part[j]
			if ignoreCase && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if last && (c < '0' || c > '9') || !last && (c < 'a' || c > 'z') {
				return false
			}
		}
	}
	return true
}
