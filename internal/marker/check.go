package marker

import "testing"

// Runner is what a test runner can answer about one fixture; a nil field is
// a question it does not answer, and a fixture that asks it fails.
type Runner struct {
	// Diagnostics are the findings on the whole document, with their fixes.
	Diagnostics func() []Diagnostic
	// Complete proposes completions at a byte offset of the cleaned source.
	Complete func(offset int) []Completion
	// Hover explains what is at a byte offset; nil when there is nothing.
	Hover func(offset int) *Hover
}

// What each marker asks, for the check that the runner answers it.
var (
	diagMarkers     = map[string]bool{"diag": true, "end": true, "fix": true}
	completeMarkers = map[string]bool{"complete": true, "nocomplete": true}
	hoverMarkers    = map[string]bool{"hover": true, "nohover": true}
	settingMarkers  = map[string]bool{"kind": true, "account": true}
)

// Check compares everything fx's markers expect with what r answers. It
// fails when a marker is unknown or asks what r does not answer, and when
// nothing at all is checked.
func Check(t testing.TB, fx *Fixture, r Runner) {
	t.Helper()
	for _, m := range fx.Markers {
		known := diagMarkers[m.Name] || completeMarkers[m.Name] || hoverMarkers[m.Name] || settingMarkers[m.Name]
		switch {
		case !known:
			t.Fatalf("%s: unknown marker %q", fx.where(m), m.Name)
		case diagMarkers[m.Name] && r.Diagnostics == nil,
			completeMarkers[m.Name] && r.Complete == nil,
			hoverMarkers[m.Name] && r.Hover == nil:
			t.Fatalf("%s: this runner does not answer %q markers", fx.where(m), m.Name)
		}
	}
	checked := 0
	if r.Diagnostics != nil {
		CheckDiagnostics(t, fx, r.Diagnostics())
		checked++
	}
	for _, m := range fx.Markers {
		switch {
		case completeMarkers[m.Name]:
			CheckCompletion(t, fx, m, r.Complete(m.Offset))
			checked++
		case hoverMarkers[m.Name]:
			CheckHover(t, fx, m, r.Hover(m.Offset))
			checked++
		}
	}
	if checked == 0 {
		t.Fatalf("%s: no marker that this runner checks", fx.Path)
	}
}
