package text

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"unicode/utf8"
)

// LineIndex maps byte offsets of one document to positions and back.
//
// A line ends after "\r\n", "\n" or a lone "\r", which is how LSP splits
// lines. Lookups cost a binary search over the line starts plus a walk over
// the one line concerned; lines holding only ASCII skip the walk.
type LineIndex struct {
	src []byte
	// starts are the byte offsets where lines begin; starts[0] == 0. Four
	// bytes a line: an editor keeps one index per open document. Lines
	// starting past maxStart are not recorded (the rest is one long line):
	// no document that large can be analysed anyway.
	starts []int32
	ascii  []bool // ascii[i]: line i holds no byte >= 0x80
}

// maxStart is the last offset a line start may have.
const maxStart = math.MaxInt32

// start is where line begins.
func (ix *LineIndex) start(line int) int { return int(ix.starts[line]) }

// addLine records a line that begins at offset, unless it begins too far.
func (ix *LineIndex) addLine(offset int, ascii bool) bool {
	if offset > maxStart {
		return false
	}
	ix.starts = append(ix.starts, int32(offset))
	ix.ascii = append(ix.ascii, ascii)
	return true
}

// ErrLineOutOfRange is returned by Offset for a line past the document's
// last line (or a negative one).
var ErrLineOutOfRange = errors.New("line out of range")

// NewLineIndex indexes src. The index keeps src, which must not change
// afterwards.
func NewLineIndex(src []byte) *LineIndex {
	if bytes.IndexByte(src, '\r') < 0 {
		return newLFIndex(src)
	}
	return newAnyIndex(src)
}

// newAnyIndex indexes any document, a byte at a time.
func newAnyIndex(src []byte) *LineIndex {
	ix := &LineIndex{src: src, starts: make([]int32, 1, 1+len(src)/32)}
	ix.ascii = append(ix.ascii, ix.scan(src, 0, len(src)))
	return ix
}

// scan reads src[from:to], where from starts a line, a byte at a time. It
// appends the start of every line that begins after a line break in it
// ("\n", "\r\n" or a lone "\r") and whether each line it ends is ASCII,
// and reports whether the line still open at to is ASCII so far.
func (ix *LineIndex) scan(src []byte, from, to int) (ascii bool) {
	ascii = true
	for i := from; i < to; i++ {
		c := src[i]
		if c >= utf8.RuneSelf {
			ascii = false
			continue
		}
		if c != '\n' && c != '\r' {
			continue
		}
		if c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			i++
		}
		if !ix.addLine(i+1, ascii) {
			return false
		}
		ascii = true
	}
	return ascii
}

// newLFIndex indexes a document whose lines all end with "\n", the common
// case, a line at a time with the vectorised byte search rather than a
// byte at a time: the index is rebuilt on every keystroke.
func newLFIndex(src []byte) *LineIndex {
	n := bytes.Count(src, []byte{'\n'}) + 1
	ix := &LineIndex{src: src, starts: make([]int32, 1, n), ascii: make([]bool, 0, n)}
	start := 0
	for {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 || start+i+1 > maxStart {
			ix.ascii = append(ix.ascii, isASCII(src[start:]))
			return ix
		}
		ix.ascii = append(ix.ascii, isASCII(src[start:start+i]))
		start += i + 1
		ix.starts = append(ix.starts, int32(start))
	}
}

// isASCII reports whether b holds no byte >= 0x80, eight bytes at a time.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// LineCount is the number of lines; a document ending with a line break
// has an empty last line, and an empty document has one line.
func (ix *LineIndex) LineCount() int { return len(ix.starts) }

// line returns the line holding offset, which must be in [0, len(src)].
func (ix *LineIndex) line(offset int) int {
	return sort.Search(len(ix.starts), func(i int) bool { return ix.start(i) > offset }) - 1
}

// contentEnd is the offset where line's text stops, before its line break.
func (ix *LineIndex) contentEnd(line int) int {
	if line+1 >= len(ix.starts) {
		return len(ix.src)
	}
	end := ix.start(line+1) - 1
	if ix.src[end] == '\n' && end > ix.start(line) && ix.src[end-1] == '\r' {
		end--
	}
	return end
}

func (ix *LineIndex) clamp(offset int) int {
	return max(0, min(offset, len(ix.src)))
}

// Position converts a byte offset to a zero-based line and UTF-16 column.
// The offset is clamped into [0, len(src)]; an offset inside a multi-byte
// character, or between the "\r" and "\n" of a line break, maps to where
// that character or break starts. Each invalid UTF-8 byte counts as one
// UTF-16 unit (editors show it as one replacement character).
func (ix *LineIndex) Position(offset int) Position {
	offset = ix.clamp(offset)
	line := ix.line(offset)
	start := ix.start(line)
	offset = min(offset, ix.contentEnd(line))
	if ix.ascii[line] {
		return Position{Line: line, Character: offset - start}
	}
	col := 0
	for i := start; i < offset; {
		_, size := utf8.DecodeRune(ix.src[i:])
		if i+size > offset {
			break // offset falls inside this rune
		}
		col += utf16Len(size)
		i += size
	}
	return Position{Line: line, Character: col}
}

// utf16Len is the UTF-16 length of a rune that takes size bytes in UTF-8:
// only 4-byte runes lie outside the BMP and need a surrogate pair.
func utf16Len(size int) int {
	if size == 4 {
		return 2
	}
	return 1
}

// Offset converts a position back to a byte offset. A character past the
// end of its line clamps to the line's end (before the line break), and a
// negative one to the line's start, as LSP asks; a character falling
// between the two halves of a surrogate pair maps to the character's start.
// A line outside [0, LineCount()) is an error wrapping ErrLineOutOfRange, so
// that callers can reject edits aimed past the document.
func (ix *LineIndex) Offset(p Position) (int, error) {
	if p.Line < 0 || p.Line >= len(ix.starts) {
		return 0, fmt.Errorf("%w: line %d, document has %d", ErrLineOutOfRange, p.Line, len(ix.starts))
	}
	start, end := ix.start(p.Line), ix.contentEnd(p.Line)
	if p.Character <= 0 {
		return start, nil
	}
	if ix.ascii[p.Line] {
		return min(start+p.Character, end), nil
	}
	col := 0
	i := start
	for i < end {
		_, size := utf8.DecodeRune(ix.src[i:end])
		col += utf16Len(size)
		if col > p.Character {
			break // the target column is inside this character
		}
		i += size
		if col == p.Character {
			break
		}
	}
	return i, nil
}

// Positions converts both ends of a span.
func (ix *LineIndex) Positions(s Span) (start, end Position) {
	return ix.Position(s.Start), ix.Position(s.End)
}

// SpanOf converts an LSP range to a byte span; it fails when either end
// names a line outside the document. Ends given in reverse are swapped.
func (ix *LineIndex) SpanOf(start, end Position) (Span, error) {
	s, err := ix.Offset(start)
	if err != nil {
		return Span{}, err
	}
	e, err := ix.Offset(end)
	if err != nil {
		return Span{}, err
	}
	if e < s {
		s, e = e, s
	}
	return Span{Start: s, End: e}, nil
}

// LineColumn gives the 1-based line and 1-based column of offset for
// human-facing output such as "file:line:col". Unlike Position, the column
// counts Unicode characters (each invalid UTF-8 byte counts as one), which
// is what a person counts, whatever the editor's encoding. Offsets are
// clamped and snapped as in Position.
func (ix *LineIndex) LineColumn(offset int) (line, column int) {
	offset = ix.clamp(offset)
	l := ix.line(offset)
	start := ix.start(l)
	offset = min(offset, ix.contentEnd(l))
	if ix.ascii[l] {
		return l + 1, offset - start + 1
	}
	col := 0
	for i := start; i < offset; {
		_, size := utf8.DecodeRune(ix.src[i:])
		if i+size > offset {
			break
		}
		col++
		i += size
	}
	return l + 1, col + 1
}

// Edited returns the index of src, which is ix's text with the bytes
// [start, end) replaced by src[start:start+newLen]. Only the lines the edit
// touches are scanned; the others are taken over, moved by the change in
// length. A keystroke in a 32 KB policy then costs a copy of the line
// table instead of a search through every byte. A range outside ix's text
// gets a fresh index.
func (ix *LineIndex) Edited(src []byte, start, end, newLen int) *LineIndex {
	delta := newLen - (end - start)
	if start < 0 || start > end || end > len(ix.src) || newLen < 0 || len(src) != len(ix.src)+delta {
		return NewLineIndex(src)
	}
	// From the line before the edit's: a '\r' ending it may now be
	// followed by an inserted '\n', which makes the two one line break.
	a := max(ix.line(start)-1, 0)
	b := ix.line(end)
	tail := b+1 < len(ix.starts) // lines after the edit's last one
	stop := len(src)
	if tail {
		stop = ix.start(b+1) + delta
	}
	if len(src) > maxStart {
		return NewLineIndex(src)
	}
	out := &LineIndex{src: src, starts: make([]int32, a+1, len(ix.starts)+8), ascii: make([]bool, a, len(ix.ascii)+8)}
	copy(out.starts, ix.starts[:a+1])
	copy(out.ascii, ix.ascii[:a])
	ascii := out.scan(src, ix.start(a), stop)
	if !tail {
		out.ascii = append(out.ascii, ascii)
		return out
	}
	if out.start(len(out.starts)-1) != stop {
		return NewLineIndex(src) // the line break before stop is not where it was
	}
	for _, s := range ix.starts[b+2:] {
		out.starts = append(out.starts, s+int32(delta))
	}
	out.ascii = append(out.ascii, ix.ascii[b+1:]...)
	return out
}
