package lsp

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

type codeActionParams struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
	Range   wireRange `json:"range"`
	Context struct {
		Only []string `json:"only"`
	} `json:"context"`
}

// codeAction offers the quick fixes that the checks attached to the
// findings under the range, each with the finding it resolves.
func (s *Server) codeAction(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p codeActionParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	return sn, func(ctx context.Context) (any, error) {
		actions := []protocol.CodeAction{}
		if sn == nil || !wantsQuickFix(p.Context.Only) {
			return actions, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return actions, err
		}
		lines := res.Doc.Lines
		span, err := lines.SpanOf(
			text.Position{Line: p.Range.Start.Line, Character: p.Range.Start.Character},
			text.Position{Line: p.Range.End.Line, Character: p.Range.End.Character})
		if err != nil {
			return actions, nil
		}
		for _, a := range res.Doc.CodeActions(span) {
			actions = append(actions, protocol.CodeAction{
				Title:       a.Fix.Title,
				Kind:        protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{toProtocolDiagnostic(lines, a.Diagnostic)},
				IsPreferred: a.Fix.Preferred,
				Edit: &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{
					uri.URI(sn.uri): toTextEdits(lines, a.Fix.Edits),
				}},
			})
		}
		return actions, nil
	}, nil
}

// wantsQuickFix reads context.only: kinds are hierarchical, so "quickfix"
// and "" (everything) both admit "quickfix", and "quickfix.x" does not.
func wantsQuickFix(only []string) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == "" || k == string(protocol.QuickFix) || strings.HasPrefix(string(protocol.QuickFix), k+".") {
			return true
		}
	}
	return false
}
