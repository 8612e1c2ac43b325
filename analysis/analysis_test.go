package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

func TestLooksLikePolicy(t *testing.T) {
	cases := map[string]bool{
		`{"Version": "2012-10-17", "Statement": []}`:                  true,
		`{"Statement": {"Effect": "Allow"}}`:                          true,
		`{"Version": "2012-10-17"}`:                                   true,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",`: true,
		`{"name": "left-pad", "version": "1.0.0"}`:                    false,
		`{"config": {"Statement": []}}`:                               false,
		`{"Version": "2008-10-17"}`:                                   false,
		`["Statement"]`:                                               false,
		``:                                                            false,
	}
	for src, want := range cases {
		if got := LooksLikePolicy([]byte(src)); got != want {
			t.Errorf("LooksLikePolicy(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestAnalyzeFindsAndFixes(t *testing.T) {
	src := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrpyt","Resource":"*"}]}`
	doc := Analyze([]byte(src), Options{Kind: policy.KindIAM})
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
			e := acts[0].Fix.Edits[0]
			fixed := src[:e.Start] + e.NewText + src[e.End:]
			again := Analyze([]byte(fixed), Options{Kind: policy.KindIAM})
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
	for _, d := range Analyze(src, opts).Diagnostics {
		if d.Code == "unknown-action" {
			t.Fatal("a disabled rule reported")
		}
	}
}

func TestGeneratedPoliciesLintClean(t *testing.T) {
	// The benchmark documents must be realistic: a clean key policy costs
	// what a real one does, not what a wall of findings does.
	doc := Analyze(policygen.KeyPolicy(32*1024), Options{})
	if doc.Policy.Kind != policy.KindKey {
		t.Errorf("kind = %v", doc.Policy.Kind)
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
	benchEachSize(b, func(_ *testing.B, src []byte) { Analyze(src, Options{}) })
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
	doc := Analyze([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`), Options{})
	fmt.Println(doc.Policy.Kind, len(doc.Diagnostics))
	// Output: key 0
}

// A CloudFormation template: policies nested deep inside, not a policy itself.
func cloudFormationTemplate(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"Key%d": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}}}`, i)
	}
	b.WriteString("}}")
	return []byte(b.String())
}

func TestQuickAndTolerantDetectionAgree(t *testing.T) {
	docs := [][]byte{cloudFormationTemplate(4096), policygen.KeyPolicy(2048),
		[]byte(`{"Version": "2008-10-17", "Statement": []}`), []byte(`{"Version": "2012-10-17"}`),
		[]byte(`[{"Statement": []}]`), []byte(`{"Version": 2012}`)}
	for _, d := range docs {
		quick, sure := quickLooksLikePolicy(d)
		if !sure {
			t.Fatalf("jsonparser path not taken for valid JSON %.40q", d)
		}
		if slow := tolerantLooksLikePolicy(d); quick != slow {
			t.Errorf("%.60q: jsonparser says %v, tolerant parser %v", d, quick, slow)
		}
	}
	if LooksLikePolicy(cloudFormationTemplate(4096)) {
		t.Error("a CloudFormation template is not a policy")
	}
}

// BenchmarkLooksLikePolicy compares the two ways of deciding on a large JSON
// file that is not a policy (the common case when an editor opens JSON).
func BenchmarkLooksLikePolicy(b *testing.B) {
	doc := cloudFormationTemplate(1 << 20)
	b.Run("jsonparser", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			quickLooksLikePolicy(doc)
		}
	})
	b.Run("tolerant", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		b.ReportAllocs()
		for b.Loop() {
			tolerantLooksLikePolicy(doc)
		}
	})
}

// Document.LooksLikePolicy answers from the tree what LooksLikePolicy
// answers from the bytes, on well-formed and half-typed documents alike.
func TestDocumentLooksLikePolicyAgrees(t *testing.T) {
	docs := [][]byte{cloudFormationTemplate(4096), policygen.KeyPolicy(2048),
		[]byte(`{"Version": "2008-10-17", "Statement": []}`), []byte(`{"Version": "2012-10-17"}`),
		[]byte(`[{"Statement": []}]`), []byte(`{"Version": 2012}`), []byte(`{"name": "pkg", "version": "1.0.0"}`),
		[]byte(`{"Statement": [{"Effect": "Allow", "Action": "kms:`), []byte(`{"Version": "2012-10-17", "Sta`),
		[]byte(`{Version: "2012-10-17"}`), []byte(`"Statement"`), []byte(``), []byte(`{"a": {"Statement": []}}`)}
	for _, d := range docs {
		doc := Analyze(d, Options{})
		if got, want := doc.LooksLikePolicy(), LooksLikePolicy(d); got != want {
			t.Errorf("%.60q: Document says %v, LooksLikePolicy %v", d, got, want)
		}
		bare := &Document{Src: d} // made by hand, without a tree
		if got, want := bare.LooksLikePolicy(), LooksLikePolicy(d); got != want {
			t.Errorf("%.60q without a tree: %v, want %v", d, got, want)
		}
	}
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
				Analyze(src, Options{})
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
			Analyze(p, Options{})
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
