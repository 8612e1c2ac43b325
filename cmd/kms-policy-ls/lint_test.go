package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// runWithProcs runs the binary with GOMAXPROCS set, so with that many
// lint workers.
func runWithProcs(t *testing.T, procs int, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("GOMAXPROCS=%d", procs))
	return runCmd(t, cmd)
}

// Files are linted on every core but reported in input order, each file's
// findings together: the report is the same byte for byte with one worker
// as with eight, in every format. The files' sizes differ from 1 KB to
// 32 KB, so that with several workers a later, smaller file is often done
// before an earlier, larger one.
func TestLintReportsInInputOrder(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 120 {
		size := 1024 * (1 + i%8)
		if i%5 == 0 {
			size = 32 * 1024
		}
		src := bytes.ReplaceAll(policygen.KeyPolicy(size), []byte(`"kms:Encrypt"`), []byte(`"kms:Encrpyt"`))
		name := fmt.Sprintf("p%03d.json", i)
		writeFile(t, dir, name, string(src))
		names = append(names, filepath.Join(dir, name))
	}
	for _, format := range []string{"text", "github", "json", "sarif"} {
		one := runWithProcs(t, 1, "lint", "--format", format, dir)
		many := runWithProcs(t, 8, "lint", "--format", format, dir)
		if one.code != 1 || many.code != 1 || one.stdout != many.stdout || one.stderr != many.stderr {
			t.Errorf("--format %s: one worker exit %d, eight exit %d; same report: %v, same stderr: %v",
				format, one.code, many.code, one.stdout == many.stdout, one.stderr == many.stderr)
		}
	}
	// In the text report the files come in order, each file's lines together.
	r := runWithProcs(t, 8, "lint", dir)
	var seen []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		file := line[:strings.Index(line, ".json:")+len(".json")]
		if len(seen) == 0 || seen[len(seen)-1] != file {
			seen = append(seen, file)
		}
	}
	if fmt.Sprint(seen) != fmt.Sprint(names) {
		t.Errorf("files in the text report, in order of their runs of lines:\n%v\nwant\n%v", seen, names)
	}
}

// lintPeakHeap lints a directory in-process and returns how far the heap
// grew above what it was before, sampled every millisecond.
func lintPeakHeap(t *testing.T, args []string) (growth uint64, code int) {
	t.Helper()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var m runtime.MemStats
		var most uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				peak <- most
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				most = max(most, m.HeapAlloc)
			}
		}
	}()
	code = run(args, strings.NewReader(""), io.Discard, io.Discard)
	close(stop)
	most := <-peak
	if most < base.HeapAlloc {
		return 0, code
	}
	return most - base.HeapAlloc, code
}

// Linting many files keeps at most a few files' analyses alive, whatever
// the number of files: 3,000 files (13 MB of policy text) grow the heap by
// less than lintHeapBound in every format, SARIF and JSON included (6–7 MiB
// when measured). Kept until the report was written, as before lint ran as
// a pipeline, the analyses of these files grew it by 168–191 MiB.
func TestLintMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("lints 3,000 files")
	}
	const lintHeapBound = 48 << 20
	dir := t.TempDir()
	writeCorpus(t, dir, 3000, true)
	for _, format := range []string{"sarif", "json", "text"} {
		growth, code := lintPeakHeap(t, []string{"lint", "--format", format, dir})
		t.Logf("--format %s: heap grew by at most %.1f MiB", format, float64(growth)/(1<<20))
		if code != 1 {
			t.Errorf("--format %s: exit %d, want 1 (a third of the files misspell kms:Encrypt)", format, code)
		}
		if growth > lintHeapBound {
			t.Errorf("--format %s: the heap grew by %.0f MiB linting 3,000 files, more than %d MiB", format, float64(growth)/(1<<20), lintHeapBound>>20)
		}
	}
}
