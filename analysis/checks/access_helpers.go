package checks

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// The rules that reason about who can do what read the evaluation
// engine's answers (Pass.Access), so that a rule, simulate, access and
// the editor's lenses never disagree.

// keyActionNames names actions by their index in eval.KeyActions, at most
// max of them.
func keyActionNames(ais []int, max int) string {
	acts := eval.KeyActions()
	var b strings.Builder
	for i, ai := range ais {
		if i == max {
			fmt.Fprintf(&b, " and %d more", len(ais)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(acts[ai].Name)
	}
	return b.String()
}

// notNever keeps the actions the subject may be allowed after every Deny.
func notNever(s *eval.Summary, subject int, ais []int) []int {
	var out []int
	for _, ai := range ais {
		if s.Verdict(subject, ai) != eval.Never {
			out = append(out, ai)
		}
	}
	return out
}

// openKeys are the condition keys the subject's access to the actions
// depends on.
func openKeys(s *eval.Summary, subject int, ais []int) []string {
	var out []string
	seen := map[string]bool{}
	for _, ai := range ais {
		for _, k := range s.Access(subject, ai).On {
			if !seen[strings.ToLower(k)] {
				seen[strings.ToLower(k)] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// principalSpan is where a finding about whom a statement names points:
// the "*" among its principals, else its NotPrincipal or Principal key.
func principalSpan(s *policy.Statement) text.Span {
	if s.Principal != nil {
		if s.Principal.Wildcard != nil && s.Principal.Wildcard.Text == "*" {
			return s.Principal.Wildcard.Node.Span
		}
		for _, e := range s.Principal.Entries {
			for _, v := range e.Values {
				if v.Text == "*" {
					return v.Node.Span
				}
			}
		}
		return s.Principal.Member.Key.Span
	}
	if s.NotPrincipal != nil {
		return s.NotPrincipal.Member.Key.Span
	}
	return firstByte(s.Node)
}

// statementsElement is where a finding about the whole policy points: the
// Statement member's key.
func statementsElement(pol *policy.Policy) (text.Span, bool) {
	if pol.StatementElem == nil || pol.StatementElem.Member == nil {
		return text.Span{}, false
	}
	return pol.StatementElem.Member.Key.Span, true
}

// computed reports whether a statement holds a value a host computes when
// it deploys (Options.Computed): the engine cannot know what it will be.
func (p *Pass) computed(s *policy.Statement) bool {
	if s.Node == nil {
		return false
	}
	for _, c := range p.Opts.Computed {
		if s.Node.Start <= c.Start && c.End <= s.Node.End {
			return true
		}
	}
	return false
}

// anyComputed reports whether a statement of the policy, or only a Deny
// when denies is set, holds a value a host computes.
func (p *Pass) anyComputed(denies bool) bool {
	if len(p.Opts.Computed) == 0 {
		return false
	}
	for _, s := range p.shared.facts.Policy().Statements {
		if (!denies || !s.Allows()) && p.computed(s) {
			return true
		}
	}
	return false
}

// The engine's rules first ask the statements, through the facts, whether
// they could have anything to say; most key policies have no principal
// outside their account, no Deny and a plain grant of kms:PutKeyPolicy to
// the account, and then no rule needs the engine's reading or summary.

// grantsAnyone reports whether an Allow names "*" or uses NotPrincipal.
func (p *Pass) grantsAnyone() bool {
	for _, s := range p.shared.facts.Policy().Statements {
		if s.Allows() && (s.NotPrincipal != nil || namesEveryone(s.Principal)) {
			return true
		}
	}
	return false
}

func namesEveryone(pr *policy.Principal) bool {
	if pr == nil {
		return false
	}
	if pr.Wildcard != nil && pr.Wildcard.Text == "*" {
		return true
	}
	for _, e := range pr.Entries {
		for _, v := range e.Values {
			if v.Text == "*" {
				return true
			}
		}
	}
	return false
}

// eachPrincipal calls f with each AWS principal value's account ("" for
// none) and each Service value's name, of a Principal or NotPrincipal.
func eachPrincipal(pr *policy.Principal, f func(account, service string)) {
	if pr == nil {
		return
	}
	for _, e := range pr.Entries {
		for _, v := range e.Values {
			switch e.Type {
			case "AWS":
				f(arn.ParsePrincipal(v.Text).Account, "")
			case "Service":
				f("", v.Text)
			}
		}
	}
}

// hasDeny reports whether the policy has a Deny statement.
func (p *Pass) hasDeny() bool {
	for _, s := range p.shared.facts.Policy().Statements {
		if s.Effect != nil && s.Effect.Text == "Deny" {
			return true
		}
	}
	return false
}

// surelyGranted reports whether, with no Deny in the policy, an Allow
// without conditions grants the action on "*" to a principal for whom it
// works: the key's account or one of its principals, "*", a service, or
// any account when the key's is not known.
func (p *Pass) surelyGranted(action string) bool {
	if p.hasDeny() {
		return false
	}
	f := p.read(facts.KindActions)
	own, known := f.Account()
	a := catalog.LookupAction(action)
	for _, s := range f.Policy().Statements {
		if !s.Allows() || s.Principal == nil || s.Condition != nil || s.Resource == nil || !anyIs(s.Resource.Values, "*") {
			continue
		}
		acts := f.Actions(s)
		if acts.Named() == nil || acts.Named().Has(a) == acts.Not {
			continue
		}
		if namesEveryone(s.Principal) {
			return true
		}
		works := false
		eachPrincipal(s.Principal, func(account, service string) {
			works = works || service != "" && arn.IsServiceName(service) || account != "" && (!known || account == own)
		})
		if works {
			return true
		}
	}
	return false
}

// namesOtherAccounts reports whether an Allow names a principal of an
// account that is not the key's.
func (p *Pass) namesOtherAccounts() bool {
	own, _ := p.shared.facts.Account()
	for _, s := range p.shared.facts.Policy().Statements {
		if !s.Allows() {
			continue
		}
		other := false
		eachPrincipal(s.Principal, func(account, _ string) { other = other || account != "" && account != own })
		if other {
			return true
		}
	}
	return false
}

// mayReachOutside reports whether anything in the policy could let a
// principal outside the key's account in: an Allow to anyone, a principal
// of another account anywhere, or a condition naming principals by
// account, organization or ARN outside the key's.
func (p *Pass) mayReachOutside() bool {
	if p.grantsAnyone() {
		return true
	}
	own, _ := p.shared.facts.Account()
	for _, s := range p.shared.facts.Policy().Statements {
		other := false
		for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
			eachPrincipal(pr, func(account, _ string) { other = other || account != "" && account != own })
		}
		if other || s.Condition != nil && p.conditionNamesOutside(s.Condition) {
			return true
		}
	}
	return false
}

// conditionNamesOutside reports whether a condition names, on a principal
// key, an account other than the key's, an organization other than the
// organization setting, or a principal ARN outside the key's account (or
// with a wildcard or variable, which may be anything).
func (p *Pass) conditionNamesOutside(c *policy.Condition) bool {
	own, _ := p.shared.facts.Account()
	for _, b := range c.Blocks {
		for _, e := range b.Entries {
			for _, v := range e.Values {
				switch {
				case strings.EqualFold(e.Key, "kms:CallerAccount") || strings.EqualFold(e.Key, "aws:PrincipalAccount"):
					if v.Text != own {
						return true
					}
				case strings.EqualFold(e.Key, "aws:PrincipalOrgID"):
					if v.Text != p.Opts.Organization {
						return true
					}
				case strings.EqualFold(e.Key, "aws:PrincipalArn"):
					if strings.ContainsAny(v.Text, "*?$") || !strings.Contains(v.Text, ":"+own+":") {
						return true
					}
				}
			}
		}
	}
	return false
}

// mayGrant reports whether an Allow with principals covers the action,
// whatever its principals and conditions (the facts of its Action or
// NotAction): without one, no request for it can be allowed.
func (p *Pass) mayGrant(action string) bool {
	f := p.read(facts.KindActions)
	a := catalog.LookupAction(action)
	for _, s := range f.Policy().Statements {
		if !s.Allows() || s.Principal == nil && s.NotPrincipal == nil || s.Resource == nil && s.NotResource == nil {
			continue
		}
		if acts := f.Actions(s); acts.Named() != nil && acts.Named().Has(a) != acts.Not {
			return true
		}
	}
	return false
}
