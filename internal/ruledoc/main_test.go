package main

import (
	"os"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
)

const readmePath = "../../README.md"

// README.md's rule sections are exactly what the rules say about themselves.
func TestREADMEIsGeneratedFromTheRules(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	want, err := splice(readme, render(checks.Rules()))
	if err != nil {
		t.Fatal(err)
	}
	if string(readme) != string(want) {
		t.Errorf("README.md's rule sections differ from the rules' documentation in analysis/checks: run `go generate ./analysis/checks` (and edit a rule's Details or Example, not README.md)")
	}
}

func TestSpliceNeedsBothMarkers(t *testing.T) {
	for _, readme := range []string{"# x\n", "# x\n" + begin, "# x\n" + end + begin} {
		if _, err := splice([]byte(readme), "section"); err == nil {
			t.Errorf("splice(%q) found a section", readme)
		}
	}
	got, err := splice([]byte("a\n"+begin+"old\n"+end+"b\n"), "new\n")
	if err != nil || string(got) != "a\n"+begin+"new\n"+end+"b\n" {
		t.Errorf("splice = %q, %v", got, err)
	}
}

func TestRenderAnchorsEachRule(t *testing.T) {
	got := render([]*checks.Rule{{Code: "x", Severity: checks.Hint, Details: "D."}})
	if want := "\n<a id=\"rule-x\"></a>\n#### `x`\n**Hint.** D.\n\n"; got != want {
		t.Errorf("render = %q, want %q", got, want)
	}
}
