package marker

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Diagnostic is a finding as a runner reports it, converted to byte
// offsets of the cleaned source (a language server's ranges through the
// document's line index).
type Diagnostic struct {
	Code     string
	Severity string // error, warning, information or hint
	Start    int
	End      int
	Message  string // shown in failure messages
	Fixes    []Fix
}

// Fix is a quick fix of a diagnostic: edits in byte offsets of the cleaned
// source.
type Fix struct {
	Title string
	Edits []text.Edit
}

// Severities are the names a diag marker and Diagnostic.Severity use.
var Severities = []string{"error", "warning", "information", "hint"}

// expectation is one diag marker with its end and its fix markers.
type expectation struct {
	Marker
	code, severity string
	end            int  // -1 until an end marker or the value after it sets it
	closed         bool // by an /*@end*/ marker
	fixes          []string
}

var fixName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// expectations reads the diag, end and fix markers.
func (fx *Fixture) expectations() ([]*expectation, error) {
	var out []*expectation
	for _, m := range fx.Markers {
		switch m.Name {
		case "diag":
			e, err := fx.diagMarker(m)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		case "end":
			e := lastOpen(out, m)
			if e == nil {
				return nil, fmt.Errorf("%s: end marker closes no diag marker before it", fx.where(m))
			}
			e.end, e.closed = m.Offset, true
		case "fix":
			e := lastAt(out, m.Offset)
			if e == nil || len(m.Args) != 1 || !fixName.MatchString(m.Args[0]) {
				return nil, fmt.Errorf("%s: a fix marker follows a diag marker and names a golden file ([A-Za-z0-9._-]): %v", fx.where(m), m.Args)
			}
			e.fixes = append(e.fixes, m.Args[0])
		}
	}
	for _, e := range out {
		if e.closed {
			continue
		}
		end, err := valueEnd(fx.Src, e.Offset)
		if err != nil {
			return nil, fmt.Errorf("%s: diag:%s: %v; give its end with /*@end*/", fx.where(e.Marker), e.code, err)
		}
		e.end = end
	}
	return out, nil
}

func (fx *Fixture) diagMarker(m Marker) (*expectation, error) {
	e := &expectation{Marker: m, end: -1}
	if len(m.Args) < 1 || len(m.Args) > 2 || m.Args[0] == "" {
		return nil, fmt.Errorf("%s: want /*@diag:CODE*/ or /*@diag:CODE,SEVERITY*/, got %v", fx.where(m), m.Args)
	}
	e.code = m.Args[0]
	if len(m.Args) == 2 {
		e.severity = m.Args[1]
		if !validSeverity(e.severity) {
			return nil, fmt.Errorf("%s: severity %q is none of %v", fx.where(m), e.severity, Severities)
		}
	}
	return e, nil
}

// anySeverity is 1 for a marker that matches any severity, else 0.
func anySeverity(e *expectation) int {
	if e.severity == "" {
		return 1
	}
	return 0
}

func validSeverity(s string) bool {
	for _, x := range Severities {
		if s == x {
			return true
		}
	}
	return false
}

// lastOpen is the diag expectation an end marker closes: the last before
// it not yet closed, of the end marker's code when it names one.
func lastOpen(es []*expectation, end Marker) *expectation {
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if !e.closed && e.Offset <= end.Offset && (len(end.Args) == 0 || e.code == end.Args[0]) {
			return e
		}
	}
	return nil
}

// lastAt is the last diag expectation standing at offset.
func lastAt(es []*expectation, offset int) *expectation {
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Offset == offset {
			return es[i]
		}
	}
	return nil
}

// DiagnosticCodes are the codes of fx's diag markers, in order.
func (fx *Fixture) DiagnosticCodes(t testing.TB) []string {
	t.Helper()
	es, err := fx.expectations()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.code)
	}
	return out
}

// CheckDiagnostics compares got with fx's diag markers: each marker must
// match one diagnostic by code and exact range (and severity when the
// marker gives one), and each diagnostic a marker. A diagnostic whose
// marker names fixes must offer those fixes, each leaving the document in
// its golden file.
func CheckDiagnostics(t testing.TB, fx *Fixture, got []Diagnostic) {
	t.Helper()
	want, err := fx.expectations()
	if err != nil {
		t.Fatal(err)
	}
	r := report{t: t, fx: fx, lines: text.NewLineIndex(fx.Src)}
	// Markers that name a severity pick first, so that one that does not
	// cannot take the diagnostic they need.
	bySeverity := slices.Clone(want)
	slices.SortStableFunc(bySeverity, func(a, b *expectation) int { return anySeverity(a) - anySeverity(b) })
	wantLeft, gotLeft := matchLeft(t, bySeverity, got, func(e *expectation, d Diagnostic) bool {
		t.Helper()
		if e.code == d.Code && e.Offset == d.Start && e.end == d.End && (e.severity == "" || e.severity == d.Severity) {
			checkFixes(r, e, d)
			return true
		}
		return false
	})
	// Same code and range, another severity.
	wantLeft, gotLeft = matchLeft(t, wantLeft, gotLeft, func(e *expectation, d Diagnostic) bool {
		t.Helper()
		if e.code == d.Code && e.Offset == d.Start && e.end == d.End {
			r.errorf(e.Marker, "%s %s has severity %s, want %s", d.Code, r.span(d.Start, d.End), d.Severity, e.severity)
			return true
		}
		return false
	})
	// Same code, overlapping ranges.
	wantLeft, gotLeft = matchLeft(t, wantLeft, gotLeft, func(e *expectation, d Diagnostic) bool {
		t.Helper()
		if e.code == d.Code && e.Offset <= d.End && d.Start <= e.end {
			r.errorf(e.Marker, "%s at %s, want at %s", d.Code, r.span(d.Start, d.End), r.span(e.Offset, e.end))
			return true
		}
		return false
	})
	for _, e := range wantLeft {
		r.errorf(e.Marker, "missing %s at %s; got %s", e.code, r.span(e.Offset, e.end), r.summary(got))
	}
	for _, d := range gotLeft {
		t.Errorf("%s:%s: unexpected %s %s at %s: %s", fx.Path, r.pos(d.Start), d.Severity, d.Code, r.span(d.Start, d.End), d.Message)
	}
	checkGoldenSet(t, fx, want)
}

// matchLeft pairs expectations and diagnostics for which pair is true,
// each at most once, and returns those left unpaired.
func matchLeft(t testing.TB, want []*expectation, got []Diagnostic, pair func(*expectation, Diagnostic) bool) ([]*expectation, []Diagnostic) {
	t.Helper()
	used := make([]bool, len(got))
	var wantLeft []*expectation
	for _, e := range want {
		found := false
		for i, d := range got {
			if !used[i] && pair(e, d) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			wantLeft = append(wantLeft, e)
		}
	}
	var gotLeft []Diagnostic
	for i, d := range got {
		if !used[i] {
			gotLeft = append(gotLeft, d)
		}
	}
	return wantLeft, gotLeft
}

// report words failures in the fixture's terms: 1-based line and column of
// the cleaned text (its lines are the fixture file's) and the text in range.
type report struct {
	t     testing.TB
	fx    *Fixture
	lines *text.LineIndex
}

func (r report) errorf(m Marker, format string, args ...any) {
	r.t.Helper()
	r.t.Errorf("%s: %s", r.fx.where(m), fmt.Sprintf(format, args...))
}

func (r report) pos(offset int) string {
	l, c := r.lines.LineColumn(offset)
	return fmt.Sprintf("%d:%d", l, c)
}

func (r report) span(start, end int) string {
	s, e := max(0, min(start, len(r.fx.Src))), max(0, min(end, len(r.fx.Src)))
	excerpt := ""
	if s <= e {
		excerpt = string(r.fx.Src[s:e])
	}
	if len(excerpt) > 60 {
		excerpt = excerpt[:40] + "…" + excerpt[len(excerpt)-15:]
	}
	return fmt.Sprintf("%s-%s %q", r.pos(start), r.pos(end), excerpt)
}

func (r report) summary(ds []Diagnostic) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.Code+"@"+r.pos(d.Start)+"-"+r.pos(d.End))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}
