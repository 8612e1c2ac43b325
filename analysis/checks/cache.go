package checks

import (
	"slices"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// cache holds facts that several rules derive from the same statement. Rules
// run on every keystroke, so each statement's actions are expanded and its
// operators and keys looked up once per Run, not once per rule.
type cache struct {
	pol  *policy.Policy
	opts *Options

	stmts   []stmtFacts       // by Statement.Index
	scratch []*catalog.Action // reused while expanding a statement's actions
	cover   coverage          // reused by redundant-action, one list at a time

	accountDone bool
	account     string
}

func newCache(pol *policy.Policy, opts *Options) *cache {
	return &cache{pol: pol, opts: opts}
}

// stmtFacts is what the cache knows of one statement. The cache is a slice
// indexed by Statement.Index rather than a map: rules ask for every
// statement once each, and hashing a pointer per ask showed in profiles.
type stmtFacts struct {
	conds, actions bool // computed yet
	condBlocks     []condBlock
	applicable     []*catalog.Action
}

// facts returns the statement's cache entry, or nil for a statement that is
// not one of the policy's (then nothing is cached).
func (c *cache) facts(s *policy.Statement) *stmtFacts {
	if c.stmts == nil {
		n := 0
		for _, st := range c.pol.Statements {
			n = max(n, st.Index+1)
		}
		c.stmts = make([]stmtFacts, n)
	}
	if s.Index < 0 || s.Index >= len(c.stmts) {
		return nil
	}
	return &c.stmts[s.Index]
}

// condBlock is a Condition operator block with the operator parsed and each
// entry's key looked up (nil for keys the catalog does not know).
type condBlock struct {
	*policy.ConditionBlock
	set      string // "", catalog.SetForAnyValue or catalog.SetForAllValues
	op       *catalog.Operator
	ifExists bool
	ok       bool // the operator is known
	keys     []*catalog.ConditionKey
}

// conditions returns the statement's condition blocks, parsed.
func (p *Pass) conditions(s *policy.Statement) []condBlock {
	f := p.cache.facts(s)
	if f != nil && f.conds {
		return f.condBlocks
	}
	var out []condBlock
	if s.Condition != nil {
		// One allocation for the blocks and one for all their keys.
		out = make([]condBlock, 0, len(s.Condition.Blocks))
		n := 0
		for _, b := range s.Condition.Blocks {
			n += len(b.Entries)
		}
		keys := make([]*catalog.ConditionKey, n)
		for i := range s.Condition.Blocks {
			b := &s.Condition.Blocks[i]
			cb := condBlock{ConditionBlock: b}
			cb.set, cb.op, cb.ifExists, cb.ok = catalog.ParseOperator(b.Operator)
			cb.keys, keys = keys[:len(b.Entries):len(b.Entries)], keys[len(b.Entries):]
			for j, e := range b.Entries {
				cb.keys[j] = catalog.LookupKey(e.Key)
			}
			out = append(out, cb)
		}
	}
	if f != nil {
		f.conds, f.condBlocks = true, out
	}
	return out
}

// applicableActions returns the KMS actions the statement's Action element
// can stand for in this policy. A literal action counts as written. A
// wildcard counts as the actions it expands to that can apply here: in a key
// policy only those a key policy can grant, in an IAM policy only those whose
// resource type fits the statement's Resource. A statement with NotAction has
// none: it names what it leaves out, not what it covers.
func (p *Pass) applicableActions(s *policy.Statement) []*catalog.Action {
	c := p.cache
	f := c.facts(s)
	if f != nil && f.actions {
		return f.applicable
	}
	out := c.scratch[:0]
	if s.Action != nil {
		class := resourceClassOf(s)
		// At most every catalog action once: a linear scan of so short a
		// list is cheaper than a map per statement per keystroke.
		add := func(a *catalog.Action) {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
		for _, v := range s.Action.Values {
			if !catalog.HasWildcard(v.Text) {
				if a := catalog.LookupAction(v.Text); a != nil {
					add(a)
				}
				continue
			}
			for _, a := range catalog.MatchActions(v.Text) {
				if p.canApply(a, class) {
					add(a)
				}
			}
		}
	}
	// Grow in the scratch buffer, keep an exact-size copy.
	c.scratch = out
	out = slices.Clip(slices.Clone(out))
	if f != nil {
		f.actions, f.applicable = true, out
	}
	return out
}

// canApply reports whether an action reached through a wildcard can take
// effect in this policy with resources of the given class.
func (p *Pass) canApply(a *catalog.Action, class resourceClass) bool {
	if p.isKeyPolicy() {
		return a.PolicyTypes()&catalog.KeyPolicy != 0
	}
	return actionAccepts(a, class)
}

func (p *Pass) isKeyPolicy() bool { return p.Policy.Kind == policy.KindKey }

// keyAccount is the key's own account: the one the user gave, or else the
// account that the policy's "Enable IAM User Permissions" statement names, if
// exactly one account qualifies.
func (p *Pass) keyAccount() (string, bool) {
	c := p.cache
	if !c.accountDone {
		c.accountDone = true
		c.account = detectKeyAccount(c.pol, c.opts.Account)
	}
	return c.account, c.account != ""
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

// accountRoot reads the account of an account principal: a bare account id
// or arn:PARTITION:iam::ACCOUNT:root.
func accountRoot(v string) (string, bool) {
	if p := arn.ParsePrincipal(v); p.Kind == arn.AccountRoot {
		return p.Account, true
	}
	return "", false
}

// principalAccount reads the account of any AWS principal value that names
// one: a bare account id, or an IAM or STS ARN, whatever its other parts.
// It cuts the ARN with arn.Fields, which splits a ${…} at its colon as this
// rule always has (a variable cannot stand in a principal anyway).
func principalAccount(v string) (string, bool) {
	if arn.IsAccountID(v) {
		return v, true
	}
	f, n := arn.Fields(v)
	if arn.LooksLikeARN(v) && n == 6 && (f[2] == "iam" || f[2] == "sts") && arn.IsAccountID(f[4]) {
		return f[4], true
	}
	return "", false
}
