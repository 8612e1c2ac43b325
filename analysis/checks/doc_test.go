package checks

import "testing"

// The lead is made from the severity and the kind of policy, unless the
// rule writes its own; a comment makes the example JSONC.
func TestRuleMarkdown(t *testing.T) {
	for _, c := range []struct {
		rule Rule
		want string
	}{
		{Rule{Code: "a", Severity: Error, Details: "Bad."}, "#### `a`\n**Error.** Bad.\n"},
		{Rule{Code: "b", Severity: Warning, Applies: "key policies", Details: "Odd.", Example: `{"a": 1}`},
			"#### `b`\n**Warning, key policies.** Odd.\n```json\n{\"a\": 1}\n```\n"},
		{Rule{Code: "c", Severity: Error, Details: "**Error** here, **warning** there.", Example: `{} // empty`},
			"#### `c`\n**Error** here, **warning** there.\n```jsonc\n{} // empty\n```\n"},
		{Rule{Code: "d", Severity: Hint, Details: "Wide.", Example: `"Resource": "arn:aws:kms:*:111122223333:key/*"`},
			"#### `d`\n**Hint.** Wide.\n```json\n\"Resource\": \"arn:aws:kms:*:111122223333:key/*\"\n```\n"},
		{Rule{Code: "e", Severity: Error, Details: "Broken.", Example: "Resources:\n  Key: ["},
			"#### `e`\n**Error.** Broken.\n```yaml\nResources:\n  Key: [\n```\n"},
		{Rule{Code: "f", Severity: Error, Details: "Broken.", Example: "resource \"a\" \"b\" {"},
			"#### `f`\n**Error.** Broken.\n```hcl\nresource \"a\" \"b\" {\n```\n"},
	} {
		if got := c.rule.Markdown(); got != c.want {
			t.Errorf("Markdown() = %q, want %q", got, c.want)
		}
	}
}
