package checks

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The README's table of Access Analyzer's checks has a row for each of
// the 160 check types, and every code it names is a rule of ours.
func TestAccessAnalyzerTableNamesRules(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(raw), `<a id="access-analyzer"></a>`)
	if !ok {
		t.Fatal("README.md has no Access Analyzer section")
	}
	row := regexp.MustCompile(`(?m)^\| (Error|Warning|Security warning|Suggestion) \| ([^|]+) \| (yes|no)†? \| (yes|no)†? \| (.+) \|$`)
	code := regexp.MustCompile("`([a-z0-9]+(?:-[a-z0-9]+)+)`")
	rows := row.FindAllStringSubmatch(table, -1)
	if len(rows) != 160 {
		t.Errorf("%d rows, want one for each of the 160 checks", len(rows))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r[2]] {
			t.Errorf("check %q twice", r[2])
		}
		seen[r[2]] = true
		applies := r[3] == "yes" || r[4] == "yes"
		if !applies && !strings.HasPrefix(r[5], "—") {
			t.Errorf("%s applies to neither kind, yet names %q", r[2], r[5])
		}
		for _, c := range code.FindAllStringSubmatch(r[5], -1) {
			if LookupRule(c[1]) == nil && !strings.Contains(c[1], ":") {
				t.Errorf("%s: %q is not a rule", r[2], c[1])
			}
		}
	}
}
