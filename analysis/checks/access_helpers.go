package checks

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
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
