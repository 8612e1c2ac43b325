package jsonast

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// ParseFrozen and ParseWith give the tree Parse gives; a frozen File's
// strings lie in src's bytes rather than in a copy.
func TestParseFrozenSharesTheBytes(t *testing.T) {
	docs := [][]byte{policygen.KeyPolicy(4 << 10), []byte(`{"a": "x", "b": [1, "é"], "c": {"d": "\u00e9"}}`), []byte(`{"Eff`), nil}
	for _, tt := range brokenCases {
		docs = append(docs, []byte(tt.in))
	}
	// tree is the whole of a File in words: nodes with spans, errors,
	// comments, duplicate keys.
	tree := func(f *File) string {
		return fmt.Sprint(dump(f.Root, true), dumpErrors(f), f.Comments, len(f.DuplicateKeys))
	}
	for _, src := range docs {
		want := tree(Parse(src))
		frozen := ParseFrozen(src)
		if got := tree(frozen); got != want {
			t.Errorf("%q: ParseFrozen gives\n%s\nParse gives\n%s", src, got, want)
		}
		if got := tree(ParseWith(src, Options{Like: Parse(policygen.KeyPolicy(32 << 10))})); got != want {
			t.Errorf("%q: ParseWith(Like) gives\n%s\nParse gives\n%s", src, got, want)
		}
		if len(src) > 0 && unsafe.StringData(frozen.str) != unsafe.SliceData(src) {
			t.Errorf("%q: the frozen File's text is a copy", src)
		}
		if len(src) > 0 && unsafe.StringData(Parse(src).str) == unsafe.SliceData(src) {
			t.Errorf("%q: Parse shares bytes the caller may write", src)
		}
	}
}

// A tree sized like the previous version's holds little more than it
// needs: after a keystroke, the slabs of a 32 KB policy's tree are at most
// a tenth larger than what they hold, and the tree is the same.
func TestParseLikeSizesFromCounts(t *testing.T) {
	prev := policygen.KeyPolicy(32 << 10)
	like := Parse(prev)
	next := append([]byte(nil), prev...)
	i := 200
	next = append(next[:i:i], append([]byte("x"), next[i:]...)...) // a keystroke
	p := &parser{src: next, str: string(next), f: &File{Src: next, str: string(next)}}
	p.sizeSlabs(like)
	nodes, members := cap(p.nodes), cap(p.members)
	p.parseRoot()
	if p.f.counts.nodes > nodes || p.f.counts.members > members {
		t.Fatalf("slabs too small: %d nodes in %d, %d members in %d", p.f.counts.nodes, nodes, p.f.counts.members, members)
	}
	if nodes > p.f.counts.nodes*11/10 || members > p.f.counts.members*11/10 {
		t.Errorf("slabs of %d nodes and %d members for %d and %d", nodes, members, p.f.counts.nodes, p.f.counts.members)
	}
	if dump(ParseWith(next, Options{Like: like}).Root, true) != dump(Parse(next).Root, true) {
		t.Error("the tree sized like the previous one differs")
	}
}

// The tree is carved from a few slabs: parsing a 32 KB policy, with or
// without the previous version to size them, costs a few dozen
// allocations, not one per node or member.
func TestParseAllocatesSlabs(t *testing.T) {
	prev := policygen.KeyPolicy(32 << 10)
	like := Parse(prev)
	for _, o := range []Options{{Frozen: true}, {Frozen: true, Like: like}} {
		if n := testing.AllocsPerRun(5, func() { ParseWith(prev, o) }); n > 40 {
			t.Errorf("like a previous version: %v; %v allocations", o.Like != nil, n)
		}
	}
}
