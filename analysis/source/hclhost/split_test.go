package hclhost

import (
	"strings"
	"testing"
)

// A file splits into its top-level blocks, whatever their strings,
// heredocs, comments and braces hold.
func TestSplit(t *testing.T) {
	parts := []string{
		"# a comment\nresource \"a\" \"b\" {\n  x = \"}\\\" {\"\n  y = <<EOF\n}\nresource \"c\" \"d\" {\nEOF\n}\n\n",
		"data \"e\" \"f\" {\n  /* } */ z = [\n    1,\n  ]\n}\n",
		"locals {\n  s = \"${jsonencode({a = \"}\"})}\"\n}\n",
		"variable \"v\" {}",
	}
	src := strings.Join(parts, "")
	got := Split([]byte(src))
	if len(got) != len(parts) {
		t.Fatalf("%d parts, want %d: %v", len(got), len(parts), got)
	}
	at := 0
	for i, sp := range got {
		if sp.Start != at || src[sp.Start:sp.End] != parts[i] {
			t.Errorf("part %d is %q, want %q", i, src[sp.Start:sp.End], parts[i])
		}
		at = sp.End
		if _, errs := Parse([]byte(src[sp.Start:sp.End])); len(errs) > 0 {
			t.Errorf("part %d does not parse on its own: %v", i, errs)
		}
	}
}
