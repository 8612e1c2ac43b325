package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

const fixtureRoot = "../../testdata/checks"

// lint analyses a document as the language server and the CLI do.
func lint(src []byte, kind policy.Kind, opts Options) (*policy.Policy, []Diagnostic) {
	pol := policy.Build(jsonast.Parse(src), kind)
	return pol, Run(pol, opts)
}

const fixturePattern = fixtureRoot + "/*/*.json"

// TestFixtures checks that each fixture produces exactly the findings its
// /*@diag:CODE*/ markers announce (code and start offset, as a multiset) and
// that each /*@fix:TEXT*/ marker's finding has a quick fix producing TEXT.
func TestFixtures(t *testing.T) {
	marker.Run(t, fixturePattern, func(t *testing.T, fx *marker.Fixture) {
		_, diags := lint(fx.Src, fx.Kind(t), Options{Account: fx.Setting("account")})
		compareDiags(t, fx, diags)
		checkFixMarkers(t, fx, diags)
	})
}

type finding struct {
	code   string
	offset int
}

func compareDiags(t *testing.T, fx *marker.Fixture, diags []Diagnostic) {
	t.Helper()
	want := map[finding]int{}
	for _, m := range fx.Named("diag") {
		if len(m.Args) != 1 || LookupRule(m.Args[0]) == nil {
			t.Fatalf("%s:%d: diag marker names no rule: %v", fx.Path, m.Line, m.Args)
		}
		want[finding{m.Args[0], m.Offset}]++
	}
	got := map[finding]int{}
	for _, d := range diags {
		got[finding{d.Code, d.Start}]++
	}
	li := text.NewLineIndex(fx.Src)
	for f, n := range got {
		if want[f] < n {
			d := diagAt(diags, f)
			t.Errorf("unexpected %s at %s %q: %s", f.code, where(li, f.offset), excerpt(fx.Src, d.Span), d.Message)
		}
	}
	for f, n := range want {
		if got[f] < n {
			t.Errorf("missing %s at %s (near %q); got %s", f.code, where(li, f.offset), excerpt(fx.Src, text.Span{Start: f.offset, End: f.offset + 30}), summary(li, diags))
		}
	}
}

func diagAt(diags []Diagnostic, f finding) Diagnostic {
	for _, d := range diags {
		if d.Code == f.code && d.Start == f.offset {
			return d
		}
	}
	return Diagnostic{}
}

func where(li *text.LineIndex, offset int) string {
	p := li.Position(offset)
	return fmt.Sprintf("%d:%d", p.Line+1, p.Character+1)
}

func excerpt(src []byte, s text.Span) string {
	s.Start, s.End = max(0, min(s.Start, len(src))), max(0, min(s.End, len(src)))
	if s.End < s.Start {
		return ""
	}
	return string(src[s.Start:s.End])
}

func summary(li *text.LineIndex, diags []Diagnostic) string {
	var parts []string
	for _, d := range diags {
		parts = append(parts, d.Code+"@"+where(li, d.Start))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

func checkFixMarkers(t *testing.T, fx *marker.Fixture, diags []Diagnostic) {
	t.Helper()
	for _, m := range fx.Named("fix") {
		want := strings.Join(m.Args, ",")
		var tried []string
		ok := false
		for _, d := range diags {
			if d.Start != m.Offset {
				continue
			}
			for _, f := range d.Fixes {
				got := applyFix(fx.Src, d.Span, f)
				tried = append(tried, d.Code+": "+got)
				ok = ok || got == want
			}
		}
		if !ok {
			t.Errorf("%s:%d: no quick fix of a finding here produces %q; fixes give %q", fx.Path, m.Line, want, tried)
		}
	}
}

// applyFix applies a fix's edits and returns the text that then stands where
// the finding's range was.
func applyFix(src []byte, at text.Span, f Fix) string {
	edits := append([]text.Edit(nil), f.Edits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start > edits[j].Start })
	out := string(src)
	start, end := at.Start, at.End
	for _, e := range edits {
		out = out[:e.Start] + e.NewText + out[e.End:]
		delta := len(e.NewText) - (e.End - e.Start)
		switch {
		case e.End <= start: // before the range (an insertion at its start too)
			start += delta
			end += delta
		case e.Start < end: // inside or overlapping: the range takes the new text
			end += delta
		}
	}
	return out[start:end]
}

// TestEveryRuleHasFixtures: every code has a fixture that triggers it and a
// fixture in its own directory that stays clean of it.
func TestEveryRuleHasFixtures(t *testing.T) {
	fxs := marker.All(t, fixturePattern)
	for _, r := range Rules() {
		triggered, clean := false, false
		for _, fx := range fxs {
			if filepath.Base(filepath.Dir(fx.Path)) != r.Code {
				continue
			}
			n := 0
			for _, m := range fx.Named("diag") {
				if len(m.Args) > 0 && m.Args[0] == r.Code {
					n++
				}
			}
			triggered = triggered || n > 0
			clean = clean || n == 0
		}
		if !triggered || !clean {
			t.Errorf("%s: want a fixture in %s/%s that triggers it (%v) and one that stays clean (%v)", r.Code, fixtureRoot, r.Code, triggered, clean)
		}
	}
	dirs, err := os.ReadDir(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && LookupRule(d.Name()) == nil {
			t.Errorf("fixture directory %s names no rule", d.Name())
		}
	}
}
