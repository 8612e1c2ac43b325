package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// marker is one /*@name:args*/ annotation of a fixture, at a byte offset
// of the text with the markers removed. (analysis/internal/marker has the
// same syntax but is internal to analysis, out of reach from here.)
type marker struct {
	name, arg string
	offset    int
}

func parseFixture(t *testing.T, src string) (string, []marker) {
	var out strings.Builder
	var ms []marker
	for {
		i := strings.Index(src, "/*@")
		if i < 0 {
			out.WriteString(src)
			return out.String(), ms
		}
		j := strings.Index(src[i:], "*/")
		if j < 0 {
			t.Fatalf("unterminated marker")
		}
		out.WriteString(src[:i])
		name, arg, _ := strings.Cut(src[i+3:i+j], ":")
		ms = append(ms, marker{name: name, arg: arg, offset: out.Len()})
		src = src[i+j+2:]
	}
}

// TestFixtures opens each testdata/lsp fixture through the server and
// checks completion, hover and diagnostics at its markers.
func TestFixtures(t *testing.T) {
	paths, err := filepath.Glob("../testdata/lsp/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			src, markers := parseFixture(t, string(raw))
			settings := map[string]any{}
			for _, m := range markers {
				switch m.name {
				case "kind":
					settings["policyKind"] = m.arg
				case "account":
					settings["account"] = m.arg
				}
			}
			s := initialized(t, map[string]any{"kmsPolicy": settings}, nil)
			uri := "file:///fixtures/" + filepath.Base(path)
			s.open(t, uri, "json", 1, src)
			diags := s.diagnostics(t, uri, 1)
			lines := text.NewLineIndex([]byte(src))
			for _, m := range markers {
				pos := lines.Position(m.offset)
				at := lsptest.Position(uri, uint32(pos.Line), uint32(pos.Character))
				switch m.name {
				case "complete", "nocomplete":
					var list protocol.CompletionList
					s.call(t, "textDocument/completion", at, &list)
					labels := map[string]bool{}
					for _, it := range list.Items {
						labels[it.Label] = true
					}
					for _, want := range strings.Split(m.arg, ",") {
						if labels[want] != (m.name == "complete") {
							t.Errorf("%s:%d:%d: %s %q; got %d items", path, pos.Line+1, pos.Character, m.name, want, len(list.Items))
						}
					}
				case "hover":
					var h *protocol.Hover
					s.call(t, "textDocument/hover", at, &h)
					if h == nil || !strings.Contains(h.Contents.Value, m.arg) {
						t.Errorf("%s:%d:%d: hover lacks %q: %+v", path, pos.Line+1, pos.Character, m.arg, h)
					}
				case "diag":
					if !covers(diags, m.arg, pos) {
						t.Errorf("%s:%d:%d: no %s here among %v", path, pos.Line+1, pos.Character, m.arg, codes(diags))
					}
				}
			}
		})
	}
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
