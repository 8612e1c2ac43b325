package hclhost

import (
	"strings"
	"testing"
)

// A file splits into its top-level blocks and attributes, whatever their
// strings, heredocs, comments and braces hold, and a file cut short
// anywhere still splits into parts that cover it.
func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts []string
		parse bool // each part parses on its own
	}{
		{"blocks", []string{
			"# a comment\nresource \"a\" \"b\" {\n  x = \"}\\\" {\"\n  y = <<EOF\n}\nresource \"c\" \"d\" {\nEOF\n}\n\n",
			"data \"e\" \"f\" {\n  /* } */ z = [\n    1,\n  ]\n}\n",
			"locals {\n  s = \"${jsonencode({a = \"}\"})}\"\n}\n",
			"variable \"v\" {}",
		}, true},
		{"names at the letters' ends", []string{"b = 0\n", "a = 1\n", "z = 2\n", "A = 3\n", "Z = 4\n"}, true},
		{"braces in strings, templates and comments", []string{
			"a = \"{\"\n",
			"b = 1 /* ünïcode { */\n",
			"c = \"${upper(\"{\")}\"\n",
			"d = \"${jsonencode({e = \"{\"})}\"\n",
			"f = [\"${1}\"]\n",
			"g = 2\n",
		}, true},
		{"lines at column 0 inside a block", []string{
			"locals {\n  m = {\n}\nn = 1\n}\n",
			"locals {\n  s = \"${upper(\"}\")}\"\nt = 1\n}\n",
			"o = 1\n",
		}, true},
		{"a comment after a blank line goes with its block", []string{"\n# note\nx = 1\n", "y = 2\n"}, true},
		{"heredocs", []string{
			"a = <<-EOT\nb {\n  EOT\n",
			"c = <<AZaz09\nd {\nAZaz09\n",
			"e = <<X\nf {\n\nX\n",
			"g = <<EOT\r\nh {\r\nEOT\r\n",
			"i = 1\r\n",
		}, true},
		{"empty", nil, true},
		{"cut in a line comment", []string{"x = 1 # end"}, false},
		{"cut in a block comment", []string{"x = 1 /* end*"}, false},
		{"cut in a string", []string{"x = \"abc"}, false},
		{"cut after a dollar", []string{"x = \"a$"}, false},
		{"cut in an interpolation", []string{"x = \"${a"}, false},
		{"cut at <<", []string{"x = <<"}, false},
		{"cut after a heredoc's marker", []string{"x = <<EOF"}, false},
		{"cut after a heredoc's closing marker", []string{"x = <<EOF\ny\nEOF"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Join(tc.parts, "")
			got := Split([]byte(src))
			if len(got) != len(tc.parts) {
				t.Fatalf("%d parts, want %d: %v", len(got), len(tc.parts), got)
			}
			at := 0
			for i, sp := range got {
				if sp.Start != at || src[sp.Start:sp.End] != tc.parts[i] {
					t.Errorf("part %d is %q, want %q", i, src[sp.Start:sp.End], tc.parts[i])
				}
				at = sp.End
				if !tc.parse {
					continue
				}
				if _, errs := Parse([]byte(src[sp.Start:sp.End])); len(errs) > 0 {
					t.Errorf("part %d does not parse on its own: %v", i, errs)
				}
			}
		})
	}
}
