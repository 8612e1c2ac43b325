package text

import (
	"math/rand"
	"testing"
)

// Covering spans every byte the changes touched: the bytes before start
// and after the old end are the same bytes, only moved.
func TestCoveringProperty(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for trial := 0; trial < 2000; trial++ {
		src := []byte("0123456789abcdefghij\nklmnopqrstuvwxyz")
		old := string(src)
		var changes []Change
		for n := 1 + r.Intn(4); n > 0; n-- {
			a := r.Intn(len(src) + 1)
			b := a + r.Intn(len(src)-a+1)
			c := Change{Start: a, End: b, Text: "XYZ"[:r.Intn(4)]}
			changes = append(changes, c)
			src, _ = Apply(src, nil, c)
		}
		start, oldEnd, newEnd, ok := Covering(changes)
		if !ok || start > oldEnd || start > newEnd || oldEnd > len(old) || newEnd > len(src) {
			t.Fatalf("%+v: covering [%d,%d)->[%d,%d) out of range", changes, start, oldEnd, start, newEnd)
		}
		if old[:start] != string(src[:start]) || old[oldEnd:] != string(src[newEnd:]) {
			t.Fatalf("%+v on %q gives %q: covering [%d,%d)->[%d,%d) leaves out an edited byte", changes, old, src, start, oldEnd, start, newEnd)
		}
	}
	if _, _, _, ok := Covering(nil); ok {
		t.Error("no changes cover something")
	}
}

// Apply moves the line index with the text: the result is the index a
// fresh scan makes.
func TestApplyMovesTheIndex(t *testing.T) {
	src := []byte("a\r\nbé\n😀\rc")
	ix := NewLineIndex(src)
	for _, c := range []Change{{1, 1, "\n"}, {0, 3, ""}, {2, 4, "x\r\n"}, {0, 0, "😀"}} {
		src, ix = Apply(src, ix, c)
		if cap(src) != len(src) {
			t.Errorf("after %+v: %d bytes held for a text of %d", c, cap(src), len(src))
		}
		if got, want := ix.starts, NewLineIndex(src).starts; len(got) != len(want) {
			t.Fatalf("after %+v: %d lines, want %d", c, len(got), len(want))
		}
		for off := 0; off <= len(src); off++ {
			if ix.Position(off) != NewLineIndex(src).Position(off) {
				t.Fatalf("after %+v: position of %d differs from a fresh index", c, off)
			}
		}
	}
}
