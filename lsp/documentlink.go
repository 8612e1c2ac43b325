package lsp

import (
	"context"
	"encoding/json"
	"path/filepath"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// documentLink answers with a link on each action, condition key and
// resource ARN to the page of AWS's documentation that describes it, and
// on the path of each file a Terraform configuration reads a policy from.
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
		// A Terraform configuration's file() and templatefile() paths
		// open the file they read.
		if path, ok := filePath(sn.uri); ok {
			for _, r := range res.Doc.References() {
				out = append(out, protocol.DocumentLink{
					Range:   toRange(res.Doc.Lines, r.Span),
					Target:  uri.File(r.Resolve(filepath.Dir(path))),
					Tooltip: "the policy of " + r.Name,
				})
			}
		}
		return out, nil
	}, nil
}
