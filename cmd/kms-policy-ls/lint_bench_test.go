package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// writeCorpus writes n key policies of 1–8 KB into dir, as
// testdata/gencorpus does for the figures in BENCHMARKS.md. With typos,
// every third policy misspells kms:Encrypt in each of its statements that
// use the key, so that it has findings.
func writeCorpus(tb testing.TB, dir string, n int, typos bool) {
	tb.Helper()
	for i := range n {
		src := policygen.KeyPolicy(1024 * (1 + i%8))
		if typos && i%3 == 0 {
			src = bytes.ReplaceAll(src, []byte(`"kms:Encrypt"`), []byte(`"kms:Encrpyt"`))
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("policy-%06d.json", i)), src, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkLint1000Files lints a directory of 1,000 key policies of 1–8 KB,
// as a CI job over a large repository would: walking, reading, analysing and
// writing the JSON report.
func BenchmarkLint1000Files(b *testing.B) {
	dir := b.TempDir()
	writeCorpus(b, dir, 1000, false)
	b.ReportAllocs()
	for b.Loop() {
		if code := run([]string{"lint", "--format", "json", dir}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("lint exited %d", code)
		}
	}
}
