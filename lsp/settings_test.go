package lsp

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

func TestParseSettings(t *testing.T) {
	body := `{"policyKind": "key", "account": "111122223333", "disabledRules": ["lockout-risk"],
		"severity": {"unknown-action": "warning", "x": "loud"}, "fileGlobs": ["*.kms.json"], "maxDocumentSize": 1000}`
	for _, raw := range []string{body, `{"kmsPolicy": ` + body + `}`} {
		cfg, problems := parseSettings(json.RawMessage(raw))
		if cfg.analysis.Kind != policy.KindKey || cfg.analysis.Checks.Account != "111122223333" {
			t.Errorf("kind/account = %v/%q", cfg.analysis.Kind, cfg.analysis.Checks.Account)
		}
		if !cfg.analysis.Checks.Disabled["lockout-risk"] {
			t.Errorf("disabled = %v", cfg.analysis.Checks.Disabled)
		}
		if cfg.analysis.Checks.Severity["unknown-action"] != checks.Warning || len(cfg.analysis.Checks.Severity) != 1 {
			t.Errorf("severity = %v", cfg.analysis.Checks.Severity)
		}
		if len(cfg.globs) != 1 || cfg.maxSize != 1000 {
			t.Errorf("globs/maxSize = %v/%d", cfg.globs, cfg.maxSize)
		}
		if len(problems) != 1 || !strings.Contains(problems[0], `"loud"`) {
			t.Errorf("problems = %q", problems)
		}
	}
	for _, raw := range []string{``, `null`, `{}`, `{"kmsPolicy": null}`} {
		cfg, problems := parseSettings(json.RawMessage(raw))
		if cfg.maxSize != DefaultMaxDocumentSize || cfg.analysis.Kind != policy.KindAuto || len(problems) != 0 {
			t.Errorf("%s: %+v %q", raw, cfg, problems)
		}
	}
	if _, problems := parseSettings(json.RawMessage(`{"policyKind": 3}`)); len(problems) != 1 {
		t.Errorf("wrong type not reported: %q", problems)
	}
}

// Changing the settings re-analyses and republishes the open documents.
func TestDidChangeConfiguration(t *testing.T) {
	s := initialized(t, nil, nil)
	s.open(t, policyURI, "json", 1, typoPolicy)
	if d := s.diagnostics(t, policyURI, 1); !hasCode(d, "unknown-action") {
		t.Fatalf("setup: %v", codes(d))
	}
	if err := s.client.Notify(ctxT(t), "workspace/didChangeConfiguration", map[string]any{
		"settings": map[string]any{"kmsPolicy": map[string]any{"disabledRules": []string{"unknown-action"}}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.client.WaitDiagnostics(ctxT(t), policyURI, func(d lsptest.Diagnostics) bool {
		return !hasCode(d, "unknown-action")
	}); err != nil {
		t.Errorf("unknown-action still published after disabling it: %v", err)
	}
}

// A document over the size limit is not analysed, and the user is told
// once; it is analysed again once small enough.
func TestMaxDocumentSize(t *testing.T) {
	s := initialized(t, map[string]any{"maxDocumentSize": 200}, nil)
	big := typoPolicy + strings.Repeat(" ", 300)
	s.open(t, policyURI, "json", 1, big)
	ctx := ctxT(t)
	isWarning := func(n lsptest.Notification) bool {
		return n.Method == "window/showMessage" && strings.Contains(string(n.Params), "maxDocumentSize")
	}
	if _, err := s.client.WaitNotification(ctx, isWarning); err != nil {
		t.Fatalf("no size warning: %v", err)
	}
	s.change(t, policyURI, 2, lsptest.Edit(0, 0, 0, 0, " "))
	// Shrinking it back under the limit brings the diagnostics.
	s.change(t, policyURI, 3, lsptest.Change{Text: typoPolicy[:180] + `"]}]}`})
	s.diagnostics(t, policyURI, 3)
	warnings := 0
	for _, n := range s.client.Notifications() {
		if isWarning(n) {
			warnings++
		}
	}
	if warnings != 1 {
		t.Errorf("%d size warnings, want 1", warnings)
	}
	if d := s.client.AllDiagnostics(policyURI); len(d) == 0 || *d[0].Version != 3 {
		t.Errorf("diagnostics published for the oversized versions: %v", d)
	}
}

// A document exactly at the size limit, counted in bytes, is analysed; one
// byte more is not.
func TestMaxDocumentSizeBoundary(t *testing.T) {
	atLimit := strings.Replace(typoPolicy, "AllowUse", "Allow use é😀", 1)
	s := initialized(t, map[string]any{"maxDocumentSize": len(atLimit)}, nil)
	s.open(t, policyURI, "json", 1, atLimit)
	if d := s.diagnostics(t, policyURI, 1); !hasCode(d, "unknown-action") {
		t.Fatalf("a document at the limit not analysed: %v", codes(d))
	}
	s.change(t, policyURI, 2, lsptest.Edit(0, 0, 0, 0, " "))
	warning := func(n lsptest.Notification) bool {
		return n.Method == "window/showMessage" && strings.Contains(string(n.Params), "maxDocumentSize")
	}
	if _, err := s.client.WaitNotification(ctxT(t), warning); err != nil {
		t.Fatalf("no size warning one byte over the limit: %v", err)
	}
	if d := s.diagnostics(t, policyURI, 2); len(d.Diagnostics) != 0 {
		t.Errorf("diagnostics for a document over the limit: %v", codes(d))
	}
}

// A didChangeConfiguration without our section ({} from eglot, or only
// another server's settings) keeps the settings given at initialize.
func TestForeignConfigurationKeepsInitializationOptions(t *testing.T) {
	s := initialized(t, map[string]any{"kmsPolicy": map[string]any{"disabledRules": []string{"unknown-action"}}}, nil)
	s.open(t, policyURI, "json", 1, typoPolicy)
	if d := s.diagnostics(t, policyURI, 1); hasCode(d, "unknown-action") {
		t.Fatalf("setup: unknown-action reported although disabled: %v", codes(d))
	}
	for _, settings := range []any{map[string]any{}, map[string]any{"yaml": map[string]any{"validate": true}}} {
		if err := s.client.Notify(ctxT(t), "workspace/didChangeConfiguration", map[string]any{"settings": settings}); err != nil {
			t.Fatal(err)
		}
	}
	// A later edit is analysed with the settings in force.
	s.change(t, policyURI, 2, lsptest.Change{Text: typoPolicy + " "})
	if d := s.diagnostics(t, policyURI, 2); hasCode(d, "unknown-action") {
		t.Errorf("foreign settings reset the disabled rules: %v", codes(d))
	}
	if carriesSettings(json.RawMessage(`{"kmsPolicy": {}}`)) != true || carriesSettings(json.RawMessage(`{"account": "111122223333"}`)) != true {
		t.Error("our own settings not recognised")
	}
}
