package checks

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func init() {
	register(&Rule{
		Code:     "public-access",
		Severity: Error,
		Doc:      "A principal of an account the key policy does not name can be allowed to use the key.",
		Requires: []facts.Kind{facts.KindAccess},
		Check:    checkPublicAccess,
		Replaces: []string{"public-principal"},
		Details: "**Error**, in key policies, when an `Allow` with `\"Principal\": \"*\"` (or `NotPrincipal`) lets any " +
			"principal of any account use the key with no condition that narrows who calls; " +
			"**warning** when it is narrowed only by conditions that do not say who the caller is. " +
			"The evaluation engine decides it (as `kms-policy-ls access` does for \"anyone else\"), " +
			"after every `Deny`: a condition naming accounts (`StringEquals` on `kms:CallerAccount` " +
			"or `aws:PrincipalAccount`), an organization (`aws:PrincipalOrgID`, an " +
			"`aws:PrincipalOrgPaths` of it) or principals of named accounts narrows it; a wildcard in " +
			"the account (`\"StringLike\": {\"kms:CallerAccount\": \"1111*\"}`, " +
			"`arn:aws:iam::*:role/app`, which any account can create), `…IfExists` on a key a " +
			"request may lack, `Null` checks and service conditions (`kms:ViaService`) do not. " +
			"This rule replaces `public-principal`, whose code still disables it. The quick fix " +
			"adds a `kms:CallerAccount` condition for the key's account.",
		Example: `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}`,
	})
}

func checkPublicAccess(p *Pass) {
	// A Deny a template computes may refuse what an Allow grants.
	if !p.isKeyPolicy() || len(p.Policy.Statements) == 0 || p.anyComputed(true) || !p.grantsAnyone() {
		return
	}
	s := p.Access()
	anyone := s.SubjectOf(eval.SubjectAnyone)
	for _, st := range p.Policy.Statements {
		est := p.Engine().StatementOf(st)
		if est == nil || est.Effect != eval.EffectAllow || est.Void || p.computed(st) {
			continue
		}
		surely, possibly := s.Applies(anyone, est)
		granted := notNever(s, anyone, possibly)
		if len(granted) == 0 {
			continue
		}
		// Surely: the statement's own conditions do not narrow who calls;
		// at most a Deny elsewhere stands in the way of some requests.
		if certain := notNever(s, anyone, surely); len(certain) > 0 {
			d := p.ReportSeverity(Error, principalSpan(st), "%s lets anyone, in any account, call %s on this key: no condition narrows who calls%s. Name the principals, or add a condition such as %s or aws:PrincipalOrgID.",
				whoWord(st), keyActionNames(certain, 3), unlessDenied(s, anyone, certain), callerAccountCondition(p))
			if f, ok := narrowToAccount(p, st); ok {
				d.withFix(f)
			}
			continue
		}
		p.ReportSeverity(Warning, principalSpan(st), "%s lets principals of accounts this policy does not name call %s on this key when %s hold, and those conditions do not say who calls (a wildcard account, a role name any account can create, IfExists, Null and service conditions do not). Narrow it with StringEquals on kms:CallerAccount, aws:PrincipalAccount or aws:PrincipalOrgID.",
			whoWord(st), keyActionNames(granted, 3), conditionsOn(ownKeys(st, openKeys(s, anyone, granted))))
	}
}

// unlessDenied says which Deny conditions may still refuse some of the
// requests, when not every request is allowed.
func unlessDenied(s *eval.Summary, subject int, ais []int) string {
	if len(always(s, subject, ais)) == len(ais) {
		return ""
	}
	return " (only Deny statements, on " + strings.Join(openKeys(s, subject, ais), ", ") + ", refuse some requests)"
}

// ownKeys keeps the keys a statement's own conditions test.
func ownKeys(st *policy.Statement, keys []string) []string {
	if st.Condition == nil {
		return nil
	}
	var out []string
	for _, k := range keys {
	blocks:
		for _, b := range st.Condition.Blocks {
			for _, e := range b.Entries {
				if strings.EqualFold(e.Key, k) {
					out = append(out, k)
					break blocks
				}
			}
		}
	}
	return out
}

func always(s *eval.Summary, subject int, ais []int) []int {
	var out []int
	for _, ai := range ais {
		if s.Verdict(subject, ai) == eval.Always {
			out = append(out, ai)
		}
	}
	return out
}

func whoWord(st *policy.Statement) string {
	if st.Principal == nil && st.NotPrincipal != nil {
		return "NotPrincipal"
	}
	return `Principal "*"`
}

func conditionsOn(keys []string) string {
	if len(keys) == 0 {
		return "its conditions"
	}
	return "its conditions on " + strings.Join(keys, ", ")
}

// callerAccountCondition is the condition the messages suggest.
func callerAccountCondition(p *Pass) string {
	acct, ok := p.shared.facts.Account()
	if !ok {
		acct = "111122223333"
	}
	return fmt.Sprintf(`"StringEquals": {"kms:CallerAccount": "%s"}`, acct)
}

// narrowToAccount is the quick fix: a condition that only principals of
// the key's account meet, added to a statement that has none.
func narrowToAccount(p *Pass, st *policy.Statement) (Fix, bool) {
	acct, ok := p.shared.facts.Account()
	if !ok || st.Condition != nil || st.NotPrincipal != nil {
		return Fix{}, false
	}
	e, ok := appendMember(p.Policy.File.Src, st.Node, "Condition", fmt.Sprintf(`{"StringEquals": {"kms:CallerAccount": "%s"}}`, acct))
	if !ok {
		return Fix{}, false
	}
	return Fix{Title: "Allow only principals of account " + acct, Edits: []text.Edit{e}}, true
}
