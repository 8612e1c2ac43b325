// Package facts is what several consumers of a policy derive from its
// statements, computed once per analysis and shared: the actions a
// statement stands for, its principals classified, its conditions
// normalised, and the key's own account. The rules read them, and so can an
// evaluator, completion, hover or a code lens, so that each comes to the
// same answer.
//
// It plays the part of go/analysis's Requires: there, what several
// analyzers need (the inspector, say) is itself an analyzer, computed once
// per package and handed to those that declare it. Here each fact has a
// Kind; a rule declares the kinds it reads (checks.Rule.Requires) and reads
// them through typed accessors, which refuse a kind it did not declare. A
// rule's inputs are then visible where it is registered.
//
// A Facts value belongs to one version of one policy. Rules run on every
// keystroke, so each fact is computed the first time it is asked for, for
// the statement it is asked about, and kept by Statement.Index. A Facts is
// not safe for concurrent use.
package facts

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Kind names a fact, for a consumer to declare what it reads. Kinds are
// bits, so that a set of them is a Kind too.
type Kind uint8

const (
	// KindActions: per statement, the catalog actions its Action or
	// NotAction names and those that can take effect (Facts.Actions).
	KindActions Kind = 1 << iota
	// KindPrincipals: per statement, each principal classified
	// (Facts.Principals). Classes depend on the key's account.
	KindPrincipals
	// KindConditions: per statement, its condition blocks normalised
	// (Facts.Conditions).
	KindConditions
	// KindAccount: the key's own account, given or detected (Facts.Account).
	// It depends on every statement of the policy.
	KindAccount
	// KindAccess: the policy read by the evaluation engine (package eval)
	// and its access summary, which depend on every statement, the key's
	// account and the organization setting. Facts does not hold it: the
	// checks compute it once a run (checks.Pass.Access).
	KindAccess
)

func (k Kind) String() string {
	var names []string
	for _, n := range []struct {
		k    Kind
		name string
	}{{KindActions, "actions"}, {KindPrincipals, "principals"}, {KindConditions, "conditions"}, {KindAccount, "account"}, {KindAccess, "access"}} {
		if k&n.k != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, "+")
}

// Facts holds the facts of one policy, computed on demand.
type Facts struct {
	pol   *policy.Policy
	given string // the account the user gave, "" when none

	stmts []stmtFacts // by Statement.Index; nil until first asked

	accountDone bool
	account     string

	added ActionSet // the actions listed so far, while listing the effective ones
	// The Named sets are carved from shared chunks: a set holds no
	// pointers, so a chunk costs the collector nothing to scan.
	words arena[uint64]
	// namedByText holds the Named sets of the lists made so far that name
	// only catalog actions, by the list's text: a set is shared by every
	// statement whose list is written alike, and never changed once made.
	namedByText map[string]ActionSet
}

// stmtFacts is what is known of one statement. The facts are a slice
// indexed by Statement.Index rather than a map: rules ask for every
// statement once each, and hashing a pointer per ask showed in profiles.
type stmtFacts struct {
	done       Kind // the facts computed so far
	actions    Actions
	principals Principals
	conds      []Block
}

// New returns the facts of pol. account is the key's own 12-digit account
// when the user gave one, else "".
func New(pol *policy.Policy, account string) *Facts {
	return &Facts{pol: pol, given: account}
}

// Policy is the policy the facts are of.
func (f *Facts) Policy() *policy.Policy { return f.pol }

// of returns the statement's entry, or nil for a statement that is not one
// of the policy's (then nothing is kept).
func (f *Facts) of(s *policy.Statement) *stmtFacts {
	if f.stmts == nil {
		n := 0
		for _, st := range f.pol.Statements {
			n = max(n, st.Index+1)
		}
		f.stmts = make([]stmtFacts, n)
	}
	if s.Index < 0 || s.Index >= len(f.stmts) {
		return nil
	}
	return &f.stmts[s.Index]
}

// lazy returns a statement's fact of kind k, kept where slot says,
// computing it the first time it is asked for. A statement outside the
// policy gets a value of its own, kept nowhere.
func lazy[T any](f *Facts, s *policy.Statement, k Kind, slot func(*stmtFacts) *T, compute func(*policy.Statement, *T)) *T {
	sf := f.of(s)
	if sf == nil {
		v := new(T)
		compute(s, v)
		return v
	}
	p := slot(sf)
	if sf.done&k == 0 {
		sf.done |= k
		compute(s, p)
	}
	return p
}

// Account is the key's own account: the one the user gave, or else the
// account whose principal the policy allows kms:* (AWS's default "Enable
// IAM User Permissions" statement), if exactly one account qualifies.
func (f *Facts) Account() (string, bool) {
	if !f.accountDone {
		f.accountDone = true
		f.account = detectKeyAccount(f.pol, f.given)
	}
	return f.account, f.account != ""
}

func detectKeyAccount(pol *policy.Policy, given string) string {
	if given != "" {
		return given
	}
	found := ""
	for _, s := range pol.Statements {
		if !s.Allows() || s.Action == nil || s.Principal == nil || !grantsAllKMS(s.Action) {
			continue
		}
		for _, e := range s.Principal.Entries {
			if e.Type != "AWS" {
				continue
			}
			for _, v := range e.Values {
				acct, ok := accountRoot(v.Text)
				if !ok {
					continue
				}
				if found != "" && found != acct {
					return "" // several accounts qualify: do not guess
				}
				found = acct
			}
		}
	}
	return found
}

// grantsAllKMS reports whether an Action list holds "kms:*" or "*".
func grantsAllKMS(l *policy.List) bool {
	for _, v := range l.Values {
		if v.Text == "*" || strings.EqualFold(v.Text, "kms:*") {
			return true
		}
	}
	return false
}
