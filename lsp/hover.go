package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func (s *Server) hover(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p positionParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	return sn, func(ctx context.Context) (any, error) {
		if sn == nil {
			return nil, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return nil, err
		}
		offset, err := res.Doc.Lines.Offset(text.Position{Line: p.Position.Line, Character: p.Position.Character})
		if err != nil {
			return nil, nil
		}
		h := res.Doc.Hover(offset)
		if h == nil {
			return nil, nil
		}
		r := toRange(res.Doc.Lines, h.Span)
		return protocol.Hover{
			Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown},
			Range:    &r,
		}, nil
	}, nil
}
