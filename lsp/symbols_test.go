package lsp

import (
	"testing"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/outline"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// A symbol's selection range is its own when it lies inside the symbol's
// range (its ends included, or empty), else the whole range: LSP requires
// the selection inside the range.
func TestDocumentSymbolSelections(t *testing.T) {
	src := []byte("{\"Statement\": [{\"Sid\": \"é😀 ключ\",\n  \"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\"}]}")
	lines := text.NewLineIndex(src)
	span := text.Span{Start: 15, End: len(src) - 1}
	rng := func(s text.Span) protocol.Range {
		start, end := lines.Positions(s)
		return protocol.Range{Start: protocol.Position{Line: uint32(start.Line), Character: uint32(start.Character)},
			End: protocol.Position{Line: uint32(end.Line), Character: uint32(end.Character)}}
	}
	for _, c := range []struct {
		sel  text.Span
		kept bool
	}{
		{text.Span{Start: 24, End: 40}, true},
		{span, true},
		{text.Span{Start: span.Start, End: 20}, true},
		{text.Span{Start: 40, End: span.End}, true},
		{text.Span{Start: 30, End: 30}, true},
		{text.Span{Start: span.Start - 1, End: 20}, false},
		{text.Span{Start: 24, End: span.End + 1}, false},
		{text.Span{Start: 30, End: 29}, false},
	} {
		child := outline.Symbol{Name: "kms:Decrypt", Kind: outline.SymbolElement, Span: text.Span{Start: 60, End: 73}, Selection: text.Span{Start: 60, End: 73}}
		got := toDocumentSymbols(lines, []outline.Symbol{{Name: "é😀 ключ", Detail: "Allow", Kind: outline.SymbolElement, Span: span, Selection: c.sel, Children: []outline.Symbol{child}}})
		want := rng(span)
		if c.kept {
			want = rng(c.sel)
		}
		if len(got) != 1 || got[0].Range != rng(span) || got[0].SelectionRange != want {
			t.Errorf("selection %v in %v: %+v, want the range %v and selection %v", c.sel, span, got, rng(span), want)
			continue
		}
		if s := got[0]; s.Name != "é😀 ключ" || s.Detail != "Allow" || s.Kind != symbolKinds[outline.SymbolElement] ||
			len(s.Children) != 1 || s.Children[0].Name != "kms:Decrypt" || s.Children[0].Range != rng(child.Span) {
			t.Errorf("symbol %+v", s)
		}
	}
}
