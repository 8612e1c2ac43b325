package checks

import (
	"net/url"
	"os"
	"regexp"
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

// A rule's documentation URL lands on an anchor the README has, spelt
// exactly (an id is case-sensitive).
func TestDocURLPointsAtAnAnchorOfTheREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Rules() {
		u, err := url.Parse(DocURL(r.Code))
		if err != nil || u.Scheme != "https" || u.Fragment == "" {
			t.Errorf("DocURL(%s) = %q: %v", r.Code, DocURL(r.Code), err)
			continue
		}
		if !strings.Contains(string(readme), `<a id="`+u.Fragment+`"></a>`) {
			t.Errorf("DocURL(%s) = %q: README.md has no anchor %q", r.Code, DocURL(r.Code), u.Fragment)
		}
	}
}

// What the README section is made of: a code that is its own anchor, one
// paragraph, and a lead that names the default severity first.
func TestRuleDocumentation(t *testing.T) {
	codeRE := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	for _, r := range Rules() {
		if !codeRE.MatchString(r.Code) {
			t.Errorf("code %q is not lower-case words joined by hyphens", r.Code)
		}
		if r.Details == "" || strings.Contains(r.Details, "\n") {
			t.Errorf("%s: Details must be one paragraph on one line: %q", r.Code, r.Details)
		}
		if strings.HasPrefix(r.Details, "**") {
			lead := "**" + strings.ToUpper(r.Severity.String()[:1]) + r.Severity.String()[1:] + "**"
			if !strings.HasPrefix(r.Details, lead) || r.Applies != "" {
				t.Errorf("%s writes its own lead, which must start with its default severity %s (and then say where it applies): %q", r.Code, lead, r.Details)
			}
		}
		if strings.Contains(r.Example, "```") {
			t.Errorf("%s: the example would end its code block", r.Code)
		}
	}
}
