package analysis

import (
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// BenchmarkAnalyzeStages splits BenchmarkAnalyze into its stages on the
// same documents, to show where a keystroke's time goes: parsing, building
// the model, running the checks and indexing the lines.
func BenchmarkAnalyzeStages(b *testing.B) {
	for _, s := range sizes {
		src := policygen.KeyPolicy(s.size)
		f := jsonast.Parse(src)
		pol := policy.Build(f, policy.KindAuto)
		stages := []struct {
			name string
			run  func()
		}{
			{"parse", func() { jsonast.Parse(src) }},
			{"build", func() { policy.Build(f, policy.KindAuto) }},
			{"checks", func() { checks.Run(pol, checks.Options{}) }},
			{"lines", func() { text.NewLineIndex(src) }},
		}
		for _, st := range stages {
			b.Run(s.name+"/"+st.name, func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for b.Loop() {
					st.run()
				}
			})
		}
	}
}
