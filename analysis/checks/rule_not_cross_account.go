package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// not-cross-account: only some KMS permissions work across accounts (the
// cryptographic operations, DescribeKey, the grant operations, …). Granting
// a principal of another account a permission that KMS marks as not
// cross-account, such as kms:ScheduleKeyDeletion, does nothing: its calls
// fail however the policies are written.
//
// The key's own account is the one given in the options, or else the one
// whose account principal the policy allows kms:* (AWS's default "Enable IAM
// User Permissions" statement). With no such statement, or several accounts
// that qualify, the rule does not guess and reports nothing. Wildcards are
// not flagged: the cross-account permissions they cover still work.
func init() {
	register(&Rule{
		Code:     "not-cross-account",
		Severity: Warning,
		Doc:      "A key policy allows a principal of another account a permission that does not work across accounts.",
		Scope:    StatementScope,
		Check:    checkNotCrossAccount,
	})
}

func checkNotCrossAccount(p *Pass) {
	if !p.isKeyPolicy() {
		return
	}
	own, ok := p.keyAccount()
	if !ok {
		return
	}
	for _, s := range p.Policy.Statements {
		if !s.Allows() || s.Action == nil || s.Principal == nil {
			continue
		}
		foreign := foreignPrincipal(s.Principal, own)
		if foreign == "" {
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
			p.Report(v.Node.Span, "%s does not work across accounts, so allowing it to %s (outside the key's account %s) has no effect. Remove it, or have that account use its own key.", a.Name, foreign, own)
		}
	}
}

// foreignPrincipal returns the first AWS principal of another account than own.
func foreignPrincipal(pr *policy.Principal, own string) string {
	for _, e := range pr.Entries {
		if e.Type != "AWS" {
			continue
		}
		for _, v := range e.Values {
			if acct, ok := principalAccount(v.Text); ok && acct != own {
				return v.Text
			}
		}
	}
	return ""
}
