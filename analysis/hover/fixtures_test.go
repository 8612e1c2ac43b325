package hover_test

import (
	"path/filepath"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

// TestFixtures runs testdata/hover/*.json through internal/marker: at
// /*@hover:A,B*/ the hover covers the cursor and its markdown contains each
// substring; at /*@nohover*/ there is no hover.
func TestFixtures(t *testing.T) {
	marker.Run(t, filepath.Join("..", "..", "testdata", "hover", "*.json"), func(t *testing.T, fx *marker.Fixture) {
		doc := analysis.Analyze(analysis.Input{File: fx.File()}, analysis.Options{Kind: fx.Kind(t)})
		marker.Check(t, fx, marker.Runner{Hover: func(offset int) *marker.Hover {
			h := doc.Hover(offset)
			if h == nil {
				return nil
			}
			return &marker.Hover{Markdown: h.Markdown, Span: h.Span}
		}})
	})
}
