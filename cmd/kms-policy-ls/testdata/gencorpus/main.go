// Command gencorpus writes N generated key policies of 1–8 KB into a
// directory, the corpus of BenchmarkLint1000Files and of the figures in
// BENCHMARKS.md for "lint on many files":
//
//	go run ./cmd/kms-policy-ls/testdata/gencorpus -n 10000 /tmp/lint-10k
//
// It lives under testdata so that `go install ./...` (which pre-commit runs)
// does not install it.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

func main() {
	n := flag.Int("n", 1000, "how many policies to write")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus [-n N] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i := range *n {
		// The sizes cycle through 1–8 KB, as in BenchmarkLint1000Files.
		src := policygen.KeyPolicy(1024 * (1 + i%8))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("policy-%06d.json", i)), src, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
