package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The SARIF report of the shipped examples is pinned byte for byte: code
// scanning keys its alerts on rule ids, levels and regions, so a change
// there is a change for users. Regenerate after a deliberate change with
//
//	go test ./cmd/kms-policy-ls -run TestSARIFOfTheExamplesIsUnchanged -update
func TestSARIFOfTheExamplesIsUnchanged(t *testing.T) {
	golden := filepath.Join("testdata", "examples.sarif")
	r := runCLI(t, "", "lint", "--format", "sarif", filepath.Join("..", "..", "testdata", "examples"))
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (mistakes.json has errors); stderr %s", r.code, r.stderr)
	}
	if *update {
		if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(r.stdout), want) {
		t.Errorf("SARIF of testdata/examples differs from %s (after a deliberate change, rerun with -update):\n%s", golden, r.stdout)
	}
}
