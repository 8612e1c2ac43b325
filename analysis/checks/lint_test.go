package checks

import (
	"fmt"
	"sort"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// fixtureRoot holds the rules' fixtures, which fixtures_test.go runs
// through internal/marker and the fuzz target takes as seeds.
const fixtureRoot = "../../testdata/checks"

// lint analyses a document as the language server and the CLI do.
func lint(src []byte, kind policy.Kind, opts Options) (*policy.Policy, []Diagnostic) {
	pol := policy.Build(jsonast.Parse(src), kind)
	return pol, Run(pol, opts)
}

func where(li *text.LineIndex, offset int) string {
	p := li.Position(offset)
	return fmt.Sprintf("%d:%d", p.Line+1, p.Character+1)
}

// applyFix applies a fix's edits and returns the text that then stands where
// the finding's range was.
func applyFix(src []byte, at text.Span, f Fix) string {
	edits := append([]text.Edit(nil), f.Edits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start > edits[j].Start })
	out := string(src)
	start, end := at.Start, at.End
	for _, e := range edits {
		out = out[:e.Start] + e.NewText + out[e.End:]
		delta := len(e.NewText) - (e.End - e.Start)
		switch {
		case e.End <= start: // before the range (an insertion at its start too)
			start += delta
			end += delta
		case e.Start < end: // inside or overlapping: the range takes the new text
			end += delta
		}
	}
	return out[start:end]
}
