package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
)

func init() {
	register(&Rule{
		Code:     "not-cross-account",
		Severity: Warning,
		Doc:      "A key policy allows a principal of another account a permission that does not work across accounts.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindAccount, facts.KindPrincipals},
		Check:    checkNotCrossAccount,
		Applies:  "key policies",
		Details: "A statement allows a principal of another account a permission that does not " +
			"work across accounts (for example `kms:ScheduleKeyDeletion`; only the " +
			"cryptographic operations, `kms:DescribeKey`, `kms:GetPublicKey`, " +
			"`kms:GetKeyRotationStatus` and the grant operations do). The key's account is " +
			"`--account` / the `account` setting, or else the account whose root (or bare " +
			"account id) the policy allows `kms:*`, as AWS's default \"Enable IAM User " +
			"Permissions\" statement does. When no account qualifies, or several do, nothing " +
			"is reported. Wildcards are not reported.",
		Example: `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
 "Action": ["kms:Decrypt", "kms:ScheduleKeyDeletion"], "Resource": "*"}`,
	})
}

func checkNotCrossAccount(p *Pass) {
	if !p.isKeyPolicy() {
		return
	}
	own, ok := p.KeyAccount()
	if !ok {
		return
	}
	for _, s := range p.Policy.Statements {
		if !s.Allows() || s.Action == nil || s.Principal == nil {
			continue
		}
		foreign := facts.First(p.Principals(s).Principal, facts.OtherAccount)
		if foreign == nil {
			continue
		}
		for _, v := range s.Action.Values {
			if catalog.HasWildcard(v.Text) {
				continue
			}
			a := catalog.LookupAction(v.Text)
			// An IAM-only permission has no effect in a key policy for anyone;
			// iam-only-in-key-policy says so.
			if a == nil || a.CrossAccountUse() != catalog.CrossAccountNo || a.PolicyTypes() == catalog.IAMPolicy {
				continue
			}
			p.Report(v.Node.Span, "%s does not work across accounts, so allowing it to %s (outside the key's account %s) has no effect. Remove it, or have that account use its own key.", a.Name, foreign.Value.Text, own)
		}
	}
}
