package facts

import (
	"iter"
	"math/bits"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Actions is what a statement's Action (or NotAction) element stands for.
// Its lists are made when first asked for: service-principal-unscoped reads
// a statement's Named set on every keystroke and condition-key-not-supported
// the effective actions of some, and neither pays for the other's.
type Actions struct {
	// Not: the values are NotAction's, so Named is what the statement
	// leaves out. A statement with both elements is read by its Action.
	Not bool

	done      uint8 // listNamed, listEffective: the lists made so far
	f         *Facts
	s         *policy.Statement
	named     ActionSet
	other     []OtherAction
	effective []*catalog.Action
}

const (
	listNamed uint8 = 1 << iota
	listEffective
)

// Named holds every catalog action a value names, wildcards expanded
// ("kms:Get*", "*"), whatever the policy kind or Resource; nil when the
// statement has neither Action nor NotAction.
func (a *Actions) Named() ActionSet {
	a.listNamed()
	return a.named
}

// Other holds the values no catalog action accounts for alone: another
// service's actions or patterns that may match them ("s3:GetObject", "*",
// "*:Get*"), and kms: names the catalog does not know. A value such as "*"
// is in Named's expansion and in Other.
func (a *Actions) Other() []OtherAction {
	a.listNamed()
	return a.other
}

func (a *Actions) listNamed() {
	if a.done&listNamed == 0 && a.f != nil {
		a.done |= listNamed
		a.f.namedActions(a)
	}
}

// Effective is, for an Action element, the catalog actions that can take
// effect in this policy, in the order the values first name them. A
// literal action counts as written. A wildcard counts as the actions it
// expands to that can apply here: in a key policy those a key policy can
// grant, in an IAM policy those whose resource type fits the statement's
// Resource. Nil for NotAction: it names what it leaves out, not what it
// covers.
func (a *Actions) Effective() []*catalog.Action {
	if a.done&listEffective == 0 && a.f != nil {
		a.done |= listEffective
		a.effective = a.f.effectiveActions(a.s)
	}
	return a.effective
}

// OtherAction is a value of an Action or NotAction element that stands for
// actions outside the catalog.
type OtherAction struct {
	Value *policy.Value
	// KMS: a kms: name or pattern that matches no catalog action (a typo,
	// or an action newer than the catalog). Otherwise the value names, or
	// may match, another service's actions.
	KMS bool
}

// Actions resolves the value against every service's actions in the
// Service Authorization Reference data: the action it names, or those its
// pattern matches, in any service ("*" reaches them all, KMS's included;
// rules judge KMS through the catalog and skip those). Nil when the data
// has none: a misspelling, a service it lacks, or a KMS name. The slice is
// shared: do not modify it.
func (o OtherAction) Actions() []*services.Action {
	if o.KMS {
		return nil
	}
	return services.MatchActions(o.Value.Text)
}

// Wildcard reports whether the value is a pattern.
func (o OtherAction) Wildcard() bool { return catalog.HasWildcard(o.Value.Text) }

// NamesOtherServices reports whether the element names, or may match, an
// action of a service other than KMS.
func (a *Actions) NamesOtherServices() bool {
	for _, o := range a.Other() {
		if !o.KMS {
			return true
		}
	}
	return false
}

// ActionSet is a set of catalog actions kept as bits by Action.Index: a
// list may hold thousands of patterns, so sets are compared with word
// operations, not name matching.
type ActionSet []uint64

// setWords is the length of an ActionSet holding every catalog action.
var setWords = (len(catalog.Actions()) + 63) / 64

// Has reports whether the set holds a.
func (s ActionSet) Has(a *catalog.Action) bool {
	i := a.Index()
	return i >= 0 && i/64 < len(s) && s[i/64]&(1<<(i%64)) != 0
}

// Len is the number of actions in the set.
func (s ActionSet) Len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// All yields the set's actions in catalog order.
func (s ActionSet) All() iter.Seq[*catalog.Action] {
	return func(yield func(*catalog.Action) bool) {
		for _, a := range catalog.Actions() {
			if s.Has(a) && !yield(a) {
				return
			}
		}
	}
}

func (s ActionSet) add(a *catalog.Action) {
	if i := a.Index(); i >= 0 {
		s[i/64] |= 1 << (i % 64)
	}
}

// Actions returns the statement's actions.
func (f *Facts) Actions(s *policy.Statement) *Actions {
	return lazy(f, s, KindActions, func(sf *stmtFacts) *Actions { return &sf.actions }, f.computeActions)
}

func (f *Facts) computeActions(s *policy.Statement, out *Actions) {
	if s.Action == nil && s.NotAction == nil {
		return
	}
	out.Not = s.Action == nil
	out.f, out.s = f, s
}

// namedActions lists what the statement's Action (or NotAction) names.
func (f *Facts) namedActions(out *Actions) {
	l := out.s.Action
	if out.Not {
		l = out.s.NotAction
	}
	// Statements often repeat one list of actions: its set is made once.
	key := listText(f.pol, l)
	if set, ok := f.namedByText[key]; ok && key != "" {
		out.named = set
		return
	}
	out.named = f.words.take(setWords)
	defer func() {
		if key != "" && len(out.other) == 0 {
			if f.namedByText == nil {
				f.namedByText = map[string]ActionSet{}
			}
			f.namedByText[key] = out.named // read only from now on
		}
	}()
	for i := range l.Values {
		v := &l.Values[i]
		n := 0
		if !catalog.HasWildcard(v.Text) {
			if a := catalog.LookupAction(v.Text); a != nil {
				out.named.add(a)
				continue // a catalog action: a kms: name
			}
		} else {
			ms := catalog.MatchActions(v.Text)
			n = len(ms)
			for _, a := range ms {
				out.named.add(a)
			}
		}
		if kms := isKMS(v.Text); !kms || n == 0 {
			out.other = append(out.other, OtherAction{Value: v, KMS: kms})
		}
	}
}

// listText is the text of a list's value as written, a substring of the
// document (so no copy); "" when there is none.
func listText(pol *policy.Policy, l *policy.List) string {
	v := l.Value()
	if pol.File == nil || v == nil {
		return ""
	}
	return pol.File.Text(v.Span)
}

// effectiveActions lists the actions of the statement's Action element
// that can take effect (see Actions.Effective).
func (f *Facts) effectiveActions(s *policy.Statement) []*catalog.Action {
	if s.Action == nil {
		return nil
	}
	if f.added == nil {
		f.added = f.words.take(setWords)
	}
	// Collected on the stack: each action at most once, and the catalog
	// holds fewer than 64 (more would only spill to the heap).
	var buf [64]*catalog.Action
	eff := buf[:0]
	class := ResourceClassOf(s)
	key := f.pol.Kind == policy.KindKey
	add := func(a *catalog.Action) {
		if !f.added.Has(a) {
			f.added.add(a)
			eff = append(eff, a)
		}
	}
	// Literals count as written; wildcards only where they can apply.
	for _, v := range s.Action.Values {
		if !catalog.HasWildcard(v.Text) {
			if a := catalog.LookupAction(v.Text); a != nil {
				add(a)
			}
			continue
		}
		for _, a := range catalog.MatchActions(v.Text) {
			if canApply(a, key, class) {
				add(a)
			}
		}
	}
	clear(f.added)
	if len(eff) == 0 {
		return nil
	}
	out := make([]*catalog.Action, len(eff))
	copy(out, eff)
	return out
}

// isKMS reports whether an action value's service part is kms.
func isKMS(v string) bool {
	return len(v) >= 4 && v[3] == ':' && strings.EqualFold(v[:3], "kms")
}

// canApply reports whether an action reached through a wildcard can take
// effect in a policy of this kind with resources of the given class.
func canApply(a *catalog.Action, keyPolicy bool, class ResourceClass) bool {
	if keyPolicy {
		return a.PolicyTypes()&catalog.KeyPolicy != 0
	}
	return ActionAccepts(a, class)
}
