package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
)

type textDocumentOnly struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
}

// codeLens answers the lenses of a key policy: above "Statement" who can
// do what (a click runs kmsPolicy.showAccess), above each statement what
// it grants after the Denies. The evaluation engine's summary behind them
// is made once per version of the document.
func (s *Server) codeLens(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p textDocumentOnly
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	return sn, func(ctx context.Context) (any, error) {
		lenses := []protocol.CodeLens{}
		if sn == nil {
			return lenses, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return lenses, err
		}
		for _, l := range res.Doc.Lenses() {
			cmd := &protocol.Command{Title: l.Title}
			if l.Command != "" {
				cmd.Command = l.Command
				cmd.Arguments = []any{sn.uri, l.Unit}
			}
			lenses = append(lenses, protocol.CodeLens{Range: toRange(res.Doc.Lines, l.Span), Command: cmd})
		}
		return lenses, nil
	}, nil
}
