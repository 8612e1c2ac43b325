package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
)

// docBase is the README, on the project's page, that documents the rules.
const docBase = "https://github.com/kms-policy-ls/kms-policy-ls"

// DocURL is where the rule with this code is documented: its section of
// the README, whose anchor is DocAnchor(code).
func DocURL(code string) string { return docBase + "#" + DocAnchor(code) }

// DocAnchor is the id of a rule's section in the README.
func DocAnchor(code string) string { return "rule-" + code }

// Markdown is the rule's documentation as the README shows it: a heading
// with its code, the paragraph, and the example.
func (r *Rule) Markdown() string {
	var b strings.Builder
	b.WriteString("#### `" + r.Code + "`\n" + r.paragraph() + "\n")
	if r.Example != "" {
		b.WriteString("```" + exampleLanguage(r.Example) + "\n" + r.Example + "\n```\n")
	}
	return b.String()
}

// paragraph is the rule's lead (its default severity, and the kind of
// policy it applies to) and its Details. A rule whose severity depends on
// the case writes its own lead.
func (r *Rule) paragraph() string {
	if strings.HasPrefix(r.Details, "**") {
		return r.Details
	}
	lead := r.Severity.String()
	lead = strings.ToUpper(lead[:1]) + lead[1:]
	if r.Applies != "" {
		lead += ", " + r.Applies
	}
	return "**" + lead + ".** " + r.Details
}

// exampleLanguage names the example's language: HCL for a Terraform
// block, YAML for a template (which starts with a key, not a JSON value);
// JSONC when it carries a
// comment, which JSON has not. The parser tells a comment from a "/*" in a
// string such as "arn:aws:kms:*:111122223333:key/*".
func exampleLanguage(example string) string {
	if strings.HasPrefix(example, "resource \"") || strings.HasPrefix(example, "data \"") {
		return "hcl"
	}
	if c := example[0]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
		return "yaml"
	}
	if len(jsonast.Parse([]byte(example)).Comments) > 0 {
		return "jsonc"
	}
	return "json"
}
