package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/policy"

func init() {
	register(&Rule{
		Code:     "conflicting-elements",
		Severity: Error,
		Doc:      "A statement has both Action and NotAction, Resource and NotResource, or Principal and NotPrincipal.",
		Scope:    StatementScope,
		Check:    checkConflictingElements,
		Details: "A statement has both `Action` and `NotAction`, `Resource` and `NotResource`, or " +
			"`Principal` and `NotPrincipal`. They are alternatives and AWS rejects the " +
			"combination.",
		Example: `{"Effect": "Allow", "Action": "kms:Decrypt", "NotAction": "kms:Encrypt", "Resource": "*"}`,
	})
}

func checkConflictingElements(p *Pass) {
	for _, s := range p.Policy.Statements {
		pairs := [][2]*policy.Element{
			{listElem(s.Action), listElem(s.NotAction)},
			{listElem(s.Resource), listElem(s.NotResource)},
			{principalElem(s.Principal), principalElem(s.NotPrincipal)},
		}
		for _, pair := range pairs {
			a, b := pair[0], pair[1]
			if a == nil || b == nil {
				continue
			}
			if b.Member.Start < a.Member.Start {
				a, b = b, a
			}
			p.Report(b.Member.Key.Span, "A statement cannot have both %s and %s; keep one of them.", a.Name, b.Name)
		}
	}
}

func listElem(l *policy.List) *policy.Element {
	if l == nil {
		return nil
	}
	return &l.Element
}

func principalElem(pr *policy.Principal) *policy.Element {
	if pr == nil {
		return nil
	}
	return &pr.Element
}
