package facts

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Block is one operator block of a Condition ("StringEquals": {…}) with its
// operator parsed and its keys looked up.
type Block struct {
	// ConditionBlock is the block as written: Operator is the operator's
	// text, Entries its keys with their values.
	*policy.ConditionBlock
	// Op is the base operator (StringEquals for
	// "ForAnyValue:StringEqualsIfExists"); nil when the catalog does not
	// know it.
	Op *catalog.Operator
	// Set is the set qualifier: "", catalog.SetForAnyValue or
	// catalog.SetForAllValues. It is read even when Op is unknown.
	Set      string
	IfExists bool
	// Keys holds one Entry per key of the block, in the order written: one
	// per (operator, key) pair of the statement.
	Keys []Entry
}

// Known reports whether the catalog knows the block's operator.
func (b *Block) Known() bool { return b.Op != nil }

// Entry is one condition key of a block with its values.
type Entry struct {
	// ConditionEntry is the entry as written: Key is the name, Values the
	// values, Member the syntax.
	*policy.ConditionEntry
	// Catalog is the catalog's key; nil when the catalog does not know it.
	Catalog *catalog.ConditionKey
}

// Lower is the key's name lower-cased: key names ignore case. It is made
// when asked for: few consumers need it, and lower-casing every key of a
// policy on every keystroke showed in profiles.
func (e *Entry) Lower() string { return strings.ToLower(e.Key) }

// Conditions returns the statement's condition blocks, normalised.
func (f *Facts) Conditions(s *policy.Statement) []Block {
	sf := f.of(s)
	if sf != nil && sf.done&KindConditions != 0 {
		return sf.conds
	}
	out := f.normalise(s.Condition)
	if sf != nil {
		sf.done |= KindConditions
		sf.conds = out
	}
	return out
}

func (f *Facts) normalise(c *policy.Condition) []Block {
	if c == nil || len(c.Blocks) == 0 {
		return nil
	}
	// One allocation for the blocks and one for all their keys.
	out := make([]Block, 0, len(c.Blocks))
	n := 0
	for _, b := range c.Blocks {
		n += len(b.Entries)
	}
	entries := make([]Entry, n)
	for i := range c.Blocks {
		b := &c.Blocks[i]
		nb := Block{ConditionBlock: b}
		nb.Set, nb.Op, nb.IfExists, _ = catalog.ParseOperator(b.Operator)
		nb.Keys, entries = entries[:len(b.Entries):len(b.Entries)], entries[len(b.Entries):]
		for j := range b.Entries {
			e := &b.Entries[j]
			nb.Keys[j] = Entry{ConditionEntry: e, Catalog: catalog.LookupKey(e.Key)}
		}
		out = append(out, nb)
	}
	return out
}
