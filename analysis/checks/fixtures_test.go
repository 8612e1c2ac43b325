package checks_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

const (
	fixtureRoot    = "../../testdata/checks"
	fixturePattern = fixtureRoot + "/*/*.json"
)

// TestFixtures analyses each fixture as the language server and the CLI do
// and checks its findings against its markers (see internal/marker):
// exactly the diagnostics announced, at their exact ranges, and the
// documents their named fixes leave.
func TestFixtures(t *testing.T) {
	marker.Run(t, fixturePattern, func(t *testing.T, fx *marker.Fixture) {
		doc := analysis.Analyze(analysis.Input{File: fx.File(), Exists: existsNextTo(fx.Path)}, analysis.Options{
			Kind:   fx.Kind(t),
			Checks: checks.Options{Account: fx.Setting("account")},
		})
		marker.Check(t, fx, marker.Runner{Diagnostics: func() []marker.Diagnostic { return diagnostics(doc) }})
	})
}

// existsNextTo answers for the files a fixture's Terraform configuration
// reads, as the CLI does: on disk, next to the fixture.
func existsNextTo(fixture string) func(source.Reference) bool {
	return func(r source.Reference) bool {
		_, err := os.Stat(r.Resolve(filepath.Dir(fixture)))
		return err == nil
	}
}

// diagnostics are doc's findings, each with the quick fixes that code
// actions offer for it.
func diagnostics(doc *analysis.Document) []marker.Diagnostic {
	var out []marker.Diagnostic
	for _, d := range doc.Diagnostics {
		md := marker.Diagnostic{Code: d.Code, Severity: d.Severity.String(), Start: d.Start, End: d.End, Message: d.Message}
		for _, a := range doc.CodeActions(d.Span) {
			if a.Diagnostic.Code == d.Code && a.Diagnostic.Span == d.Span && a.Diagnostic.Message == d.Message {
				md.Fixes = append(md.Fixes, marker.Fix{Title: a.Fix.Title, Edits: a.Fix.Edits})
			}
		}
		out = append(out, md)
	}
	return out
}

// TestEveryRuleHasFixtures: every code has a fixture that triggers it and a
// fixture in its own directory that stays clean of it.
func TestEveryRuleHasFixtures(t *testing.T) {
	fxs := marker.All(t, fixturePattern)
	for _, r := range checks.Rules() {
		triggered, clean := false, false
		for _, fx := range fxs {
			if filepath.Base(filepath.Dir(fx.Path)) != r.Code {
				continue
			}
			n := 0
			for _, code := range fx.DiagnosticCodes(t) {
				if code == r.Code {
					n++
				}
			}
			triggered = triggered || n > 0
			clean = clean || n == 0
		}
		if !triggered || !clean {
			t.Errorf("%s: want a fixture in %s/%s that triggers it (%v) and one that stays clean (%v)", r.Code, fixtureRoot, r.Code, triggered, clean)
		}
	}
	dirs, err := os.ReadDir(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && checks.LookupRule(d.Name()) == nil {
			t.Errorf("fixture directory %s names no rule", d.Name())
		}
	}
}

// TestFixturesAssertSeverity: every diag marker of the checks fixtures names
// the severity it expects, so that a rule whose severity slips (and with it
// the CLI's exit status) fails TestFixtures.
func TestFixturesAssertSeverity(t *testing.T) {
	for _, fx := range marker.All(t, fixturePattern) {
		for _, m := range fx.Named("diag") {
			if len(m.Args) < 2 {
				t.Errorf("%s:%d: diag marker %v gives no severity", fx.Path, m.Line, m.Args)
			}
		}
	}
}
