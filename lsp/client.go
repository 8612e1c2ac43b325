package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// applyEdit asks the client to apply a workspace edit and reports whether
// it did. It calls workspace/applyEdit through the connection with our own
// result type: protocol.Client.ApplyEdit decodes the reply as a bare bool,
// while clients answer {"applied": true} (pitfall 9).
func (s *Server) applyEdit(ctx context.Context, label string, edit protocol.WorkspaceEdit) (applyWorkspaceEditResult, error) {
	var result applyWorkspaceEditResult
	_, err := s.conn.Call(ctx, "workspace/applyEdit", protocol.ApplyWorkspaceEditParams{Label: label, Edit: edit}, &result)
	return result, err
}
