package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
)

func init() {
	register(&Rule{
		Code:     "not-cross-account",
		Severity: Warning,
		Doc:      "A key policy allows a principal of another account a permission that does not work across accounts.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindAccess, facts.KindPrincipals},
		Check:    checkNotCrossAccount,
		Applies:  "key policies",
		Details: "A statement allows a principal of another account a permission that does not " +
			"work across accounts (for example `kms:ScheduleKeyDeletion`; only the " +
			"cryptographic operations, `kms:DescribeKey`, `kms:GetPublicKey`, " +
			"`kms:GetKeyRotationStatus` and the grant operations do). The evaluation engine " +
			"decides it, as `simulate` does for that principal. The key's account is " +
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
	own, ok := p.read(facts.KindAccess).Account()
	if !ok {
		return
	}
	var s *eval.Summary // made when a statement names another account
	for _, st := range p.Policy.Statements {
		if st.Action == nil || !st.Allows() || st.Principal == nil {
			continue
		}
		// The accounts of another account that the statement names itself;
		// "*" is a grant to every account, the key's own included.
		named := map[string]bool{}
		for _, pr := range p.Principals(st).Principal {
			if pr.Class == facts.OtherAccount {
				named[pr.Account] = true
			}
		}
		if len(named) == 0 {
			continue
		}
		est := p.Engine().StatementOf(st)
		if est == nil || est.Void {
			continue
		}
		if s == nil {
			s = p.Access()
		}
		for _, v := range st.Action.Values {
			if catalog.HasWildcard(v.Text) {
				continue
			}
			a := catalog.LookupAction(v.Text)
			// An IAM-only permission has no effect in a key policy for anyone;
			// iam-only-in-key-policy says so.
			ai := -1
			if a != nil {
				ai = eval.ActionIndex(a)
			}
			if ai < 0 || a.CrossAccountUse() != catalog.CrossAccountNo {
				continue
			}
			if who := refusedAcrossAccounts(s, est, ai, named); who != "" {
				p.Report(v.Node.Span, "%s does not work across accounts, so allowing it to %s (outside the key's account %s) has no effect. Remove it, or have that account use its own key.", a.Name, who, own)
			}
		}
	}
}

// refusedAcrossAccounts names the first principal of another account the
// statement grants the action to, that the engine refuses it for not
// working across accounts; "" when none.
func refusedAcrossAccounts(s *eval.Summary, st *eval.Statement, ai int, named map[string]bool) string {
	for si, sub := range s.Subjects {
		if sub.Own || sub.Kind != eval.SubjectAccount && sub.Kind != eval.SubjectPrincipal || !named[sub.Account] {
			continue
		}
		if _, possibly := s.Applies(si, st); containsInt(possibly, ai) && s.Access(si, ai).NotCrossAccount {
			return sub.String()
		}
	}
	return ""
}
