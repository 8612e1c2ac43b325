package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"

func init() {
	register(&Rule{
		Code:     "empty-sid",
		Severity: Hint,
		Doc:      "An empty Sid, which names nothing.",
		Scope:    StatementScope,
		Check:    checkEmptySid,
		Details:  "`\"Sid\": \"\"` names nothing; give the statement a name or remove the element.",
		Example:  `{"Sid": "", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}`,
	})
	register(&Rule{
		Code:     "empty-condition",
		Severity: Hint,
		Doc:      "An empty Condition, or an operator with no keys, which tests nothing.",
		Scope:    StatementScope,
		Check:    checkEmptyCondition,
		Details: "`\"Condition\": {}` or an operator with `{}` tests nothing, so the statement " +
			"applies as if it were not there. Add the test meant, or remove it.",
		Example: `{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {}}`,
	})
}

func checkEmptySid(p *Pass) {
	for _, s := range p.Policy.Statements {
		if s.Sid != nil && s.Sid.Text == "" && s.Sid.Node.Kind == jsonast.String && s.Sid.Node.Closed {
			p.Report(s.Sid.Node.Span, "The Sid is empty; name the statement or remove the Sid.")
		}
	}
}

func checkEmptyCondition(p *Pass) {
	for _, s := range p.Policy.Statements {
		c := s.Condition
		if c == nil {
			continue
		}
		if v := c.Value(); v != nil && v.Kind == jsonast.Object && v.Closed && len(v.Members()) == 0 {
			p.Report(v.Span, "The Condition is empty, so it tests nothing; add the test meant or remove it.")
			continue
		}
		for _, b := range c.Blocks {
			if v := b.Member.Value; v != nil && v.Kind == jsonast.Object && v.Closed && len(v.Members()) == 0 {
				p.Report(v.Span, "%s names no key, so it tests nothing; add the key and values meant or remove it.", b.Operator)
			}
		}
	}
}
