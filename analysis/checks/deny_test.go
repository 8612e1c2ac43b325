package checks_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

// allowOnly are the statement-scoped rules that by design judge Allow
// statements only: what they warn of (access granted too widely) is not a
// risk in a Deny.
var allowOnly = map[string]bool{
	"service-principal-unscoped": true,
	"forallvalues-with-allow":    true,
	"not-cross-account":          true,
	"overly-permissive":          true,
	// Allow with NotAction/NotResource grants broadly; "Resource": "*"
	// with resource-level actions grants more than needed.
	"allow-with-not-element":            true,
	"resource-star-with-resource-types": true,
	// A forgeable header in a Deny can only narrow what is denied.
	"forgeable-condition-key": true,
}

// noEffect are the statement-scoped rules whose fixtures have no Allow to
// turn: invalid-effect's hold no valid Effect, and these two trigger on a
// Deny statement already (so they are seen to judge Deny).
var noEffect = map[string]bool{
	"invalid-effect":               true,
	"bool-with-several-values":     true,
	"invalid-condition-key-format": true,
}

// allowEffect matches an "Effect": "Allow" member; its value is replaced
// by `"Deny" ` so that every offset after it stays where it was.
var allowEffect = regexp.MustCompile(`("Effect"\s*:\s*)"Allow"`)

// TestDenyTwins turns every Allow statement of each statement-scoped rule's
// fixtures into a Deny statement: the rule reports the same findings there
// (a rule that skipped Deny statements would report none), except the
// rules in allowOnly, which fall silent.
func TestDenyTwins(t *testing.T) {
	twinned := map[string]bool{}
	for _, fx := range marker.All(t, fixturePattern) {
		code := filepath.Base(filepath.Dir(fx.Path))
		r := checks.LookupRule(code)
		if r == nil || r.Scope != checks.StatementScope || !allowEffect.Match(fx.Src) {
			continue
		}
		allow := findings(t, fx, fx.Src, code)
		if len(allow) == 0 {
			continue
		}
		twinned[code] = true
		deny := findings(t, fx, allowEffect.ReplaceAll(fx.Src, []byte(`$1"Deny" `)), code)
		switch {
		case allowOnly[code] && len(deny) > 0:
			t.Errorf("%s: Deny twin: %s reports %v, want nothing on Deny", fx.Path, code, deny)
		case !allowOnly[code] && !slices.Equal(allow, deny):
			t.Errorf("%s: Deny twin: %s reports %v, want %v as on Allow", fx.Path, code, deny, allow)
		}
	}
	for _, r := range checks.Rules() {
		if r.Scope == checks.StatementScope && !noEffect[r.Code] && !twinned[r.Code] {
			t.Errorf("%s: no fixture with an Allow statement that triggers it, so no Deny twin", r.Code)
		}
	}
}

// findings are the code's findings in src, analysed as fx is, each as its
// range and severity.
func findings(t *testing.T, fx *marker.Fixture, src []byte, code string) []string {
	t.Helper()
	twin := *fx
	twin.Src = src
	doc := analysis.Analyze(analysis.Input{File: twin.File()}, analysis.Options{
		Kind:   fx.Kind(t),
		Checks: checks.Options{Account: fx.Setting("account")},
	})
	var out []string
	for _, d := range doc.Diagnostics {
		if d.Code == code {
			out = append(out, fmt.Sprintf("%d-%d %s", d.Start, d.End, d.Severity))
		}
	}
	return out
}
