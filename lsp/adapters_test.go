package lsp

// What the language server adds on top of package analysis, asked of the
// real server over a pipe: the fields of its replies, how it decodes a
// request's range, and which versions it publishes.

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// notPolicy has NotAction and NotResource values, after non-ASCII text
// on their lines so that UTF-16 columns differ from byte columns.
const notPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "Clé😀", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "NotAction": ["kms:Encrypt", "kms:Decrypt"],
    "Sid2": "é", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }]
}`

// utf16Position is the LSP position of a byte offset, counted here
// independently of the server's line index.
func utf16Position(src string, offset int) protocol.Position {
	before := src[:offset]
	line := strings.Count(before, "\n")
	col := before[strings.LastIndexByte(before, '\n')+1:]
	return protocol.Position{Line: uint32(line), Character: uint32(len(utf16.Encode([]rune(col))))}
}

// fileOf is an open document as the server hands it to the analysis.
func fileOf(uri, src string) source.File {
	return source.File{Name: uri, LanguageID: "json", Src: []byte(src)}
}

// TestHoverReplyFields: a hover reply over the server is Markdown with the
// analysis's text, and its range is the analysis's span in UTF-16
// positions; NotAction and NotResource values have hovers too.
func TestHoverReplyFields(t *testing.T) {
	s := initialized(t, nil, nil)
	s.open(t, policyURI, "json", 1, notPolicy)
	doc := analysis.Analyze(analysis.Input{File: fileOf(policyURI, notPolicy)}, analysis.Options{})
	for _, c := range []struct{ at, want string }{
		{`kms:Encrypt"`, "Encrypt"},
		{`kms:Decrypt"`, "Decrypt"},
		{`key/1234abcd`, "key"},
	} {
		offset := strings.Index(notPolicy, c.at) + 2
		want := doc.Hover(offset)
		if want == nil {
			t.Fatalf("%s: the analysis has no hover", c.at)
		}
		var h *protocol.Hover
		p := utf16Position(notPolicy, offset)
		s.call(t, "textDocument/hover", lsptest.Position(policyURI, p.Line, p.Character), &h)
		if h == nil || h.Range == nil {
			t.Fatalf("%s: hover %+v, want one with a range", c.at, h)
		}
		if h.Contents.Kind != protocol.Markdown || h.Contents.Value != want.Markdown || !strings.Contains(h.Contents.Value, c.want) {
			t.Errorf("%s: contents %+v, want the analysis's Markdown naming %s", c.at, h.Contents, c.want)
		}
		wantRange := protocol.Range{Start: utf16Position(notPolicy, want.Span.Start), End: utf16Position(notPolicy, want.Span.End)}
		if *h.Range != wantRange {
			t.Errorf("%s: range %+v, want %+v (%q)", c.at, *h.Range, wantRange, notPolicy[want.Span.Start:want.Span.End])
		}
	}
}

// TestCodeActionRanges: a code action request finds the fix of a finding
// its range overlaps, whatever the range's shape: several lines around it,
// a part of it, an empty range inside it; and not one of a range beside it.
func TestCodeActionRanges(t *testing.T) {
	s := initialized(t, nil, nil)
	s.open(t, policyURI, "json", 1, typoPolicy)
	var typo protocol.Range
	d := s.diagnostics(t, policyURI, 1)
	for _, diag := range d.Diagnostics {
		if diag.Code == "unknown-action" {
			typo = diag.Range
		}
	}
	if typo.Start.Line != 4 {
		t.Fatalf("setup: want an unknown-action on line 5, got %s", d.Raw)
	}
	col := typo.Start.Character
	pos := func(line, char uint32) protocol.Position { return protocol.Position{Line: line, Character: char} }
	for _, c := range []struct {
		name  string
		r     protocol.Range
		found bool
	}{
		{"several lines around it", protocol.Range{Start: pos(2, 0), End: pos(5, 3)}, true},
		{"from the line before into it", protocol.Range{Start: pos(3, 10), End: pos(4, col+3)}, true},
		{"from inside it to the next line", protocol.Range{Start: pos(4, col+5), End: pos(5, 2)}, true},
		{"a part of it", protocol.Range{Start: pos(4, col+2), End: pos(4, col+6)}, true},
		{"empty, inside it", protocol.Range{Start: pos(4, col+4), End: pos(4, col+4)}, true},
		{"lines before it", protocol.Range{Start: pos(1, 0), End: pos(3, 5)}, false},
		{"before it on its line", protocol.Range{Start: pos(4, 0), End: pos(4, col-3)}, false},
		{"after it, on the next lines", protocol.Range{Start: pos(5, 0), End: pos(6, 2)}, false},
	} {
		var actions []protocol.CodeAction
		s.call(t, "textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": policyURI},
			"range":        c.r,
			"context":      map[string]any{"diagnostics": []protocol.Diagnostic{}},
		}, &actions)
		actions = slices.DeleteFunc(actions, func(a protocol.CodeAction) bool {
			return len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "unknown-action"
		})
		if !c.found {
			if len(actions) != 0 {
				t.Errorf("%s: %d actions, want none", c.name, len(actions))
			}
			continue
		}
		if len(actions) == 0 {
			t.Errorf("%s: no action, want the fix of %v", c.name, typo)
			continue
		}
		a := actions[0]
		if a.Kind != protocol.QuickFix || a.Diagnostics[0].Range != typo || a.Edit == nil {
			t.Errorf("%s: action %+v, want a quick fix of the finding at %v", c.name, a, typo)
			continue
		}
		edits := a.Edit.Changes[protocol.DocumentURI(policyURI)]
		if len(edits) != 1 || edits[0].Range != typo || edits[0].NewText != `"kms:Decrypt"` {
			t.Errorf("%s: edits %+v, want %q over %v", c.name, edits, `"kms:Decrypt"`, typo)
		}
	}
}

// TestCompletionItemKinds: each kind of proposal reaches the client as its
// LSP item kind.
func TestCompletionItemKinds(t *testing.T) {
	s := initialized(t, nil, nil)
	for i, c := range []struct {
		name, src string
		kind      protocol.CompletionItemKind
	}{
		{"elements", `{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "|`, protocol.CompletionItemKindProperty},
		{"values", `{"Statement": [{"Effect": "|`, protocol.CompletionItemKindValue},
		{"actions", `{"Statement": [{"Effect": "Allow", "Action": "kms:Dec|`, protocol.CompletionItemKindFunction},
		{"operators", `{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Condition": {"Str|`, protocol.CompletionItemKindOperator},
		{"condition keys", `{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:|"}}}]}`, protocol.CompletionItemKindField},
		{"statement snippets", "{\"Version\": \"2012-10-17\", \"Statement\": [\n  |\n]}", protocol.CompletionItemKindSnippet},
	} {
		uri := "file:///kinds/" + string(rune('a'+i)) + ".json"
		at := strings.IndexByte(c.src, '|')
		src := c.src[:at] + c.src[at+1:]
		s.open(t, uri, "json", 1, src)
		var list protocol.CompletionList
		p := utf16Position(src, at)
		s.call(t, "textDocument/completion", lsptest.Position(uri, p.Line, p.Character), &list)
		if len(list.Items) == 0 {
			t.Errorf("%s: no proposals", c.name)
		}
		for _, it := range list.Items {
			if it.Kind != c.kind {
				t.Errorf("%s: %q has kind %v, want %v", c.name, it.Label, it.Kind, c.kind)
			}
		}
	}
}

// TestSupersededVersionIsNeverPublished: a version whose analysis is still
// running when a newer version arrives is never published, not even after
// its analysis ends.
func TestSupersededVersionIsNeverPublished(t *testing.T) {
	setup, release := holdAnalysis(t, "HOLD")
	s := initialized(t, nil, setup)
	uri := "file:///superseded.json"
	s.open(t, uri, "json", 1, heldPolicy)
	s.change(t, uri, 2, lsptest.Change{Text: typoPolicy})
	// The read loop handles messages in turn: once this request is
	// answered, the server holds version 2.
	var none *protocol.Hover
	s.call(t, "textDocument/hover", lsptest.Position("file:///not-open.json", 0, 0), &none)
	release()
	// One worker publishes a document's versions in turn: once version 2
	// is out, version 1's analysis has ended and was dropped.
	if d := s.diagnostics(t, uri, 2); !hasCode(d, "unknown-action") {
		t.Fatalf("version 2: %s", d.Raw)
	}
	s.change(t, uri, 3, lsptest.Change{Text: strings.Replace(typoPolicy, "Decrpyt", "Decrypt", 1)})
	s.diagnostics(t, uri, 3)
	for _, d := range s.client.AllDiagnostics(uri) {
		if d.Version == nil || *d.Version < 2 {
			t.Errorf("superseded version published: %s", d.Raw)
		}
	}
}

// TestCodeActionOnlyKinds: context.only admits quick fixes when it names
// quickfix, a kind above it, or everything (""); not another kind or one
// below quickfix.
func TestCodeActionOnlyKinds(t *testing.T) {
	s := initialized(t, nil, nil)
	s.open(t, policyURI, "json", 1, typoPolicy)
	s.diagnostics(t, policyURI, 1)
	for _, c := range []struct {
		only []string
		want bool
	}{
		{nil, true},
		{[]string{""}, true},
		{[]string{"quickfix"}, true},
		{[]string{"refactor", "quickfix"}, true},
		{[]string{"refactor"}, false},
		{[]string{"quickfix.other"}, false},
		{[]string{"source"}, false},
	} {
		var actions []protocol.CodeAction
		s.call(t, "textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": policyURI},
			"range":        protocol.Range{Start: protocol.Position{Line: 4, Character: 0}, End: protocol.Position{Line: 5, Character: 0}},
			"context":      map[string]any{"diagnostics": []protocol.Diagnostic{}, "only": c.only},
		}, &actions)
		if got := len(actions) > 0; got != c.want {
			t.Errorf("only %q: %d actions, want some: %v", c.only, len(actions), c.want)
		}
	}
}

// TestCompletionItemDocumentation: a proposal with documentation gets it
// as Markdown from completionItem/resolve (the list itself carries none);
// one without gets none.
func TestCompletionItemDocumentation(t *testing.T) {
	s := initialized(t, nil, nil)
	src := `{"Statement": [{"Effect": "Allow", "Action": "kms:Decry`
	s.open(t, policyURI, "json", 1, src)
	var list protocol.CompletionList
	s.call(t, "textDocument/completion", lsptest.Position(policyURI, 0, uint32(len(src))), &list)
	found := false
	for _, it := range list.Items {
		if it.Label != "kms:Decrypt" {
			continue
		}
		found = true
		if it.Documentation != nil {
			t.Errorf("kms:Decrypt carries documentation in the list: %#v", it.Documentation)
		}
		var resolved protocol.CompletionItem
		s.call(t, "completionItem/resolve", it, &resolved)
		doc, ok := resolved.Documentation.(map[string]any)
		if !ok || doc["kind"] != "markdown" || !strings.Contains(fmt.Sprint(doc["value"]), "Decrypt") {
			t.Errorf("kms:Decrypt resolved documentation %#v, want Markdown about it", resolved.Documentation)
		}
	}
	if !found {
		t.Fatalf("no kms:Decrypt among %d proposals", len(list.Items))
	}
	// The values of kms:EncryptionAlgorithm come without documentation.
	src = `{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:EncryptionAlgorithm": "`
	s.change(t, policyURI, 2, lsptest.Change{Text: src})
	list = protocol.CompletionList{} // decoding into the old items would keep their fields
	s.call(t, "textDocument/completion", lsptest.Position(policyURI, 0, uint32(len(src))), &list)
	if len(list.Items) == 0 {
		t.Fatal("no values proposed for kms:EncryptionAlgorithm")
	}
	for _, it := range list.Items {
		var resolved protocol.CompletionItem
		s.call(t, "completionItem/resolve", it, &resolved)
		if it.Documentation != nil || resolved.Documentation != nil {
			t.Errorf("%s: documentation %#v, resolved %#v, want none", it.Label, it.Documentation, resolved.Documentation)
		}
	}
}

// TestDisplayName: the short name the size warning gives a document: the
// last path element, the whole path when it ends in a slash, an opaque
// URI's own text (killing the mutants that survived in displayName).
func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{
		"file:///a/b/key.json": "key.json",
		"file:///key.json":     "key.json",
		"file:///k":            "k",
		"file:///a/b/":         "/a/b/",
		"untitled:Untitled-1":  "Untitled-1",
	} {
		if got := displayName(in); got != want {
			t.Errorf("displayName(%q) = %q, want %q", in, got, want)
		}
	}
}
