package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
)

func init() {
	register(&Rule{
		Code:     "invalid-effect",
		Severity: Error,
		Doc:      "Effect is not \"Allow\" or \"Deny\".",
		Scope:    StatementScope,
		Check:    checkInvalidEffect,
		Details: "`Effect` is not exactly `Allow` or `Deny` (case matters). Quick fix for a wrong " +
			"case.",
		Example: `{"Effect": "allow", "Action": "kms:Decrypt", "Resource": "*"}`,
	})
}

func checkInvalidEffect(p *Pass) {
	for _, s := range p.Policy.Statements {
		v := s.EffectElem.Value()
		if v == nil || v.Kind == jsonast.Invalid {
			continue
		}
		if v.Kind == jsonast.String && (v.Value == "Allow" || v.Value == "Deny") {
			continue
		}
		d := p.Report(v.Span, "Effect must be \"Allow\" or \"Deny\" (case-sensitive).")
		for _, want := range []string{"Allow", "Deny"} {
			if v.Kind == jsonast.String && strings.EqualFold(strings.TrimSpace(v.Value), want) {
				d.withFix(replaceWith("Change to "+want, v, want))
			}
		}
	}
}
