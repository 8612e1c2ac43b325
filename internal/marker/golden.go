package marker

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

var update = flag.Bool("update", false, "rewrite the golden files of quick fixes from what the fixes produce")

// GoldenPath is the file holding the document that the fix named name
// leaves of fx: FIXTURE.NAME.golden, next to the fixture.
func GoldenPath(fx *Fixture, name string) string { return fx.Path + "." + name + ".golden" }

// checkFixes compares the fixes of d, a diagnostic that matched e, with
// e's fix markers, in order: each fix is named, as each diagnostic is.
func checkFixes(r report, e *expectation, d Diagnostic) {
	r.t.Helper()
	if len(e.fixes) != len(d.Fixes) {
		r.errorf(e.Marker, "%s offers %d fixes %v, the fix markers name %d", d.Code, len(d.Fixes), titles(d.Fixes), len(e.fixes))
	}
	for i, name := range e.fixes[:min(len(e.fixes), len(d.Fixes))] {
		fixed, err := Apply(r.fx.Src, d.Fixes[i].Edits)
		if err != nil {
			r.errorf(e.Marker, "fix %q: %v", d.Fixes[i].Title, err)
			continue
		}
		checkGolden(r, e.Marker, name, d.Fixes[i].Title, fixed)
	}
}

func titles(fs []Fix) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Title)
	}
	return out
}

// Apply applies edits, which must not overlap, to src.
func Apply(src []byte, edits []text.Edit) ([]byte, error) {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b text.Edit) int { return a.Start - b.Start })
	var out bytes.Buffer
	at := 0
	for _, e := range sorted {
		if e.Start < at || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit %d-%d overlaps another or leaves the document (%d bytes)", e.Start, e.End, len(src))
		}
		out.Write(src[at:e.Start])
		out.WriteString(e.NewText)
		at = e.End
	}
	out.Write(src[at:])
	return out.Bytes(), nil
}

// checkGolden compares fixed with the golden file of the fix called name,
// or with -update writes it.
func checkGolden(r report, m Marker, name, title string, fixed []byte) {
	r.t.Helper()
	path := GoldenPath(r.fx, name)
	if *update {
		if err := os.WriteFile(path, fixed, 0o644); err != nil {
			r.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		r.errorf(m, "fix %s (%q): no golden file %s; `go test -run TestFixtures -update` writes it", name, title, path)
		return
	}
	if err != nil {
		r.t.Fatal(err)
	}
	if !bytes.Equal(want, fixed) {
		r.errorf(m, "fix %s (%q) leaves a document other than %s:\n%s", name, title, path, lineDiff(want, fixed))
	}
}

// checkGoldenSet fails on golden files of fx that no fix marker names (and
// on a name used twice); -update removes the unnamed ones.
func checkGoldenSet(t testing.TB, fx *Fixture, want []*expectation) {
	t.Helper()
	named := map[string]bool{}
	for _, e := range want {
		for _, n := range e.fixes {
			if named[GoldenPath(fx, n)] {
				t.Errorf("%s: fix name %s used twice", fx.where(e.Marker), n)
			}
			named[GoldenPath(fx, n)] = true
		}
	}
	files, err := filepath.Glob(fx.Path + ".*.golden")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		switch {
		case named[f]:
		case *update:
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		default:
			t.Errorf("%s: golden file %s is named by no fix marker", fx.Path, f)
		}
	}
}

// lineDiff shows the lines where two documents differ (line by line, which
// is enough for the one-place changes that quick fixes make).
func lineDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 6; i++ {
		wl, gl := lineAt(w, i), lineAt(g, i)
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  golden: %q\n  fixed:  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}
