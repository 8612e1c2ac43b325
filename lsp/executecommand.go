package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/jsonrpc2"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
)

// commands are the commands the server executes (executeCommandProvider).
var commands = []string{analysis.ShowAccessCommand}

type executeCommandParams struct {
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments"`
}

// executeCommand runs kmsPolicy.showAccess(uri, unit): it answers the
// access table of the document's key policy as Markdown, which the VS Code
// extension shows in a preview and other editors get as the result.
func (s *Server) executeCommand(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p executeCommandParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	if p.Command != analysis.ShowAccessCommand {
		return nil, nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", p.Command)
	}
	var uri string
	unit := 0
	if len(p.Arguments) < 1 || json.Unmarshal(p.Arguments[0], &uri) != nil {
		return nil, nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s takes the document's URI and the policy's index", p.Command)
	}
	if len(p.Arguments) > 1 && json.Unmarshal(p.Arguments[1], &unit) != nil {
		return nil, nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: the policy's index is a number", p.Command)
	}
	sn := s.snapshotFor(uri)
	return sn, func(ctx context.Context) (any, error) {
		if sn == nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s is not open", uri)
		}
		res, err := sn.get(ctx)
		if err != nil {
			return nil, err
		}
		md, ok := "", false
		if res.Doc != nil {
			md, ok = res.Doc.AccessMarkdown(unit)
		}
		if !ok {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s holds no key policy at index %d", uri, unit)
		}
		return md, nil
	}, nil
}
