package hover

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

// TestFixtures runs testdata/hover/*.json: at /*@hover:A,B*/ the hover's
// markdown must contain each substring and its span must cover the cursor;
// at /*@nohover*/ there must be no hover.
func TestFixtures(t *testing.T) {
	marker.Run(t, filepath.Join("..", "..", "testdata", "hover", "*.json"), func(t *testing.T, fx *marker.Fixture) {
		f := jsonast.Parse(fx.Src)
		pol := policy.Build(f, fx.Kind(t))
		checked := 0
		for _, m := range fx.Markers {
			switch m.Name {
			case "hover":
				checked++
				h := Hover(f, pol, m.Offset)
				if h == nil {
					t.Errorf("%s:%d: no hover", fx.Path, m.Line)
					continue
				}
				if h.Start > m.Offset || h.End < m.Offset {
					t.Errorf("%s:%d: span %v does not cover the cursor %d", fx.Path, m.Line, h.Span, m.Offset)
				}
				for _, want := range m.Args {
					if !strings.Contains(h.Markdown, want) {
						t.Errorf("%s:%d: hover lacks %q:\n%s", fx.Path, m.Line, want, h.Markdown)
					}
				}
			case "nohover":
				checked++
				if h := Hover(f, pol, m.Offset); h != nil {
					t.Errorf("%s:%d: unexpected hover:\n%s", fx.Path, m.Line, h.Markdown)
				}
			}
		}
		if checked == 0 {
			t.Fatal("fixture has no hover marker")
		}
	})
}
