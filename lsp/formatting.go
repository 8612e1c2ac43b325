package lsp

import (
	"bytes"
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// formatting replaces the whole text with the formatted one. A document
// with syntax errors is left alone, with no edits and a line in the log:
// an error reply would pop up in editors that format on save.
func (s *Server) formatting(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p textDocumentParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	return sn, func(ctx context.Context) (any, error) {
		edits := []protocol.TextEdit{}
		if sn == nil {
			return edits, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return edits, err
		}
		formatted, err := res.Doc.Format()
		if err != nil {
			s.log.Printf("formatting %s: %v", sn.uri, err)
			return edits, nil
		}
		if bytes.Equal(formatted, sn.src) {
			return edits, nil
		}
		whole := text.Edit{Span: text.Span{Start: 0, End: len(sn.src)}, NewText: string(formatted)}
		return toTextEdits(res.Doc.Lines, []text.Edit{whole}), nil
	}, nil
}
