package lsp

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

const accessPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Partner",
      "Effect": "Allow",
      "Principal": {"AWS": "444455556666"},
      "Action": ["kms:Decrypt", "kms:Describe*"],
      "Resource": "*"
    }
  ]
}`

// The lenses, the access table and the hints, asked of the real server.
func TestCodeLensAndShowAccess(t *testing.T) {
	s := newSession(t, nil)
	raw, err := s.client.Initialize(ctxT(t), nil)
	var init struct {
		Capabilities struct {
			CodeLensProvider       *struct{} `json:"codeLensProvider"`
			ExecuteCommandProvider struct {
				Commands []string `json:"commands"`
			} `json:"executeCommandProvider"`
			InlayHintProvider bool `json:"inlayHintProvider"`
		} `json:"capabilities"`
	}
	if err != nil || json.Unmarshal(raw, &init) != nil {
		t.Fatalf("initialize: %v", err)
	}
	if init.Capabilities.CodeLensProvider == nil || !init.Capabilities.InlayHintProvider ||
		strings.Join(init.Capabilities.ExecuteCommandProvider.Commands, ",") != "kmsPolicy.showAccess" {
		t.Errorf("capabilities %+v", init.Capabilities)
	}
	uri := "file:///key.json"
	s.open(t, uri, "json", 1, accessPolicy)
	s.diagnostics(t, uri, 1)

	var lenses []struct {
		Range   wireRange `json:"range"`
		Command struct {
			Title     string            `json:"title"`
			Command   string            `json:"command"`
			Arguments []json.RawMessage `json:"arguments"`
		} `json:"command"`
	}
	s.call(t, "textDocument/codeLens", map[string]any{"textDocument": map[string]string{"uri": uri}}, &lenses)
	if len(lenses) != 3 {
		t.Fatalf("%d lenses, want the summary and one a statement: %+v", len(lenses), lenses)
	}
	sum := lenses[0]
	if sum.Range.Start.Line != 2 || sum.Range.Start.Character != 2 || sum.Command.Command != "kmsPolicy.showAccess" || len(sum.Command.Arguments) != 2 ||
		!strings.Contains(sum.Command.Title, "use: account 111122223333 (this key's), account 444455556666") {
		t.Errorf("summary lens %+v", sum)
	}
	if l := lenses[2]; l.Range.Start.Line != 10 || l.Command.Command != "" || l.Command.Title != "allows kms:Decrypt, kms:DescribeKey to account 444455556666" {
		t.Errorf("the partner statement's lens %+v", l)
	}

	var md string
	args := []any{}
	for _, a := range sum.Command.Arguments {
		args = append(args, a)
	}
	s.call(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": args}, &md)
	if !strings.Contains(md, "| account 444455556666 | always Decrypt; never the other ") {
		t.Errorf("access table:\n%s", md)
	}
	// Without the policy's index, the document's first policy.
	var first, onlyURI string
	s.call(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": []any{uri, 0}}, &first)
	s.call(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": []any{uri}}, &onlyURI)
	if first == "" || onlyURI != first {
		t.Errorf("access table asked with the URI alone:\n%s\nwith index 0:\n%s", onlyURI, first)
	}
	if e := s.callErr(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": []any{}}); e == nil || e.Code != -32602 {
		t.Errorf("no arguments: %v", e)
	}
	if e := s.callErr(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.nope", "arguments": args}); e.Code != -32602 {
		t.Errorf("unknown command: %v", e)
	}
	if e := s.callErr(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": []any{uri, 7}}); e.Code != -32602 {
		t.Errorf("no such policy: %v", e)
	}
}

func TestInlayHintsAndPrincipalHover(t *testing.T) {
	s := initialized(t, map[string]any{"account": "111122223333"}, nil)
	uri := "file:///key.json"
	s.open(t, uri, "json", 1, accessPolicy)
	s.diagnostics(t, uri, 1)
	var hints []struct {
		Position wirePosition `json:"position"`
		Label    string       `json:"label"`
		Tooltip  string       `json:"tooltip"`
	}
	s.call(t, "textDocument/inlayHint", map[string]any{"textDocument": map[string]string{"uri": uri},
		"range": map[string]any{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 20, "character": 0}}}, &hints)
	var got []string
	for _, h := range hints {
		got = append(got, h.Label)
	}
	all := strconv.Itoa(len(eval.KeyActions())) + " actions" // kms:*
	if strings.Join(got, "|") != "this key's account|"+all+"|other account|1 action" {
		t.Fatalf("hints %+v", hints)
	}
	// After "kms:Describe*" on line 14.
	if h := hints[3]; h.Position.Line != 14 || h.Tooltip != "kms:DescribeKey" {
		t.Errorf("wildcard hint %+v", h)
	}
	var hover struct {
		Contents struct {
			Value string `json:"value"`
		} `json:"contents"`
	}
	s.call(t, "textDocument/hover", lsptest.Position(uri, 13, 30), &hover)
	if !strings.Contains(hover.Contents.Value, "**account 444455556666** on this key") || !strings.Contains(hover.Contents.Value, "- cryptographic: always Decrypt; never the other") {
		t.Errorf("hover on the partner account:\n%s", hover.Contents.Value)
	}
}
