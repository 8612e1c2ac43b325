package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
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

// lint --format json spells positions as LSP and the README do: "line" and
// "character". Decoding into a map keeps the keys' case (encoding/json's
// struct decoding would accept "Line" too).
func TestLintJSONPositionKeysAreLowercase(t *testing.T) {
	r := runCLI(t, typo, "lint", "--format", "json", "--kind", "key", "-")
	var files []struct {
		Diagnostics []struct {
			Range map[string]map[string]int `json:"range"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &files); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if len(files) != 1 || len(files[0].Diagnostics) == 0 {
		t.Fatalf("want findings in one file:\n%s", r.stdout)
	}
	for _, d := range files[0].Diagnostics {
		for _, end := range []string{"start", "end"} {
			pos := d.Range[end]
			if _, ok := pos["line"]; !ok || len(pos) != 2 {
				t.Fatalf("range.%s = %v, want keys line and character", end, pos)
			}
			if _, ok := pos["character"]; !ok {
				t.Fatalf("range.%s = %v, want keys line and character", end, pos)
			}
		}
	}
}

// SARIF has three levels for the four severities: information and hint are
// both notes.
func TestSARIFLevels(t *testing.T) {
	for sev, want := range map[checks.Severity]string{
		checks.Error: "error", checks.Warning: "warning", checks.Information: "note", checks.Hint: "note",
	} {
		if got := sarifLevel(sev); got != want {
			t.Errorf("sarifLevel(%v) = %q, want %q", sev, got, want)
		}
	}
}
