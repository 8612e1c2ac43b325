package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/policy"

func init() {
	register(&Rule{
		Code:     "allow-with-not-element",
		Severity: Warning,
		Doc:      "An Allow statement with NotAction, NotResource or NotPrincipal, which allows everything but what it lists.",
		Scope:    StatementScope,
		Check:    checkAllowWithNot,
		// Issue 14 named the NotPrincipal case allow-with-notprincipal.
		Replaces: []string{"allow-with-notprincipal"},
		Details: "`Allow` with `NotAction` allows every action of every service except those " +
			"listed (in a key policy, every KMS permission but those), with `NotResource` " +
			"every resource but those, with `NotPrincipal` everyone but those principals, " +
			"anonymous callers included. It grows with every action and resource AWS adds. " +
			"List what is allowed instead, or use the `Not` element in a `Deny`.",
		Example: `{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`,
	})
}

func checkAllowWithNot(p *Pass) {
	for _, s := range p.Policy.Statements {
		if !s.Allows() {
			continue
		}
		if s.NotAction != nil && s.Action == nil {
			what := "every action of every service"
			if p.isKeyPolicy() {
				what = "every KMS permission"
			}
			reportAllowWithNot(p, &s.NotAction.Element, what+" except those it lists")
		}
		if s.NotResource != nil && s.Resource == nil {
			reportAllowWithNot(p, &s.NotResource.Element, "its actions on every resource except those it lists")
		}
		if s.NotPrincipal != nil && s.Principal == nil {
			reportAllowWithNot(p, &s.NotPrincipal.Element, "everyone except the principals it lists, anonymous callers included")
		}
	}
}

func reportAllowWithNot(p *Pass, e *policy.Element, what string) {
	p.Report(e.Member.Key.Span, "Allow with %s allows %s, and more with each one AWS adds; list what is allowed instead, or use %s in a Deny.", e.Name, what, e.Name)
}
