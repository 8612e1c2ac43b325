package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/policy"

func init() {
	register(&Rule{
		Code:     "federated-principal-in-key-policy",
		Severity: Error,
		Doc:      "A Federated principal in a key policy, where it cannot be granted anything.",
		Scope:    StatementScope,
		Check:    checkFederatedInKeyPolicy,
		Applies:  "key policies",
		Details: "A `Federated` principal (a SAML or web-identity provider) works only in a role's " +
			"trust policy, to let its users assume the role; a key policy cannot grant it " +
			"anything. Name the role the federated users assume instead.",
		Example: `{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*"}`,
	})
}

func checkFederatedInKeyPolicy(p *Pass) {
	if !p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
			if pr == nil {
				continue
			}
			for _, e := range pr.Entries {
				if e.Type == "Federated" {
					p.Report(e.Member.Key.Span, "A key policy cannot grant a Federated principal anything: federated users act through a role they assume. Name that role (AWS: arn:aws:iam::ACCOUNT:role/NAME) instead.")
				}
			}
		}
	}
}
