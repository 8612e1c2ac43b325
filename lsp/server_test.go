package lsp

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

const policyURI = "file:///work/policies/app-key.json"

// typoPolicy has one misspelt action on line 5 ("kms:Decrpyt").
const typoPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "AllowUse", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
    "Action": ["kms:Encrypt", "kms:Decrpyt"],
    "Resource": "*"
  }]
}`

func TestInitializeCapabilities(t *testing.T) {
	s := newSession(t, nil)
	raw, err := s.client.Initialize(ctxT(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Change    int  `json:"change"`
			} `json:"textDocumentSync"`
			CompletionProvider struct {
				TriggerCharacters []string `json:"triggerCharacters"`
				ResolveProvider   bool     `json:"resolveProvider"`
			} `json:"completionProvider"`
			HoverProvider      bool `json:"hoverProvider"`
			CodeActionProvider struct {
				CodeActionKinds []string `json:"codeActionKinds"`
			} `json:"codeActionProvider"`
			DocumentSymbolProvider     bool `json:"documentSymbolProvider"`
			DocumentFormattingProvider bool `json:"documentFormattingProvider"`
		} `json:"capabilities"`
		ServerInfo struct {
			Name, Version string
		} `json:"serverInfo"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	c := res.Capabilities
	if !c.TextDocumentSync.OpenClose || c.TextDocumentSync.Change != 2 {
		t.Errorf("textDocumentSync = %+v, want openClose and incremental (2)", c.TextDocumentSync)
	}
	if !strings.Contains(strings.Join(c.CompletionProvider.TriggerCharacters, ""), `"`) {
		t.Errorf("trigger characters %q lack a quote", c.CompletionProvider.TriggerCharacters)
	}
	if !c.CompletionProvider.ResolveProvider {
		t.Errorf("completionProvider.resolveProvider not set: documentation comes with completionItem/resolve")
	}
	if !c.HoverProvider || !c.DocumentSymbolProvider || !c.DocumentFormattingProvider {
		t.Errorf("missing providers in %s", raw)
	}
	if len(c.CodeActionProvider.CodeActionKinds) != 1 || c.CodeActionProvider.CodeActionKinds[0] != "quickfix" {
		t.Errorf("codeActionKinds = %v", c.CodeActionProvider.CodeActionKinds)
	}
	if res.ServerInfo.Name != "kms-policy-ls" || res.ServerInfo.Version != "test" {
		t.Errorf("serverInfo = %+v", res.ServerInfo)
	}
}

func TestDiagnosticsOnOpenAndFix(t *testing.T) {
	s := initialized(t, nil, nil)
	s.open(t, policyURI, "json", 1, typoPolicy)
	d := s.diagnostics(t, policyURI, 1)
	var typo *protocol.Diagnostic
	for i := range d.Diagnostics {
		if d.Diagnostics[i].Code == "unknown-action" {
			typo = &d.Diagnostics[i]
		}
	}
	if typo == nil {
		t.Fatalf("no unknown-action in %s", d.Raw)
	}
	if typo.Source != "kms-policy-ls" {
		t.Errorf("source = %q", typo.Source)
	}
	if typo.CodeDescription == nil || string(typo.CodeDescription.Href) != "https://github.com/kms-policy-ls/kms-policy-ls#rule-unknown-action" {
		t.Errorf("codeDescription = %+v", typo.CodeDescription)
	}
	// "kms:Decrpyt" with its quotes sits on line 4 from column 28.
	line := strings.Split(typoPolicy, "\n")[4]
	col := strings.Index(line, `kms:Decrpyt`)
	if typo.Range.Start.Line != 4 || int(typo.Range.Start.Character) > col || int(typo.Range.End.Character) < col+len("kms:Decrpyt") {
		t.Errorf("range = %+v, want line 4 around column %d", typo.Range, col)
	}

	// Fix the typo with an incremental edit: "rpyt" -> "rypt".
	at := uint32(col + len("kms:Dec"))
	s.change(t, policyURI, 2, lsptest.Edit(4, at, 4, at+4, "rypt"))
	d = s.diagnostics(t, policyURI, 2)
	if hasCode(d, "unknown-action") {
		t.Errorf("unknown-action still reported after the fix: %s", d.Raw)
	}
}
