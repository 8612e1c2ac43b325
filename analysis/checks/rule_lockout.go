package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
)

func init() {
	register(&Rule{
		Code:     "lockout",
		Severity: Error,
		Doc:      "No principal can ever be allowed kms:PutKeyPolicy, so nobody could change the key policy again.",
		Requires: []facts.Kind{facts.KindAccess, facts.KindActions},
		Check:    checkLockout,
		Applies:  "key policies",
		Details: "The evaluation engine finds that no request for `kms:PutKeyPolicy` can be " +
			"allowed: no `Allow` grants it (directly, by wildcard or through `NotAction`), " +
			"or a `Deny` refuses it to everyone (`\"Principal\": \"*\"` with no condition), the " +
			"account's root user included, or it is granted only to other accounts, where it " +
			"does not work. Once such a policy is in place nobody can change it; AWS refuses it " +
			"unless `BypassPolicyLockoutSafetyCheck` is set " +
			"([PutKeyPolicy](https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html)).",
		Example: `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
  {"Effect": "Deny", "Principal": "*", "Action": "kms:PutKeyPolicy", "Resource": "*"}]}`,
	})
	register(&Rule{
		Code:     "lockout-risk",
		Severity: Warning,
		Doc:      "kms:PutKeyPolicy is allowed only under conditions, so the key could become unmanageable when they stop holding.",
		Requires: []facts.Kind{facts.KindAccess, facts.KindActions},
		Check:    checkLockoutRisk,
		Applies:  "key policies",
		Details: "Every `Allow` that grants `kms:PutKeyPolicy` has conditions that a request " +
			"may not meet (MFA, a tag, a source network…): when they stop holding for every " +
			"administrator, nobody can change the policy. When no `Allow` can grant it at all, " +
			"`lockout` reports it instead. `Deny` statements are not counted here: a `Deny` on " +
			"`aws:SecureTransport` is hygiene, not a risk.",
		Example: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"},
  "Action": "kms:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}`,
	})
}

var putKeyPolicy = eval.ActionIndex(catalog.LookupAction("kms:PutKeyPolicy"))

func checkLockout(p *Pass) {
	span, ok := statementsElement(p.Policy)
	// A value a template computes (an Effect, a principal, an action)
	// may grant kms:PutKeyPolicy once deployed: say nothing.
	if !p.isKeyPolicy() || !ok || len(p.Policy.Statements) == 0 || p.anyComputed(false) || p.surelyGranted("kms:PutKeyPolicy") {
		return
	}
	// With no Allow covering it, the summary has nothing to add.
	if p.mayGrant("kms:PutKeyPolicy") {
		s := p.Access()
		for si := range s.Subjects {
			if s.Verdict(si, putKeyPolicy) != eval.Never {
				return
			}
		}
		if d := denyForAll(s); d != nil {
			p.Report(span, "Deny statement %s refuses kms:PutKeyPolicy to every principal, the account's root user included: once this policy is in place nobody can change it again (AWS refuses it unless BypassPolicyLockoutSafetyCheck is set). Add a condition that exempts the key administrators, or remove kms:PutKeyPolicy from it.", d.Name())
			return
		}
	}
	p.Report(span, "No principal can ever be allowed kms:PutKeyPolicy, so once this policy is in place nobody can change it and the key may become unmanageable (AWS refuses it unless BypassPolicyLockoutSafetyCheck is set). Allow kms:PutKeyPolicy (or kms:*) to the key's account or a key administrator role.")
}

// denyForAll is a Deny that refuses kms:PutKeyPolicy to every subject.
func denyForAll(s *eval.Summary) *eval.Statement {
	for _, st := range s.Statements() {
		if st.Effect != eval.EffectDeny {
			continue
		}
		all := true
		for si := range s.Subjects {
			surely, _ := s.Applies(si, st)
			if !containsInt(surely, putKeyPolicy) {
				all = false
				break
			}
		}
		if all {
			return st
		}
	}
	return nil
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func checkLockoutRisk(p *Pass) {
	span, ok := statementsElement(p.Policy)
	if !p.isKeyPolicy() || !ok || len(p.Policy.Statements) == 0 || p.anyComputed(false) || p.surelyGranted("kms:PutKeyPolicy") || !p.mayGrant("kms:PutKeyPolicy") {
		return
	}
	s := p.Access()
	possible := false
	var keys []string
	seen := map[string]bool{}
	for si := range s.Subjects {
		if s.Verdict(si, putKeyPolicy) == eval.Never {
			continue
		}
		possible = true
		for _, st := range s.Statements() {
			if st.Effect != eval.EffectAllow {
				continue
			}
			surely, possibly := s.Applies(si, st)
			if containsInt(surely, putKeyPolicy) {
				return // an Allow grants it to this subject whatever the request
			}
			if containsInt(possibly, putKeyPolicy) {
				for _, k := range statementKeys(st) {
					if !seen[strings.ToLower(k)] {
						seen[strings.ToLower(k)] = true
						keys = append(keys, k)
					}
				}
			}
		}
	}
	if !possible {
		return // lockout says so
	}
	on := "conditions"
	if len(keys) > 0 {
		on = "conditions on " + strings.Join(keys, ", ")
	}
	p.Report(span, "kms:PutKeyPolicy is allowed only when %s hold: if they stop holding for every key administrator, nobody can change this policy. Allow kms:PutKeyPolicy without conditions to the key's account or a key administrator role.", on)
}

// statementKeys are the condition keys a statement tests, as written.
func statementKeys(st *eval.Statement) []string {
	var out []string
	if st.Src.Condition == nil {
		return nil
	}
	for _, b := range st.Src.Condition.Blocks {
		for _, e := range b.Entries {
			out = append(out, e.Key)
		}
	}
	return out
}
