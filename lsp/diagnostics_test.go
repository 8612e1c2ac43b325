package lsp

import (
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
)

// The analysis has its own severity and tag scales; these pin the numbers
// LSP gives them (DiagnosticSeverity and DiagnosticTag in the 3.17
// specification), so that a reordering on either side shows here.
func TestSeverityAndTagsMapOntoLSPNumbers(t *testing.T) {
	for sev, want := range map[checks.Severity]float64{
		checks.Error: 1, checks.Warning: 2, checks.Information: 3, checks.Hint: 4,
	} {
		if got := toProtocolSeverity(sev); float64(got) != want {
			t.Errorf("%v is sent as %v, want %v", sev, got, want)
		}
	}
	if got := toProtocolSeverity(0); got != 0 {
		t.Errorf("no severity is sent as %v, want 0 (omitted)", got)
	}
	for tag, want := range map[checks.Tag]float64{checks.TagUnnecessary: 1, checks.TagDeprecated: 2} {
		if got, ok := toProtocolTag(tag); !ok || float64(got) != want {
			t.Errorf("tag %d is sent as %v (%v), want %v", tag, got, ok, want)
		}
	}
	if _, ok := toProtocolTag(0); ok {
		t.Error("the zero tag is sent")
	}
}
