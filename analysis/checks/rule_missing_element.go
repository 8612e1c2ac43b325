package checks

func init() {
	register(&Rule{
		Code:     "missing-element",
		Severity: Error,
		Doc:      "A required element is missing: Statement, Effect, Action/NotAction, Resource/NotResource (IAM) or Principal/NotPrincipal (key policy).",
		Check:    checkMissingElement,
		Details: "A required element is missing: the policy has no `Statement`; a statement has no " +
			"`Effect`, or no `Action`/`NotAction`; an IAM policy statement has no " +
			"`Resource`/`NotResource`; a key policy statement has no " +
			"`Principal`/`NotPrincipal`.",
		Example: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt"}]}`,
	})
}

func checkMissingElement(p *Pass) {
	root := p.Policy.Root
	if root == nil {
		return
	}
	if p.Policy.StatementElem == nil {
		p.Report(firstByte(root), "The policy has no Statement; add \"Statement\": [ … ] with at least one statement.")
		return
	}
	for _, s := range p.Policy.Statements {
		at := firstByte(s.Node)
		if s.EffectElem == nil {
			p.Report(at, "This statement has no Effect; add \"Effect\": \"Allow\" or \"Effect\": \"Deny\".")
		}
		if s.Action == nil && s.NotAction == nil {
			p.Report(at, "This statement has no Action or NotAction; add the permissions it is about, e.g. \"Action\": \"kms:Decrypt\".")
		}
		if p.isKeyPolicy() {
			if s.Principal == nil && s.NotPrincipal == nil {
				p.Report(at, "A key policy statement needs a Principal saying who it applies to, e.g. \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}.")
			}
		} else if s.Resource == nil && s.NotResource == nil {
			p.Report(at, "An IAM policy statement needs a Resource; name the KMS keys by key ARN, or use \"*\" for actions such as kms:ListKeys.")
		}
	}
}
