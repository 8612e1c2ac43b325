package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func init() {
	register(&Rule{
		Code:     "redundant-action",
		Severity: Hint,
		Doc:      "An action listed twice, or already covered by a wildcard in the same list.",
		Scope:    StatementScope,
		Check:    checkRedundantAction,
		Details: "The same action twice in one list, or an action (or narrower wildcard) already " +
			"covered by a wildcard in the same list, in any service (`s3:GetObject` or " +
			"`s3:Get*` next to `s3:*`). KMS wildcards are compared by the permissions they " +
			"match; other services' by their text, a wildcard covering another when it is " +
			"that one's beginning and a star. The quick fix removes it.",
		Example: `"Action": ["kms:GenerateDataKey*", "kms:GenerateDataKeyWithoutPlaintext"]`,
	})
}

func checkRedundantAction(p *Pass) {
	for _, s := range p.Policy.Statements {
		for _, l := range present(s.Action, s.NotAction) {
			checkRedundantList(p, l)
		}
	}
}

// actionCount is the number of catalog actions; Action.Index numbers them.
var actionCount = len(catalog.Actions())

// actionSet is a bit set of catalog actions: a list may hold thousands of
// patterns, so coverage is decided with word operations, not name matching.
type actionSet []uint64

func setOf(as []*catalog.Action) actionSet {
	s := make(actionSet, (actionCount+63)/64)
	for _, a := range as {
		i := a.Index()
		s[i/64] |= 1 << (i % 64)
	}
	return s
}

func (s actionSet) subsetOf(o actionSet) bool {
	for i := range s {
		if s[i]&^o[i] != 0 {
			return false
		}
	}
	return true
}

func (s actionSet) equal(o actionSet) bool { return s.subsetOf(o) && o.subsetOf(s) }

// coverage maps an action (by Action.Index) to the first pattern of the
// list that matches it, -1 for none: a slice, since the catalog numbers
// its actions densely.
type coverage []int32

// coverage returns the run's coverage buffer, emptied: lists are checked one
// at a time, so one buffer serves them all.
func (c *shared) coverage() coverage {
	if c.cover == nil {
		c.cover = make(coverage, actionCount)
	}
	for i := range c.cover {
		c.cover[i] = -1
	}
	return c.cover
}

func (c coverage) first(a *catalog.Action) int {
	if c == nil {
		return -1
	}
	return int(c[a.Index()])
}

// pattern is a wildcard value of a list.
type pattern struct {
	index int
	text  string
	set   actionSet // the KMS actions it matches; nil for another service's pattern
	all   bool      // "*": every action of every service
}

func checkRedundantList(p *Pass, l *policy.List) {
	if len(l.Values) < 2 {
		return
	}
	var pats []pattern
	var coveredBy coverage
	for i, v := range l.Values {
		if !catalog.HasWildcard(v.Text) {
			continue
		}
		pt := pattern{index: i, text: v.Text, all: v.Text == "*"}
		if ms := kmsMatches(v.Text); len(ms) > 0 {
			pt.set = setOf(ms)
			if coveredBy == nil {
				coveredBy = p.shared.coverage()
			}
			for _, a := range ms {
				if coveredBy[a.Index()] < 0 {
					coveredBy[a.Index()] = int32(len(pats))
				}
			}
		}
		pats = append(pats, pt)
	}
	repeated := repeatChecker(l.Values)
	for i, v := range l.Values {
		if v.Text == "" {
			continue
		}
		if repeated(i) {
			reportRedundant(p, l, i, v, "%s is already listed; remove the repeat.", v.Text)
			continue
		}
		if by := covering(pats, coveredBy, i, v.Text); by != "" {
			reportRedundant(p, l, i, v, "%s is already covered by %s in this list; remove it.", v.Text, by)
		}
	}
}

// covering returns another wildcard value that covers value i, or "". A
// literal is covered when a pattern matches it; a pattern when every KMS
// permission it matches is matched by the other (of two equal sets, only the
// later one is reported).
func covering(pats []pattern, coveredBy coverage, i int, v string) string {
	if !catalog.HasWildcard(v) {
		if a := catalog.LookupAction(v); a != nil {
			if j := coveredBy.first(a); j >= 0 {
				return pats[j].text
			}
		}
		for _, pt := range pats {
			if pt.set == nil && catalog.MatchWildcard(pt.text, v, true) {
				return pt.text
			}
		}
		return ""
	}
	var mine actionSet
	for _, pt := range pats {
		if pt.index == i {
			mine = pt.set
		}
	}
	for _, pt := range pats {
		if pt.index == i || strings.EqualFold(pt.text, v) {
			continue
		}
		if pt.all && v != "*" {
			return pt.text
		}
		if mine != nil && pt.set != nil {
			if !mine.subsetOf(pt.set) || pt.index > i && mine.equal(pt.set) {
				continue
			}
			return pt.text
		}
		if prefixCovers(pt.text, v) && matchesSomething(v) {
			return pt.text
		}
	}
	return ""
}

// prefixCovers reports whether every name pattern v can match, pattern can
// too, when pattern is a literal beginning and one final star ("s3:*",
// "s3:Get*"): then it covers whatever v matches, today's actions and any
// the service adds. Other pattern pairs are left alone.
func prefixCovers(pattern, v string) bool {
	lit, ok := strings.CutSuffix(pattern, "*")
	return ok && !catalog.HasWildcard(lit) && len(v) >= len(lit) && strings.EqualFold(v[:len(lit)], lit)
}

// matchesSomething reports whether a pattern matches an action: one that
// matches none is wildcard-matches-nothing's to report.
func matchesSomething(v string) bool {
	return len(catalog.MatchActions(v)) > 0 || len(services.MatchActions(v)) > 0
}

// kmsMatches expands a kms: pattern; nil for other services' patterns.
func kmsMatches(pattern string) []*catalog.Action {
	service, _, ok := splitAction(pattern)
	if !ok || !isKMSService(service) {
		return nil
	}
	return catalog.MatchActions(pattern)
}

func reportRedundant(p *Pass, l *policy.List, i int, v policy.Value, format string, args ...any) {
	d := p.Report(v.Node.Span, format, args...)
	d.Tags = append(d.Tags, TagUnnecessary)
	if arr := l.Value(); arr != nil && arr.Kind == jsonast.Array {
		if e, ok := removeElement(arr, i); ok {
			d.withFix(Fix{Title: "Remove " + v.Text, Edits: []text.Edit{e}, Preferred: true})
		}
	}
}

// repeatChecker returns a function that reports whether value i repeats
// an earlier one (names are case-insensitive). Typical lists are short, and
// comparing pairwise costs less than lower-casing every name into a map; a
// long list gets the map so that the check stays linear.
func repeatChecker(vals []policy.Value) func(i int) bool {
	if len(vals) <= 32 {
		return func(i int) bool {
			for _, e := range vals[:i] {
				if strings.EqualFold(e.Text, vals[i].Text) {
					return true
				}
			}
			return false
		}
	}
	seen := make(map[string]bool, len(vals))
	return func(i int) bool {
		lower := strings.ToLower(vals[i].Text)
		if seen[lower] {
			return true
		}
		seen[lower] = true
		return false
	}
}
