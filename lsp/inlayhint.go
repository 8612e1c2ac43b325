package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// go.lsp.dev/protocol v0.12.0 predates inlay hints (LSP 3.17): the wire
// types are written here.

type inlayHintParams struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
	Range wireRange `json:"range"`
}

type inlayHint struct {
	Position    protocol.Position `json:"position"`
	Label       string            `json:"label"`
	Tooltip     string            `json:"tooltip,omitempty"`
	PaddingLeft bool              `json:"paddingLeft"`
}

// inlayHint answers the hints in a range: after a wildcard action, how
// many actions it stands for; after an account id of a key policy,
// whether it is the key's own.
func (s *Server) inlayHint(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p inlayHintParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	return sn, func(ctx context.Context) (any, error) {
		hints := []inlayHint{}
		if sn == nil {
			return hints, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return hints, err
		}
		lines := res.Doc.Lines
		// A range that runs past the last line (a client asking for the
		// visible lines as the document shrinks) ends at the document's end.
		start, err := lines.Offset(text.Position{Line: p.Range.Start.Line, Character: p.Range.Start.Character})
		if err != nil {
			return hints, nil
		}
		end, err := lines.Offset(text.Position{Line: p.Range.End.Line, Character: p.Range.End.Character})
		if err != nil {
			end = len(res.Doc.Src)
		}
		span := text.Span{Start: min(start, end), End: max(start, end)}
		for _, h := range res.Doc.InlayHints(span) {
			hints = append(hints, inlayHint{Position: toPosition(lines.Position(h.Offset)), Label: h.Label, Tooltip: h.Tooltip, PaddingLeft: true})
		}
		return hints, nil
	}, nil
}
