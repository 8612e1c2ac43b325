package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

func TestAnalyzeFindsAndFixes(t *testing.T) {
	src := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrpyt","Resource":"*"}]}`
	doc := Analyze(Bytes([]byte(src)), Options{Kind: policy.KindIAM})
	var found bool
	for _, d := range doc.Diagnostics {
		if d.Code == "unknown-action" {
			found = true
			if got := src[d.Start:d.End]; got != `"kms:Decrpyt"` && got != `kms:Decrpyt` {
				t.Errorf("unknown-action covers %q", got)
			}
			acts := doc.CodeActions(text.Span{Start: d.Start + 2, End: d.Start + 2})
			if len(acts) == 0 {
				t.Fatal("no quick fix at the finding")
			}
			// A cursor at either edge of the finding, or a selection
			// that ends or starts there, is on it.
			for _, at := range []text.Span{{Start: d.Start, End: d.Start}, {Start: d.End, End: d.End}, {Start: d.Start - 3, End: d.Start}, {Start: d.End, End: d.End + 3}} {
				var on bool
				for _, a := range doc.CodeActions(at) {
					on = on || a.Diagnostic.Code == "unknown-action"
				}
				if !on {
					t.Errorf("no quick fix of unknown-action at %v, by a finding at %v", at, d.Span)
				}
			}
			e := acts[0].Fix.Edits[0]
			fixed := src[:e.Start] + e.NewText + src[e.End:]
			again := Analyze(Bytes([]byte(fixed)), Options{Kind: policy.KindIAM})
			for _, d := range again.Diagnostics {
				if d.Code == "unknown-action" {
					t.Errorf("the quick fix did not resolve it: %s", fixed)
				}
			}
		}
	}
	if !found {
		t.Fatalf("no unknown-action in %+v", doc.Diagnostics)
	}
	if acts := doc.CodeActions(text.Span{Start: 0, End: 1}); len(acts) != 0 {
		t.Errorf("quick fixes offered far from any finding: %+v", acts)
	}
}

func TestDisabledRulesAreNotRun(t *testing.T) {
	src := []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrpyt","Resource":"*"}]}`)
	opts := Options{Kind: policy.KindIAM}
	opts.Checks.Disabled = map[string]bool{"unknown-action": true}
	for _, d := range Analyze(Bytes(src), opts).Diagnostics {
		if d.Code == "unknown-action" {
			t.Fatal("a disabled rule reported")
		}
	}
}

func TestGeneratedPoliciesLintClean(t *testing.T) {
	// The benchmark documents must be realistic: a clean key policy costs
	// what a real one does, not what a wall of findings does.
	doc := Analyze(Bytes(policygen.KeyPolicy(32*1024)), Options{})
	if doc.Units[0].Policy.Kind != policy.KindKey {
		t.Errorf("kind = %v", doc.Units[0].Policy.Kind)
	}
	for _, d := range doc.Diagnostics {
		t.Errorf("%s at %d: %s", d.Code, d.Start, d.Message)
	}
}

var sizes = []struct {
	name string
	size int
}{{"1KB", 1 << 10}, {"32KB", 32 << 10}, {"1MB", 1 << 20}}

// BenchmarkAnalyze measures parse + model + every check, the work done per
// keystroke and per linted file.
func BenchmarkAnalyze(b *testing.B) {
	benchEachSize(b, func(_ *testing.B, src []byte) { Analyze(Bytes(src), Options{}) })
}

// benchEachSize runs do on the generated key policy of each size in sizes,
// so that benchmarks compared with each other see the same documents.
func benchEachSize(b *testing.B, do func(b *testing.B, src []byte)) {
	for _, s := range sizes {
		src := policygen.KeyPolicy(s.size)
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				do(b, src)
			}
		})
	}
}

func ExampleAnalyze() {
	doc := Analyze(Bytes([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`)), Options{})
	fmt.Println(doc.Units[0].Policy.Kind, len(doc.Diagnostics))
	// Output: key 0
}

// BenchmarkAnalyzeSweep analyses key policies from 16 KB to 1 MB, to show
// where the cost per byte stops being flat (see BENCHMARKS.md).
func BenchmarkAnalyzeSweep(b *testing.B) {
	for _, kb := range []int{16, 32, 64, 128, 256, 512, 1024} {
		src := policygen.KeyPolicy(kb << 10)
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				Analyze(Bytes(src), Options{})
			}
		})
	}
}

// BenchmarkAnalyzeInPieces analyses 1 MB of policy text as 32 separate
// 32 KB policies, one after the other, each in its own buffer: what a
// streaming analysis (parse, model and check a piece, then move on) could
// at best achieve, since each piece's tree and model fit in the core's
// cache while it is being checked. BenchmarkReadBytes is the floor below
// everything: reading each byte once and keeping nothing (see
// BENCHMARKS.md, "Third pass").
func BenchmarkAnalyzeInPieces(b *testing.B) {
	piece := policygen.KeyPolicy(32 << 10)
	pieces := make([][]byte, 32)
	for i := range pieces {
		pieces[i] = bytes.Clone(piece)
	}
	b.SetBytes(int64(len(piece) * len(pieces)))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pieces {
			Analyze(Bytes(p), Options{})
		}
	}
}

// BenchmarkReadBytes runs encoding/json's validator, which reads every byte
// once and allocates nothing, over the documents of BenchmarkAnalyze.
func BenchmarkReadBytes(b *testing.B) {
	benchEachSize(b, func(b *testing.B, src []byte) {
		if !json.Valid(src) {
			b.Fatal("generated policy is not valid JSON")
		}
	})
}
