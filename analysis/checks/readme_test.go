package checks

import (
	"os"
	"strings"
	"testing"
)

// The language server links every finding to README.md#rule-CODE and the
// SARIF output names it as the rule's help: each rule must have its section.
func TestEveryRuleIsDocumentedInTheREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Rules() {
		anchor := `<a id="rule-` + r.Code + `"></a>`
		i := strings.Index(string(readme), anchor)
		if i < 0 {
			t.Errorf("README.md has no section %s for rule %s", anchor, r.Code)
			continue
		}
		if section := string(readme[i:]); !strings.Contains(section[:min(len(section), 2000)], "```") {
			t.Errorf("README.md section of %s has no example", r.Code)
		}
	}
}
