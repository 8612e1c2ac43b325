package facts

import (
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// FuzzFacts: whatever the document, the facts hold together: the effective
// actions are named ones, listed once; each condition key is normalised
// once, with its operator; an account class names an account, and the
// key's when it is the key's. The seeds are in testdata/fuzz/FuzzFacts.
func FuzzFacts(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, kind := range []policy.Kind{policy.KindKey, policy.KindIAM} {
			pol := policy.Build(jsonast.Parse(src), kind)
			for _, account := range []string{"", "111122223333"} {
				checkFacts(t, New(pol, account))
			}
		}
	})
}

func checkFacts(t *testing.T, f *Facts) {
	own, _ := f.Account()
	for _, s := range f.Policy().Statements {
		a := f.Actions(s)
		if a.Not && a.Effective() != nil {
			t.Fatalf("NotAction with effective actions %v", names(a.Effective()))
		}
		seen := map[*catalog.Action]bool{}
		for _, e := range a.Effective() {
			if !a.Named().Has(e) || seen[e] {
				t.Fatalf("effective %s is not named, or repeated", e.Name)
			}
			seen[e] = true
		}
		checkConditions(t, s, f.Conditions(s))
		p := f.Principals(s)
		for _, x := range append(p.Principal[:len(p.Principal):len(p.Principal)], p.NotPrincipal...) {
			account := x.Class == OwnAccount || x.Class == OtherAccount || x.Class == SomeAccount
			if account != arn.IsAccountID(x.Account) || (x.Class == OwnAccount) != (account && own != "" && x.Account == own) {
				t.Fatalf("%q: class %s, account %q, key's account %q", x.Value.Text, x.Class, x.Account, own)
			}
		}
	}
}

// checkConditions: one block per operator written, one entry per key of it,
// and the operator parsed as the catalog parses it.
func checkConditions(t *testing.T, s *policy.Statement, blocks []Block) {
	if s.Condition == nil {
		if len(blocks) != 0 {
			t.Fatalf("%d blocks without a Condition", len(blocks))
		}
		return
	}
	if len(blocks) != len(s.Condition.Blocks) {
		t.Fatalf("%d blocks for %d operators", len(blocks), len(s.Condition.Blocks))
	}
	for i, b := range blocks {
		written := &s.Condition.Blocks[i]
		set, op, ifExists, _ := catalog.ParseOperator(written.Operator)
		if b.ConditionBlock != written || b.Set != set || b.Op != op || b.IfExists != ifExists || len(b.Keys) != len(written.Entries) {
			t.Fatalf("block %d (%q) normalised as %+v", i, written.Operator, b)
		}
		for j, e := range b.Keys {
			if e.ConditionEntry != &written.Entries[j] || e.Catalog != catalog.LookupKey(e.Key) {
				t.Fatalf("key %q of %q normalised as %+v", e.Key, written.Operator, e)
			}
		}
	}
}
