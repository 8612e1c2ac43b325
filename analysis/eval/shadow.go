package eval

import (
	"slices"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
)

// Shadowed reports whether Deny statements refuse every request an Allow
// statement of the summary's policy could apply to, and which. Sound: a
// request the Allow may apply to is either refused by a Deny for its whole
// class (the summary's judgement) or by a Deny that covers the Allow as
// written (its principals, actions and resources, with conditions the
// Allow's imply). An Allow that applies to no request is not shadowed.
func (s *Summary) Shadowed(st *Statement) ([]*Statement, bool) {
	if st.Effect != EffectAllow || st.Void || !s.denies {
		return nil, false
	}
	var by []*Statement
	some := false
	for si := range s.Subjects {
		_, possibly := s.Applies(si, st)
		for _, ai := range possibly {
			some = true
			if d := s.deniedBy(si, ai); d != nil {
				by = appendNew(by, d)
				continue
			}
			d := s.coveringDeny(st, ai)
			if d == nil {
				return nil, false
			}
			by = appendNew(by, d)
		}
	}
	return by, some
}

func appendNew(ss []*Statement, s *Statement) []*Statement {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
}

// deniedBy is a Deny that surely refuses every request of the subject for
// the action, nil when none does.
func (s *Summary) deniedBy(si, ai int) *Statement {
	if !s.row(si).denied.has(ai) {
		return nil
	}
	sub := s.Subjects[si]
	for _, i := range s.relevant(sub) {
		ss := &s.stmts[i]
		if ss.st.Effect != EffectDeny {
			continue
		}
		j := s.judge(sub, ss)
		if j.principal == triT && j.sure.has(ai) {
			return ss.st
		}
	}
	return nil
}

// coveringDeny is a Deny that applies, for the action, to every request
// the Allow applies to, as written.
func (s *Summary) coveringDeny(allow *Statement, ai int) *Statement {
	for i := range s.stmts {
		d := &s.stmts[i]
		if d.st.Effect != EffectDeny || !d.actions.has(ai) || d.res != triT || d.dead {
			continue
		}
		if coversPrincipals(d.st, allow) && impliedConditions(allow, d.st) {
			return d.st
		}
	}
	return nil
}

// coversPrincipals reports whether every principal the Allow names is one
// the Deny names too ("*" names all).
func coversPrincipals(deny, allow *Statement) bool {
	if deny.notPrincipal {
		return false
	}
	for _, p := range deny.principals {
		if p.kind == arn.Everyone {
			return true
		}
	}
	if allow.notPrincipal {
		return false
	}
	for _, a := range allow.principals {
		if !slices.ContainsFunc(deny.principals, func(d principalPattern) bool { return d.text == a.text }) {
			return false
		}
	}
	return len(allow.principals) > 0
}

// impliedConditions reports whether every condition of the Deny holds
// whenever the Allow's do: each of its keys is tested by the Allow with the
// same operator and values that imply it.
func impliedConditions(allow, deny *Statement) bool {
	for _, db := range deny.conds {
		for _, de := range db.entries {
			if !slices.ContainsFunc(allow.conds, func(ab block) bool { return implies(&ab, &db, &de) }) {
				return false
			}
		}
	}
	return true
}

// implies reports whether a block of the Allow has the Deny's key under
// the same operator with values that imply the Deny's: fewer choices for a
// positive operator, more exclusions for a negated one.
func implies(ab, db *block, de *entry) bool {
	if ab.op == nil || ab.operator != db.operator {
		return false
	}
	for _, ae := range ab.entries {
		if ae.lower != de.lower {
			continue
		}
		switch {
		case db.op.fam == famNull:
			return sameTexts(ae.values, de.values) && sameTexts(de.values, ae.values)
		case db.op.negated:
			return sameTexts(de.values, ae.values)
		default:
			return sameTexts(ae.values, de.values)
		}
	}
	return false
}

// sameTexts reports whether every value of a is among b's, as written.
func sameTexts(a, b []condValue) bool {
	for _, v := range a {
		if !slices.ContainsFunc(b, func(w condValue) bool { return w.text.raw == v.text.raw }) {
			return false
		}
	}
	return len(a) > 0
}
