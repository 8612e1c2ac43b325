package lsp

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// TestFixtures opens each testdata/lsp fixture through the server and
// checks completion, hover and diagnostics at its markers.
func TestFixtures(t *testing.T) {
	marker.Run(t, filepath.Join("..", "testdata", "lsp", "*.json"), func(t *testing.T, fx *marker.Fixture) {
		settings := map[string]any{}
		if kind := fx.Setting("kind"); kind != "" {
			settings["policyKind"] = kind
		}
		if account := fx.Setting("account"); account != "" {
			settings["account"] = account
		}
		s := initialized(t, map[string]any{"kmsPolicy": settings}, nil)
		uri := "file:///fixtures/" + filepath.Base(fx.Path)
		s.open(t, uri, "json", 1, string(fx.Src))
		diags := s.diagnostics(t, uri, 1)
		lines := text.NewLineIndex(fx.Src)
		for _, m := range fx.Markers {
			// Hover and diagnostic markers name one text, commas and all.
			arg := strings.Join(m.Args, ",")
			pos := lines.Position(m.Offset)
			at := lsptest.Position(uri, uint32(pos.Line), uint32(pos.Character))
			where := fmt.Sprintf("%s:%d:%d", fx.Path, pos.Line+1, pos.Character)
			switch m.Name {
			case "complete", "nocomplete":
				var list protocol.CompletionList
				s.call(t, "textDocument/completion", at, &list)
				labels := map[string]bool{}
				for _, it := range list.Items {
					labels[it.Label] = true
				}
				for _, want := range m.Args {
					if labels[want] != (m.Name == "complete") {
						t.Errorf("%s: %s %q; got %d items", where, m.Name, want, len(list.Items))
					}
				}
			case "hover":
				var h *protocol.Hover
				s.call(t, "textDocument/hover", at, &h)
				if h == nil || !strings.Contains(h.Contents.Value, arg) {
					t.Errorf("%s: hover lacks %q: %+v", where, arg, h)
				}
			case "diag":
				if !covers(diags, arg, pos) {
					t.Errorf("%s: no %s here among %v", where, arg, codes(diags))
				}
			}
		}
	})
}

func covers(d lsptest.Diagnostics, code string, p text.Position) bool {
	for _, x := range d.Diagnostics {
		r := x.Range
		after := uint32(p.Line) > r.Start.Line || (uint32(p.Line) == r.Start.Line && uint32(p.Character) >= r.Start.Character)
		before := uint32(p.Line) < r.End.Line || (uint32(p.Line) == r.End.Line && uint32(p.Character) <= r.End.Character)
		if x.Code == code && after && before {
			return true
		}
	}
	return false
}
