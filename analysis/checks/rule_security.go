package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "overly-permissive",
		Severity: Warning,
		Doc:      "An IAM policy allows kms:* on Resource \"*\".",
		Scope:    StatementScope,
		Check:    checkOverlyPermissive,
		Applies:  "IAM policies",
		Details: "`kms:*` allowed on `Resource` `\"*\"`: every KMS operation, key deletion and key " +
			"policy changes included, on every key whose key policy lets IAM policies grant " +
			"access.",
		Example: `{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}`,
	})
}

func checkOverlyPermissive(p *Pass) {
	if p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		if !s.Allows() || s.Action == nil || s.Resource == nil || !anyIs(s.Resource.Values, "*") {
			continue
		}
		for _, v := range s.Action.Values {
			if strings.EqualFold(v.Text, "kms:*") {
				p.Report(v.Node.Span, "kms:* on Resource \"*\" allows every KMS operation, key deletion and key policy changes included, on every key open to IAM policies. List the actions needed and name the keys by ARN.")
			}
		}
	}
}

func anyIs(vals []policy.Value, s string) bool {
	for _, v := range vals {
		if v.Text == s {
			return true
		}
	}
	return false
}
