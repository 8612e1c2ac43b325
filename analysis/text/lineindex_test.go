package text

import (
	"errors"
	"math"
	"math/rand"
	"reflect"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

func TestPosition(t *testing.T) {
	// "é" is 2 bytes/1 unit, "€" 3 bytes/1 unit, "😀" 4 bytes/2 units.
	src := "ab\né€x\r\n😀y\rz"
	ix := NewLineIndex([]byte(src))
	cases := []struct {
		offset int
		want   Position
	}{
		{-5, Position{0, 0}},
		{0, Position{0, 0}},
		{2, Position{0, 2}},  // at "\n"
		{3, Position{1, 0}},  // "é"
		{4, Position{1, 0}},  // inside "é"
		{5, Position{1, 1}},  // "€"
		{6, Position{1, 1}},  // inside "€"
		{7, Position{1, 1}},  // inside "€"
		{8, Position{1, 2}},  // "x"
		{9, Position{1, 3}},  // "\r"
		{10, Position{1, 3}}, // "\n" of CRLF: still the end of line 1
		{11, Position{2, 0}}, // "😀"
		{13, Position{2, 0}}, // inside "😀"
		{15, Position{2, 2}}, // "y": after a surrogate pair
		{16, Position{2, 3}}, // lone "\r"
		{17, Position{3, 0}}, // "z"
		{18, Position{3, 1}}, // end of document
		{99, Position{3, 1}},
	}
	for _, c := range cases {
		if got := ix.Position(c.offset); got != c.want {
			t.Errorf("Position(%d) = %+v, want %+v", c.offset, got, c.want)
		}
	}
	if ix.LineCount() != 4 {
		t.Errorf("LineCount = %d, want 4", ix.LineCount())
	}
}

func TestOffset(t *testing.T) {
	src := "ab\né€x\r\n😀y\rz"
	ix := NewLineIndex([]byte(src))
	cases := []struct {
		pos  Position
		want int
	}{
		{Position{0, 0}, 0},
		{Position{0, 2}, 2},
		{Position{0, 9}, 2}, // past the end: clamps before "\n"
		{Position{0, -1}, 0},
		{Position{1, 1}, 5},
		{Position{1, 3}, 9},
		{Position{1, 4}, 9}, // clamps before "\r\n"
		{Position{2, 0}, 11},
		{Position{2, 1}, 11}, // between the halves of "😀"
		{Position{2, 2}, 15},
		{Position{2, 3}, 16},
		{Position{3, 0}, 17},
		{Position{3, 1}, 18},
		{Position{3, 7}, 18},
		{Position{1, math.MaxInt}, 9}, // a client's "end of the line"
	}
	for _, c := range cases {
		got, err := ix.Offset(c.pos)
		if err != nil || got != c.want {
			t.Errorf("Offset(%+v) = %d, %v; want %d", c.pos, got, err, c.want)
		}
	}
	for _, p := range []Position{{4, 0}, {-1, 0}, {100, 0}} {
		if _, err := ix.Offset(p); !errors.Is(err, ErrLineOutOfRange) {
			t.Errorf("Offset(%+v) error = %v, want ErrLineOutOfRange", p, err)
		}
	}
}

func TestEmptyAndTrailingNewline(t *testing.T) {
	empty := NewLineIndex(nil)
	if got := empty.Position(0); got != (Position{}) {
		t.Errorf("empty Position(0) = %+v", got)
	}
	if off, err := empty.Offset(Position{0, 5}); err != nil || off != 0 {
		t.Errorf("empty Offset = %d, %v", off, err)
	}
	if _, err := empty.Offset(Position{1, 0}); err == nil {
		t.Error("empty document: line 1 accepted")
	}
	ix := NewLineIndex([]byte("{}\n"))
	if ix.LineCount() != 2 {
		t.Fatalf("LineCount = %d, want 2", ix.LineCount())
	}
	if got := ix.Position(3); got != (Position{1, 0}) {
		t.Errorf("Position(3) = %+v, want line 1 col 0", got)
	}
	if off, err := ix.Offset(Position{1, 0}); err != nil || off != 3 {
		t.Errorf("Offset(1:0) = %d, %v; want 3", off, err)
	}
}

func TestInvalidUTF8CountsOnePerByte(t *testing.T) {
	src := []byte("a\xff\xfeb😀")
	ix := NewLineIndex(src)
	if got := ix.Position(3); got != (Position{0, 3}) {
		t.Errorf("Position(3) = %+v, want col 3", got)
	}
	if got := ix.Position(8); got != (Position{0, 6}) {
		t.Errorf("Position(8) = %+v, want col 6", got)
	}
	if off, _ := ix.Offset(Position{0, 2}); off != 2 {
		t.Errorf("Offset(0:2) = %d, want 2", off)
	}
	if line, col := ix.LineColumn(8); line != 1 || col != 6 {
		t.Errorf("LineColumn(8) = %d:%d, want 1:6", line, col)
	}
}

func TestLineColumn(t *testing.T) {
	ix := NewLineIndex([]byte("x\r\n😀é€z"))
	cases := []struct{ offset, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {3, 2, 1}, {7, 2, 2}, {9, 2, 3}, {12, 2, 4}, {13, 2, 5}, {5, 2, 1},
	}
	for _, c := range cases {
		if l, col := ix.LineColumn(c.offset); l != c.line || col != c.col {
			t.Errorf("LineColumn(%d) = %d:%d, want %d:%d", c.offset, l, col, c.line, c.col)
		}
	}
	if l, col := NewLineIndex([]byte("{\n  \"a\": 1\n}")).LineColumn(4); l != 2 || col != 3 {
		t.Errorf("LineColumn(4) on an ASCII second line = %d:%d, want 2:3", l, col)
	}
}

func TestSpanOf(t *testing.T) {
	ix := NewLineIndex([]byte("é\nab"))
	s, err := ix.SpanOf(Position{1, 1}, Position{0, 1})
	if err != nil || s != (Span{2, 4}) {
		t.Errorf("SpanOf = %+v, %v; want {2 4}", s, err)
	}
	if _, err := ix.SpanOf(Position{0, 0}, Position{2, 0}); err == nil {
		t.Error("SpanOf accepted a line past the end")
	}
	a, b := ix.Positions(Span{0, 4})
	if a != (Position{0, 0}) || b != (Position{1, 1}) {
		t.Errorf("Positions = %+v %+v", a, b)
	}
}

// reference computes the position of offset the slow way: split into lines
// and encode the line prefix as UTF-16.
func reference(src []byte, offset int) Position {
	line, start := 0, 0
	for i := 0; i < offset; i++ {
		if src[i] == '\n' || (src[i] == '\r' && (i+1 >= len(src) || src[i+1] != '\n')) {
			line, start = line+1, i+1
		}
	}
	col := 0
	for i := start; i < offset; {
		r, size := utf8.DecodeRune(src[i:])
		if r == '\r' || r == '\n' || i+size > offset {
			break
		}
		if size == 1 && r == utf8.RuneError {
			col++
		} else {
			col += len(utf16.Encode([]rune{r}))
		}
		i += size
	}
	return Position{line, col}
}

var pieces = []string{"a", "Z", " ", "\n", "\r\n", "\r", "é", "€", "😀", "\xff", "\"", "{"}

func TestRoundTripProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for iter := 0; iter < 500; iter++ {
		var src []byte
		for n := rng.Intn(40); n > 0; n-- {
			src = append(src, pieces[rng.Intn(len(pieces))]...)
		}
		checkIndex(t, src)
	}
}

// checkIndex asserts, for every offset of src, that Position agrees with the
// reference and that Offset maps it back to the start of the character.
func checkIndex(t *testing.T, src []byte) {
	t.Helper()
	ix := NewLineIndex(src)
	for off := 0; off <= len(src); off++ {
		p := ix.Position(off)
		if want := reference(src, off); p != want {
			t.Fatalf("%q: Position(%d) = %+v, want %+v", src, off, p, want)
		}
		back, err := ix.Offset(p)
		if err != nil {
			t.Fatalf("%q: Offset(%+v): %v", src, p, err)
		}
		if back > off || ix.Position(back) != p {
			t.Fatalf("%q: Offset(Position(%d)=%+v) = %d", src, off, p, back)
		}
		if utf8.RuneStart(byte0(src, off)) && !inLineBreak(src, off) && back != off && utf8.Valid(src) {
			t.Fatalf("%q: round trip of character start %d gave %d", src, off, back)
		}
	}
}

func byte0(src []byte, off int) byte {
	if off < len(src) {
		return src[off]
	}
	return 0
}

// inLineBreak reports whether off is the "\n" of a "\r\n".
func inLineBreak(src []byte, off int) bool {
	return off > 0 && off < len(src) && src[off] == '\n' && src[off-1] == '\r'
}

func FuzzLineIndex(f *testing.F) {
	f.Add([]byte("ab\r\nc"), 3, 0, 9)
	f.Add([]byte("😀é€"), 2, 0, 1)
	f.Fuzz(func(t *testing.T, src []byte, offset, line, char int) {
		ix := NewLineIndex(src)
		p := ix.Position(offset)
		if p.Line < 0 || p.Line >= ix.LineCount() || p.Character < 0 {
			t.Fatalf("Position(%d) = %+v out of range", offset, p)
		}
		back, err := ix.Offset(p)
		if err != nil || back < 0 || back > len(src) || ix.Position(back) != p {
			t.Fatalf("Offset(%+v) = %d, %v", p, back, err)
		}
		off, err := ix.Offset(Position{line, char})
		if (line < 0 || line >= ix.LineCount()) != (err != nil) {
			t.Fatalf("Offset(%d:%d) error = %v", line, char, err)
		}
		if err == nil && (off < 0 || off > len(src)) {
			t.Fatalf("Offset(%d:%d) = %d out of range", line, char, off)
		}
		ix.LineColumn(offset)
		if len(src) < 200 {
			checkIndex(t, src)
		}
	})
}

// The fast index of documents without "\r" must agree with the general one.
func TestLFIndexMatchesGeneral(t *testing.T) {
	pieces := []string{"a", "bcdefghij", "\n", "é", "😀", "\xff", "\x80", "{\"k\": 1}", "\n\n", "        "}
	rng := rand.New(rand.NewSource(7))
	for n := 0; n < 2000; n++ {
		var b []byte
		for k := rng.Intn(40); k > 0; k-- {
			b = append(b, pieces[rng.Intn(len(pieces))]...)
		}
		fast, general := newLFIndex(b), newAnyIndex(b)
		if !reflect.DeepEqual(fast.starts, general.starts) || !reflect.DeepEqual(fast.ascii, general.ascii) {
			t.Fatalf("%q: fast %v %v, general %v %v", b, fast.starts, fast.ascii, general.starts, general.ascii)
		}
	}
}

// FuzzLineIndexEdited checks that an index taken over from the text before
// an edit is the index of the text after it.
func FuzzLineIndexEdited(f *testing.F) {
	f.Add([]byte("{\n  \"a\": 1\n}\n"), 4, 2, "é\n")
	f.Add([]byte("a\r\nb\rc\n"), 2, 0, "\n")
	f.Add([]byte("a\r"), 2, 0, "\nb")
	f.Add([]byte("x\r\ny"), 1, 2, "")
	f.Add([]byte(""), 0, 0, "😀\r\n")
	f.Fuzz(func(t *testing.T, old []byte, start, del int, insert string) {
		start = mod(start, len(old)+1)
		del = mod(del, len(old)-start+1)
		src := append(append(append([]byte(nil), old[:start]...), insert...), old[start+del:]...)
		got := NewLineIndex(old).Edited(src, start, start+del, len(insert))
		want := NewLineIndex(src)
		if !reflect.DeepEqual(got.starts, want.starts) || !reflect.DeepEqual(got.ascii, want.ascii) {
			t.Fatalf("%q with [%d,%d) replaced by %q:\nstarts %v ascii %v\nwant   %v ascii %v", old, start, start+del, insert, got.starts, got.ascii, want.starts, want.ascii)
		}
	})
}

// mod is i modulo n in [0, n), for any i (math.MinInt included).
func mod(i, n int) int {
	return (i%n + n) % n
}

// Edited reads again only the lines an edit touches and takes the others
// over. A byte changed outside the edit (a line break the text passed does
// not have in the old one) shows which lines were read: it is seen inside
// them and not elsewhere.
func TestEditedReadsOnlyTheEditedLines(t *testing.T) {
	for _, c := range []struct {
		name              string
		old, src          string // src: old edited, with a byte changed outside the edit
		start, end, added int
		lines             int // of the index taken over, which misses the changed byte
	}{
		{"insertion at the start", "ab\nc\nd\n", "xab\n\n\nd\n", 0, 0, 1, 4},
		{"deletion inside", "ab\nc\nd\n", "a\n\n\nd\n", 1, 2, 0, 4},
		{"insertion at the end", "ab\nc\nd", "a\n\nc\ndx", 6, 6, 1, 3},
	} {
		got := NewLineIndex([]byte(c.old)).Edited([]byte(c.src), c.start, c.end, c.added)
		if got.LineCount() != c.lines || NewLineIndex([]byte(c.src)).LineCount() == c.lines {
			t.Errorf("%s: %d lines, want %d (a fresh index has %d)", c.name, got.LineCount(), c.lines, NewLineIndex([]byte(c.src)).LineCount())
		}
	}
}
