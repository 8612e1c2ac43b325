package completion_test

import (
	"path/filepath"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

// TestFixtures runs testdata/completion/*.json through internal/marker: at
// each /*@complete:A,B*/ the labels are proposed, A ranked before B; at
// /*@nocomplete:C*/ C is not. /*@kind:key*/ chooses the policy kind.
func TestFixtures(t *testing.T) {
	marker.Run(t, filepath.Join("..", "..", "testdata", "completion", "*.json"), func(t *testing.T, fx *marker.Fixture) {
		doc := analysis.Analyze(analysis.Input{File: fx.File()}, analysis.Options{Kind: fx.Kind(t)})
		marker.Check(t, fx, marker.Runner{Complete: func(offset int) []marker.Completion {
			var out []marker.Completion
			for _, it := range doc.Complete(offset) {
				edit := it.Edit.Span
				out = append(out, marker.Completion{Label: it.Label, SortText: it.SortText, Edit: &edit})
			}
			return out
		}})
	})
}
