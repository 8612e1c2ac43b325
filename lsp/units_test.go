package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// getKeyPolicyFile is what `aws kms get-key-policy` prints, with a
// misspelt action and non-ASCII text (as is and as a \u escape) before it
// on the same line of the file.
const getKeyPolicyFile = "{\n" +
	`  "Policy": "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"Clé 😀 \u00e9\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": [\"kms:*\", \"kms:Decrpyt\"], \"Resource\": \"*\"}]\n}",` + "\n" +
	`  "PolicyName": "default"` + "\n}\n"

// utf16Col is the UTF-16 column of the first occurrence of needle on line.
func utf16Col(line, needle string) uint32 {
	n := uint32(0)
	for _, r := range line[:strings.Index(line, needle)] {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// A policy held in a JSON string: findings, hover and quick fixes at the
// host file's positions, through the real server.
func TestPolicyInAJSONString(t *testing.T) {
	s := initialized(t, nil, nil)
	const uri = "file:///work/key-policy-output.json"
	s.open(t, uri, "json", 1, getKeyPolicyFile)
	d := s.diagnostics(t, uri, 1)
	line := strings.Split(getKeyPolicyFile, "\n")[1]
	col := utf16Col(line, `\"kms:Decrpyt\"`)
	var typo *protocol.Diagnostic
	for i, diag := range d.Diagnostics {
		if diag.Code == "unknown-action" {
			typo = &d.Diagnostics[i]
		} else if diag.Code != "redundant-action" {
			t.Errorf("unexpected finding %s: %s", diag.Code, diag.Message)
		}
	}
	if typo == nil {
		t.Fatalf("no unknown-action: %s", d.Raw)
	}
	want := protocol.Range{Start: protocol.Position{Line: 1, Character: col}, End: protocol.Position{Line: 1, Character: col + uint32(len(`\"kms:Decrpyt\"`))}}
	if typo.Range != want {
		t.Errorf("unknown-action at %+v, want %+v (the escaped string in the host)", typo.Range, want)
	}

	var hover struct {
		Contents protocol.MarkupContent `json:"contents"`
		Range    *protocol.Range        `json:"range"`
	}
	s.call(t, "textDocument/hover", lsptest.Position(uri, 1, utf16Col(line, `kms:*`)+2), &hover)
	if !strings.Contains(hover.Contents.Value, "kms:") || hover.Range == nil || hover.Range.Start.Line != 1 {
		t.Errorf("hover on kms:* in the string: %+v", hover)
	}

	var actions []protocol.CodeAction
	s.call(t, "textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        want,
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	var fixed bool
	for _, a := range actions {
		if a.Edit == nil {
			continue
		}
		for _, edits := range a.Edit.Changes {
			for _, e := range edits {
				if e.Range == want && e.NewText == `\"kms:Decrypt\"` {
					fixed = true
				}
			}
		}
	}
	if !fixed {
		t.Errorf("no quick fix writing the escaped kms:Decrypt over the typo: %+v", actions)
	}

	// An edit inside the string is analysed as an edit of the policy.
	s.change(t, uri, 2, lsptest.Edit(1, col+6, 1, col+13, "Decrypt"))
	if d := s.diagnostics(t, uri, 2); strings.Contains(string(d.Raw), "unknown-action") {
		t.Errorf("the corrected action is still reported: %s", d.Raw)
	}
}
