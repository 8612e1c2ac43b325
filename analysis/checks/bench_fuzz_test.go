package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// BenchmarkRun measures the rules alone on a key policy grown to KMS's
// 32 KB limit, the largest document the rules run on at every keystroke.
func BenchmarkRun(b *testing.B) {
	src := policygen.KeyPolicy(32 * 1024)
	pol := policy.Build(jsonast.Parse(src), policy.KindAuto)
	if d := Run(pol, Options{}); len(d) != 0 {
		b.Fatalf("the generated policy should lint clean, got %+v", d)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Run(pol, Options{})
	}
}

// BenchmarkLint includes parsing and the model, as the editor pays for them.
func BenchmarkLint(b *testing.B) {
	src := policygen.KeyPolicy(32 * 1024)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Run(policy.Build(jsonast.Parse(src), policy.KindAuto), Options{Account: "111122223333"})
	}
}

// BenchmarkRunLongLists is the worst case the size limit allows: one
// statement whose Action list holds thousands of distinct wildcards and
// names, and a Condition with hundreds of keys.
func BenchmarkRunLongLists(b *testing.B) {
	var buf strings.Builder
	buf.WriteString(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":[`)
	names := []string{"Decrypt", "Encrypt", "Generate", "Get", "List", "Describe", "Create", "ReEncrypt"}
	for i := 0; buf.Len() < 24*1024; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		n := names[i%len(names)]
		fmt.Fprintf(&buf, `"kms:%s%s*","kms:%s"`, n[:1+i%len(n)], strings.Repeat("?", i%3), n)
	}
	buf.WriteString(`],"Resource":"*","Condition":{"StringEquals":{`)
	for i := 0; buf.Len() < 32*1024-64; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `"kms:EncryptionContext:k%d":"v"`, i)
	}
	buf.WriteString(`}}}]}`)
	src := []byte(buf.String())
	pol := policy.Build(jsonast.Parse(src), policy.KindAuto)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Run(pol, Options{})
	}
}

// FuzzChecks: whatever the bytes, the rules never panic, every finding lies
// inside the document, and every quick fix edits inside it.
func FuzzChecks(f *testing.F) {
	for _, dir := range []string{examplesDir, fixtureRoot + "/*"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil && len(src) < 4096 {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, kind := range []policy.Kind{policy.KindAuto, policy.KindKey, policy.KindIAM} {
			for _, opts := range []Options{{}, {Account: "111122223333"}} {
				pol := policy.Build(jsonast.Parse(src), kind)
				for _, d := range Run(pol, opts) {
					if d.Start < 0 || d.Start > d.End || d.End > len(src) {
						t.Fatalf("%s: span %v outside [0,%d]", d.Code, d.Span, len(src))
					}
					if d.Message == "" || d.Severity < Error || d.Severity > Hint {
						t.Fatalf("%s: bad finding %+v", d.Code, d)
					}
					for _, fix := range d.Fixes {
						for _, e := range fix.Edits {
							if e.Start < 0 || e.Start > e.End || e.End > len(src) {
								t.Fatalf("%s: fix %q edits %v outside [0,%d]", d.Code, fix.Title, e.Span, len(src))
							}
						}
					}
				}
			}
		}
	})
}
