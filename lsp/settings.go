package lsp

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// DefaultMaxDocumentSize is the size above which a document is not analysed.
// Real policies are at most 32 KB (key policies) or a few KB (IAM); a
// multi-megabyte JSON file is not a policy being edited by hand.
const DefaultMaxDocumentSize = 4 << 20

// Settings are the user's settings, as sent in initializationOptions and
// workspace/didChangeConfiguration, either wrapped as {"kmsPolicy": {...}}
// or bare.
type Settings struct {
	PolicyKind      string            `json:"policyKind"`
	Account         string            `json:"account"`
	Organization    string            `json:"organization"`
	DisabledRules   []string          `json:"disabledRules"`
	Severity        map[string]string `json:"severity"`
	FileGlobs       []string          `json:"fileGlobs"`
	MaxDocumentSize int               `json:"maxDocumentSize"`
}

// config is the settings made ready for use. It is immutable: a change of
// settings makes a new one, and snapshots keep the one they were made with.
type config struct {
	analysis analysis.Options
	globs    []string
	maxSize  int
}

func defaultConfig() *config { return &config{maxSize: DefaultMaxDocumentSize} }

// parseSettings reads settings JSON. Unusable values are reported in
// problems and left at their defaults; the rest still applies, so one typo
// does not turn every setting off.
func parseSettings(raw json.RawMessage) (cfg *config, problems []string) {
	cfg = defaultConfig()
	if len(raw) == 0 || string(raw) == "null" {
		return cfg, nil
	}
	var wrapped struct {
		KMSPolicy json.RawMessage `json:"kmsPolicy"`
	}
	if err := json.Unmarshal(raw, &wrapped); err == nil && len(wrapped.KMSPolicy) > 0 && string(wrapped.KMSPolicy) != "null" {
		raw = wrapped.KMSPolicy
	}
	var s Settings
	if err := json.Unmarshal(raw, &s); err != nil {
		return cfg, []string{fmt.Sprintf("settings ignored: %v", err)}
	}
	kind, ok := policy.ParseKind(s.PolicyKind)
	if !ok {
		problems = append(problems, fmt.Sprintf("unknown policyKind %q (want auto, key or iam)", s.PolicyKind))
	}
	cfg.analysis.Kind = kind
	cfg.analysis.Checks.Account = s.Account
	cfg.analysis.Checks.Organization = s.Organization
	if len(s.DisabledRules) > 0 {
		cfg.analysis.Checks.Disabled = make(map[string]bool, len(s.DisabledRules))
		for _, code := range s.DisabledRules {
			cfg.analysis.Checks.Disabled[code] = true
		}
	}
	codes := make([]string, 0, len(s.Severity))
	for code := range s.Severity {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		sev, ok := checks.ParseSeverity(s.Severity[code])
		if !ok {
			problems = append(problems, fmt.Sprintf("severity of %s: unknown severity %q (want error, warning, information or hint)", code, s.Severity[code]))
			continue
		}
		if cfg.analysis.Checks.Severity == nil {
			cfg.analysis.Checks.Severity = make(map[string]checks.Severity)
		}
		cfg.analysis.Checks.Severity[code] = sev
	}
	for _, g := range s.FileGlobs {
		if g != "" {
			cfg.globs = append(cfg.globs, g)
		}
	}
	switch {
	case s.MaxDocumentSize > 0:
		cfg.maxSize = s.MaxDocumentSize
	case s.MaxDocumentSize < 0:
		problems = append(problems, fmt.Sprintf("maxDocumentSize %d is negative", s.MaxDocumentSize))
	}
	return cfg, problems
}

// settingKeys are the members a bare settings object may have.
var settingKeys = []string{"policyKind", "account", "organization", "disabledRules", "severity", "fileGlobs", "maxDocumentSize"}

// carriesSettings reports whether a didChangeConfiguration payload is meant
// for us: a kmsPolicy section, or a bare object with one of our keys. Some
// clients (eglot) send {} or only other servers' sections right after
// connecting; taking that as "all defaults" would silently drop the
// initializationOptions.
func carriesSettings(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	if _, ok := m["kmsPolicy"]; ok {
		return true
	}
	for _, k := range settingKeys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}
