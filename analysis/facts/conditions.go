package facts

import (
	"strings"
	"unicode/utf8"

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
	// Lower is the name lower-cased: key names ignore case.
	Lower string
}

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
	out := f.blocks.take(len(c.Blocks))[:0]
	n, size := 0, 0
	for _, b := range c.Blocks {
		n += len(b.Entries)
		for _, e := range b.Entries {
			size += len(e.Key)
		}
	}
	// The lower-cased names are written one after the other in a builder
	// shared by the statements, and each entry's name is a slice of it: a
	// builder never changes what it has written, so the slices stay valid
	// when it grows or is replaced.
	lower := &f.names
	if lower.Cap()-lower.Len() < size {
		f.namesNext = min(max(2*f.namesNext, 256), 16<<10) // as an arena's chunks grow
		*lower = strings.Builder{}
		lower.Grow(max(size, f.namesNext))
	}
	start := lower.Len()
	entries := f.entries.take(n)
	for i := range c.Blocks {
		b := &c.Blocks[i]
		nb := Block{ConditionBlock: b}
		nb.Set, nb.Op, nb.IfExists, _ = catalog.ParseOperator(b.Operator)
		nb.Keys, entries = entries[:len(b.Entries):len(b.Entries)], entries[len(b.Entries):]
		for j := range b.Entries {
			e := &b.Entries[j]
			nb.Keys[j] = Entry{ConditionEntry: e, Catalog: catalog.LookupKey(e.Key)}
			writeLower(lower, e.Key)
		}
		out = append(out, nb)
	}
	all, at := lower.String(), start
	for i := range out {
		for j := range out[i].Keys {
			e := &out[i].Keys[j]
			e.Lower, at = all[at:at+lowerLen(e.Key)], at+lowerLen(e.Key)
		}
	}
	return out
}

// writeLower writes s as strings.ToLower would, without a copy for ASCII.
func writeLower(b *strings.Builder, s string) {
	if !isASCII(s) {
		b.WriteString(strings.ToLower(s))
		return
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
}

// lowerLen is the length of s lower-cased, which differs from len(s) only
// for some non-ASCII text.
func lowerLen(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return len(strings.ToLower(s))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
