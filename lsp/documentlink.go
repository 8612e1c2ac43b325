package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// documentLink answers with a link on each action, condition key and
// resource ARN to the page of AWS's documentation that describes it.
func (s *Server) documentLink(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p textDocumentParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	return sn, func(ctx context.Context) (any, error) {
		out := []protocol.DocumentLink{}
		if sn == nil {
			return out, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return out, err
		}
		for _, l := range res.Doc.Links() {
			out = append(out, protocol.DocumentLink{
				Range:   toRange(res.Doc.Lines, l.Span),
				Target:  uri.URI(l.URL),
				Tooltip: l.Tooltip,
			})
		}
		return out, nil
	}, nil
}
