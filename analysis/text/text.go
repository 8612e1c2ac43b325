// Package text holds the text-level vocabulary shared by every analysis
// package: byte spans, edits, and the mapping between byte offsets and the
// (line, UTF-16 column) positions that LSP and the CLI's JSON output use.
//
// All analysis works on byte offsets into the document's UTF-8 source. Only
// this package converts them, so that there is one place to get UTF-16 right.
package text

// Span is a half-open byte range [Start, End) in a document.
type Span struct {
	Start, End int
}

// Contains reports whether offset lies in the span; the end is included so
// that a cursor just after a word still counts as "on" it.
func (s Span) Contains(offset int) bool { return s.Start <= offset && offset <= s.End }

// Edit replaces the bytes of Span with NewText.
type Edit struct {
	Span
	NewText string
}

// Position is a zero-based line and a zero-based column counted in UTF-16
// code units, as LSP counts them.
type Position struct {
	Line, Character int
}
