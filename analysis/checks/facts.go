package checks

import (
	"fmt"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// shared is what the rules of one run share: the policy's facts, computed
// once per run whichever rules ask, and buffers reused from rule to rule.
type shared struct {
	facts *facts.Facts
	cover coverage // reused by redundant-action, one list at a time
}

func newShared(pol *policy.Policy, opts *Options) *shared {
	return &shared{facts: facts.New(pol, opts.Account)}
}

// requires is the set of the facts a rule declares.
func requires(r *Rule) facts.Kind {
	var k facts.Kind
	for _, r := range r.Requires {
		k |= r
	}
	return k
}

// read returns the run's facts for a rule that declared kind k. A rule that
// reads a fact it did not declare is a bug of the rule, which its tests
// find: the declaration is what says what a rule depends on.
func (p *Pass) read(k facts.Kind) *facts.Facts {
	if p.rule != nil && p.needs&k != k {
		panic(fmt.Sprintf("rule %s reads the %s facts but does not declare them in Requires", p.rule.Code, k))
	}
	return p.shared.facts
}

// Actions returns what the statement's Action or NotAction stands for
// (facts.KindActions).
func (p *Pass) Actions(s *policy.Statement) *facts.Actions {
	return p.read(facts.KindActions).Actions(s)
}

// Principals returns the statement's principals classified
// (facts.KindPrincipals).
func (p *Pass) Principals(s *policy.Statement) *facts.Principals {
	return p.read(facts.KindPrincipals).Principals(s)
}

// Conditions returns the statement's condition blocks normalised
// (facts.KindConditions).
func (p *Pass) Conditions(s *policy.Statement) []facts.Block {
	return p.read(facts.KindConditions).Conditions(s)
}

// KeyAccount is the key's own account, given or detected (facts.KindAccount).
func (p *Pass) KeyAccount() (string, bool) {
	return p.read(facts.KindAccount).Account()
}

func (p *Pass) isKeyPolicy() bool { return p.Policy.Kind == policy.KindKey }
