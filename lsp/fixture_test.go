package lsp

import (
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// TestFixtures opens each testdata/lsp fixture through the server and
// checks its markers (see internal/marker) against what the server
// answers: the published diagnostics, exactly, with the documents their
// code actions leave; completion; hover.
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
		c := fixtureClient{s: s, t: t, uri: "file:///fixtures/" + filepath.Base(fx.Path), lines: text.NewLineIndex(fx.Src)}
		s.open(t, c.uri, languageOf(fx.Path), 1, string(fx.Src))
		published := s.diagnostics(t, c.uri, 1)
		marker.Check(t, fx, marker.Runner{
			Diagnostics: func() []marker.Diagnostic { return c.diagnostics(published) },
			Complete:    c.complete,
			Hover:       c.hover,
		})
	})
}

// languageOf is the language id an editor sends for a fixture's file.
func languageOf(path string) string {
	switch filepath.Ext(path) {
	case ".yaml", ".yml", ".template":
		return "yaml"
	case ".tf":
		return "terraform"
	}
	return "json"
}

// fixtureClient asks the server about one open fixture and converts its
// answers to byte offsets through the document's line index.
type fixtureClient struct {
	s     *session
	t     *testing.T
	uri   string
	lines *text.LineIndex
}

func (c fixtureClient) span(r protocol.Range) text.Span {
	c.t.Helper()
	sp, err := c.lines.SpanOf(
		text.Position{Line: int(r.Start.Line), Character: int(r.Start.Character)},
		text.Position{Line: int(r.End.Line), Character: int(r.End.Character)})
	if err != nil {
		c.t.Fatalf("range %v: %v", r, err)
	}
	return sp
}

func (c fixtureClient) at(offset int) map[string]any {
	p := c.lines.Position(offset)
	return lsptest.Position(c.uri, uint32(p.Line), uint32(p.Character))
}

var severityNames = map[protocol.DiagnosticSeverity]string{
	protocol.DiagnosticSeverityError:       "error",
	protocol.DiagnosticSeverityWarning:     "warning",
	protocol.DiagnosticSeverityInformation: "information",
	protocol.DiagnosticSeverityHint:        "hint",
}

// diagnostics are the published diagnostics, each with the quick fixes the
// server offers for it when asked for code actions on its range.
func (c fixtureClient) diagnostics(published lsptest.Diagnostics) []marker.Diagnostic {
	var out []marker.Diagnostic
	for _, d := range published.Diagnostics {
		code, _ := d.Code.(string)
		sp := c.span(d.Range)
		out = append(out, marker.Diagnostic{
			Code: code, Severity: severityNames[d.Severity], Start: sp.Start, End: sp.End,
			Message: d.Message, Fixes: c.fixes(d, code),
		})
	}
	return out
}

func (c fixtureClient) fixes(d protocol.Diagnostic, code string) []marker.Fix {
	var actions []protocol.CodeAction
	c.s.call(c.t, "textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": c.uri},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": []protocol.Diagnostic{d}, "only": []string{"quickfix"}},
	}, &actions)
	var out []marker.Fix
	for _, a := range actions {
		if len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != code || a.Diagnostics[0].Range != d.Range || a.Diagnostics[0].Message != d.Message || a.Edit == nil {
			continue // a fix of another finding in the range
		}
		fix := marker.Fix{Title: a.Title}
		for _, e := range a.Edit.Changes[uri.URI(c.uri)] {
			fix.Edits = append(fix.Edits, text.Edit{Span: c.span(e.Range), NewText: e.NewText})
		}
		out = append(out, fix)
	}
	return out
}

func (c fixtureClient) complete(offset int) []marker.Completion {
	var list protocol.CompletionList
	c.s.call(c.t, "textDocument/completion", c.at(offset), &list)
	var out []marker.Completion
	for _, it := range list.Items {
		item := marker.Completion{Label: it.Label, SortText: it.SortText}
		if it.TextEdit != nil {
			sp := c.span(it.TextEdit.Range)
			item.Edit = &sp
		}
		out = append(out, item)
	}
	return out
}

func (c fixtureClient) hover(offset int) *marker.Hover {
	var h *protocol.Hover
	c.s.call(c.t, "textDocument/hover", c.at(offset), &h)
	if h == nil {
		return nil
	}
	out := &marker.Hover{Markdown: h.Contents.Value, Span: text.Span{Start: -1, End: -1}}
	if h.Range != nil {
		out.Span = c.span(*h.Range)
	}
	return out
}

// TestFixturesAssertSeverity: every diag marker of the server's fixtures
// names its severity, so that the mapping onto LSP's numbers is checked
// on every published diagnostic.
func TestFixturesAssertSeverity(t *testing.T) {
	for _, fx := range marker.All(t, filepath.Join("..", "testdata", "lsp", "*.json")) {
		for _, m := range fx.Named("diag") {
			if len(m.Args) < 2 {
				t.Errorf("%s:%d: diag marker %v gives no severity", fx.Path, m.Line, m.Args)
			}
		}
	}
}
