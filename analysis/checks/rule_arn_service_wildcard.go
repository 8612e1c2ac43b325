package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

func init() {
	register(&Rule{
		Code:     "wildcard-in-arn-service",
		Severity: Hint,
		Doc:      "A * or ? in the service part of a Resource ARN, which reaches the resources of every service it matches.",
		Scope:    StatementScope,
		Check:    checkWildcardInARNService,
		Details: "A wildcard in the service part of an ARN (`arn:aws:*:us-east-1:111122223333:*`, " +
			"`arn:aws:s3*:::x`): it names resources of every service the pattern matches, rarely " +
			"what is meant. Name the service. A value that is all wildcard after `arn:` " +
			"(`arn:aws:*`) is left alone: it plainly means everything.",
		Example: `"Resource": "arn:aws:*:us-east-1:111122223333:table/orders"`,
	})
}

func checkWildcardInARNService(p *Pass) {
	for _, s := range p.Policy.Statements {
		for _, l := range present(s.Resource, s.NotResource) {
			for _, v := range l.Values {
				f, n := arn.Fields(v.Text)
				if n < 4 || !arn.LooksLikeARN(v.Text) || !catalog.HasWildcard(f[2]) || hasVariable(f[2]) {
					continue
				}
				if n == 6 && strings.Trim(f[3]+f[4]+f[5], "*") == "" {
					continue // arn:aws:*:*:*:*, everything on purpose
				}
				p.Report(v.Node.Span, "The service part %q of this ARN is a pattern, so it names resources of every service it matches; name the service.", f[2])
			}
		}
	}
}
