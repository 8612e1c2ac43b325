package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "invalid-principal",
		Severity: Error,
		Doc:      "A principal that cannot be valid: a malformed AWS account or ARN, a service name that is not SERVICE.amazonaws.com, or an unknown principal type.",
		Scope:    StatementScope,
		Check:    checkInvalidPrincipal,
		Details: "A principal that cannot be valid: an `AWS` value that is not `*`, a 12-digit " +
			"account id, or an IAM `root`/`user`/`role`/`assumed-role`/`federated-user` ARN " +
			"(or STS session ARN) of a 12-digit account; a wildcard inside a principal ARN; a " +
			"`Service` value that is not a DNS name ending in `.amazonaws.com` (or " +
			"`.amazonaws.com.cn`); a principal type other than `AWS`, `Service`, `Federated`, " +
			"`CanonicalUser`; a `Principal` string other than `\"*\"`.",
		Example: `"Principal": {"AWS": "arn:aws:iam::11112222333:root", "Service": "logs.amazonaws"}`,
	})
}

var principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

func checkInvalidPrincipal(p *Pass) {
	for _, s := range p.Policy.Statements {
		for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
			if pr != nil {
				checkPrincipal(p, pr)
			}
		}
	}
}

func checkPrincipal(p *Pass, pr *policy.Principal) {
	if w := pr.Wildcard; w != nil && w.Text != "*" && w.Text != "" {
		p.Report(w.Node.Span, "%s must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}; a bare string other than \"*\" is not a principal.", pr.Name)
		return
	}
	for _, e := range pr.Entries {
		if !contains(principalTypes, e.Type) {
			reportPrincipalType(p, e)
			continue
		}
		for _, v := range e.Values {
			if v.Text == "" {
				continue // empty-value
			}
			if msg := principalProblem(e.Type, v.Text); msg != "" {
				p.Report(v.Node.Span, "%s", msg)
			}
		}
	}
}

func reportPrincipalType(p *Pass, e policy.PrincipalEntry) {
	key := e.Member.Key
	// A name that differs only in case is at distance 0, so Nearest finds it.
	want := catalog.Nearest(e.Type, principalTypes)
	if want == "" {
		p.Report(key.Span, "%q is not a principal type; use AWS, Service, Federated or CanonicalUser.", e.Type)
		return
	}
	p.Report(key.Span, "%q is not a principal type (names are case-sensitive); did you mean %q?", e.Type, want).
		withFix(replaceWith("Change to "+want, key, want))
}

// principalProblem explains why a value cannot be a principal of the type, or returns "".
func principalProblem(typ, v string) string {
	switch typ {
	case "AWS":
		if v == "*" || arn.IsAccountID(v) {
			return ""
		}
		if strings.Contains(v, "*") {
			return "Wildcards are not allowed inside a principal; use \"*\" with a condition on aws:PrincipalArn (ArnLike) to match principals by pattern."
		}
		if isAWSPrincipalARN(v) {
			return ""
		}
		if isDigits(v) {
			return "An account principal is a 12-digit account id; " + v + " has " + itoa(len(v)) + " digits."
		}
		return "This is not a valid AWS principal: use a 12-digit account id, arn:aws:iam::ACCOUNT:root, or the ARN of an IAM user or role (arn:aws:iam::ACCOUNT:role/NAME)."
	case "Service":
		if isServicePrincipal(v) {
			return ""
		}
		return "A service principal is the service's DNS name ending in .amazonaws.com, e.g. logs.us-east-1.amazonaws.com or ec2.amazonaws.com."
	}
	return ""
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
