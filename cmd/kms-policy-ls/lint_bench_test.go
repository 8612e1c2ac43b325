package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// BenchmarkLint1000Files lints a directory of 1,000 key policies of 1–8 KB,
// as a CI job over a large repository would: walking, reading, analysing and
// writing the JSON report.
func BenchmarkLint1000Files(b *testing.B) {
	dir := b.TempDir()
	for i := range 1000 {
		src := policygen.KeyPolicy(1024 * (1 + i%8))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("policy-%04d.json", i)), src, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if code := run([]string{"lint", "--format", "json", dir}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("lint exited %d", code)
		}
	}
}
