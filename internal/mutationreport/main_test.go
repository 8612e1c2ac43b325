package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two reports make two rows and a total; efficacy leaves out the mutants
// no test runs and those that timed out, as gremlins does.
func TestWriteSumsReports(t *testing.T) {
	dir := t.TempDir()
	reports := map[string]string{
		"analysis_eval.json": `{"files":[{"file_name":"a.go","mutations":[{"status":"KILLED"},{"status":"KILLED"},{"status":"KILLED"},{"status":"LIVED"},{"status":"NOT COVERED"}]},{"file_name":"b.go","mutations":[{"status":"TIMED OUT"}]}],"elapsed_time":1.5}`,
		"lsp.json":           `{"files":[{"file_name":"c.go","mutations":[{"status":"KILLED"},{"status":"LIVED"},{"status":"NOT VIABLE"}]}]}`,
	}
	for name, body := range reports {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out strings.Builder
	if err := write(&out, dir); err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{
		"| `analysis/eval` | 3 | 1 | 1 | 1 | 75.00% |",
		"| `lsp` | 1 | 0 | 1 | 0 | 50.00% |",
		"| **all measured** | 4 | 1 | 2 | 1 | **66.67%** |",
	} {
		if !strings.Contains(out.String(), row+"\n") {
			t.Errorf("no row %q in\n%s", row, out.String())
		}
	}
}

func TestWriteWithoutReports(t *testing.T) {
	var out strings.Builder
	if err := write(&out, t.TempDir()); err == nil || !strings.Contains(err.Error(), "no gremlins reports") {
		t.Errorf("an empty directory gave %v, want a clear error", err)
	}
}

func TestWriteBadReport(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.json"), []byte("{"), 0o644)
	var out strings.Builder
	if err := write(&out, dir); err == nil || !strings.Contains(err.Error(), "x.json") {
		t.Errorf("a broken report gave %v, want an error naming it", err)
	}
}
