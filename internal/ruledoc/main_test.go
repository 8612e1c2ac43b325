package main

import (
	"os"
	"strings"
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

// The lead is made from the severity and the kind of policy, unless the
// rule writes its own.
func TestParagraphLead(t *testing.T) {
	for _, c := range []struct {
		rule checks.Rule
		want string
	}{
		{checks.Rule{Severity: checks.Error, Details: "Bad."}, "**Error.** Bad."},
		{checks.Rule{Severity: checks.Warning, Applies: "key policies", Details: "Odd."}, "**Warning, key policies.** Odd."},
		{checks.Rule{Severity: checks.Error, Details: "**Error** here, **warning** there."}, "**Error** here, **warning** there."},
	} {
		if got := paragraph(&c.rule); got != c.want {
			t.Errorf("paragraph = %q, want %q", got, c.want)
		}
	}
	if fence(`{"a": 1} // note`) != "jsonc" || fence(`{"a": 1}`) != "json" {
		t.Error("fence: a comment makes the example JSONC, and only a comment")
	}
	if !strings.Contains(render([]*checks.Rule{{Code: "x", Severity: checks.Hint, Details: "D."}}), "<a id=\"rule-x\"></a>\n#### `x`\n**Hint.** D.\n") {
		t.Error("render does not write the anchor, heading and paragraph")
	}
}
