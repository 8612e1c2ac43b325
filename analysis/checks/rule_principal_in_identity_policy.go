package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/policy"

func init() {
	register(&Rule{
		Code:     "principal-in-identity-policy",
		Severity: Error,
		Doc:      "A Principal or NotPrincipal in an IAM identity policy, which takes none.",
		Scope:    StatementScope,
		Check:    checkPrincipalInIdentityPolicy,
		Applies:  "IAM policies",
		Details: "An identity policy applies to the user, group or role it is attached to, so it " +
			"names no principal; AWS rejects one with `Principal` or `NotPrincipal`. (A policy " +
			"with principals is read as a key policy unless the kind is set to `iam`.)",
		Example: `{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}`,
	})
}

func checkPrincipalInIdentityPolicy(p *Pass) {
	if p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
			if pr == nil {
				continue
			}
			p.Report(pr.Member.Key.Span, "An identity policy takes no %s: it applies to the identity it is attached to. Remove it, or lint this as a key policy.", pr.Name)
		}
	}
}
