package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/outline"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func (s *Server) documentSymbol(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p textDocumentParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	return sn, func(ctx context.Context) (any, error) {
		symbols := []protocol.DocumentSymbol{}
		if sn == nil {
			return symbols, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return symbols, err
		}
		return toDocumentSymbols(res.Doc.Lines, res.Doc.Symbols()), nil
	}, nil
}

var symbolKinds = map[outline.SymbolKind]protocol.SymbolKind{
	outline.SymbolStatement: protocol.SymbolKindStruct,
	outline.SymbolAction:    protocol.SymbolKindFunction,
	outline.SymbolElement:   protocol.SymbolKindProperty,
}

func toDocumentSymbols(lines *text.LineIndex, syms []outline.Symbol) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, 0, len(syms))
	for _, sym := range syms {
		sel := sym.Selection
		// LSP requires the selection inside the range; a client may drop
		// the whole outline otherwise.
		if sel.Start < sym.Span.Start || sel.End > sym.Span.End || sel.End < sel.Start {
			sel = sym.Span
		}
		name := sym.Name
		if name == "" {
			name = "(unnamed)" // LSP forbids empty names
		}
		ds := protocol.DocumentSymbol{
			Name:           name,
			Detail:         sym.Detail,
			Kind:           symbolKinds[sym.Kind],
			Range:          toRange(lines, sym.Span),
			SelectionRange: toRange(lines, sel),
		}
		if len(sym.Children) > 0 {
			ds.Children = toDocumentSymbols(lines, sym.Children)
		}
		out = append(out, ds)
	}
	return out
}
